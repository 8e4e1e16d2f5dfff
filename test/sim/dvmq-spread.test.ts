/**
 * Dynamic VMQ measures what Windows can measure (issue 8): an LP's busy time against its capacity
 * and each queue's share of it, so a queue whose own demand exceeds the spread threshold still
 * leaves a shared, saturated LP for a less loaded one of its set.
 */
import { describe, expect, it } from 'vitest';
import { simulateHost } from '../../src/sim/run.js';
import type { SimResult } from '../../src/sim/types.js';
import { constantProfile, defaultHost } from './hosts.js';

const spreads = (r: SimResult) => r.events.filter((e) => e.kind === 'spread');

describe('Dynamic VMQ spreads queues whose own demand exceeds U_hi', () => {
  it('two VMs at 6 Gbps on a 2012 R2 10 GbE host approach line rate, as static placement on 2016 does', () => {
    const r12 = simulateHost(defaultHost('2012R2', 2).build(), constantProfile(2, 6));
    const r16 = simulateHost(defaultHost('2016', 2).build(), constantProfile(2, 6));
    expect(r16.summary.deliveredGbps).toBeGreaterThan(9);
    expect(r12.summary.deliveredGbps).toBeGreaterThan(9);
    expect(r12.summary.deliveredGbps).toBeGreaterThanOrEqual(0.97 * r16.summary.deliveredGbps);
    expect(new Set(r12.vms.map((v) => v.lp)).size).toBe(2);
    for (const v of r12.vms) expect(v.limitedBy).toBe('link');
    expect(spreads(r12)).toHaveLength(1);
    expect(r12.summary.saturatedLps).toEqual([]);
  });

  it('with interrupt moderation off, 4 VMs at 3 Gbps spread over several LPs instead of staying on the home LP', () => {
    const r = simulateHost(defaultHost('2012R2', 4, { moderation: '0' }).build(), constantProfile(4, 3));
    // Each queue alone needs more than U_hi of an LP (3 Gbps without moderation: ~0.9 LP).
    expect(new Set(r.vms.map((v) => v.lp)).size).toBe(4);
    expect(r.summary.engagedLps).toBe(4);
    expect(r.summary.deliveredGbps).toBeGreaterThan(9);
    expect(spreads(r).every((e) => e.from === 1)).toBe(true);
  });

  it('one queue alone on its LP still stays put (a VMQ cannot be split: V2)', () => {
    const r = simulateHost(defaultHost('2012R2', 1, { moderation: '0' }).build(), constantProfile(1, 6));
    expect(spreads(r)).toEqual([]);
    expect(r.vms[0].limitedBy).toBe('lp');
  });

  it('light queues that fit on the home LP stay there (no spreading below U_hi)', () => {
    const r = simulateHost(defaultHost('2012R2', 4).build(), constantProfile(4, 0.5));
    expect(spreads(r)).toEqual([]);
    expect(new Set(r.vms.map((v) => v.lp))).toEqual(new Set([1]));
  });
});
