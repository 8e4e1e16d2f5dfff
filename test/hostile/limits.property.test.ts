/**
 * Property tests for the size limits (issue 10): a baseline reads the same on the large-file path
 * (JSON.parse, no positions) as on the positional path, whatever its strings hold; a count bound
 * refuses exactly the inputs above it; and the file-size limit refuses exactly the exports read
 * whole that are larger than it, never a `.reg` (streamed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselineInput } from '../../src/cli/baseline-input.js';
import { buildBaseline, serializeBaseline } from '../../src/engine/baseline.js';
import type { BaselineEntry } from '../../src/engine/types.js';
import { oversizeError } from '../../src/ingest/size-limit.js';
import { InputError } from '../../src/model/errors.js';
import { fakeFingerprint, removeDir, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

/** Text with the characters JSON escapes (quotes, backslashes, controls, surrogate pairs) often. */
const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u0000', '\u2028', '/', 'a', ' ', 'é', '😀'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 24 });

const entries = fc.array(fc.record({ n: fc.nat(1_000_000), ruleId: text.filter((s) => s.length > 0), host: text, target: text, message: text }), { maxLength: 30 }).map((rows) => {
  const seen = new Set<number>();
  const out: BaselineEntry[] = [];
  for (const r of rows) {
    if (seen.has(r.n)) continue;
    seen.add(r.n);
    out.push({ fingerprint: fakeFingerprint(r.n), ruleId: r.ruleId, host: r.host, target: r.target, message: r.message });
  }
  return out;
});

describe('baseline reading', () => {
  it('the large-file path reads what the positional path reads, and both what was written', () => {
    let k = 0;
    fc.assert(
      fc.property(entries, (list) => {
        const name = `b${k++}.json`;
        const doc = { schemaVersion: 1 as const, entries: list };
        writeFileSync(join(dir, name), serializeBaseline(doc));
        const positional = readBaselineInput(name, dir, { positionalBytes: Number.MAX_SAFE_INTEGER });
        const large = readBaselineInput(name, dir, { positionalBytes: 0 });
        expect(large.doc).toEqual(positional.doc);
        expect([...large.doc.entries].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))).toEqual([...list].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)));
      }),
      { numRuns: 150, seed: 10 },
    );
  });

  it('--max-baseline-entries refuses exactly the files with more entries, on both paths', () => {
    let k = 0;
    fc.assert(
      fc.property(fc.nat(12), fc.integer({ min: 1, max: 12 }), fc.boolean(), (n, max, large) => {
        const name = `c${k++}.json`;
        const list = Array.from({ length: n }, (_, i) => ({ fingerprint: fakeFingerprint(i), ruleId: 'VMQ001', host: 'HV01', target: 'adapter NIC1', message: 'm' }));
        writeFileSync(join(dir, name), serializeBaseline({ schemaVersion: 1, entries: list }));
        const read = () => readBaselineInput(name, dir, { maxEntries: max, positionalBytes: large ? 0 : Number.MAX_SAFE_INTEGER });
        if (n > max) expect(read).toThrow(new InputError(name, 0, 0, `baseline file has ${n} entries, above the limit of ${max} (raise it with --max-baseline-entries)`));
        else expect(read().doc.entries).toHaveLength(n);
      }),
      { numRuns: 60, seed: 10 },
    );
  });

  it('buildBaseline output round-trips through the large-file path', () => {
    const findings = Array.from({ length: 5 }, (_, i) => ({ fingerprint: fakeFingerprint(i), ruleId: 'VMQ001', host: `HV${i}`, target: { kind: 'adapter', name: `NIC${i}` }, message: `m${i}` }));
    const doc = buildBaseline(findings as never);
    writeFileSync(join(dir, 'built.json'), serializeBaseline(doc));
    expect(readBaselineInput('built.json', dir, { positionalBytes: 0 }).doc).toEqual(doc);
  });
});

describe('the file-size limit', () => {
  it('refuses an export read whole exactly when it is larger than the limit; never a .reg', () => {
    let k = 0;
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 4096 }), fc.integer({ min: 1, max: 4096 }), fc.constantFrom('json', 'csv', 'clixml', 'reg'), (size, limit, kind) => {
        const name = `f${k++}.${kind === 'clixml' ? 'xml' : kind}`;
        const head = {
          json: '[{"Name":"NIC1"}]',
          csv: '"Name","InterfaceDescription"\r\n',
          clixml: '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">',
          reg: 'Windows Registry Editor Version 5.00\r\n\r\n',
        }[kind];
        writeFileSync(join(dir, name), head + ' '.repeat(size - head.length));
        const err = oversizeError(join(dir, name), name, limit);
        if (size > limit && kind !== 'reg') {
          expect(err).toBeInstanceOf(InputError);
          expect(err?.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: file is [\\d.]+ MiB, above the limit of [\\d.]+ MiB`));
        } else expect(err).toBeUndefined();
      }),
      { numRuns: 120, seed: 10 },
    );
  });
});
