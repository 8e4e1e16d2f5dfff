import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../src/sim/topology.js';
import { defaultParams } from '../../src/sim/params.js';
import { linkSpeed, vmqSetting, vmqUse } from '../../src/model/vmq-state.js';
import { vmqUse as ruleVmqUse } from '../../rules/lib/vmq.js';
import { linkSpeed as ruleLinkSpeed } from '../../rules/lib/links.js';
import { host } from '../helpers/host-builder.js';

const nic = (h: ReturnType<typeof host>) => h.build().adapters[0];

describe('vmqSetting', () => {
  it('either the cmdlet or *VMQ=0 turns VMQ off, and only the disabling facts are kept', () => {
    const a = nic(host().adapter('NIC1', (x) => x.vmq({ enabled: true }).adv('*VMQ', '0')));
    const s = vmqSetting(a);
    expect(s.enabled).toBe(false);
    expect(s.facts.map((f) => f.source)).toEqual(['*VMQ']);
  });

  it('is undefined when neither source was exported', () => {
    expect(vmqSetting(nic(host().adapter('NIC1'))).enabled).toBeUndefined();
  });
});

describe('linkSpeed', () => {
  it('reads Get-NetAdapter, else a forced *SpeedDuplex in Mbps, never an enumeration code', () => {
    expect(linkSpeed(nic(host().adapter('NIC1', (x) => x.speed(25))))?.bps).toBe(25e9);
    const forced = nic(host().adapter('NIC1', (x) => x.adv('*SpeedDuplex', '10000')));
    forced.linkSpeedBps = undefined;
    expect(linkSpeed(forced)).toMatchObject({ bps: 10e9, source: '*SpeedDuplex' });
    const code = nic(host().adapter('NIC1', (x) => x.adv('*SpeedDuplex', '6')));
    code.linkSpeedBps = undefined;
    expect(linkSpeed(code)).toBeUndefined();
  });
});

describe('vmqUse', () => {
  it('10 Gbps: on when enabled, off with TenGigVmqEnabled=2, unknown (likely on) when not exported', () => {
    expect(vmqUse(host().build(), nic(host().adapter('NIC1', (x) => x.vmq({ enabled: true }))))).toMatchObject({ inUse: true });
    const off = host().vmsmp({ tenGig: 2 }).adapter('NIC1', (x) => x.vmq({ enabled: true })).build();
    expect(vmqUse(off, off.adapters[0])).toMatchObject({ inUse: false, likely: false });
    const unknown = host().adapter('NIC1').build();
    const u = vmqUse(unknown, unknown.adapters[0]);
    expect(u.inUse).toBeUndefined();
    expect(u.likely).toBe(true);
  });

  it('below 10 Gbps: off by default, on with BelowTenGigVmqEnabled=1 or when queues are seen allocated', () => {
    const slow = host().adapter('NIC1', (x) => x.speed(1).vmq({ enabled: true })).build();
    expect(vmqUse(slow, slow.adapters[0])).toMatchObject({ inUse: false });
    const allowed = host().vmsmp({ belowTenGig: 1 }).adapter('NIC1', (x) => x.speed(1).vmq({ enabled: true })).build();
    expect(vmqUse(allowed, allowed.adapters[0])).toMatchObject({ inUse: true });
    const seen = host().adapter('NIC1', (x) => x.speed(1).queue(0, [0]).queue(1, [2], 'VM01')).build();
    expect(vmqUse(seen, seen.adapters[0])).toMatchObject({ inUse: true, reason: 'queues are allocated on the NIC' });
  });

  it('the rules and the simulator read the same answer', () => {
    expect(ruleVmqUse).toBe(vmqUse);
    expect(ruleLinkSpeed).toBe(linkSpeed);
    const h = host().vmsmp({ tenGig: 2 }).adapter('NIC1', (x) => x.vmq({ enabled: true, queues: 8 })).vswitch('S', ['NIC1']).build();
    const topo = buildTopology(h, defaultParams());
    expect(topo.members[0].vmqEnabled).toBe(vmqUse(h, h.adapters[0]).inUse);
    expect(topo.uplinks[0].mode).toBe('single');
  });

  it('the simulator states the default it ran with when the export does not tell', () => {
    const h = host().adapter('NIC1', (x) => x.vmq({ queues: 8 })).vswitch('S', ['NIC1']).build();
    h.adapters[0].vmq!.enabled = undefined;
    const topo = buildTopology(h, defaultParams());
    expect(topo.members[0].vmqEnabled).toBe(true);
    expect(topo.assumptions).toContain('NIC1: VMQ state not exported; on is the default at 10 Gbps and above; VMQ assumed on');
  });
});

describe('vmqUse on Windows Server 2008 R2 (domain.md 2 [D1]: TenGigVmqEnabled 0 is the system default, disabled on 2008 R2)', () => {
  const r2 = (tenGig?: number) => {
    const b = host().release('2008R2');
    if (tenGig !== undefined) b.vmsmp({ tenGig });
    return b.adapter('NIC1', (x) => x.vmq({ enabled: true })).build();
  };

  it('is off with TenGigVmqEnabled=0, on only with 1', () => {
    const zero = r2(0);
    expect(vmqUse(zero, zero.adapters[0])).toMatchObject({ inUse: false, facts: [{ source: 'OS release' }, { source: 'VMSMP TenGigVmqEnabled', value: '0' }] });
    const one = r2(1);
    expect(vmqUse(one, one.adapters[0]).inUse).toBe(true);
  });

  it('is unknown but likely off when the VMSMP value was not exported', () => {
    const h = r2();
    const u = vmqUse(h, h.adapters[0]);
    expect(u.inUse).toBeUndefined();
    expect(u.likely).toBe(false);
  });

  it('queues seen allocated settle it', () => {
    const h = host().release('2008R2').adapter('NIC1', (x) => x.queue(1, [2], 'VM01')).build();
    expect(vmqUse(h, h.adapters[0]).inUse).toBe(true);
  });
});
