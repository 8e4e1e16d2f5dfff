import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/engine/ajv.js';
import { PUBLISHED_SCHEMAS } from '../../src/engine/schemas.js';
import { schemaText } from '../../scripts/write-schemas.js';

const root = join(import.meta.dirname, '..', '..');

describe('published schemas', () => {
  for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    it(`schemas/${name} equals its TypeScript object (run npm run schemas after a change)`, () => {
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(schemaText(schema));
    });
    it(`${name} compiles in strict mode`, () => {
      expect(() => createAjv({ strict: true }).compile(schema)).not.toThrow();
    });
  }
});
