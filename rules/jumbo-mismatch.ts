/**
 * `*JumboPacket` differing across team members or a switch's uplinks, or a RoCE frame size above
 * it ([D7][D9][S6] in docs/references.md).
 */
import type { Adapter, Host } from '../src/model/host.js';
import type { Rule, RuleReport, Target } from '../src/engine/types.js';
import { adapterTarget, switchTarget, teamTarget } from '../src/engine/targets.js';
import { physicalUplinks } from '../src/model/queues.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setAdvanced } from './lib/fix.js';
import { advanced, numericKeyword, valueProblem } from './lib/keywords.js';
import { locate } from './lib/locations.js';
import { byName, teamAdapters } from './lib/topology.js';
import { sortedTeams } from './lib/teams.js';
import { maxOf } from '../src/model/bulk.js';

const ROCE_SIZES = [256, 512, 1024, 2048, 4096];

function example(second: string): Record<string, string> {
  const meta = { DisplayName: 'Jumbo Packet', ValidRegistryValues: ['1514', '4088', '9014'], DefaultRegistryValue: '1514' };
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(...X710)
    .advanced(X710[0].name, '*JumboPacket', '9014', { ...meta, DisplayValue: '9014 Bytes' })
    .advanced(X710[1].name, '*JumboPacket', second, { ...meta, DisplayValue: `${second} Bytes` })
    .vmSwitch('SETswitch', [X710[0].name, X710[1].name])
    .setTeam('SETswitch', [X710[0].name, X710[1].name])
    .files();
}

/** Groups of NICs that must agree: team members, and the uplinks of a switch without a team. */
function groups(host: Host): { target: Target; label: string; members: Adapter[] }[] {
  const out: { target: Target; label: string; members: Adapter[] }[] = [];
  for (const t of sortedTeams(host)) out.push({ target: teamTarget(t), label: `team '${t.name}'`, members: teamAdapters(host, t) });
  for (const sw of byName(host.switches)) {
    if (sw.teamId !== undefined) continue;
    out.push({ target: switchTarget(sw), label: `vSwitch '${sw.name}' uplinks`, members: physicalUplinks(host, sw) });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'jumbo-mismatch',
    title: 'Jumbo frame size differs across members, or RoCE frames exceed it',
    category: 'teaming',
    defaultSeverity: 'warning',
    docs: {
      what:
        'Flags *JumboPacket values that differ (compared as numbers) between the members of a team or the uplinks of one vSwitch, and a NIC whose *NetworkDirectRoCEFrameSize is larger than its *JumboPacket while NetworkDirect is not off.',
      why:
        'Keep *JumboPacket consistent across team members and the path: a flow that lands on the member with the smaller frame size is dropped or fragmented, so large transfers fail intermittently depending on which member carries them. RoCE frames must fit in the NIC\'s frame size, or RDMA traffic fails.',
      severity:
        'Warning: flows that land on the smaller frame size are fragmented or dropped, a measurable loss for large transfers; Windows itself runs as configured.',
      example: { description: 'A SET team with *JumboPacket 9014 on one member and 1514 on the other.', files: example('1514') },
      fixed: { description: 'Both members at 9014.', files: example('9014') },
      fix: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 2' -RegistryKeyword '*JumboPacket' -RegistryValue 9014",
      references: ['Jumbo frames must match end to end [D9]', '*JumboPacket and *NetworkDirectRoCEFrameSize [D7][D9][S6]'],
      assumptions: ['The fix raises the smaller members to the largest value in the group, on the view that jumbo frames are the intent; lower the others instead if the path does not carry jumbo frames.'],
    },
  },
  check({ host }) {
    const withJumbo = host.adapters.filter((a) => numericKeyword(a, '*JumboPacket') !== undefined);
    if (withJumbo.length === 0) return { notApplicable: 'no *JumboPacket exported (Get-NetAdapterAdvancedProperty)' };
    const out: RuleReport[] = [];
    for (const g of groups(host)) {
      const vals = g.members.map((a) => ({ a, j: numericKeyword(a, '*JumboPacket') })).filter((x) => x.j !== undefined) as { a: Adapter; j: NonNullable<ReturnType<typeof numericKeyword>> }[];
      if (vals.length < 2 || new Set(vals.map((x) => x.j.value)).size === 1) continue;
      // An invalid *JumboPacket is registry-value-invalid's finding; fixing it settles the difference too.
      if (vals.some((x) => valueProblem(x.j.prop) !== undefined)) continue;
      const max = maxOf(vals.map((x) => x.j.value));
      const fix = vals.filter((x) => x.j.value !== max).map((x) => setAdvanced(x.a, '*JumboPacket', max));
      out.push({
        target: g.target,
        property: '*JumboPacket',
        message: `*JumboPacket differs across ${g.label}: ${vals.map((x) => `'${x.a.name}' ${x.j.value}`).join(', ')}`,
        evidence: { values: vals.map((x) => ({ adapter: x.a.name, jumboPacket: x.j.value, registryValue: x.j.prop.value })), proposed: max },
        remediation: remediation(`Give every NIC of ${g.label} the same *JumboPacket (the path must carry it too):`, fix),
        fix,
        locations: locate(host, vals.map((x) => x.j.prop.at), [g.members[0]?.at]),
      });
    }
    for (const a of byName(host.adapters)) {
      const jumbo = numericKeyword(a, '*JumboPacket');
      const roce = numericKeyword(a, '*NetworkDirectRoCEFrameSize');
      if (!jumbo || !roce || roce.value <= jumbo.value) continue;
      if (numericKeyword(a, '*NetworkDirect')?.value === 0) continue;
      const fitting = ROCE_SIZES.filter((s) => s <= jumbo.value);
      const fix = fitting.length > 0 ? [setAdvanced(a, '*NetworkDirectRoCEFrameSize', fitting[fitting.length - 1])] : [];
      out.push({
        target: adapterTarget(a),
        property: '*NetworkDirectRoCEFrameSize',
        message: `${a.name}: *NetworkDirectRoCEFrameSize ${roce.value} is larger than *JumboPacket ${jumbo.value}`,
        evidence: { roceFrameSize: roce.value, jumboPacket: jumbo.value, networkDirect: advanced(a, '*NetworkDirect')?.value ?? null },
        remediation: remediation(`Lower the RoCE frame size of '${a.name}' to fit *JumboPacket, or raise *JumboPacket:`, fix),
        fix,
        locations: locate(host, [roce.prop.at, jumbo.prop.at], [a.at]),
      });
    }
    return out;
  },
};
