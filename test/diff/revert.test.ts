import { describe, expect, it } from 'vitest';
import { diffHosts } from '../../src/diff/diff.js';
import { revertChange } from '../../src/diff/revert.js';
import { diffScenario } from './scenario.js';
import { sampleHost } from './hosts.js';

describe('revertChange', () => {
  const { before, after, result } = diffScenario();
  const undoable = result.changes.filter((c) => c.kind !== 'host-added' && c.kind !== 'host-removed');

  it('has changes of many kinds to undo', () => {
    expect(new Set(undoable.map((c) => c.kind)).size).toBeGreaterThanOrEqual(8);
  });

  for (const c of undoable) {
    it(`undoes ${c.kind} of ${c.target.kind} ${c.target.name} ${c.property}`, () => {
      const host = after.find((h) => h.name === c.host)!;
      const reverted = revertChange(host, before.find((h) => h.name === c.host), c);
      expect(reverted).toBeDefined();
      const again = diffHosts(before, after.map((h) => (h === host ? reverted! : h)));
      const same = again.changes.filter((x) => x.host === c.host && x.target.id === c.target.id && x.property === c.property);
      expect(same).toEqual([]);
      // The original is untouched.
      expect(diffHosts(before, after).changes.length).toBeGreaterThan(again.changes.length);
    });
  }

  it('cannot undo a whole host', () => {
    const c = result.changes.find((x) => x.kind === 'host-added')!;
    expect(revertChange(sampleHost('HV04'), undefined, c)).toBeUndefined();
  });
});
