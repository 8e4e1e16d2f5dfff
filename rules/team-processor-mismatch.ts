/**
 * A Min-Queues team (every LBFO combination other than Switch-Independent with HyperVPort or
 * Dynamic) bound to a vSwitch that uses VMQ on its members, whose members' processor sets are not
 * identical (event 106): error where event 106 is documented
 * (2012 / 2012 R2), warning elsewhere.
 */
import type { Rule } from '../src/engine/types.js';
import { teamTarget } from '../src/engine/targets.js';
import { formatLps } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { applySettled, needsNudge, nudgedBase, setEvidence } from './lib/psets.js';
import { checkTeamSets, event106Release, lpsKey, minQueuesReference, queueModeText, teamKindText, teamLocs } from './lib/teams.js';

const KB2974384 = 'https://support.microsoft.com/kb/2974384';
const NIC_TEAMING = 'https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming';

/** An LACP/TransportPorts team under a vSwitch on a 2012 R2 host with 16 LPs (HT); the second member starts at `secondBase`. */
function example(secondBase: number): Record<string, string> {
  return new ExampleHost('HV01', '2012R2', { logical: 16, cores: 8 })
    .nic(...X710)
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .vmq(X710[1].name, { BaseProcessorNumber: secondBase, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .lbfoTeam('Team1', [X710[0].name, X710[1].name], 'Lacp', 'TransportPorts')
    .vmSwitch('vSwitch', ['Team1'])
    .files();
}

export const rule: Rule = {
  meta: {
    id: 'team-processor-mismatch',
    title: 'Min-Queues team members use different processors',
    category: 'teaming',
    defaultSeverity: 'error',
    situational: [
      { severity: 'error', when: 'Windows Server 2012 or 2012 R2 (event 106, KB2974384)' },
      { severity: 'warning', when: 'Windows Server 2016 or later, or an unknown release (no event 106 is documented there)' },
    ],
    docs: {
      what:
        "Flags a Min-Queues team (LBFO Static or LACP, or Switch-Independent with an address-hash algorithm) bound to a Hyper-V vSwitch whose members' VMQ processor sets are not identical. Only members the vSwitch uses VMQ on count: a host-only team, or a vSwitch on members below 10 Gbps (unless VMSMP BelowTenGigVmqEnabled=1 or Get-NetAdapterVmqQueue shows VM queues on them), is not applicable.",
      why:
        `In Min-Queues mode every member carries every queue, so the members' processor sets "must be identical" (${NIC_TEAMING}).`,
      severity:
        `Severity follows what Windows does. Error: on Windows Server 2012 and 2012 R2 Hyper-V logs event 106 ("The processor sets are not identical when LBFO is configured with min-queue mode") for an LBFO team bound to a vSwitch (${KB2974384}). Warning: on later releases no event is documented, but a VM's traffic lands on different cores depending on which member receives it, a measurable loss of the spreading the sets were meant to give.`,
      example: { description: 'An LACP/TransportPorts LBFO team under a vSwitch on Windows Server 2012 R2; the members start at LP 2 and LP 6: error (event 106).', files: example(6) },
      fixed: { description: 'Both members use LPs 2-14 with MaxProcessors 4.', files: example(2) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 2 -MaxProcessorNumber 14 -MaxProcessors 4",
      references: [
        '[S1][B8]',
        'VMQ in LBFO teams: Min-Queues and Sum-of-Queues [S1]',
        `KB2974384, event 106 when a Hyper-V virtual switch is bound to an LBFO team: ${KB2974384}`,
        `NIC Teaming, Virtual Machine Queues: ${NIC_TEAMING}`,
        '[F14]',
      ],
      assumptions: [
        'Sets are compared as the LPs Dynamic VMQ spreads over (one per core on HT hosts), so two configurations that spread identically are not flagged.',
        'A member counts when the vSwitch uses VMQ on it; when the export does not tell, the documented default decides (on at 10 Gbps and above).',
        'An unknown OS release is graded like 2016 and later (warning): event 106 cannot be shown.',
      ],
    },
  },
  check({ host }) {
    return checkTeamSets(host, 'min', 'no Min-Queues team (LBFO Static, LACP, or Switch-Independent with address hashing)', (t, sets) => {
      const ref = minQueuesReference(host, sets);
      if (!ref) return undefined;
      const differ = sets.filter((s) => lpsKey(s) !== lpsKey(ref));
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
        severity: event106Release(host) ? 'error' : 'warning',
        evidence: {
          severityReason: event106Release(host)
            ? `an LBFO Min-Queues team under a vSwitch on Windows Server 2012 / 2012 R2: Hyper-V logs event 106 (${KB2974384})`
            : 'an LBFO Min-Queues team under a vSwitch where event 106 is not documented (it is for 2012 and 2012 R2)',
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
