/**
 * Fixes that converge (issue 8): over every fixture snapshot and every rule's documented example,
 * applying each host's resolved plan to its model and linting again leaves no finding that carried
 * a fix, and raises no new finding, except those BECOMES_APPLICABLE names (converge.ts) and the
 * PENDING list below (empty). fast-check varies team hosts (processor counts, HT, NUMA, sets) as well.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { planCommands } from '../../src/engine/fix-plan.js';
import { vmqProcessorSet } from '../../src/model/processors.js';
import { host } from '../helpers/host-builder.js';
import { converge, describe as lines } from './converge.js';
import { exampleCases, fixtureCase, fixturePaths } from './corpus.js';

/**
 * Findings the plan may leave or raise, each host, rule, target and property with the reason.
 * Empty: every fix converges. An entry must name why the plan cannot settle it.
 */
const PENDING: Record<string, string> = {};

const nodeOf = (lps: number, lp: number): number => (lp < lps / 2 ? 0 : 1);
const key = (f: Finding): string => `${f.host}|${f.ruleId}|${f.target.name}|${f.property ?? ''}`;
const unexpected = (fs: readonly Finding[]): string[] => lines(fs.filter((f) => PENDING[key(f)] === undefined));

describe('the fix plan converges on every fixture', () => {
  for (const path of fixturePaths()) {
    it(path, () => {
      const c = converge(fixtureCase(path).hosts);
      expect(unexpected(c.remaining), 'findings that carried a fix and remain').toEqual([]);
      expect(unexpected(c.appeared), 'findings the plan raised').toEqual([]);
    });
  }
});

describe("the fix plan converges on every rule's documented example", () => {
  for (const c of exampleCases()) {
    it(c.name, () => {
      const r = converge(c.hosts, c.simulate);
      expect(r.before.findings.length).toBeGreaterThan(0);
      expect(unexpected(r.remaining), 'findings that carried a fix and remain').toEqual([]);
      expect(unexpected(r.appeared), 'findings the plan raised').toEqual([]);
    });
  }
});

describe('the LBFO -> SET exception', () => {
  it('is the only excused finding and only where the rule was not applicable before', () => {
    const all = [...fixturePaths().map((p) => converge(fixtureCase(p).hosts)), ...exampleCases().map((c) => converge(c.hosts, c.simulate))];
    for (const r of all) for (const f of r.excused) expect(f.ruleId).toBe('set-team-invalid');
  });
});

describe('fast-check: team hosts with random processor layouts converge', () => {
  it('Sum-of-Queues and Min-Queues teams, HT or not, one or two NUMA nodes', () => {
    const layout = fc.record({
      lps: fc.constantFrom(8, 12, 16, 24, 32, 48),
      ht: fc.boolean(),
      numa: fc.boolean(),
      kind: fc.constantFrom('set', 'lbfo-sum', 'lbfo-min'),
      release: fc.constantFrom('2012R2', '2016', '2019', '2022'),
      members: fc.array(
        fc.record({ base: fc.nat(47), span: fc.nat(47), maxProcessors: fc.integer({ min: 1, max: 16 }), node: fc.nat(1) }),
        { minLength: 2, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(layout, (l) => {
        // Two nodes only from 16 LPs: a 4-LP node has one core off core 0, too few for any plan.
        l.numa = l.numa && l.lps >= 16;
        const b = host('HVP').release(l.release as never).lps(l.lps, l.ht);
        if (l.numa) b.numa([Array.from({ length: l.lps / 2 }, (_, i) => i), Array.from({ length: l.lps / 2 }, (_, i) => i + l.lps / 2)]);
        const names = l.members.map((_, i) => `NIC${i + 1}`);
        l.members.forEach((m, i) =>
          b.adapter(names[i], (a) => {
            // On a two-node host a set starts and ends on its NIC's node (a set across nodes is
            // vmq-processor-out-of-range's, whose NUMA branch other work of issue 8 rescopes).
            const [lo, size] = l.numa ? [m.node * (l.lps / 2), l.lps / 2] : [0, l.lps];
            const base = lo + (m.base % size);
            const max = Math.min(lo + size - 1, base + m.span);
            a.description('Intel(R) Ethernet Controller X710').driver('Intel', '1.0').vmq({ base, max, maxProcessors: m.maxProcessors, queues: 8, dynamic: true, coalescing: true });
            if (l.numa) a.numa(m.node);
          }),
        );
        if (l.kind === 'set') b.setSwitch('vSwitch', names);
        else {
          b.lbfo('Team1', names, l.kind === 'lbfo-sum' ? 'SwitchIndependent' : 'Lacp', 'Dynamic');
          b.vswitch('vSwitch', ['Team1'], { allowNetLbfoTeams: true });
        }
        const h = b.build();
        const c = converge([h]);
        expect(unexpected(c.remaining)).toEqual([]);
        expect(unexpected(c.appeared)).toEqual([]);
        // A set the plan moves stays on its NIC's node and starts on a whole core (never the
        // second thread of a core).
        const after = applyPlan(h, planCommands(c.plans.get('HVP')!));
        for (const a of after.adapters) {
          const before = h.adapters.find((x) => x.id === a.id)!;
          const moved = (x: typeof a): string => JSON.stringify([x.vmq?.baseProcessorNumber, x.vmq?.maxProcessorNumber]);
          if (!a.vmq || moved(before) === moved(a)) continue;
          const set = vmqProcessorSet(after, a)!;
          if (l.ht) expect(set.base.number % 2, `${a.name} base`).toBe(0);
          if (l.numa) expect(set.lps.every((lp) => nodeOf(l.lps, lp) === a.numaNode), `${a.name} LPs ${set.lps}`).toBe(true);
        }
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});
