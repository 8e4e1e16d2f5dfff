/**
 * Writes `schemas/desired.schema.json` from its TypeScript object in src/diff/desired-schema.ts
 * (`npm run schemas` runs it); test/diff/desired-schema.test.ts fails until the file agrees.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESIRED_SCHEMA } from '../src/diff/desired-schema.js';
import { schemaText } from './write-schemas.js';

/** The published file name of the desired-state schema. */
export const DESIRED_SCHEMA_FILE = 'desired.schema.json';

/** Write the schema under `<root>/schemas`; returns the path written. */
export function writeDesiredSchema(root: string): string {
  const dir = join(root, 'schemas');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DESIRED_SCHEMA_FILE);
  writeFileSync(path, schemaText(DESIRED_SCHEMA));
  return path;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  let root = dirname(self);
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  process.stdout.write(`wrote ${writeDesiredSchema(root)}\n`);
}
