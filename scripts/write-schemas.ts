/**
 * Writes the published JSON Schemas (`schemas/*.json`) from their TypeScript objects in
 * src/engine/schemas.ts. Run `npm run schemas` after changing a schema; a test fails until then.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS } from '../src/engine/schemas.js';

/** The exact text of a published schema file. */
export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Write every schema under `<root>/schemas`; returns the paths written. */
export function writeSchemas(root: string): string[] {
  const dir = join(root, 'schemas');
  mkdirSync(dir, { recursive: true });
  return Object.entries(PUBLISHED_SCHEMAS).map(([name, schema]) => {
    const path = join(dir, name);
    writeFileSync(path, schemaText(schema));
    return path;
  });
}

/** The project root: the nearest folder above this script (compiled or not) with a package.json. */
function projectRoot(from: string): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  for (const p of writeSchemas(projectRoot(self))) process.stdout.write(`wrote ${p}\n`);
}
