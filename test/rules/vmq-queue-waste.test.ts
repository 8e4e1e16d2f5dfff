import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-queue-waste.js';
import type { SimResult, SimVm } from '../../src/sim/types.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const h = host()
  .adapter('SLOT 2 Port 1', (a) => a.vmq({ enabled: true, queues: 2 }))
  .vswitch('vSwitch', ['SLOT 2 Port 1'])
  .vnic('Idle01', 'Network Adapter', 'vSwitch')
  .vnic('Idle02', 'Network Adapter', 'vSwitch')
  .vnic('Busy01', 'Network Adapter', 'vSwitch')
  .build();

function vm(name: string, queue: number, offered: number, extra: Partial<SimVm> = {}): SimVm {
  return {
    vm: name,
    vnic: 'Network Adapter',
    queue,
    lp: 2,
    offeredGbps: offered,
    deliveredGbps: offered,
    limitedBy: 'none',
    vnicId: `${name}\\network adapter`.toLowerCase(),
    isManagementOs: false,
    uplink: 'vSwitch',
    lps: [2],
    ...extra,
  };
}

/** A simulation result with just what the rule reads. */
function sim(vms: SimVm[]): () => SimResult {
  return () => ({ vms, durationSeconds: 60, steadyFromSeconds: 30 }) as unknown as SimResult;
}

describe('vmq-queue-waste', () => {
  it('fires when idle vNICs hold queues and a busy one is limited by the default queue', () => {
    const outcome = run(rule, h, {
      simulation: sim([vm('Idle01', 1, 0.01), vm('Idle02', 2, 0.02), vm('Busy01', 0, 6, { deliveredGbps: 3.5, limitedBy: 'default-queue', defaultReason: 'no-free-queue' })]),
    });
    const [f, ...rest] = findings(outcome);
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toBe(
      "vSwitch 'vSwitch': 2 idle vNICs hold queues (Idle01/Network Adapter 0.01 Gbps, Idle02/Network Adapter 0.02 Gbps) while 1 busy vNIC is on the default queue (Busy01/Network Adapter 6 Gbps)",
    );
    expect(f.evidence).toMatchObject({ busy: [{ vnic: 'Busy01/Network Adapter', limitedBy: 'default-queue', deliveredGbps: 3.5 }] });
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-VMNetworkAdapter -VMName 'Idle01' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'Busy01' -Name 'Network Adapter' -VmqWeight 100",
    ]);
    expect(f.locations[0].file).toBe('Get-VMNetworkAdapter.json');
  });

  it('honours the thresholds', () => {
    const s = sim([vm('Idle01', 1, 0.2), vm('Busy01', 0, 2, { defaultReason: 'no-free-queue' })]);
    expect(findings(run(rule, h, { simulation: s }))).toEqual([]);
    expect(findings(run(rule, h, { simulation: s, options: { idleGbps: 0.5 } }))).toHaveLength(1);
  });

  it('stays quiet when the default queue holds only idle or VMQ-off vNICs', () => {
    const s = sim([vm('Busy01', 1, 6), vm('Idle01', 2, 0.01), vm('Idle02', 0, 0.01, { defaultReason: 'no-free-queue' })]);
    expect(findings(run(rule, h, { simulation: s }))).toEqual([]);
    const off = sim([vm('Idle01', 1, 0.01), vm('Busy01', 0, 6, { limitedBy: 'default-queue', defaultReason: 'vmq-off' })]);
    expect(findings(run(rule, h, { simulation: off }))).toEqual([]);
  });

  it('is not applicable without a simulation', () => {
    expect(notApplicable(run(rule, h))).toBe('needs --traffic or queue statistics');
    expect(rule.meta.needs).toEqual(['traffic']);
  });
});
