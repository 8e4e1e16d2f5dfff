/**
 * An LBFO team under a Hyper-V vSwitch: blocked from Windows Server 2022 (error), a migration
 * warning on 2016/2019 (info), supported before 2016 ([R3][S9] in docs/references.md).
 */
import type { Host, Release, Team, VSwitch } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { releaseName } from '../src/engine/release.js';
import { quotePs, switchTarget } from '../src/engine/targets.js';
import { adapterById, teamById } from '../src/model/queues.js';
import { atLeast } from '../src/model/release-order.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { createSwitchEffect, reconnectVms, remediation, removeSwitch, SWITCH_RECREATION, PHASE } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { byName, teamAdapters } from './lib/topology.js';
import { applySet, planDisjointSets, SHARED_PROCESSOR_KEYWORDS } from './lib/psets.js';
import { memberSets } from './lib/teams.js';
import { overlap } from '../src/model/processors.js';
import { maxOf } from '../src/model/bulk.js';

const BEFORE_2016: Release[] = ['2008R2', '2012', '2012R2'];
const BLOCKED: Release[] = ['2022', '2025'];
const MULTIPLEXOR = /multiplexor driver/i;

function example(lbfo: boolean): Record<string, string> {
  const h = new ExampleHost('HV01', '2022', { logical: 16, cores: 8 }).nic(...X710);
  if (lbfo) {
    h.lbfoTeam('Team1', [X710[0].name, X710[1].name], 'SwitchIndependent', 'Dynamic').vmSwitch('vSwitch', ['Team1'], { AllowNetLbfoTeams: true });
  } else {
    h.vmSwitch('vSwitch', [X710[0].name, X710[1].name], { AllowNetLbfoTeams: false }).setTeam('vSwitch', [X710[0].name, X710[1].name], 'Dynamic');
  }
  return h.files();
}

/**
 * SET is Sum-of-Queues: members that share LPs, or that a Min-Queues fix
 * (team-processor-mismatch) would give one identical set, overlap once the switch is SET, so the
 * conversion gives them disjoint sets (one LP per core, off core 0, each on its NIC's NUMA node),
 * as team-processor-overlap would. Members of a Sum-of-Queues team already on disjoint sets keep them.
 */
function disjointForSet(host: Host, team: Team): FixCommand[] {
  const sets = memberSets(host, teamAdapters(host, team));
  if (sets.length < 2) return [];
  const overlapping = sets.some((x, i) => sets.slice(i + 1).some((y) => overlap(x.ns.set.lps, y.ns.set.lps).length > 0));
  const mismatchFix = team.queueMode === 'min' && new Set(sets.map((s) => s.ns.set.lps.join(','))).size > 1;
  if (!overlapping && !mismatchFix) return [];
  const plan = planDisjointSets(host, sets.length, maxOf(sets.map((s) => s.ns.set.lps.length)), sets.map((s) => s.a.numaNode));
  if (!plan) return [];
  return sets.flatMap((s, i) => applySet(host, s.a, s.ns, { group: plan[i].group, baseNumber: plan[i].baseNumber, maxNumber: plan[i].maxNumber, maxProcessors: plan[i].maxProcessors }));
}

