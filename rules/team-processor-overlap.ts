/**
 * A Sum-of-Queues team (LBFO Switch-Independent with HyperVPort or Dynamic, or any SET team)
 * bound to a vSwitch that uses VMQ on its members, whose members' processor sets overlap
 * (event 106). Graded by what Windows does: error where event
 * 106 is documented, warning elsewhere, info for SET and for Microsoft's own example shape.
 */
import type { Rule, Severity } from '../src/engine/types.js';
import type { Host, Team } from '../src/model/host.js';
import { teamTarget } from '../src/engine/targets.js';
import { formatLps, overlap } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { applySet, setEvidence } from './lib/psets.js';
import { checkTeamSets, event106Release, queueModeText, sumQueuesPlan, teamKindText, teamLocs } from './lib/teams.js';

/** Two members of an LBFO Switch-Independent/Dynamic team under a vSwitch on a 2012 R2 host with 16 LPs (HT), each set as [base, max, MaxProcessors]. */
function example(first: number[], second: number[]): Record<string, string> {
  return new ExampleHost('HV01', '2012R2', { logical: 16, cores: 8 })
    .nic(...X710)
    .vmq(X710[0].name, { BaseProcessorNumber: first[0], MaxProcessorNumber: first[1], MaxProcessors: first[2] })
    .vmq(X710[1].name, { BaseProcessorNumber: second[0], MaxProcessorNumber: second[1], MaxProcessors: second[2] })
    .lbfoTeam('Team1', [X710[0].name, X710[1].name], 'SwitchIndependent', 'Dynamic')
    .vmSwitch('vSwitch', ['Team1'])
    .files();
}

const SET_GUIDE = 'https://learn.microsoft.com/windows-server/virtualization/hyper-v-virtual-switch/rdma-and-switch-embedded-teaming';
const NIC_TEAMING = 'https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming';
const KB2974384 = 'https://support.microsoft.com/kb/2974384';

/** Two members' sets: LPs both spread over (one per core), and LPs both hold counted as configured. */
interface Overlap {
  members: [string, string];
  lps: number[];
  configured: number[];
}

/** The grade of a finding and why (docs: error = Windows misbehaves, warning = measurable loss likely, info = advice). */
function grade(host: Host, t: Team, definite: boolean): { severity: Severity; why: string } {
  if (t.kind === 'set') {
    return { severity: 'info', why: `a SET team: Microsoft's SET guide asks for member sets that are non-overlapping only "to the extent that it's practical" (${SET_GUIDE})` };
  }
  if (!definite) {
    return {
      severity: 'info',
      why: `the sets share LPs only as Dynamic VMQ spreads them (one LP per core); counted as configured (MaxProcessors LPs from the base) they are disjoint, as in Microsoft's own Sum-of-Queues example (${NIC_TEAMING})`,
    };
  }
  if (event106Release(host)) {
    return { severity: 'error', why: `an LBFO Sum-of-Queues team under a vSwitch on ${host.os.release === '2012' ? 'Windows Server 2012' : 'Windows Server 2012 R2'}: Hyper-V logs event 106 (${KB2974384})` };
  }
  return { severity: 'warning', why: `an LBFO Sum-of-Queues team under a vSwitch where event 106 is not documented (it is for 2012 and 2012 R2): the members' queues share cores, which saturate early` };
}

