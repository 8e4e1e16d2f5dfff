/**
 * A Min-Queues team (every LBFO combination other than Switch-Independent with HyperVPort or
 * Dynamic) whose members' processor sets are not identical (domain.md 3.2 rule 4, event 106).
 */
import type { Rule } from '../src/engine/types.js';
import { teamTarget } from '../src/engine/targets.js';
import { formatLps } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { applySettled, coreZeroIn, needsNudge, nudgedBase, setEvidence } from './lib/psets.js';
import { checkTeamSets, queueModeText, teamKindText, teamLocs, type MemberSet } from './lib/teams.js';

function example(secondBase: number): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(...X710)
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .vmq(X710[1].name, { BaseProcessorNumber: secondBase, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .lbfoTeam('Team1', [X710[0].name, X710[1].name], 'Lacp', 'TransportPorts')
    .vmSwitch('vSwitch', ['Team1'])
    .files();
}

/** The set the others should copy: the most common one, preferring sets off core 0, then member order. */
function reference(sets: MemberSet[], key: (s: MemberSet) => string, avoidsCoreZero: (s: MemberSet) => boolean): MemberSet {
  const count = new Map<string, number>();
  for (const s of sets) count.set(key(s), (count.get(key(s)) ?? 0) + 1);
  let best = sets[0];
  for (const s of sets.slice(1)) {
    const better =
      Number(avoidsCoreZero(s)) - Number(avoidsCoreZero(best)) || (count.get(key(s)) ?? 0) - (count.get(key(best)) ?? 0);
    if (better > 0) best = s;
  }
  return best;
}

export const rule: Rule = {
  meta: {
    id: 'team-processor-mismatch',
    title: 'Min-Queues team members use different processors',
    category: 'teaming',
    defaultSeverity: 'error',
    docs: {
      what:
        "Flags a Min-Queues team (LBFO Static or LACP, or Switch-Independent with an address-hash algorithm) whose members' VMQ processor sets are not identical.",
      why:
        'In Min-Queues mode every member carries every queue, so the members "must be identical" in their processor sets. Different sets mean a VM\'s traffic lands on different cores depending on which member receives it; on 2012/2012 R2 Hyper-V logs event 106 ("The processor sets are not identical when LBFO is configured with min-queue mode").',
      example: { description: 'An LACP/TransportPorts LBFO team under a vSwitch; the members start at LP 2 and LP 6.', files: example(6) },
      fixed: { description: 'Both members use LPs 2-14 with MaxProcessors 4.', files: example(2) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 2 -MaxProcessorNumber 14 -MaxProcessors 4",
      references: ['domain.md 3.2 rule 4 and rule 5 [S1][B8]', 'domain.md 7.1 VMQ mode [S1]', 'simulator.md F14'],
      assumptions: ['Sets are compared as the LPs Dynamic VMQ spreads over (one per core on HT hosts), so two configurations that spread identically are not flagged.'],
    },
  },
  check({ host }) {
    return checkTeamSets(host, 'min', 'no Min-Queues team (LBFO Static, LACP, or Switch-Independent with address hashing)', (t, sets) => {
      const key = (s: MemberSet): string => s.ns.set.lps.join(',');
      if (new Set(sets.map(key)).size === 1) return undefined;
      const ref = reference(sets, key, (s) => coreZeroIn(host, s.ns.set).length === 0);
      const differ = sets.filter((s) => key(s) !== key(ref));
      const r = ref.ns.set;
      // When the reference set sits on core 0 or starts on an odd LP of a hyper-threaded host,
      // every member (the reference too) gets it with the base nudged as vmq-base-processor-zero
      // and vmq-hyperthread-sibling would, so the fix does not copy a set that another fix then
      // moves on one member only.
      const onZero = needsNudge(host, r);
      const newBase = nudgedBase(host, r);
      // Members on different NUMA nodes cannot share one set without some leaving their node
      // (vmq-processor-out-of-range), so no set is proposed for them.
      const nodes = new Set(sets.map((s) => s.a.numaNode).filter((n) => n !== undefined));
      const acrossNodes = host.processors.numaNodes.length > 1 && nodes.size > 1;
      const fix = acrossNodes
        ? []
        : onZero
        ? sets.flatMap((s) =>
            applySettled(host, s.a, s.ns, { group: r.base.group, baseNumber: newBase, maxNumber: Math.max(r.max.number, newBase), maxProcessors: r.maxProcessors }),
          )
        : differ.flatMap((s) =>
            applySettled(host, s.a, s.ns, { group: r.base.group, baseNumber: r.base.number, maxNumber: r.max.number, maxProcessors: r.maxProcessors }),
          );
      return {
        target: teamTarget(t),
        property: 'vmq.processorSets',
        message: `Team '${t.name}' (${teamKindText(t)}, ${queueModeText(t)}): member processor sets differ: ${sets.map((s) => `'${s.a.name}' LPs ${formatLps(s.ns.set.lps) || 'none'}`).join(', ')}`,
        evidence: {
          queueMode: t.queueMode,
          members: sets.map((s) => ({ name: s.a.name, ...setEvidence(s.ns) })),
          reference: ref.a.name,
          differing: differ.map((s) => s.a.name),
        },
        remediation: remediation(`Give every member of '${t.name}' the same set as '${ref.a.name}' (LPs ${formatLps(r.lps)}):`, fix),
        fix,
        locations: teamLocs(host, t, differ.flatMap((s) => s.ns.set.at)),
      };
    });
  },
};
