/**
 * The sourced anchors the default costs are fitted to (simulator.md b.1; params.ts header):
 * one core on the default-queue path ~3-4 Gbps, one core per VMQ ~5-6 Gbps, several VMQs on
 * 10 GbE 8+ Gbps, 1 GbE line rate ~0.29 of a core.
 */
import { describe, expect, it } from 'vitest';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from './hosts.js';

describe('calibration anchors at 1500-byte packets and default moderation', () => {
  it('one core on the default-queue path carries about 3.5 Gbps (3-4, F1/F2)', () => {
    const r = simulateHost(defaultHost('2012R2', 4, { vmq: false, gbps: 40 }).build(), constantProfile(4, 5));
    expect(r.summary.deliveredGbps).toBeGreaterThanOrEqual(3.2);
    expect(r.summary.deliveredGbps).toBeLessThanOrEqual(3.8);
  });

  it('one core per VMQ carries about 5.5 Gbps (5-6, F3)', () => {
    const r = simulateHost(defaultHost('2012R2', 1, { gbps: 40 }).build(), constantProfile(1, 20, { vcpus: 8 }));
    expect(r.vms[0].limitedBy).toBe('lp');
    expect(r.vms[0].deliveredGbps).toBeGreaterThanOrEqual(5.2);
    expect(r.vms[0].deliveredGbps).toBeLessThanOrEqual(5.8);
  });

  it('VMQs on 10 GbE reach 8 Gbps or more (F1), bounded by the link goodput 9.41', () => {
    const r = simulateHost(defaultHost('2016', 4).build(), constantProfile(4, 2.5));
    expect(r.summary.deliveredGbps).toBeGreaterThanOrEqual(8);
    expect(r.summary.deliveredGbps).toBeLessThanOrEqual(9.415);
  });

  it('1 GbE line rate costs about 0.29 of a core on the default path (b.1, F13)', () => {
    const r = simulateHost(defaultHost('2012R2', 1, { gbps: 1 }).build(), constantProfile(1, 2));
    expect(r.lps[1].meanNetwork).toBeGreaterThanOrEqual(0.25);
    expect(r.lps[1].meanNetwork).toBeLessThanOrEqual(0.35);
  });

  it('per-core throughput grows with packet size (fewer packets per Gbps)', () => {
    // vRSS on in the guest (off by default on 2012 R2) so the guest's vCPUs do not cap the rate first.
    const at = (bytes: number) => simulateHost(defaultHost('2012R2', 1, { gbps: 100 }, { vrss: true }).build(), constantProfile(1, 60, { avgPacketBytes: bytes, vcpus: 16 })).vms[0].deliveredGbps;
    expect(at(9000)).toBeGreaterThan(3 * at(1500));
    expect(at(512)).toBeLessThan(at(1500) / 2);
  });
});