export const rule: Rule = {
  meta: {
    id: 'team-processor-overlap',
    title: 'Sum-of-Queues team members share processors',
    category: 'teaming',
    defaultSeverity: 'error',
    situational: [
      { severity: 'error', when: 'an LBFO Sum-of-Queues team under a vSwitch on Windows Server 2012 or 2012 R2, whose sets overlap as configured (event 106, KB2974384)' },
      { severity: 'warning', when: 'an LBFO Sum-of-Queues team under a vSwitch on Windows Server 2016 or later, or an unknown release (no event 106 is documented there)' },
      { severity: 'info', when: 'a SET team (the SET guide asks for non-overlap "to the extent that it\'s practical" and its own example overlaps)' },
      { severity: 'info', when: "the sets overlap only as Dynamic VMQ spreads them and are disjoint counted as configured, as Microsoft's own Sum-of-Queues example is" },
    ],
    docs: {
      what:
        "Flags a Sum-of-Queues team (every SET team, and LBFO Switch-Independent teams with HyperVPort or Dynamic load balancing) bound to a Hyper-V vSwitch whose members' VMQ processor sets share LPs, core 0 included. Only members the vSwitch uses VMQ on count: a host-only team, or a vSwitch on members below 10 Gbps (unless VMSMP BelowTenGigVmqEnabled=1 or Get-NetAdapterVmqQueue shows VM queues on them), is not applicable. Sets are computed as Dynamic VMQ spreads them: from base to max, one LP per core on a hyper-threaded host, capped at MaxProcessors.",
      why:
        `In Sum-of-Queues mode the team offers the sum of its members' queues, and each member must use its own processors: overlapping sets put two members' queues on the same cores, which saturate first while other cores idle.`,
      severity:
        `Severity follows what Windows does. Error: on Windows Server 2012 and 2012 R2 Hyper-V logs event 106 ("The processor sets overlap when LBFO is configured with sum-queue mode") for an LBFO team bound to a vSwitch (${KB2974384}). Warning: on later releases no event is documented, but two members' queues on the same cores saturate them early, a measurable loss. Info: Microsoft's SET guide says member sets "should be, to the extent that it's practical, non-overlapping" and gives an example that overlaps (${SET_GUIDE}); and sets that overlap only as Dynamic VMQ spreads them, while disjoint counted as configured, are what Microsoft's own Sum-of-Queues example in the NIC Teaming docs looks like (${NIC_TEAMING}), so they are advice.`,
      example: {
        description: 'An LBFO Switch-Independent/Dynamic team under a vSwitch on Windows Server 2012 R2, 16 LPs (HT): members at base 2 and base 4 overlap (LPs 4,6,8 as spread, LPs 4,5 as configured): error (event 106).',
        files: example([2, 14, 4], [4, 14, 4]),
      },
      fixed: { description: 'The sets the rule proposes: LPs 2,4,6 and 8,10,12, disjoint.', files: example([2, 6, 3], [8, 12, 3]) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 6 -MaxProcessors 3\nSet-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 8 -MaxProcessorNumber 12 -MaxProcessors 3",
      references: [
        '[S1][S3][B8]',
        'VMQ in LBFO teams (Sum-of-Queues) and in SET teams [S1][S3]',
        `KB2974384, event 106 when a Hyper-V virtual switch is bound to an LBFO team: ${KB2974384}`,
        `NIC Teaming, Virtual Machine Queues (Sum-of-Queues example): ${NIC_TEAMING}`,
        `SET guide, SET and VMQs: ${SET_GUIDE}`,
        '[F14]',
      ],
      assumptions: [
        "Sets are compared as Dynamic VMQ spreads them (one LP per core on HT hosts); Microsoft's own Sum-of-Queues example (https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming) overlaps under that spreading, which is why an overlap that disappears when MaxProcessors is counted in LPs from the base is only advice.",
        'A member counts when the vSwitch uses VMQ on it; when the export does not tell, the documented default decides (on at 10 Gbps and above).',
        'An unknown OS release is graded like 2016 and later (warning): event 106 cannot be shown.',
        "The proposed sets are disjoint ranges of one LP per core off core 0 (from LP 2, or LP 1 without HT), split evenly, each within one processor group and on the member's NUMA node when known, clear of host NICs' RSS sets and, on 2012 / 2012 R2, of other vSwitches' VMQ uplinks when there is room (vswitch-processor-overlap plans around these sets).",
      ],
    },
  },
  check({ host }) {
    return checkTeamSets(host, 'sum', 'no Sum-of-Queues team (SET, or LBFO Switch-Independent with HyperVPort or Dynamic)', (t, sets) => {
      const overlaps: Overlap[] = [];
      for (let i = 0; i < sets.length; i++) {
        for (let j = i + 1; j < sets.length; j++) {
          // Core 0 counts: sharing it is still an overlap (event 106); that core 0 is used at all
          // is vmq-base-processor-zero's separate fact, and a team on {LP 0} x2 breaches both.
          const lps = overlap(sets[i].ns.set.lps, sets[j].ns.set.lps);
          if (lps.length > 0) overlaps.push({ members: [sets[i].a.name, sets[j].a.name], lps, configured: overlap(sets[i].ns.set.staticLps, sets[j].ns.set.staticLps) });
        }
      }
      if (overlaps.length === 0) return undefined;
      const g = grade(host, t, overlaps.some((o) => o.configured.length > 0));
      const plan = sumQueuesPlan(host, sets);
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
        severity: g.severity,
        evidence: {
          queueMode: t.queueMode,
          members: sets.map((s) => ({ name: s.a.name, ...setEvidence(s.ns) })),
          overlaps: overlaps.map((o) => ({ members: o.members, lps: o.lps, lpsText: formatLps(o.lps), configuredLps: formatLps(o.configured) })),
          severityReason: g.why,
          proposed: plan ? plan.map((p, i) => ({ member: sets[i].a.name, base: `${p.group}:${p.baseNumber}`, max: `${p.group}:${p.maxNumber}`, maxProcessors: p.maxProcessors, lps: formatLps(p.lps) })) : null,
        },
        remediation: remediation(
          plan
            ? `Give each member of '${t.name}' its own processors (disjoint sets, one LP per core, off core 0; ${g.severity} because this is ${g.why}):`
            : `Give each member of '${t.name}' its own processors with Set-NetAdapterVmq -BaseProcessorNumber/-MaxProcessorNumber/-MaxProcessors (the host's LP count is needed to propose sets; ${g.severity} because this is ${g.why}).`,
          fix,
        ),
        fix,
        locations: teamLocs(host, t, sets.flatMap((s) => s.ns.set.at)),
      };
    });
  },
};
