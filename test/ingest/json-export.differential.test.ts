/**
 * The ConvertTo-Json mapping against the one it replaced (kept in test/ingest/oracle/): the same
 * records, positions, lossy and not-understood items, PowerShell version and errors, for every
 * JSON file in the fixtures and for generated CimInstance exports, whole and damaged.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import { parseJsonExport } from '../../src/ingest/json.js';
import { InputError } from '../../src/model/errors.js';
import { projectRoot } from '../../scripts/project-root.js';
import { parseJsonExport as oracleExport } from './oracle/json-v1.js';
import { genDamage, genExport, genLayout, writeJson } from './json-gen.js';

function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message };
  }
}

/**
 * Deep strict equality (prototypes, -0, key order by JSON text). Not toStrictEqual: it takes an
 * own `constructor` member, which exports may have, for the object's class.
 */
function expectSame(got: unknown, want: unknown, label: string): void {
  expect(JSON.stringify(got), label).toBe(JSON.stringify(want));
  expect(isDeepStrictEqual(got, want), label).toBe(true);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return jsonFiles(p);
    return n.toLowerCase().endsWith('.json') ? [p] : [];
  });
}

describe('parseJsonExport against the mapping it replaced', () => {
  const root = projectRoot();
  const files = [...jsonFiles(join(root, 'fixtures')), ...jsonFiles(join(root, 'test', 'fixtures'))];

  it(`maps every JSON fixture the same (${files.length} files)`, () => {
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const { text, encoding } = decodeBytes(readFileSync(f));
      expectSame(outcome(() => parseJsonExport(text, f, encoding)), outcome(() => oracleExport(text, f, encoding)), f);
    }
  });

  it('maps generated CimInstance exports the same, whole and damaged', () => {
    fc.assert(
      fc.property(genExport, genLayout, fc.array(genDamage, { maxLength: 2 }), (v, layout, damage) => {
        const text = damage.reduce((s, d) => d(s), writeJson(v, layout));
        expectSame(outcome(() => parseJsonExport(text, 'e.json', 'utf-8')), outcome(() => oracleExport(text, 'e.json', 'utf-8')), text);
      }),
      { numRuns: 1500 },
    );
  });
});
