import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/team-processor-mismatch.js';
import type { Release } from '../../src/model/host.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

/** An LACP/TransportPorts team of two 10 GbE NICs under vSwitch 'vSwitch'. */
function minHost(release: Release, secondBase: number) {
  return host()
    .release(release)
    .lps(16, true)
    .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }))
    .adapter('SLOT 2 Port 2', (a) => a.vmq({ base: secondBase, max: 14, maxProcessors: 4 }))
    .lbfo('Team1', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], 'Lacp', 'TransportPorts')
    .vswitch('vSwitch', ['Team1'])
    .build();
}

describe('team-processor-mismatch', () => {
  it('fires as an error on a Min-Queues team under a vSwitch on 2012 R2 whose members use different sets (event 106)', () => {
    const [f, ...rest] = findings(run(rule, minHost('2012R2', 6)));
    expect(rest).toHaveLength(0);
    expect(f.severity).toBe('error');
    expect(f.target).toMatchObject({ kind: 'team', name: 'Team1' });
    expect(f.message).toBe(
      "Team 'Team1' (LBFO Lacp/TransportPorts, Min-Queues): member processor sets differ: 'SLOT 2 Port 1' LPs 2,4,6,8, 'SLOT 2 Port 2' LPs 6,8,10,12",
    );
    expect(f.evidence).toMatchObject({ reference: 'SLOT 2 Port 1', differing: ['SLOT 2 Port 2'] });
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 2 -MaxProcessorNumber 14 -MaxProcessors 4"]);
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 2/BaseProcessorNumber');
  });

  it('is an error on 2012 and 2012 R2, a warning on later and unknown releases', () => {
    for (const release of ['2012', '2012R2', '2016', '2019', '2022', 'unknown'] as Release[]) {
      const [f] = findings(run(rule, minHost(release, 6)));
      expect(`${release}:${f.severity}`).toBe(`${release}:${release.startsWith('2012') ? 'error' : 'warning'}`);
    }
  });

  it('copies a set that avoids core 0', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 4, max: 14, maxProcessors: 4 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'Static', 'IPAddresses')
      .vswitch('vSwitch', ['Team1'])
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
      .vswitch('vSwitch', ['Team1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it("stays quiet on the performance-tuning guide's Min example configurations (each NIC 2,3 and 2,7)", () => {
    // Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ: "Min example configuration" (*RssBaseProcNumber,*MaxRssProcessors).
    for (const [lps, count] of [
      [8, 3],
      [16, 7],
    ]) {
      const h = host()
        .release('2012R2')
        .lps(lps, true)
        .adapter('NIC1', (a) => a.vmq({ enabled: true }).adv('*RssBaseProcNumber', '2').adv('*MaxRssProcessors', String(count)))
        .adapter('NIC2', (a) => a.vmq({ enabled: true }).adv('*RssBaseProcNumber', '2').adv('*MaxRssProcessors', String(count)))
        .lbfo('Team1', ['NIC1', 'NIC2'], 'Lacp', 'Dynamic')
        .vswitch('vSwitch', ['Team1'])
        .build();
      expect(findings(run(rule, h))).toEqual([]);
    }
  });

  it('is not applicable to a host-only team or to a vSwitch on 1 GbE members, naming the team', () => {
    const hostOnly = host()
      .release('2012R2')
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14 }))
      .adapter('NIC2', (a) => a.vmq({ base: 6, max: 14 }))
      .lbfo('Mgmt', ['NIC1', 'NIC2'], 'Lacp', 'TransportPorts')
      .adapter('NIC3')
      .vswitch('vSwitch', ['NIC3'])
      .build();
    expect(notApplicable(run(rule, hostOnly))).toMatch(/^team 'Mgmt' is not bound to a Hyper-V vSwitch/);
    const slow = host()
      .release('2012R2')
      .lps(16, true)
      .adapter('NIC1', (a) => a.speed(1).vmq({ base: 2, max: 14 }))
      .adapter('NIC2', (a) => a.speed(1).vmq({ base: 6, max: 14 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'Lacp', 'TransportPorts')
      .vswitch('vSwitch', ['Team1'])
      .build();
    expect(notApplicable(run(rule, slow))).toBe("vSwitch 'vSwitch' does not use VMQ on the members of team 'Team1' ('NIC1', 'NIC2': the vSwitch leaves VMQ off below 10 Gbps)");
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
