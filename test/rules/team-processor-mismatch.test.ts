import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/team-processor-mismatch.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('team-processor-mismatch', () => {
  it('fires on a Min-Queues team whose members use different sets', () => {
    const h = host()
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }))
      .adapter('SLOT 2 Port 2', (a) => a.vmq({ base: 6, max: 14, maxProcessors: 4 }))
      .lbfo('Team1', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], 'Lacp', 'TransportPorts')
      .vswitch('vSwitch', ['Team1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'team', name: 'Team1' });
    expect(f.message).toBe(
      "Team 'Team1' (LBFO Lacp/TransportPorts, Min-Queues): member processor sets differ: 'SLOT 2 Port 1' LPs 2,4,6,8, 'SLOT 2 Port 2' LPs 6,8,10,12",
    );
    expect(f.evidence).toMatchObject({ reference: 'SLOT 2 Port 1', differing: ['SLOT 2 Port 2'] });
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 2 -MaxProcessorNumber 14 -MaxProcessors 4"]);
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 2/BaseProcessorNumber');
  });

  it('copies a set that avoids core 0', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 4, max: 14, maxProcessors: 4 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'Static', 'IPAddresses')
      .build();
    const [f] = findings(run(rule, h));
    expect(f.evidence).toMatchObject({ reference: 'NIC2', differing: ['NIC1'] });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 4 -MaxProcessorNumber 14 -MaxProcessors 4");
  });

  it('stays quiet when the members spread over the same LPs', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 2, max: 15, maxProcessors: 4 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'Lacp', 'Dynamic')
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable to Sum-of-Queues teams', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2 }))
      .adapter('NIC2', (a) => a.vmq({ base: 8 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'Dynamic')
      .build();
    expect(notApplicable(run(rule, h))).toBe('no Min-Queues team (LBFO Static, LACP, or Switch-Independent with address hashing)');
  });
});
