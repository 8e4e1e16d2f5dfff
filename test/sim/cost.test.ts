import { describe, expect, it } from 'vitest';
import { htCapacity, interruptsPerSec, linkGoodputGbps, ppsPerGbps, solveCpu, wireBitsPerPacket, type CostArrays } from '../../src/sim/cost.js';

describe('interruptsPerSec', () => {
  it('fires every N packets at high rates and on the timer at low rates', () => {
    expect(interruptsPerSec(1_000_000, 5, 10)).toBeCloseTo(200_000, 6);
    // 1 + λT = 1.1 packets per interrupt at 10 kpps.
    expect(interruptsPerSec(10_000, 5, 10)).toBeCloseTo(10_000 / 1.1, 6);
    expect(interruptsPerSec(0, 5, 10)).toBe(0);
  });

  it('is one interrupt per packet with moderation off, and honours a hard cap', () => {
    expect(interruptsPerSec(123_456, 1, 0)).toBe(123_456);
    expect(interruptsPerSec(1_000_000, 5, 10, 50_000)).toBe(50_000);
  });
});

describe('rates and the wire', () => {
  it('10 Gbps at 1500 B is 812,744 pps on the wire and 9.41 Gbps of payload', () => {
    expect(1e10 / wireBitsPerPacket(1500, 38)).toBeCloseTo(812_744, 0);
    expect(linkGoodputGbps(10, 1500, 52, 38)).toBeCloseTo(9.4148, 4);
    expect(ppsPerGbps(1500, 52)).toBeCloseTo(1e9 / (8 * 1448), 6);
  });

  it('a busy hyper-thread sibling leaves h of a core', () => {
    expect(htCapacity(0.6, 0)).toBe(1);
    expect(htCapacity(0.6, 1)).toBeCloseTo(0.6, 12);
    expect(htCapacity(0.6, 0.5)).toBeCloseTo(0.8, 12);
  });
});

function arrays(lanes: { lp: number; src: number; cpktUs: number }[], srcs: { lp: number; n: number; t: number }[], lps: number, bg = 0): CostArrays {
  const srcStart = new Int32Array(lps + 1);
  for (const s of srcs) srcStart[s.lp + 1]++;
  for (let p = 0; p < lps; p++) srcStart[p + 1] += srcStart[p];
  return {
    laneLp: Int32Array.from(lanes.map((l) => l.lp)),
    laneSrc: Int32Array.from(lanes.map((l) => l.src)),
    laneCpkt: Float64Array.from(lanes.map((l) => l.cpktUs * 1e-6)),
    laneCount: lanes.length,
    srcLp: Int32Array.from(srcs.map((s) => s.lp)),
    srcPackets: Float64Array.from(srcs.map((s) => s.n)),
    srcTimerUs: Float64Array.from(srcs.map((s) => s.t)),
    srcCount: srcs.length,
    srcStart,
    srcPps: new Float64Array(srcs.length),
    srcInts: new Float64Array(srcs.length),
    bg: new Float64Array(lps).fill(bg),
    cap: new Float64Array(lps).fill(1),
    pktWork: new Float64Array(lps),
    work: new Float64Array(lps),
    demand: new Float64Array(lps),
    scale: new Float64Array(lps),
    lpCount: lps,
  };
}

describe('solveCpu', () => {
  it('serves everything when the LP has headroom', () => {
    const c = arrays([{ lp: 0, src: 0, cpktUs: 1 }], [{ lp: 0, n: 1, t: 0 }], 1);
    expect(solveCpu(c, Float64Array.of(100_000), 2e-6, 0, 3)).toBe(false);
    expect(c.scale[0]).toBe(1);
    expect(c.work[0]).toBeCloseTo(0.3, 9);
    expect(c.srcInts[0]).toBeCloseTo(100_000, 6);
  });

  it('shares a saturated LP so that work equals capacity minus background, interrupts included', () => {
    const c = arrays([{ lp: 0, src: 0, cpktUs: 2 }, { lp: 0, src: 0, cpktUs: 2 }], [{ lp: 0, n: 5, t: 10 }], 1, 0.05);
    expect(solveCpu(c, Float64Array.of(400_000, 400_000), 2e-6, 0, 8)).toBe(true);
    expect(c.demand[0]).toBeGreaterThan(1);
    expect(c.work[0]).toBeCloseTo(0.95, 3);
    expect(c.scale[0]).toBeGreaterThan(0.4);
    expect(c.scale[0]).toBeLessThan(0.6);
    expect(c.srcPps[0]).toBeCloseTo(800_000 * c.scale[0], 3);
  });

  it('solves each LP on its own', () => {
    const c = arrays([{ lp: 0, src: 0, cpktUs: 10 }, { lp: 1, src: 1, cpktUs: 1 }], [{ lp: 0, n: 1, t: 0 }, { lp: 1, n: 1, t: 0 }], 2);
    solveCpu(c, Float64Array.of(200_000, 100_000), 0, 0, 3);
    expect(c.scale[0]).toBeCloseTo(0.5, 9);
    expect(c.scale[1]).toBe(1);
  });
});
