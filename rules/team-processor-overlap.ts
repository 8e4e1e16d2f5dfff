/**
 * A Sum-of-Queues team (LBFO Switch-Independent with HyperVPort or Dynamic, or any SET team)
 * whose members' processor sets overlap (domain.md 3.2 rule 3, event 106).
 */
import type { Rule } from '../src/engine/types.js';
import { teamTarget } from '../src/engine/targets.js';
import { formatLps, overlap } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { applySet, planDisjointSets, setEvidence } from './lib/psets.js';
import { checkTeamSets, queueModeText, teamKindText, teamLocs } from './lib/teams.js';

/** Two SET members on 16 LPs (HT), each set as [base, max, MaxProcessors]. */
function example(first: number[], second: number[]): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(...X710)
    .vmq(X710[0].name, { BaseProcessorNumber: first[0], MaxProcessorNumber: first[1], MaxProcessors: first[2] })
    .vmq(X710[1].name, { BaseProcessorNumber: second[0], MaxProcessorNumber: second[1], MaxProcessors: second[2] })
    .vmSwitch('SETswitch', [X710[0].name, X710[1].name])
    .setTeam('SETswitch', [X710[0].name, X710[1].name], 'Dynamic')
    .files();
}

export const rule: Rule = {
  meta: {
    id: 'team-processor-overlap',
    title: 'Sum-of-Queues team members share processors',
    category: 'teaming',
    defaultSeverity: 'error',
    docs: {
      what:
        "Flags a Sum-of-Queues team (every SET team, and LBFO Switch-Independent teams with HyperVPort or Dynamic load balancing) whose members' VMQ processor sets share LPs, core 0 included. Sets are computed as Dynamic VMQ spreads them: from base to max, one LP per core on a hyper-threaded host, capped at MaxProcessors.",
      why:
        'In Sum-of-Queues mode the team offers the sum of its members\' queues, and each member must use its own processors. Overlapping sets put two members\' queues on the same cores, which saturate early; on 2012/2012 R2 Hyper-V logs event 106 ("The processor sets overlap when LBFO is configured with sum-queue mode").',
      example: { description: 'A SET team of two 10 GbE ports on 16 LPs (HT): LPs 2,4,6,8 and 6,8,10,12 overlap at 6 and 8.', files: example([2, 8, 4], [6, 12, 4]) },
      fixed: { description: 'The sets the rule proposes: LPs 2,4,6 and 8,10,12, disjoint.', files: example([2, 6, 3], [8, 12, 3]) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 6 -MaxProcessors 3\nSet-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 8 -MaxProcessorNumber 12 -MaxProcessors 3",
      references: ['domain.md 3.2 rule 3 and rule 5 [S1][S3][B8]', 'domain.md 7.1 VMQ mode, 7.2 Queues [S1][S3]', 'simulator.md F14, V8'],
      assumptions: [
        "Sets are compared as Dynamic VMQ spreads them (one LP per core on HT hosts); domain.md 3.2 rule 3 notes that Microsoft's own example overlaps under that spreading.",
        'The proposed sets are disjoint ranges of one LP per core starting at LP 2 (LP 1 without HT), split evenly and kept within one processor group.',
      ],
    },
  },
  check({ host }) {
    return checkTeamSets(host, 'sum', 'no Sum-of-Queues team (SET, or LBFO Switch-Independent with HyperVPort or Dynamic)', (t, sets) => {
      const overlaps: { members: [string, string]; lps: number[] }[] = [];
      for (let i = 0; i < sets.length; i++) {
        for (let j = i + 1; j < sets.length; j++) {
          // Core 0 counts: sharing it is still an overlap (event 106); that core 0 is used at all
          // is vmq-base-processor-zero's separate fact, and a team on {LP 0} x2 breaches both.
          const lps = overlap(sets[i].ns.set.lps, sets[j].ns.set.lps);
          if (lps.length > 0) overlaps.push({ members: [sets[i].a.name, sets[j].a.name], lps });
        }
      }
      if (overlaps.length === 0) return undefined;
      const plan = planDisjointSets(
        host,
        sets.length,
        Math.max(...sets.map((s) => s.ns.set.lps.length)),
        sets.map((s) => s.a.numaNode),
      );
      const fix = plan
        ? sets.flatMap((s, i) =>
            applySet(host, s.a, s.ns, { group: plan[i].group, baseNumber: plan[i].baseNumber, maxNumber: plan[i].maxNumber, maxProcessors: plan[i].maxProcessors }),
          )
        : [];
      const pairs = overlaps.map((o) => `'${o.members[0]}' and '${o.members[1]}' share LP ${formatLps(o.lps)}`).join('; ');
      const setsText = sets.map((s) => `'${s.a.name}' LPs ${formatLps(s.ns.set.lps)}`).join(', ');
      return {
        target: teamTarget(t),
        property: 'vmq.processorSets',
        message: `Team '${t.name}' (${teamKindText(t)}, ${queueModeText(t)}): member processor sets overlap: ${pairs} (${setsText})`,
        evidence: {
          queueMode: t.queueMode,
          members: sets.map((s) => ({ name: s.a.name, ...setEvidence(s.ns) })),
          overlaps: overlaps.map((o) => ({ members: o.members, lps: o.lps, lpsText: formatLps(o.lps) })),
          proposed: plan ? plan.map((p, i) => ({ member: sets[i].a.name, base: `${p.group}:${p.baseNumber}`, max: `${p.group}:${p.maxNumber}`, maxProcessors: p.maxProcessors, lps: formatLps(p.lps) })) : null,
        },
        remediation: remediation(
          plan
            ? `Give each member of '${t.name}' its own processors (disjoint sets, one LP per core, off core 0):`
            : `Give each member of '${t.name}' its own processors with Set-NetAdapterVmq -BaseProcessorNumber/-MaxProcessorNumber/-MaxProcessors (the host's LP count is needed to propose sets).`,
          fix,
        ),
        fix,
        locations: teamLocs(host, t, sets.flatMap((s) => s.ns.set.at)),
      };
    });
  },
};
