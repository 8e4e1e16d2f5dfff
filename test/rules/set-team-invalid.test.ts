import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/set-team-invalid.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('set-team-invalid', () => {
  it('fires on mixed models and drivers', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.description('Intel(R) Ethernet Controller X710 for 10GbE SFP+').driver('Intel', '1.12.171.0'))
      .adapter('SLOT 3 Port 1', (a) => a.description('Mellanox ConnectX-4 Lx Ethernet Adapter').driver('Mellanox', '3.0.25668.0'))
      .setSwitch('SETswitch', ['SLOT 2 Port 1', 'SLOT 3 Port 1'])
      .build();
    const fs = findings(run(rule, h));
    expect(fs.map((f) => f.property)).toEqual(['model', 'driver']);
    expect(fs[0].target).toMatchObject({ kind: 'team', name: 'SETswitch' });
    expect(fs[0].message).toBe(
      "SET team 'SETswitch' mixes NIC models: 'SLOT 2 Port 1' Intel(R) Ethernet Controller X710 for 10GbE SFP+, 'SLOT 3 Port 1' Mellanox ConnectX-4 Lx Ethernet Adapter",
    );
    expect(fs[1].evidence).toMatchObject({ distinct: ['Intel 1.12.171.0', 'Mellanox 3.0.25668.0'] });
  });

  it('fires on more than 8 members and on an address-hash algorithm', () => {
    const b = host();
    const names = Array.from({ length: 9 }, (_, i) => `NIC${i + 1}`);
    for (const n of names) b.adapter(n);
    b.setSwitch('SETswitch', names, { lb: 'TransportPorts' });
    const fs = findings(run(rule, b.build()));
    expect(fs.map((f) => f.property)).toEqual(['members', 'loadBalancingAlgorithm']);
    expect(fs[0].message).toBe("SET team 'SETswitch' has 9 members; SET supports 1 to 8");
    expect(fs[0].fix?.map((c) => c.command)).toEqual(["Remove-VMSwitchTeamMember -VMSwitchName 'SETswitch' -NetAdapterName 'NIC9'"]);
    expect(fs[1].fix?.[0]).toMatchObject({ command: "Set-VMSwitchTeam -Name 'SETswitch' -LoadBalancingAlgorithm Dynamic", phase: 40 });
  });

  it('stays quiet on identical members differing only by #n', () => {
    const h = host()
      .adapter('P1', (a) => a.description('Intel(R) Ethernet Controller X710 for 10GbE SFP+').driver('Intel', '1.12.171.0'))
      .adapter('P2', (a) => a.description('Intel(R) Ethernet Controller X710 for 10GbE SFP+ #2').driver('Intel', '1.12.171.0'))
      .setSwitch('SETswitch', ['P1', 'P2'], { lb: 'Dynamic' })
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without a SET team', () => {
    const h = host().adapter('A').adapter('B').lbfo('T', ['A', 'B']).build();
    expect(notApplicable(run(rule, h))).toBe('no SET team exported (Get-VMSwitchTeam or Get-VMSwitch EmbeddedTeamingEnabled)');
  });
});
