/**
 * A SET team outside what SET supports: more than 8 members, members of different model or
 * driver, or a load-balancing algorithm other than HyperVPort or Dynamic ([S3][S9] in docs/references.md).
 */
import type { Adapter } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { quotePs, teamTarget } from '../src/engine/targets.js';
import { ExampleHost, X710, type ExampleNic } from './lib/examples.js';
import { PHASE, remediation } from './lib/fix.js';
import { driverOf, modelOf, teamAdapters } from './lib/topology.js';
import { sortedTeams, teamLocs } from './lib/teams.js';

const MAX_MEMBERS = 8;
const SET_ALGORITHMS = ['hypervport', 'dynamic'];
const TEAM_CHANGE = 'team change: flows move between members for a moment';

function example(second: ExampleNic): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0], second)
    .vmSwitch('SETswitch', [X710[0].name, second.name])
    .setTeam('SETswitch', [X710[0].name, second.name], 'Dynamic')
    .files();
}

const MELLANOX: ExampleNic = { name: 'SLOT 3 Port 1', description: 'Mellanox ConnectX-4 Lx Ethernet Adapter', gbps: 10, provider: 'Mellanox', version: '3.0.25668.0' };

export const rule: Rule = {
  meta: {
    id: 'set-team-invalid',
    title: 'SET team outside what SET supports',
    category: 'teaming',
    defaultSeverity: 'error',
    releases: ['2016', '2019', '2022', '2025', 'unknown'],
    docs: {
      what:
        'Flags a Switch Embedded Teaming team with more than 8 members, with members of different model (interface description without its "#n" suffix) or driver (provider and version), or with a load-balancing algorithm other than HyperVPort or Dynamic.',
      why:
        'SET supports 1 to 8 identical NICs: same make, model, firmware and driver, and only the HyperVPort and Dynamic algorithms. Mixed members are unsupported, and Azure Stack HCI rejects them; offloads such as RDMA and VMMQ behave differently per member.',
      severity:
        'Error: SET supports 1 to 8 identical NICs with HyperVPort or Dynamic only; anything else is an unsupported configuration that Azure Local rejects.',
      example: { description: 'A SET switch teaming an Intel X710 port with a Mellanox ConnectX-4 Lx port.', files: example(MELLANOX) },
      fixed: { description: 'Two ports of the same X710 card.', files: example(X710[1]) },
      fix: "Remove-VMSwitchTeamMember -VMSwitchName 'SETswitch' -NetAdapterName 'SLOT 3 Port 1'\nAdd-VMSwitchTeamMember -VMSwitchName 'SETswitch' -NetAdapterName 'SLOT 2 Port 2'",
      references: ['SET members: identical NICs, Switch Independent mode only [S3][S9]', 'Mixed NIC models, drivers or speeds in SET [S3]'],
      assumptions: [
        'Model is compared by interface description without the "#n" instance suffix; firmware versions are not in the exports and are not compared.',
        'SET teams and their members are read from Get-VMSwitchTeam and Get-VMSwitch (EmbeddedTeamingEnabled, NetAdapterInterfaceDescriptions), whose output property names are UNCONFIRMED (https://learn.microsoft.com/powershell/module/hyper-v/get-vmswitchteam documents the cmdlet, not its output properties).',
      ],
    },
  },
  check({ host }) {
    const teams = sortedTeams(host, (t) => t.kind === 'set');
    if (teams.length === 0) return { notApplicable: 'no SET team exported (Get-VMSwitchTeam or Get-VMSwitch EmbeddedTeamingEnabled)' };
    const out: RuleReport[] = [];
    for (const t of teams) {
      const members = teamAdapters(host, t);
      if (t.members.length > MAX_MEMBERS) {
        const extra = t.members.slice(MAX_MEMBERS);
        const fix: FixCommand[] = extra.map((m) => ({
          command: `Remove-VMSwitchTeamMember -VMSwitchName ${quotePs(t.name)} -NetAdapterName ${quotePs(m.name)}`,
          disruption: TEAM_CHANGE,
          phase: PHASE.teams,
          effect: { kind: 'team-member-remove', team: t.id, adapter: m.name },
        }));
        out.push({
          target: teamTarget(t),
          property: 'members',
          message: `SET team '${t.name}' has ${t.members.length} members; SET supports 1 to ${MAX_MEMBERS}`,
          evidence: { members: t.members.map((m) => m.name), count: t.members.length, max: MAX_MEMBERS },
          remediation: remediation(`Keep at most ${MAX_MEMBERS} members in '${t.name}':`, fix),
          fix,
          locations: teamLocs(host, t, [t.at['members']]),
        });
      }
      for (const [property, of] of [
        ['model', modelOf],
        ['driver', driverOf],
      ] as const) {
        const vals = members.map((a) => ({ a, v: of(a) })).filter((x): x is { a: Adapter; v: string } => x.v !== undefined);
        const distinct = [...new Set(vals.map((x) => x.v))];
        if (vals.length < 2 || distinct.length === 1) continue;
        out.push({
          target: teamTarget(t),
          property,
          message: `SET team '${t.name}' mixes ${property === 'model' ? 'NIC models' : 'drivers'}: ${vals.map((x) => `'${x.a.name}' ${x.v}`).join(', ')}`,
          evidence: { [property]: vals.map((x) => ({ member: x.a.name, value: x.v })), distinct },
          remediation:
            property === 'model'
              ? `Team only identical NICs in '${t.name}': replace the odd members (Remove-VMSwitchTeamMember / Add-VMSwitchTeamMember -VMSwitchName ${quotePs(t.name)}).`
              : `Install the same driver (and firmware) version on every member of '${t.name}'.`,
          fix: [],
          locations: teamLocs(
            host,
            t,
            vals.map((x) => (property === 'model' ? x.a.at['interfaceDescription'] : x.a.at['driver.version'] ?? x.a.at['driver.provider'])),
          ),
        });
      }
      const lb = t.loadBalancingAlgorithm;
      if (lb !== undefined && !SET_ALGORITHMS.includes(lb.toLowerCase())) {
        const fix: FixCommand[] = [
          {
            command: `Set-VMSwitchTeam -Name ${quotePs(t.name)} -LoadBalancingAlgorithm Dynamic`,
            disruption: TEAM_CHANGE,
            phase: PHASE.teams,
            effect: { kind: 'team-algorithm', team: t.id, algorithm: 'Dynamic' },
          },
        ];
        out.push({
          target: teamTarget(t),
          property: 'loadBalancingAlgorithm',
          message: `SET team '${t.name}' uses load-balancing algorithm ${lb}; SET supports HyperVPort and Dynamic`,
          evidence: { loadBalancingAlgorithm: lb, supported: ['HyperVPort', 'Dynamic'] },
          remediation: remediation(`Use a SET algorithm on '${t.name}':`, fix),
          fix,
          locations: teamLocs(host, t, [t.at['loadBalancingAlgorithm']]),
        });
      }
    }
    return out;
  },
};
