/**
 * The fixture pairs under fixtures/diff/<kind>/ read through the real loader and diffed: each pair
 * reports exactly the changes its README lists. The files must equal what
 * scripts/write-diff-fixtures.ts writes (run it after changing a pair).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffHosts } from '../../src/diff/diff.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { Change } from '../../src/diff/types.js';
import { loadPaths } from '../../src/ingest/load.js';
import { DIFF_FIXTURES, fleetFiles, readme, sideFiles } from '../../scripts/write-diff-fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const dir = (kind: string): string => join(root, 'fixtures', 'diff', kind);

function describeChange(c: Change): string {
  return `${c.kind} ${c.target.kind} ${JSON.stringify(c.target.name)} ${c.property}`;
}

function load(path: string) {
  const r = loadPaths([path], { cwd: root });
  expect(r.failures).toEqual([]);
  return r.hosts;
}

describe('diff fixture pairs', () => {
  const kinds = new Set(DIFF_FIXTURES.map((p) => p.kind));
  it('cover every change kind but desired-mismatch (fixtures/diff/desired covers that)', () => {
    for (const k of ['value-changed', 'type-changed', 'reset-to-default', 'added', 'removed', 'renamed', 'team-membership-changed', 'teaming-mode-changed', 'load-balancing-changed', 'processor-set-changed', 'queue-allocation-changed', 'vnic-added', 'vnic-removed', 'vmqweight-changed', 'host-added', 'host-removed']) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  for (const pair of DIFF_FIXTURES) {
    describe(pair.kind, () => {
      it('files equal what scripts/write-diff-fixtures.ts writes', () => {
        for (const side of ['before', 'after'] as const) {
          for (const [rel, text] of Object.entries(sideFiles(pair, side))) {
            expect(readFileSync(join(dir(pair.kind), side, rel), 'utf8'), `${side}/${rel}`).toBe(text);
          }
        }
        expect(readFileSync(join(dir(pair.kind), 'README.md'), 'utf8')).toBe(readme(pair));
      });

      it('diffs to exactly the listed changes', () => {
        const before = load(join(dir(pair.kind), 'before'));
        const after = load(join(dir(pair.kind), 'after'));
        const r = diffHosts(before, after, { ignore: ignoreFilter() });
        expect(r.changes.map(describeChange)).toEqual(pair.expect);
        if (pair.expect.length > 0) expect(r.changes.some((c) => c.kind === pair.kind)).toBe(true);
        expect(r.notCompared).toEqual([]);
      });

      if (pair.noise) {
        it('reports its noise with --include-noise, and counts it as ignored without', () => {
          const before = load(join(dir(pair.kind), 'before'));
          const after = load(join(dir(pair.kind), 'after'));
          const noisy = diffHosts(before, after, { ignore: ignoreFilter({ includeNoise: true }) });
          expect(noisy.changes.map(describeChange)).toEqual([...pair.expect, ...(pair.noise ?? [])]);
          expect(diffHosts(before, after, { ignore: ignoreFilter() }).summary.ignored).toBe(pair.noise?.length);
        });
      }

      it('diffs a side against itself to nothing', () => {
        const after = load(join(dir(pair.kind), 'after'));
        expect(diffHosts(after, load(join(dir(pair.kind), 'after')), { ignore: ignoreFilter() }).changes).toEqual([]);
      });
    });
  }

  it('the fleet fixture equals what scripts/write-diff-fixtures.ts writes', () => {
    for (const [rel, text] of Object.entries(fleetFiles())) expect(readFileSync(join(dir('fleet'), rel), 'utf8'), rel).toBe(text);
  });

  it('reports the driver version change with the reset-to-default', () => {
    const r = diffHosts(load(join(dir('reset-to-default'), 'before')), load(join(dir('reset-to-default'), 'after')));
    const resets = r.changes.filter((c) => c.kind === 'reset-to-default');
    expect(resets.map((c) => [c.before, c.after, c.driverVersion, c.driverDefault])).toEqual([
      [{ value: '9014', type: 'REG_SZ' }, { value: '1514', type: 'REG_SZ' }, { before: '2.40.22511.0', after: '3.10.25811.0' }, '1514'],
      [{ value: '9014', type: 'REG_SZ' }, { value: '1514', type: 'REG_SZ' }, { before: '2.40.22511.0', after: '3.10.25811.0' }, '1514'],
    ]);
  });

  it('keeps the renamed adapter one object with its hardware id', () => {
    const before = load(join(dir('renamed'), 'before'));
    const after = load(join(dir('renamed'), 'after'));
    const [c] = diffHosts(before, after).changes;
    expect(c.target.id).toBe(before[0].adapters.find((a) => a.name === 'NIC1')!.id);
    expect(c.before).toEqual({ value: 'NIC1' });
    expect(c.after).toEqual({ value: 'Mgmt' });
  });
});
