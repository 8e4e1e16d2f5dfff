import { describe, expect, it } from 'vitest';
import { QueuePool } from '../../src/sim/allocate.js';
import { defaultParams } from '../../src/sim/params.js';
import { buildTopology } from '../../src/sim/topology.js';
import { defaultHost, HostBuilder } from './hosts.js';

const p = defaultParams();

describe('QueuePool', () => {
  it('hands out queues first come first served, then the default queue', () => {
    const t = buildTopology(defaultHost('2012R2', 3, { queues: 2 }).build(), p);
    const pool = new QueuePool(t);
    const a = t.endpoints.map((e) => pool.allocate(e, 1));
    expect(a.map((x) => x.kind)).toEqual(['queue', 'queue', 'default']);
    expect(a.map((x) => x.grants[0]?.queueIds ?? [])).toEqual([[1], [2], []]);
    expect(a[2].reason).toBe('no-free-queue');
    expect(pool.allocated(0)).toBe(2);
  });

  it('VmqWeight 0 never gets a queue; VMQ off gives everyone the default queue', () => {
    const t = buildTopology(defaultHost('2012R2', 1, {}, { weight: 0 }).build(), p);
    expect(new QueuePool(t).allocate(t.endpoints[0], 1)).toMatchObject({ kind: 'default', reason: 'weight-0' });
    const off = buildTopology(defaultHost('2012R2', 1, { vmq: false }).build(), p);
    expect(new QueuePool(off).allocate(off.endpoints[0], 1)).toMatchObject({ kind: 'default', reason: 'vmq-off' });
  });

  it('keeps the QueueIDs Get-NetAdapterVmqQueue exported, never renumbering them, and gives others ids no vNIC holds', () => {
    const h = defaultHost('2012R2', 3, { queues: 8 }).build();
    h.adapters[0].queues = [
      { queueId: 0, at: { file: 'q', line: 1 } },
      { queueId: 5, vmName: 'VM02', processors: [3], at: { file: 'q', line: 2 } },
      { queueId: 1, vmName: 'VM03', processors: [5], at: { file: 'q', line: 3 } },
    ];
    const t = buildTopology(h, p);
    const pool = new QueuePool(t);
    const ids = t.endpoints.map((e) => [e.vm, pool.allocate(e, 1).grants[0]?.queueIds]);
    expect(ids).toEqual([
      ['VM01', [2]],
      ['VM02', [5]],
      ['VM03', [1]],
    ]);
  });

  it('reports the exported QueueID in the simulation result', async () => {
    const { simulateHost } = await import('../../src/sim/run.js');
    const { constantProfile } = await import('./hosts.js');
    const h = defaultHost('2012R2', 2, { queues: 8 }).build();
    h.adapters[0].queues = [{ queueId: 7, vmName: 'VM02', processors: [3], at: { file: 'q', line: 2 } }];
    const r = simulateHost(h, constantProfile(2, 1));
    expect(r.vms.map((v) => [v.vm, v.queue]).sort()).toEqual([
      ['VM01', 1],
      ['VM02', 7],
    ]);
  });

  it('a released queue goes to the next allocation, lowest id first', () => {
    const t = buildTopology(defaultHost('2012R2', 3, { queues: 2 }).build(), p);
    const pool = new QueuePool(t);
    const first = pool.allocate(t.endpoints[0], 1);
    pool.allocate(t.endpoints[1], 1);
    pool.release(t.endpoints[0], first);
    expect(pool.allocate(t.endpoints[2], 1).grants[0].queueIds).toEqual([1]);
  });

  it('Min-Queues takes a queue on every member and counts it once; Sum-of-Queues picks the member with most free', () => {
    const team = (mode: string, lb: string) =>
      buildTopology(new HostBuilder({ release: '2012R2', lps: 16 }).nic('A', { queues: 2 }).nic('B', { queues: 2 }).team('T', ['A', 'B'], { mode, lb }).vswitch('S', { team: 'T' }).vms('VM', 3).build(), p);
    const min = team('Lacp', 'TransportPorts');
    const mp = new QueuePool(min);
    const g = mp.allocate(min.endpoints[0], 1);
    expect(g.grants.map((x) => [x.member, x.queueIds])).toEqual([[0, [1]], [1, [1]]]);
    expect(mp.allocated(0)).toBe(1);
    const sum = team('SwitchIndependent', 'Dynamic');
    const sp = new QueuePool(sum);
    expect(sum.endpoints.map((e) => sp.allocate(e, 1).grants[0].member)).toEqual([0, 1, 0]);
  });

  it('a VMMQ vPort takes several queues, up to what is free', () => {
    const t = buildTopology(defaultHost('2019', 2, { queues: 5 }).build(), p);
    const pool = new QueuePool(t);
    expect(pool.allocate(t.endpoints[0], 4).grants[0].queueIds).toEqual([1, 2, 3, 4]);
    expect(pool.allocate(t.endpoints[1], 4).grants[0].queueIds).toEqual([5]);
  });
});
