import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/model/host.js';
import { defaultParams } from '../../src/sim/params.js';
import { buildTopology } from '../../src/sim/topology.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost, HostBuilder } from './hosts.js';

const p = defaultParams();

describe('queue mode and placement policy by release', () => {
  const policy = (release: Release, nic = {}) => {
    const t = buildTopology(defaultHost(release, 1, nic).build(), p);
    return [t.uplinks[0].mode, t.uplinks[0].vmqPolicy];
  };

  it('2008 R2 and 2016 place statically; 2012 and 2012 R2 use Dynamic VMQ', () => {
    const r2008 = defaultHost('2008R2', 1).build();
    r2008.vmsmp.tenGigVmqEnabled = 1;
    const t = buildTopology(r2008, p);
    expect([t.uplinks[0].mode, t.uplinks[0].vmqPolicy]).toEqual(['vmq', 'static']);
    expect(policy('2012')).toEqual(['vmq', 'dvmq']);
    expect(policy('2012R2')).toEqual(['vmq', 'dvmq']);
    expect(policy('2016')).toEqual(['vmq', 'static']);
  });

  it('2008 R2 leaves VMQ off on 10 GbE unless VMSMP TenGigVmqEnabled=1 (domain.md 2 [D1]), and says so', () => {
    const t = buildTopology(defaultHost('2008R2', 1).build(), p);
    expect(t.uplinks[0].mode).toBe('single');
    expect(t.assumptions).toContain('NIC1: Windows Server 2008 R2 leaves VMQ off on 10 Gbps adapters unless VMSMP TenGigVmqEnabled=1, which was not exported; VMQ assumed off');
    const zero = defaultHost('2008R2', 1).build();
    zero.vmsmp.tenGigVmqEnabled = 0;
    expect(buildTopology(zero, p).uplinks[0].mode).toBe('single');
    expect(policy('2012R2')[0]).toBe('vmq');
  });

  it('a NIC without dynamic affinity support stays static on 2012 R2', () => {
    expect(policy('2012R2', { dynamicAffinity: false })).toEqual(['vmq', 'static']);
  });

  it('per NIC: in a 2012 R2 team, the member without dynamic affinity support stays static while the other moves queues', () => {
    const h = new HostBuilder({ release: '2012R2', lps: 16 })
      .nic('A', { queues: 4, base: 1, max: 7 })
      .nic('B', { queues: 4, base: 8, max: 15, dynamicAffinity: false })
      .team('T', ['A', 'B'], { mode: 'SwitchIndependent', lb: 'Dynamic' })
      .vswitch('S', { team: 'T' })
      .vms('VM', 8)
      .build();
    const t = buildTopology(h, p);
    expect(t.members.map((m) => [m.adapter.name, m.vmqPolicy])).toEqual([
      ['A', 'dvmq'],
      ['B', 'static'],
    ]);
    expect(t.members.map((m) => m.defaultLps)).toEqual([[1], [8]]);
    const r = simulateHost(h, constantProfile(8, 1.6, {}, 30));
    const moved = r.events.filter((e) => e.kind === 'spread' || e.kind === 'pack').map((e) => e.adapter);
    expect(moved.length).toBeGreaterThan(0);
    expect(new Set(moved)).toEqual(new Set(['A']));
    expect(r.uplinks[0].members.map((m) => m.policy)).toEqual(['dvmq', 'static']);
    expect(r.queues.filter((q) => q.adapter === 'B' && q.queue > 0).map((q) => q.lps)).toEqual([[8], [9], [10], [11]]);
  });

  it('VMQ off means one receive queue', () => {
    expect(policy('2012R2', { vmq: false })).toEqual(['single', 'dvmq']);
  });

  it('d.VMMQ on 2019+ with SET or one NIC for VMMQ vPorts; LBFO and 2016 stay static', () => {
    const one = buildTopology(defaultHost('2019', 1, { rssOnHostVPorts: '1' }, { vmmq: true }).build(), p);
    expect(one.uplinks[0].mode).toBe('vmmq');
    expect(one.uplinks[0].vmmqPolicy).toBe('dvmmq');
    expect(one.endpoints[0].vmmq).toBe(true);
    const lbfo = new HostBuilder({ release: '2019', lps: 16 })
      .nic('A', { rssOnHostVPorts: '1' })
      .nic('B', { rssOnHostVPorts: '1' })
      .team('T', ['A', 'B'], { kind: 'lbfo', mode: 'SwitchIndependent', lb: 'Dynamic' })
      .vswitch('S', { team: 'T' })
      .vm('VM01', { vmmq: true })
      .build();
    expect(buildTopology(lbfo, p).uplinks[0].vmmqPolicy).toBe('static');
    const set = new HostBuilder({ release: '2022', lps: 16 }).nic('A').nic('B').team('S', ['A', 'B'], { kind: 'set', lb: 'HyperVPort' }).vswitch('S', { team: 'S' }).vm('VM01', { vmmq: true }).build();
    expect(buildTopology(set, p).uplinks[0].vmmqPolicy).toBe('dvmmq');
    const v2016 = buildTopology(defaultHost('2016', 1, {}, { vmmq: true }).build(), p);
    expect(v2016.uplinks[0].vmmqPolicy).toBe('static');
    expect(v2016.endpoints[0].vmmq).toBe(true);
    expect(buildTopology(defaultHost('2012R2', 1, {}, { vmmq: true }).build(), p).endpoints[0].vmmq).toBe(false);
  });

  it('vRSS: off by default on 2012 R2, on by default from 2016, never before 2012 R2 (domain.md 4.2)', () => {
    const vrss = (release: Release, on?: boolean) => buildTopology(defaultHost(release, 1, {}, { vrss: on }).build(), p).endpoints[0].vrss;
    expect([vrss('2012'), vrss('2012R2'), vrss('2016'), vrss('2019')]).toEqual([false, false, true, true]);
    expect([vrss('2012', true), vrss('2012R2', true), vrss('2016', false)]).toEqual([false, true, false]);
  });

  it('no VMMQ on a system-supplied (Microsoft inbox) driver, even on 2019 (F10)', () => {
    const h = defaultHost('2019', 1, { rssOnHostVPorts: '1' }, { vmmq: true }).build();
    h.adapters[0].driver.provider = 'Microsoft';
    const t = buildTopology(h, p);
    expect(t.members[0].vmmqCapable).toBe(false);
    expect(t.endpoints[0].vmmq).toBe(false);
    h.adapters[0].driver.provider = 'Mellanox Technologies Ltd.';
    expect(buildTopology(h, p).endpoints[0].vmmq).toBe(true);
  });

  it('unknown release: static, no VMMQ, said so', () => {
    const t = buildTopology(defaultHost('unknown', 1, {}, { vmmq: true }).build(), p);
    expect(t.uplinks[0].vmqPolicy).toBe('static');
    expect(t.endpoints[0].vmmq).toBe(false);
    expect(t.assumptions.some((a) => a.includes('OS release unknown'))).toBe(true);
  });
});

