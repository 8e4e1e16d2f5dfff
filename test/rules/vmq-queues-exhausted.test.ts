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
      "vSwitch 'vSwitch' has 6 vNICs with VmqWeight > 0 but 4 VM queues (NumberOfReceiveQueues of 'SLOT 2 Port 1' 4); 2 of them will land on the default queue; 5 vNICs of VMs of unknown state counted as running (Get-VM not exported)",
    );
    expect(f.evidence).toMatchObject({ queues: 4, excess: 2, source: 'NumberOfReceiveQueues', suggested: ['VM3/Network Adapter', 'VM1/Network Adapter'] });
    expect(f.evidence?.['unknownState']).toEqual(['VM1/Network Adapter', 'VM2/Network Adapter', 'VM3/Network Adapter', 'VM4/Network Adapter', 'VM5/Network Adapter']);
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-VMNetworkAdapter -VMName 'VM3' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'VM1' -Name 'Network Adapter' -VmqWeight 0",
    ]);
    expect(f.fix?.every((c) => c.phase === 60)).toBe(true);
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/NumberOfReceiveQueues');
  });

  it('suggests the vNICs Get-NetAdapterVmqQueue shows on the default queue, not those that hold queues', () => {
    const mac = (i: number) => `00-15-5D-00-00-0${i}`;
    const b = host()
      .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 2 }).queue(0, [0]).queue(1, [2], 'VM1', mac(1)).queue(2, [4], 'VM2', mac(2)))
      .vswitch('vSwitch', ['NIC1']);
    for (let i = 1; i <= 4; i++) b.vnic(`VM${i}`, 'Network Adapter', 'vSwitch', { macAddress: mac(i) });
    const [f] = findings(run(rule, b.build()));
    expect(f.evidence).toMatchObject({
      suggested: ['VM3/Network Adapter', 'VM4/Network Adapter'],
      holdingQueue: ['VM1/Network Adapter', 'VM2/Network Adapter'],
      onDefaultQueue: ['VM3/Network Adapter', 'VM4/Network Adapter'],
    });
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-VMNetworkAdapter -VMName 'VM3' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'VM4' -Name 'Network Adapter' -VmqWeight 0",
    ]);
    expect(f.fix?.every((c) => c.disruption.includes('already uses the default queue'))).toBe(true);
  });

  it('labels a suggested vNIC that holds a queue as losing it, and matches rows without a MAC by VM name', () => {
    const b = host()
      .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 1 }).queue(1, [2], 'VM2'))
      .vswitch('vSwitch', ['NIC1']);
    b.vnic('VM1', 'Network Adapter', 'vSwitch', { vmqWeight: 50 }).vnic('VM2', 'Network Adapter', 'vSwitch', { vmqWeight: 10 }).vnic('VM3', 'Network Adapter', 'vSwitch', { vmqWeight: 100 });
    const [f] = findings(run(rule, b.build()));
    // VM1 and VM3 hold no queue, so both are suggested before VM2 despite its lower weight.
    expect(f.evidence).toMatchObject({ suggested: ['VM1/Network Adapter', 'VM3/Network Adapter'], holdingQueue: ['VM2/Network Adapter'] });
    const one = host()
      .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: 1 }).queue(1, [2], 'VM1').queue(2, [4], 'VM2'))
      .vswitch('vSwitch', ['NIC1']);
    one.vnic('VM1', 'Network Adapter', 'vSwitch', { vmqWeight: 50 }).vnic('VM2', 'Network Adapter', 'vSwitch');
    const [g] = findings(run(rule, one.build()));
    expect(g.fix?.map((c) => [c.command, c.disruption])).toEqual([
      ["Set-VMNetworkAdapter -VMName 'VM1' -Name 'Network Adapter' -VmqWeight 0", 'none: the vNIC keeps its link; it releases its VM queue and its inbound traffic moves to the default queue'],
    ]);
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

  describe('VM state (Get-VM) and VMMQ queue pairs', () => {
    const base = (vms: number, o: { queues?: number; vmmq?: boolean; pairs?: number; release?: '2016' | '2019' } = {}) => {
      const b = host()
        .release(o.release ?? '2019')
        .adapter('NIC1', (a) => a.vmq({ enabled: true, queues: o.queues ?? 4 }).driver('Mellanox', '3.0'))
        .vswitch('vSwitch', ['NIC1'])
        .vnic(null, 'vSwitch', 'vSwitch');
      for (let i = 1; i <= vms; i++) b.vnic(`VM${i}`, 'Network Adapter', 'vSwitch', o.vmmq ? { vmmqEnabled: true, vmmqQueuePairs: o.pairs ?? 16 } : { vmmqEnabled: false });
      return b;
    };

    it('does not count powered-off or saved VMs', () => {
      const b = base(5).vm('VM1', 'Running', 2).vm('VM2', 'Running', 2).vm('VM3', 'Running', 2).vm('VM4', 'Off', 2).vm('VM5', 'Saved', 2);
      expect(findings(run(rule, b.build()))).toEqual([]);
      // The same host with VM4 running again: 5 vNICs for 4 queues.
      const c = base(5).vm('VM1', 'Running', 2).vm('VM2', 'Running', 2).vm('VM3', 'Running', 2).vm('VM4', 'Running', 2).vm('VM5', 'Saved', 2);
      const [f] = findings(run(rule, c.build()));
      expect(f.message).toBe(
        "vSwitch 'vSwitch' has 5 vNICs with VmqWeight > 0 but 4 VM queues (NumberOfReceiveQueues of 'NIC1' 4); 1 of them will land on the default queue; 1 vNIC of powered-off VMs not counted",
      );
      expect(f.evidence).toMatchObject({ demand: 5, excess: 1, poweredOff: ['VM5/Network Adapter'], unknownState: [] });
    });

    it('counts paused VMs and VMs missing from Get-VM, and says so for the latter', () => {
      const b = base(5).vm('VM1', 'Paused', 2).vm('VM2', 'Running', 2).vm('VM3', 'Running', 2).vm('VM4', 'Running', 2);
      const [f] = findings(run(rule, b.build()));
      expect(f.message).toContain('6 vNICs with VmqWeight > 0 but 4 VM queues');
      expect(f.message).toContain('1 vNIC of VMs of unknown state counted as running (not in Get-VM or state not readable)');
      expect(f.evidence?.['unknownState']).toEqual(['VM5/Network Adapter']);
    });

    it('counts the queue pairs of VMMQ vNICs, bounded by the VM vCPUs', () => {
      // 3 VMMQ VMs of 4 pairs with 8 vCPUs: 12 queues + the host vNIC (VMMQ off) for 8 queues.
      const b = base(3, { queues: 8, vmmq: true, pairs: 4 }).vm('VM1', 'Running', 8).vm('VM2', 'Running', 8).vm('VM3', 'Running', 8);
      b.edit((h) => {
        h.vnics.find((v) => v.isManagementOs)!.vmmqEnabled = false;
      });
      const [f] = findings(run(rule, b.build()));
      expect(f.message).toBe(
        "vSwitch 'vSwitch' has 4 vNICs with VmqWeight > 0 asking for 13 VM queues (3 VMMQ vNICs: VM1/Network Adapter 4, VM2/Network Adapter 4, VM3/Network Adapter 4) but 8 VM queues (NumberOfReceiveQueues of 'NIC1' 8); 5 queues short, so the vNICs that start last land on the default queue",
      );
      // Freeing 5 queues takes two VMMQ vNICs of 4.
      expect(f.evidence).toMatchObject({ demand: 13, excess: 5, suggested: ['VM1/Network Adapter', 'VM2/Network Adapter'] });
      // The same VMs with 2 vCPUs each ask for 2 queues apiece: 7 of 8.
      const small = base(3, { queues: 8, vmmq: true, pairs: 4 }).vm('VM1', 'Running', 2).vm('VM2', 'Running', 2).vm('VM3', 'Running', 2);
      small.edit((h) => {
        h.vnics.find((v) => v.isManagementOs)!.vmmqEnabled = false;
      });
      expect(findings(run(rule, small.build()))).toEqual([]);
    });

    it('counts one queue per vNIC where VMMQ cannot run (inbox driver)', () => {
      const b = base(3, { queues: 4, vmmq: true, pairs: 8 }).vm('VM1', 'Running', 8).vm('VM2', 'Running', 8).vm('VM3', 'Running', 8);
      b.edit((h) => {
        h.adapters[0].driver.provider = 'Microsoft';
      });
      expect(findings(run(rule, b.build()))).toEqual([]);
    });
  });
});
