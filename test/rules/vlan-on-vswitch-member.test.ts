import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vlan-on-vswitch-member.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vlan-on-vswitch-member', () => {
  it('fires on a VLAN ID on a vSwitch uplink', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.adv('VlanID', '20'))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.property).toBe('VlanID');
    // The keyword is the property, which reports print after the message; the message does not repeat it.
    expect(f.message).toBe("SLOT 2 Port 1 is under vSwitch 'vSwitch' but sets VLAN ID 20 in its advanced properties");
    expect(f.property).toBe('VlanID');
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword 'VlanID' -RegistryValue 0");
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/VlanID/RegistryValue');
  });

  it('fires on a team member outside any vSwitch', () => {
    const h = host().adapter('A', (a) => a.adv('VLANID', '7')).adapter('B').lbfo('Team1', ['A', 'B']).build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe("A is under team 'Team1' but sets VLAN ID 7 in its advanced properties");
    expect(f.property).toBe('VLANID');
  });

  it('stays quiet on VLAN 0 and on NICs outside switches and teams', () => {
    const h = host()
      .adapter('A', (a) => a.adv('VlanID', '0'))
      .adapter('Mgmt', (a) => a.adv('VlanID', '30'))
      .vswitch('vSwitch', ['A'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without a vSwitch or team', () => {
    expect(notApplicable(run(rule, host().adapter('A', (a) => a.adv('VlanID', '30')).build()))).toBe('no physical NIC under a vSwitch or in a team');
  });
});