describe('eligible processors (src/model/processors.ts)', () => {
  it('static placement uses the configured range; spreading uses one LP per core on an HT host', () => {
    const h = new HostBuilder({ release: '2012R2', lps: 16, ht: true }).nic('NIC1', { base: 2, max: 9 }).vswitch('S', { nics: ['NIC1'] }).vm('VM01').build();
    const m = buildTopology(h, p).members[0];
    expect(m.staticLps).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(m.dynamicLps).toEqual([2, 4, 6, 8]);
    expect(m.defaultLps).toEqual([2]);
  });

  it('MaxProcessors caps the set', () => {
    const h = new HostBuilder({ release: '2016', lps: 16 }).nic('NIC1', { base: 1, max: 15, maxProcessors: 3 }).vswitch('S', { nics: ['NIC1'] }).vm('VM01').build();
    expect(buildTopology(h, p).members[0].staticLps).toEqual([1, 2, 3]);
  });

  it('a default queue with VMMQ (2016+) spreads over the set', () => {
    const h = new HostBuilder({ release: '2019', lps: 16 }).nic('NIC1', { base: 2, max: 7, rssOnHostVPorts: '1' }).vswitch('S', { nics: ['NIC1'] }, { defaultQueueVmmqEnabled: true, defaultQueueVmmqQueuePairs: 4 }).vm('VM01').build();
    const t = buildTopology(h, p);
    expect(t.uplinks[0].defaultQueueVmmq).toBe(true);
    expect(t.members[0].defaultLps).toEqual([2, 3, 4, 5]);
  });
});

