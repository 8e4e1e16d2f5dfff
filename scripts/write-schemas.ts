/**
 * Writes every published JSON Schema (`schemas/*.json`) from its TypeScript object: the engine's
 * config, waiver, baseline and lint-result schemas, the host model, the traffic profile, the
 * desired-state file and the shard result of `lint --shard`. Run `npm run schemas` after changing
 * a schema; test/schemas.test.ts fails until then.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESIRED_SCHEMA } from '../src/diff/desired-schema.js';
import { PUBLISHED_SCHEMAS } from '../src/engine/schemas.js';
import { SHARD_RESULT_SCHEMA } from '../src/engine/shard-schema.js';
import { modelSchema } from '../src/model/schema.js';
import { TRAFFIC_SCHEMA } from '../src/sim/profile.js';
import { projectRoot } from './project-root.js';

/** Every published schema by its file name under `schemas/`. */
export const ALL_SCHEMAS: Readonly<Record<string, object>> = {
  ...PUBLISHED_SCHEMAS,
  'model.schema.json': modelSchema,
  'traffic.schema.json': TRAFFIC_SCHEMA,
  'desired.schema.json': DESIRED_SCHEMA,
  'shard-result.schema.json': SHARD_RESULT_SCHEMA,
};

/** The exact text of a published schema file. */
export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Write every schema under `<root>/schemas`; returns the paths written. */
export function writeSchemas(root: string): string[] {
  const dir = join(root, 'schemas');
  mkdirSync(dir, { recursive: true });
  return Object.entries(ALL_SCHEMAS).map(([name, schema]) => {
    const path = join(dir, name);
    writeFileSync(path, schemaText(schema));
    return path;
  });
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  for (const p of writeSchemas(projectRoot())) process.stdout.write(`wrote ${p}\n`);
}
