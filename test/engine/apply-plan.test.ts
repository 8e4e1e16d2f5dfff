/** src/engine/apply-plan.ts: each effect kind changes the model copy the way the command would. */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply-plan.js';
import type { FixCommand, FixEffect } from '../../src/engine/types.js';
import { host } from '../helpers/host-builder.js';

const cmd = (effect: FixEffect, command = 'x'): FixCommand => ({ command, disruption: 'x', phase: 20, effect });

describe('applyPlan', () => {
  const base = () =>
    host('HV1')
      .release('2019')
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }).rss({ base: 0, max: 14, maxProcessors: 4, processorArray: [0, 2] }).adv('*RssBaseProcNumber', '0').queue(1, [0], 'VM1'))
      .adapter('NIC2', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }).adv('*VMQ', '1', { type: 'REG_DWORD', meta: { displayName: 'VMQ', paramType: 'enum', validValues: ['0', '1'] } }))
      .lbfo('Team1', ['NIC1', 'NIC2'])
      .vswitch('vSwitch', ['Team1'])
      .vnic(null, 'vSwitch', 'vSwitch')
      .vnic('VM1', 'Network Adapter', 'vSwitch')
      .build();

  it('copies the host and leaves the input alone; a command without an effect is refused', () => {
    const h = base();
    const before = JSON.stringify(h);
    const after = applyPlan(h, [cmd({ kind: 'processors', adapter: 'NIC1', via: 'vmq', values: { baseNumber: 2 } })]);
    expect(JSON.stringify(h)).toBe(before);
    expect(after.adapters[0].vmq?.baseProcessorNumber).toBe(2);
    expect(() => applyPlan(h, [{ command: 'Get-Date', disruption: 'none', phase: 10 }])).toThrow(/without a model effect/);
  });

  it('a processor change writes the VMQ, RSS and keyword views and forgets the old placement', () => {
    const a = applyPlan(base(), [cmd({ kind: 'processors', adapter: 'NIC1', via: 'vmq', values: { baseNumber: 2, maxProcessors: 3 } })]).adapters[0];
    expect([a.vmq?.baseProcessorNumber, a.rss?.baseProcessorNumber, a.advanced['*rssbaseprocnumber'].value]).toEqual([2, 2, '2']);
    expect([a.vmq?.maxProcessors, a.rss?.maxProcessors]).toEqual([3, 3]);
    expect(a.rss?.processorArray).toBeUndefined();
    expect(a.queues[0].processors).toBeUndefined();
  });

  it('a retype keeps the keyword metadata and stores the new type', () => {
    const h = applyPlan(base(), [
      cmd({ kind: 'advanced', adapter: 'NIC2', keyword: '*VMQ', value: null }),
      cmd({ kind: 'advanced', adapter: 'NIC2', keyword: '*VMQ', value: '1', type: 'REG_SZ' }),
    ]);
    const p = h.adapters[1].advanced['*vmq'];
    expect(p.type).toBe('REG_SZ');
    expect(p.observed.every((o) => o.type === 'REG_SZ')).toBe(true);
    expect(p.meta?.validValues).toEqual(['0', '1']);
  });

  it('LBFO -> SET: the switch is re-created on the members as a SET team and its vNICs come back', () => {
    const h0 = base();
    const sw = h0.switches[0];
    const vm = h0.vnics.find((v) => !v.isManagementOs)!;
    const h = applyPlan(h0, [
      cmd({ kind: 'switch-remove', switch: sw.id }),
      cmd({ kind: 'team-remove', team: 'Team1' }),
      cmd({ kind: 'switch-create', switch: sw.id, name: 'vSwitch', uplinks: ['NIC1', 'NIC2'], embeddedTeaming: true, allowManagementOS: true }),
      cmd({ kind: 'vnic-connect', vnic: vm.id, switch: sw.id }),
    ]);
    expect(h.teams.map((t) => [t.kind, t.queueMode, t.members.map((m) => m.name)])).toEqual([['set', 'sum', ['NIC1', 'NIC2']]]);
    expect(h.adapters.map((a) => a.name)).toEqual(['NIC1', 'NIC2']);
    expect(h.switches[0].uplinks).toEqual(h.adapters.map((a) => a.id));
    expect(h.vnics.every((v) => v.switchId === sw.id)).toBe(true);
  });

  it('VMQ off frees the VM queues; VmqWeight, VMSMP and switch settings land where the model keeps them', () => {
    const h0 = base();
    const h = applyPlan(h0, [
      cmd({ kind: 'offload', adapter: 'NIC1', feature: 'vmq', enabled: false }),
      cmd({ kind: 'vmq-weight', vnic: h0.vnics[1].id, value: 0 }),
      cmd({ kind: 'vmsmp', name: 'belowTenGigVmqEnabled', value: 0 }),
      cmd({ kind: 'switch-settings', switch: h0.switches[0].id, defaultQueueVmmqEnabled: true, defaultQueueVmmqQueuePairs: 4 }),
    ]);
    expect(h.adapters[0].vmq?.enabled).toBe(false);
    expect(h.adapters[0].queues).toEqual([]);
    expect(h.vnics[1].vmqWeight).toBe(0);
    expect(h.vmsmp.belowTenGigVmqEnabled).toBe(0);
    expect([h.switches[0].defaultQueueVmmqEnabled, h.switches[0].defaultQueueVmmqQueuePairs]).toEqual([true, 4]);
  });
});