describe('queue capacity (src/model/queues.ts)', () => {
  const team = (mode: string, lb: string) =>
    new HostBuilder({ release: '2012R2', lps: 16 }).nic('A', { queues: 8 }).nic('B', { queues: 4 }).team('T', ['A', 'B'], { mode, lb }).vswitch('S', { team: 'T' }).vm('VM01').build();

  it('NumberOfReceiveQueues excludes the default queue: Sum-of-Queues adds, Min-Queues takes the smallest', () => {
    expect(buildTopology(team('SwitchIndependent', 'HyperVPort'), p).uplinks[0]).toMatchObject({ queueMode: 'sum', capacity: 12 });
    expect(buildTopology(team('Lacp', 'TransportPorts'), p).uplinks[0]).toMatchObject({ queueMode: 'min', capacity: 4 });
    expect(buildTopology(defaultHost('2012R2', 1, { queues: 7 }).build(), p).uplinks[0].capacity).toBe(7);
  });

  it('Get-VMSwitch AvailableVMQueues wins when exported', () => {
    const h = defaultHost('2012R2', 1, { queues: 7 }).build();
    h.switches[0].availableVMQueues = 5;
    expect(buildTopology(h, p).uplinks[0]).toMatchObject({ capacity: 5, capacitySource: 'Get-VMSwitch AvailableVMQueues' });
  });

  it('VMQ stays off below 10 Gbps unless BelowTenGigVmqEnabled is 1', () => {
    const slow = defaultHost('2012R2', 1, { gbps: 1 }).build();
    expect(buildTopology(slow, p).uplinks[0]).toMatchObject({ mode: 'single', capacity: 0 });
    slow.vmsmp.belowTenGigVmqEnabled = 1;
    expect(buildTopology(slow, p).uplinks[0]).toMatchObject({ mode: 'vmq', capacity: 30 });
  });
});

describe('endpoints and start order', () => {
  it('host vNICs first, then the order seen in Get-NetAdapterVmqQueue, then VM name', () => {
    const h = defaultHost('2012R2', 3).hostVnic('Management').build();
    h.adapters[0].queues = [
      { queueId: 1, vmName: 'HV01', at: { file: 'q', line: 1 } },
      { queueId: 2, vmName: 'VM03', at: { file: 'q', line: 2 } },
    ];
    const t = buildTopology(h, p);
    const order = [...t.endpoints].sort((a, b) => a.startRank - b.startRank).map((e) => e.vm);
    expect(order).toEqual(['HV01', 'VM03', 'VM01', 'VM02']);
  });

  it('a physical NIC outside any vSwitch is an RSS endpoint of the host', () => {
    const h = defaultHost('2019', 1).nic('Storage', { base: 4, max: 11, rss: true }).build();
    const t = buildTopology(h, p);
    const u = t.uplinks.find((x) => x.kind === 'nic');
    expect(u).toMatchObject({ name: 'Storage', mode: 'rss' });
    expect(t.endpoints.find((e) => e.kind === 'nic')).toMatchObject({ vm: 'HV01', vnic: 'Storage', isManagementOs: true });
  });
});
