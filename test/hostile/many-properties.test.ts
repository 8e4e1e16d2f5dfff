/**
 * Hostile input, counts: one export with about 130,000 properties vmqlint does not understand
 * overflowed the call stack (`push(...array)` in src/ingest). 1/100 of the size by default; the
 * full size with VMQLINT_HOSTILE_FULL=1.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from '../../src/model/bulk.js';
import { cli } from '../helpers/cli.js';

const FULL = process.env.VMQLINT_HOSTILE_FULL === '1';
const PROPERTIES = FULL ? 130_000 : 1_300;

describe('many not-understood properties', () => {
  it(`lints a file with ${PROPERTIES} unknown properties and lists them`, { timeout: FULL ? 300_000 : 30_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-many-'));
    const objects = [];
    const perObject = 100;
    for (let o = 0; o < PROPERTIES / perObject; o++) {
      const guid = `{11111111-1111-1111-1111-${String(o).padStart(12, '0')}}`;
      const row: Record<string, unknown> = { Name: `NIC${o}`, InterfaceDescription: `NIC ${o}`, InterfaceGuid: guid, Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' };
      for (let p = 0; p < perObject; p++) row[`Unknown${o}_${p}`] = p;
      objects.push(row);
    }
    mkdirSync(join(root, 'HV01'));
    writeFileSync(join(root, 'HV01', 'Get-NetAdapterVmq.json'), JSON.stringify(objects));
    const r = await cli(['lint', 'HV01', '--format', 'json'], root);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBeLessThan(2);
    const doc = JSON.parse(r.stdout);
    const listed = doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'input-not-understood');
    expect(listed.reduce((s: number, f: { evidence: { occurrences: number } }) => s + f.evidence.occurrences, 0)).toBe(PROPERTIES);
  });
});

describe('bulk helpers stand in for spreads over data-sized arrays', () => {
  const huge = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_009);
  it('pushAll, minOf and maxOf take half a million items (a spread overflows the stack)', { timeout: 10_000 }, () => {
    expect(() => Math.max(...huge)).toThrow(RangeError);
    expect(pushAll([-1], huge)).toHaveLength(huge.length + 1);
    expect(minOf(huge)).toBe(0);
    expect(maxOf(huge)).toBe(huge.reduce((a, b) => (a > b ? a : b)));
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([])).toBe(-Infinity);
  });
});