/** The LBFO team a switch sits on, or its team NIC's name when the team itself was not exported. */
function lbfoOf(host: Host, sw: VSwitch): { team?: Team; nicName?: string } | undefined {
  const team = teamById(host, sw.teamId);
  if (team?.kind === 'lbfo') return { team };
  // A SET switch may still name the multiplexor in its singular NetAdapterInterfaceDescription.
  if (team?.kind === 'set' || sw.embeddedTeaming === true) return undefined;
  for (const id of sw.uplinks) {
    const a = adapterById(host, id);
    if (!a) continue;
    const t = host.teams.find((x) => x.kind === 'lbfo' && x.teamNics.includes(a.id));
    if (t) return { team: t };
    if (a.kind === 'team-nic' || MULTIPLEXOR.test(a.interfaceDescription ?? '')) return { nicName: a.name };
  }
  if (sw.uplinkDescriptions.some((d) => MULTIPLEXOR.test(d))) return { nicName: sw.uplinkDescriptions.find((d) => MULTIPLEXOR.test(d)) };
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'lbfo-vswitch-unsupported',
    title: 'LBFO team under a Hyper-V vSwitch',
    category: 'teaming',
    defaultSeverity: 'error',
    severityByRelease: { '2008R2': 'off', '2012': 'off', '2012R2': 'off', '2016': 'info', '2019': 'info' },
    docs: {
      what:
        'Flags a vSwitch bound to an LBFO team NIC ("Microsoft Network Adapter Multiplexor Driver"). An error on Windows Server 2022 and later, where this is not supported (the evidence shows AllowNetLbfoTeams when exported); information on 2016 and 2019, where SET is available and LBFO keeps Dynamic VMMQ off; not applicable before 2016, when LBFO was the way to team a vSwitch.',
      why:
        'From Windows Server 2022 an LBFO team NIC cannot be attached to a Hyper-V vSwitch; a switch that survived an upgrade depends on AllowNetLbfoTeams and is outside support. Azure Stack HCI supports only SET, and most of the 2019 Dynamic VMMQ work "will not apply if you\'re using an LBFO team". Switch Embedded Teaming replaces it.',
      severity:
        'Error from Windows Server 2022, where an LBFO team cannot be attached to a vSwitch and the switch survives only through AllowNetLbfoTeams, outside support; info on 2016 and 2019, where it is supported and moving to SET is advice (https://github.com/microsoft/convert-lbfo2set).',
      example: { description: 'Windows Server 2022 with a vSwitch on LBFO team Team1 (AllowNetLbfoTeams True).', files: example(true) },
      fixed: { description: 'The same NICs in a SET switch.', files: example(false) },
      fix: "Remove-VMSwitch -Name 'vSwitch' -Force\nRemove-NetLbfoTeam -Name 'Team1' -Confirm:$false\nNew-VMSwitch -Name 'vSwitch' -NetAdapterName 'SLOT 2 Port 1','SLOT 2 Port 2' -EnableEmbeddedTeaming $true -AllowManagementOS $true",
      references: ['LBFO under a Hyper-V vSwitch is deprecated [R3][S9]', '2019 d.VMMQ and LBFO [B7][D13]', '[S3]'],
      assumptions: [
        SHARED_PROCESSOR_KEYWORDS,
        'AllowNetLbfoTeams exists only from Windows Server 2022; when the release is unknown but the property was exported, the host is treated as 2022 or later.',
        'Re-creating the switch as SET is shown as commands, with Connect-VMNetworkAdapter for each exported VM vNIC and a warning when the management OS uses the switch; the Microsoft tool Convert-LBFO2SET (https://github.com/microsoft/Convert-LBFO2SET) does the same migration and also restores host vNIC settings.',
        'A SET switch is told from an LBFO one by Get-VMSwitch EmbeddedTeamingEnabled or Get-VMSwitchTeam, whose output property names are UNCONFIRMED (https://learn.microsoft.com/powershell/module/hyper-v/get-vmswitch and get-vmswitchteam document the cmdlets, not their output properties); without them, a team NIC or the Multiplexor driver as uplink means LBFO.',
      ],
    },
  },
  check({ host }) {
    const release = host.os.release;
    if (BEFORE_2016.includes(release)) return { notApplicable: `LBFO under a vSwitch is supported on ${releaseName(release)}; the rule applies from 2016` };
    if (host.switches.length === 0) return { notApplicable: 'no vSwitch exported (Get-VMSwitch)' };
    const out: RuleReport[] = [];
    for (const sw of byName(host.switches)) {
      const lbfo = lbfoOf(host, sw);
      if (!lbfo) continue;
      const inferred2022 = release === 'unknown' && sw.allowNetLbfoTeams !== undefined;
      if (release === 'unknown' && !inferred2022) {
        return { notApplicable: 'OS release unknown (needs Get-ComputerInfo): LBFO under a vSwitch is supported before 2016 and blocked from 2022' };
      }
      const blocked = BLOCKED.includes(release) || inferred2022;
      const teamName = lbfo.team?.name ?? lbfo.nicName ?? '?';
      const members = lbfo.team ? teamAdapters(host, lbfo.team).map((a) => a.name) : [];
      const fix: FixCommand[] =
        members.length > 0
          ? [
              ...(lbfo.team ? disjointForSet(host, lbfo.team) : []),
              removeSwitch(host, sw),
              {
                command: `Remove-NetLbfoTeam -Name ${quotePs(teamName)} -Confirm:$false`,
                disruption: SWITCH_RECREATION,
                phase: PHASE.switches,
                effect: { kind: 'team-remove', team: lbfo.team?.id ?? teamName },
              },
              {
                command: `New-VMSwitch -Name ${quotePs(sw.name)} -NetAdapterName ${members.map(quotePs).join(',')} -EnableEmbeddedTeaming $true${sw.allowManagementOS === undefined ? '' : ` -AllowManagementOS $${sw.allowManagementOS}`}`,
                disruption: SWITCH_RECREATION,
                phase: PHASE.switches,
                effect: createSwitchEffect(sw, members, { embeddedTeaming: true }),
              },
              ...reconnectVms(host, sw),
            ]
          : [];
      const allow = sw.allowNetLbfoTeams === true ? ' (it is attached only because AllowNetLbfoTeams is True)' : '';
      const message = blocked
        ? `vSwitch '${sw.name}' is bound to LBFO team '${teamName}': from Windows Server 2022 an LBFO team cannot be attached to a Hyper-V vSwitch${allow}; move the switch to SET`
        : `vSwitch '${sw.name}' is bound to LBFO team '${teamName}' on ${releaseName(release)}: LBFO under a vSwitch is blocked from 2022${atLeast(release, '2019') ? ' and keeps Dynamic VMMQ off' : ''}; plan the move to SET`;
      out.push({
        target: switchTarget(sw),
        property: 'teamId',
        message,
        evidence: {
          release,
          releaseInferred: inferred2022 ? 'AllowNetLbfoTeams exported, so 2022 or later' : null,
          team: teamName,
          members,
          teamingMode: lbfo.team?.teamingMode ?? null,
          loadBalancingAlgorithm: lbfo.team?.loadBalancingAlgorithm ?? null,
          allowNetLbfoTeams: sw.allowNetLbfoTeams ?? null,
        },
        remediation: remediation(
          `Re-create '${sw.name}' as a SET switch on the team's members${fix.some((f) => f.phase === PHASE.processors) ? ' (SET is Sum-of-Queues: give the members disjoint processor sets first)' : ''}, then reconnect its VM vNICs (or run Convert-LBFO2SET from microsoft/Convert-LBFO2SET, which also reconnects the vNICs)${fix.find((f) => f.warning)?.warning ? `. ${fix.find((f) => f.warning)?.warning}` : ''}${members.length > 0 ? ':' : '.'}`,
          fix,
        ),
        fix,
        locations: locate(host, [sw.at['allowNetLbfoTeams'], sw.at['uplinks'], lbfo.team?.at['name']], [sw.at, lbfo.team?.at]),
      });
    }
    return out;
  },
};
