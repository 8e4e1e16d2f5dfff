import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../src/model/ajv.js';
import { ALL_SCHEMAS, schemaText } from '../scripts/write-schemas.js';

const root = join(import.meta.dirname, '..');

describe('published schemas', () => {
  it('schemas/ holds exactly the published schemas', () => {
    expect(readdirSync(join(root, 'schemas')).sort()).toEqual(Object.keys(ALL_SCHEMAS).sort());
  });
  for (const [name, schema] of Object.entries(ALL_SCHEMAS)) {
    it(`schemas/${name} equals its TypeScript object (run npm run schemas after a change)`, () => {
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(schemaText(schema));
    });
    it(`${name} compiles in strict mode`, () => {
      expect(() => createAjv({ strict: true }).compile(schema)).not.toThrow();
    });
  }
});
