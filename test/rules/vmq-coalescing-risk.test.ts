import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-coalescing-risk.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-coalescing-risk', () => {
  it('fires on a wide VMQ set without interrupt-vector coalescing', () => {
    const h = host()
      .lps(32, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 30, maxProcessors: 8, coalescing: false }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.property).toBe('vmq.interruptVectorCoalescingSupported');
    expect(f.message).toBe(
      'SLOT 2 Port 1: no interrupt-vector coalescing (InterruptVectorCoalescingSupported False) and its VMQ set LPs 2,4,6,8,10,12,14,16 (base 0:2, max 0:30, MaxProcessors 8) spans 8 processors (more than 4)',
    );
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessors 4");
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/InterruptVectorCoalescingSupported');
  });

  it('honours the option', () => {
    const h = host()
      .lps(32, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 30, maxProcessors: 8, coalescing: false }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h, { options: { maxProcessorsWithoutCoalescing: 8 } }))).toEqual([]);
  });

  it('fires on missing dynamic affinity change only on 2012/2012 R2', () => {
    const make = (release: '2012R2' | '2019') =>
      host()
        .release(release)
        .lps(16, true)
        .adapter('NIC1', (a) => a.vmq({ base: 2, maxProcessors: 4, dynamic: false, coalescing: true }))
        .vswitch('vSwitch', ['NIC1'])
        .build();
    const [f] = findings(run(rule, make('2012R2')));
    expect(f.message).toBe(
      'NIC1: this NIC cannot move its queues to other processors (DynamicProcessorAffinityChangeSupported False), so Dynamic VMQ on Windows Server 2012 R2 cannot rebalance them; its queues stay on the processors they started on',
    );
    expect(f.fix).toEqual([]);
    expect(findings(run(rule, make('2019')))).toEqual([]);
  });

  it('stays quiet on a NIC whose vSwitch does not use VMQ (1 GbE without queues or BelowTenGigVmqEnabled=1)', () => {
    const make = (belowTenGig?: number) =>
      host()
        .release('2012R2')
        .lps(32, true)
        .vmsmp({ belowTenGig })
        .adapter('NIC1', (a) => a.speed(1).vmq({ base: 2, max: 30, maxProcessors: 8, coalescing: false, dynamic: false }))
        .vswitch('vSwitch', ['NIC1'])
        .build();
    // Get-NetAdapterVmq says Enabled, but below 10 Gbps the vSwitch leaves VMQ off (domain.md 2 [S4]).
    expect(findings(run(rule, make()))).toEqual([]);
    expect(findings(run(rule, make(1))).map((f) => f.property)).toEqual(['vmq.interruptVectorCoalescingSupported', 'vmq.dynamicProcessorAffinityChangeSupported']);
  });

  it('stays quiet on a NIC that coalesces', () => {
    const h = host()
      .lps(32, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 30, maxProcessors: 8, coalescing: true }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without VMQ data or capability flags', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1').build()))).toBe('no Get-NetAdapterVmq data');
    const h = host().lps(8, true).adapter('NIC1', (a) => a.vmq({ base: 2 })).vswitch('vSwitch', ['NIC1']).build();
    expect(notApplicable(run(rule, h))).toMatch(/^no vSwitch NIC exports InterruptVectorCoalescingSupported/);
  });
});
