import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-on-slow-nic.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-on-slow-nic', () => {
  it('fires on a 1 GbE uplink with queues allocated to VMs', () => {
    const h = host()
      .release('2012R2')
      .adapter('Embedded LOM 1 Port 1', (a) => a.speed(1).vmq({ enabled: true }).queue(0, [2]).queue(1, [4], 'VM1'))
      .vswitch('vSwitch', ['Embedded LOM 1 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'Embedded LOM 1 Port 1' });
    expect(f.message).toBe(
      "Embedded LOM 1 Port 1 (1 Gbps) under vSwitch 'vSwitch' uses VMQ (queues are allocated on the NIC); below 10 Gbps one core keeps up and the vSwitch leaves VMQ off by default",
    );
    expect(f.fix?.map((c) => c.command)).toEqual(["Disable-NetAdapterVmq -Name 'Embedded LOM 1 Port 1'"]);
    expect(f.locations.map((l) => l.file)).toContain('Get-NetAdapterVmqQueue.json');
  });

  it('fires on VMQ enabled with BelowTenGigVmqEnabled=1 and fixes both', () => {
    const h = host()
      .vmsmp({ belowTenGig: 1 })
      .adapter('NIC1', (a) => a.speed(1).vmq({ enabled: true }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.evidence).toMatchObject({ inUseBecause: 'VMQ enabled on the NIC and VMSMP BelowTenGigVmqEnabled=1' });
    expect(f.fix?.map((c) => c.phase)).toEqual([30, 10]);
    expect(f.fix?.[1].command).toContain("-Name 'BelowTenGigVmqEnabled' -Value 0");
  });

  it('stays quiet when Get-NetAdapterVmq says enabled but the vSwitch leaves VMQ off', () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(1).vmq({ enabled: true }).queue(0, [2]))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable when no vSwitch NIC has a known speed', () => {
    const h = host()
      .adapter('NIC1', (a) => a.vmq({ enabled: true }))
      .edit((x) => delete x.adapters[0].linkSpeedBps)
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(notApplicable(run(rule, h))).toBe('link speed unknown for every vSwitch NIC (needs Get-NetAdapter LinkSpeed)');
  });
});
