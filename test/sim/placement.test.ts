import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/sim/params.js';
import { addUnit, balanceState, nearestOrder, needsRebalance, placeQueues, rebalance, type BalanceConfig, type MoveKind } from '../../src/sim/placement.js';
import { buildTopology } from '../../src/sim/topology.js';
import { defaultHost, HostBuilder } from './hosts.js';

const p = defaultParams();
const cfg: BalanceConfig = { uHi: 0.9, uLo: 0.25, uPack: 0.75, maxMovesPerLp: 1, freeze: 1 };

describe('placeQueues', () => {
  const topo = buildTopology(new HostBuilder({ release: '2016', lps: 8 }).nic('NIC1', { base: 2, max: 4 }).vswitch('S', { nics: ['NIC1'] }).vm('VM01').build(), p);
  const m = topo.members[0];

  it('static: round robin over the configured set, P[k mod |P|]', () => {
    const rr = new Int32Array(1);
    expect([1, 2, 3, 4].map(() => placeQueues(m, 'static', 1, rr).queueLps[0])).toEqual([2, 3, 4, 2]);
    expect(placeQueues(m, 'static', 3, rr).queueLps).toEqual([3, 4, 2]);
  });

  it('Dynamic VMQ: every queue starts on the home processor', () => {
    const rr = new Int32Array(1);
    expect(placeQueues(m, 'dvmq', 1, rr)).toEqual({ queueLps: [2], home: 2 });
    expect(placeQueues(m, 'dvmq', 1, rr)).toEqual({ queueLps: [2], home: 2 });
  });

  it('a queue the export shows starts where it shows it; the rest follow the policy and the round robin counts all', () => {
    const rr = new Int32Array(1);
    expect(placeQueues(m, 'static', 2, rr, [6])).toEqual({ queueLps: [6, 3], home: 6 });
    expect(placeQueues(m, 'static', 1, rr).queueLps).toEqual([4]);
    expect(placeQueues(m, 'dvmq', 1, new Int32Array(1), [5])).toEqual({ queueLps: [5], home: 2 });
    expect(placeQueues(m, 'dvmmq', 2, new Int32Array(1), [7])).toEqual({ queueLps: [7, 2], home: 7 });
  });

  it('d.VMMQ: each vPort gets its own home and starts there', () => {
    const rr = new Int32Array(1);
    expect(placeQueues(m, 'dvmmq', 2, rr)).toEqual({ queueLps: [2, 2], home: 2 });
    expect(placeQueues(m, 'dvmmq', 2, rr).home).toBe(3);
  });
});

describe('rebalance', () => {
  const topo = buildTopology(defaultHost('2012R2', 1).build(), p);
  const near = nearestOrder(topo);

  function state(units: { lp: number; load: number; home?: number; port?: number }[], maxLps = 0) {
    const s = balanceState(topo, near, units.length, units.length);
    units.forEach((u, i) => {
      addUnit(s, i, u.lp, u.home ?? 1, 0, u.port ?? i, maxLps);
      s.unitLoad[i] = u.load;
      s.lanesOnLp[u.lp]++;
      s.L[u.lp] += u.load;
    });
    return s;
  }

  it('nearest order prefers the closest LP', () => {
    expect(Array.from(near.subarray(5 * 16, 5 * 16 + 5))).toEqual([5, 4, 6, 3, 7]);
  });

  it('moves one unit per overloaded LP per evaluation, heaviest first, to the nearest LP with headroom', () => {
    const s = state([{ lp: 1, load: 0.4 }, { lp: 1, load: 0.5 }, { lp: 1, load: 0.3 }]);
    const moves: [number, number, number, MoveKind][] = [];
    rebalance(s, cfg, 0, (u, from, to, kind) => moves.push([u, from, to, kind]));
    expect(moves).toEqual([[1, 1, 2, 'spread']]);
    expect(s.L[1]).toBeCloseTo(0.7, 12);
    expect(s.L[2]).toBeCloseTo(0.5, 12);
  });

  it('does not move a lone unit, and leaves a frozen unit and a just-used LP alone', () => {
    const lone = state([{ lp: 1, load: 1.4 }]);
    expect(rebalance(lone, cfg, 0, () => undefined)).toBe(0);
    const s = state([{ lp: 1, load: 0.6 }, { lp: 1, load: 0.5 }]);
    s.unitFrozen[0] = 1;
    s.lpReceived[2] = 4;
    const moves: number[][] = [];
    rebalance(s, cfg, 5, (u, from, to) => moves.push([u, from, to]));
    expect(moves).toEqual([[1, 1, 3]]);
  });

  it('coalesces units on an idle LP back to their home, or to the busiest LP they fit', () => {
    const s = state([{ lp: 1, load: 0.3 }, { lp: 5, load: 0.1 }, { lp: 6, load: 0.1, home: 1 }]);
    s.unitHome[1] = 1;
    const moves: [number, number, number, MoveKind][] = [];
    rebalance(s, cfg, 0, (u, from, to, kind) => moves.push([u, from, to, kind]));
    expect(moves.map((m) => m[2])).toEqual([1, 1]);
    expect(moves.every((m) => m[3] === 'pack')).toBe(true);
    expect(needsRebalance(s, cfg)).toBe(false);
  });

  it('keeps a d.VMMQ port within its queue count of LPs', () => {
    const s = state([{ lp: 1, load: 0.5, port: 0 }, { lp: 1, load: 0.5, port: 0 }], 1);
    expect(rebalance(s, cfg, 0, () => undefined)).toBe(0);
    const two = state([{ lp: 1, load: 0.5, port: 0 }, { lp: 1, load: 0.5, port: 0 }], 2);
    expect(rebalance(two, cfg, 0, () => undefined)).toBe(1);
  });
});
