import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/team-member-mismatch.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const meta = { displayName: 'Interrupt Moderation', paramType: 'enum' as const, validValues: ['0', '1'] };

describe('team-member-mismatch', () => {
  it('fires on an advanced property that differs between SET members', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.adv('*InterruptModeration', '1', { meta }))
      .adapter('SLOT 2 Port 2', (a) => a.adv('*InterruptModeration', '0', { meta }))
      .setSwitch('SETswitch', ['SLOT 2 Port 1', 'SLOT 2 Port 2'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'team', name: 'SETswitch' });
    expect(f.property).toBe('*InterruptModeration');
    expect(f.message).toBe(
      "Team 'SETswitch' (SET HyperVPort): members differ in *InterruptModeration (Interrupt Moderation): 'SLOT 2 Port 1' = 1, 'SLOT 2 Port 2' = 0",
    );
    expect(f.fix).toMatchObject([
      {
        command: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 2' -RegistryKeyword '*InterruptModeration' -RegistryValue 1",
        disruption: 'adapter restart: link drops for a few seconds',
        phase: 30,
      },
    ]);
    expect(f.locations.map((l) => l.file)).toContain('Get-NetAdapterAdvancedProperty.json');
  });

  it('fires on link speed, and on LBFO driver and model differences', () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(10).description('Intel(R) Ethernet Controller X710 for 10GbE SFP+').driver('Intel', '1.12.171.0'))
      .adapter('NIC2', (a) => a.speed(1).description('Broadcom NetXtreme Gigabit Ethernet #2').driver('Broadcom', '214.0.0.0'))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'Dynamic')
      .build();
    const fs = findings(run(rule, h));
    expect(fs.map((f) => f.property)).toEqual(['linkSpeed', 'driver', 'model']);
    expect(fs[0].message).toBe("Team 'Team1' (LBFO SwitchIndependent/Dynamic): members differ in link speed: 'NIC1' 10 Gbps, 'NIC2' 1 Gbps");
    expect(fs[1].message).toBe("Team 'Team1' (LBFO SwitchIndependent/Dynamic): members differ in driver: 'NIC1' Intel 1.12.171.0, 'NIC2' Broadcom 214.0.0.0");
  });

  it('does not compare what other rules own, or SET driver/model', () => {
    const h = host()
      .adapter('NIC1', (a) =>
        a.adv('*JumboPacket', '9014').adv('*RssBaseProcNumber', '2').adv('VlanID', '0').adv('*VMQ', '1').driver('Intel', '1.0').description('X710'),
      )
      .adapter('NIC2', (a) =>
        a.adv('*JumboPacket', '1514').adv('*RssBaseProcNumber', '8').adv('VlanID', '12').adv('*VMQ', '0').driver('Intel', '2.0').description('X710 #2'),
      )
      .setSwitch('SETswitch', ['NIC1', 'NIC2'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('compares numbers numerically', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*ReceiveBuffers', '512'))
      .adapter('NIC2', (a) => a.adv('*ReceiveBuffers', '0x200'))
      .lbfo('Team1', ['NIC1', 'NIC2'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without a team', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1').build()))).toBe('no team exported (Get-NetLbfoTeam or Get-VMSwitchTeam)');
  });
});
