import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-queues-exhausted.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-queues-exhausted', () => {
  it('fires when more vNICs want a queue than the NIC offers', () => {
    const b = host()
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ enabled: true, queues: 4 }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .vnic(null, 'vSwitch', 'vSwitch');
    for (let i = 1; i <= 5; i++) b.vnic(`VM${i}`, 'Network Adapter', 'vSwitch', { vmqWeight: i === 3 ? 50 : 100 });
    b.vnic('VM6', 'Network Adapter', 'vSwitch', { vmqWeight: 0 });
    const [f, ...rest] = findings(run(rule, b.build()));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toBe(
      "vSwitch 'vSwitch' has 6 vNICs with VmqWeight > 0 but 4 VM queues (NumberOfReceiveQueues of 'SLOT 2 Port 1' 4); 2 of them will land on the default queue",
    );
    expect(f.evidence).toMatchObject({ queues: 4, excess: 2, source: 'NumberOfReceiveQueues', suggested: ['VM3/Network Adapter', 'VM1/Network Adapter'] });
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-VMNetworkAdapter -VMName 'VM3' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'VM1' -Name 'Network Adapter' -VmqWeight 0",
    ]);
    expect(f.fix?.every((c) => c.phase === 60)).toBe(true);
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/NumberOfReceiveQueues');
  });

  it('sums member queues of a Sum-of-Queues team and takes the minimum of a Min-Queues team', () => {
    const make = (mode: string, lb: string) => {
      const b = host()
        .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 2 }))
        .adapter('NIC2', (a) => a.vmq({ enabled: true, queues: 3 }))
        .lbfo('Team1', ['NIC1', 'NIC2'], mode, lb)
        .vswitch('vSwitch', ['Team1']);
      for (let i = 1; i <= 4; i++) b.vnic(`VM${i}`, 'Network Adapter', 'vSwitch');
      return b.build();
    };
    expect(findings(run(rule, make('SwitchIndependent', 'Dynamic')))).toEqual([]);
    const [f] = findings(run(rule, make('Lacp', 'TransportPorts')));
    expect(f.message).toContain("but 2 VM queues (Min-Queues: the smallest of 'NIC1' 2, 'NIC2' 3); 2 of them");
  });

  it('prefers AvailableVMQueues when exported', () => {
    const b = host()
      .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 30 }))
      .vswitch('vSwitch', ['NIC1'], { availableVMQueues: 1 });
    b.vnic('VM1', 'Network Adapter', 'vSwitch').vnic('VM2', 'Network Adapter', 'vSwitch');
    const [f] = findings(run(rule, b.build()));
    expect(f.evidence).toMatchObject({ queues: 1, source: 'AvailableVMQueues' });
    expect(f.locations[0].pointer).toBe('/vSwitch/AvailableVMQueues');
  });

  it('stays quiet when every eligible vNIC gets a queue', () => {
    const b = host().adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 4 })).vswitch('vSwitch', ['NIC1']);
    for (let i = 1; i <= 4; i++) b.vnic(`VM${i}`, 'Network Adapter', 'vSwitch');
    expect(findings(run(rule, b.build()))).toEqual([]);
  });

  it('is not applicable when VMQ is off or the queue count is unknown', () => {
    const off = host().adapter('NIC1', (a) => a.speed(1).vmq({ enabled: true, queues: 4 })).vswitch('vSwitch', ['NIC1']).vnic('VM1', 'A', 'vSwitch').build();
    expect(notApplicable(run(rule, off))).toBe("'vSwitch': VMQ is off on its uplinks");
    const unknown = host().adapter('NIC1', (a) => a.vmq({ enabled: true })).vswitch('vSwitch', ['NIC1']).vnic('VM1', 'A', 'vSwitch').build();
    expect(notApplicable(run(rule, unknown))).toMatch(/queue count not exported/);
    expect(notApplicable(run(rule, host().build()))).toBe('no external vSwitch exported (Get-VMSwitch)');
  });
});
