/**
 * A diff split into per-pair entries (diffPair) and their join (PairwiseDiff.addEntry), as
 * `diff --jobs N` computes entries on worker threads ahead of their turn: whatever budget an
 * entry was computed with, the joined diff is the whole-fleet diff, trial budget included.
 */
import { describe, expect, it } from 'vitest';
import { diffHosts, diffPair, entryHolds, PairwiseDiff } from '../../src/diff/diff.js';
import { matchHosts } from '../../src/diff/match.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { Host } from '../../src/model/host.js';
import { clone, sampleHost, stubLint } from './hosts.js';

/** Hosts whose changes need trials to attribute (a team finding with several candidate changes), and one untouched. */
function fleet(): { before: Host[]; after: Host[] } {
  const before: Host[] = [];
  const after: Host[] = [];
  for (let i = 1; i <= 5; i++) {
    const a = sampleHost(`HV0${i}`);
    const b = clone(a);
    if (i !== 3) {
      b.adapters[1].vmq!.baseProcessorNumber = 2;
      b.adapters[1].driver.version = '9.9';
      b.teams[0].loadBalancingAlgorithm = 'HyperVPort';
    }
    before.push(a);
    after.push(b);
  }
  return { before, after };
}

const lint = stubLint;

/** The diff joined from entries each computed ahead with `given(position)` trials, diffed again here when one does not hold. */
function joined(before: Host[], after: Host[], trialBudget: number, given: (at: number, left: number) => number): { result: ReturnType<PairwiseDiff['finish']>; redone: number } {
  const diff = new PairwiseDiff({ ignore: ignoreFilter(), lint: { before: lint(before), after: lint(after), alone: (h) => lint([h]) }, trialBudget });
  let redone = 0;
  matchHosts(before, after).forEach((pair, at) => {
    const key = (pair.after ?? pair.before)!.name.toLowerCase();
    const g = given(at, diff.trialsLeft);
    // Through structuredClone, as a worker's entry crosses threads.
    const entry = structuredClone(diffPair(structuredClone(pair), { ignore: ignoreFilter(), lint: diff.pairLint(key), budget: { left: g } }));
    if (!diff.addEntry(entry, g)) {
      redone++;
      diff.add(pair);
    }
  });
  return { result: diff.finish(), redone };
}

describe('a diff joined from per-pair entries', () => {
  it('needs trials on this fleet (so the budget matters)', () => {
    const { before, after } = fleet();
    const e = diffPair(matchHosts(before, after)[0], { lint: { was: new Map(), is: new Map(lint(after).filter((f) => f.host === 'HV01').map((f) => [f.fingerprint, f])), alone: (h) => lint([h]) }, budget: { left: 100 } });
    expect(e.trials.used).toBeGreaterThan(1);
    expect(e.trials.short).toBe(false);
  });

  it('equals the whole-fleet diff at every budget, whether entries were given the full budget, what is left, or nothing', () => {
    const { before, after } = fleet();
    const full = diffHosts(before, after, { lint, ignore: ignoreFilter() });
    for (let budget = 0; budget <= 14; budget++) {
      const whole = diffHosts(before, after, { lint, ignore: ignoreFilter(), trialBudget: budget });
      for (const given of [() => budget, (_: number, left: number) => left, () => 0]) {
        const j = joined(before, after, budget, given);
        expect(j.result).toEqual(whole);
      }
      // Given exactly what is left, no entry is diffed again.
      expect(joined(before, after, budget, (_, left) => left).redone).toBe(0);
    }
    // The budget does change the result here: with none, every nearby change owns the team finding.
    expect(diffHosts(before, after, { lint, ignore: ignoreFilter(), trialBudget: 0 })).not.toEqual(full);
  });

  it('holds an entry for any budget its trials fit, and one cut short only for the budget it had', () => {
    expect(entryHolds({ used: 3, short: false }, 10, 3)).toBe(true);
    expect(entryHolds({ used: 3, short: false }, 10, 2)).toBe(false);
    expect(entryHolds({ used: 4, short: true }, 4, 4)).toBe(true);
    expect(entryHolds({ used: 4, short: true }, 4, 3)).toBe(false);
    expect(entryHolds({ used: 0, short: true }, 0, 0)).toBe(true);
  });

  it('refuses entries out of name order', () => {
    const { before, after } = fleet();
    const pairs = matchHosts(before, after);
    const diff = new PairwiseDiff();
    diff.addEntry(diffPair(pairs[1], { budget: { left: 0 } }), 0);
    expect(() => diff.addEntry(diffPair(pairs[0], { budget: { left: 0 } }), 0)).toThrow(/out of order/);
  });
});
