/**
 * A VLAN ID set in the advanced properties of a NIC under a vSwitch or a team; tagging belongs in
 * the vSwitch ([S1] in docs/references.md).
 */
import type { Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setAdvanced } from './lib/fix.js';
import { isVlanIdKeyword, parseNumber } from './lib/keywords.js';
import { locate } from './lib/locations.js';
import { byName, switchOf, teamOf } from './lib/topology.js';

function example(vlan: string): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .advanced(X710[0].name, 'VlanID', vlan, { DisplayName: 'VLAN ID', DisplayValue: vlan, NumericParameterMinValue: '0', NumericParameterMaxValue: '4094', DefaultRegistryValue: '0' })
    .vmSwitch('vSwitch', [X710[0].name])
    .files();
}

export const rule: Rule = {
  meta: {
    id: 'vlan-on-vswitch-member',
    title: 'VLAN ID set on a vSwitch or team NIC',
    category: 'switch',
    defaultSeverity: 'warning',
    docs: {
      what: 'Flags a physical NIC under a vSwitch or in a team whose advanced properties set a VLAN ID (the vendor keyword VlanID / VLAN ID) to anything but 0.',
      why:
        'A VLAN filter on the physical NIC drops every frame of the other VLANs, including those the vSwitch ports and team NICs expect; with a team, members may even disagree. Microsoft\'s guidance: put switch ports in trunk mode, set no VLAN in NIC advanced properties, and do all tagging in the vSwitch when a team sits under it.',
      severity:
        'Warning: frames of other VLANs are filtered by the NIC, so the VMs and host vNICs on those VLANs are likely to lose traffic; the loss depends on which VLANs are in use.',
      example: { description: 'A vSwitch uplink with VlanID 20 in its advanced properties.', files: example('20') },
      fixed: { description: 'The same NIC with VlanID 0; the VLAN is set on the vSwitch port instead.', files: example('0') },
      fix: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword 'VlanID' -RegistryValue 0\nSet-VMNetworkAdapterVlan -ManagementOS -VMNetworkAdapterName 'vSwitch' -Access -VlanId 20",
      references: ['VLANs on LBFO team members under a vSwitch [S1]', 'VLAN set on a pNIC or tNIC under a vSwitch [S1]'],
      assumptions: ['VLAN ID keywords are vendor-specific (no standardized keyword exists); VlanID, VLAN_ID and VLAN are recognised, case-insensitively.'],
    },
  },
  check({ host }) {
    const nics = byName(host.adapters).filter((a) => a.kind === 'physical' && (switchOf(host, a) !== undefined || teamOf(host, a) !== undefined));
    if (nics.length === 0) return { notApplicable: 'no physical NIC under a vSwitch or in a team' };
    const out: RuleReport[] = [];
    for (const a of nics) {
      for (const p of Object.values(a.advanced)) {
        if (!isVlanIdKeyword(p.keyword) || p.value === null || p.fromDefault) continue;
        const id = parseNumber(p.value);
        if (id === 0 || p.value.trim() === '') continue;
        const sw = switchOf(host, a);
        const team = teamOf(host, a);
        const under = [sw ? `vSwitch '${sw.name}'` : '', team ? `team '${team.name}'` : ''].filter(Boolean).join(' and ');
        const fix = [setAdvanced(a, p.keyword, 0)];
        out.push({
          target: adapterTarget(a),
          property: p.keyword,
          // The keyword is the finding's property, which every report prints beside the message.
          message: `${a.name} is under ${under} but sets VLAN ID ${p.value.trim()} in its advanced properties`,
          evidence: { keyword: p.keyword, vlanId: id ?? p.value, switch: sw?.name ?? null, team: team?.name ?? null },
          remediation: remediation(
            `Clear the NIC-level VLAN on '${a.name}' and tag in the vSwitch instead (Set-VMNetworkAdapterVlan on the vNICs that need VLAN ${p.value.trim()}):`,
            fix,
          ),
          fix,
          locations: locate(host, [p.at], [a.at]),
        });
      }
    }
    return out;
  },
};
