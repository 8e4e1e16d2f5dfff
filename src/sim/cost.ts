/**
 * The per-tick cost model (docs/simulating.md, Parameters and assumptions): interrupts under moderation, CPU demand per LP
 * (background + per-packet cost by path + per-interrupt cost), the hyper-threading sibling factor,
 * and processor sharing when an LP saturates. Pure functions over typed arrays; no allocation.
 */

/**
 * Interrupts per second of one vector: an interrupt fires on N packets or T after the first
 * pending packet, `λ / min(N, 1 + λT)`, optionally capped at R per second (R = 0: no cap).
 */
export function interruptsPerSec(pps: number, packets: number, timerUs: number, maxPerSec = 0): number {
  if (pps <= 0) return 0;
  const perInterrupt = Math.min(packets, 1 + pps * timerUs * 1e-6);
  const rate = pps / Math.max(1, perInterrupt);
  return maxPerSec > 0 && rate > maxPerSec ? maxPerSec : rate;
}

/** Packets per second per Gbps of TCP payload, for a packet size and header overhead. */
export function ppsPerGbps(avgPacketBytes: number, headerBytes: number): number {
  return 1e9 / (8 * Math.max(1, avgPacketBytes - headerBytes));
}

/** Bits on the wire per packet (packet + Ethernet header, FCS, preamble, gap). */
export function wireBitsPerPacket(avgPacketBytes: number, wireOverheadBytes: number): number {
  return 8 * (avgPacketBytes + wireOverheadBytes);
}

/** Goodput of a link in Gbps for a packet size: 10 Gbps at 1500 B carries 9.41 Gbps of payload. */
export function linkGoodputGbps(linkGbps: number, avgPacketBytes: number, headerBytes: number, wireOverheadBytes: number): number {
  return (linkGbps * Math.max(0, avgPacketBytes - headerBytes)) / (avgPacketBytes + wireOverheadBytes);
}

/** Capacity of an LP whose hyper-thread sibling is busy a fraction of the time (h per busy sibling). */
export function htCapacity(htFactor: number, siblingBusy: number): number {
  return 1 - (1 - htFactor) * Math.min(1, Math.max(0, siblingBusy));
}

/** The arrays the solver reads and writes; sized once per lane layout. */
export interface CostArrays {
  /** Lane -> LP, interrupt source, per-packet cost in seconds. */
  laneLp: Int32Array;
  laneSrc: Int32Array;
  laneCpkt: Float64Array;
  laneCount: number;
  /** Source (interrupt vector) -> LP, moderation N, T (µs); sources are sorted by LP. */
  srcLp: Int32Array;
  srcPackets: Float64Array;
  srcTimerUs: Float64Array;
  srcCount: number;
  /** Sources of LP p are srcStart[p] .. srcStart[p + 1] - 1. */
  srcStart: Int32Array;
  /** Out: packets and interrupts per second per source, as served. */
  srcPps: Float64Array;
  srcInts: Float64Array;
  /** Per LP: background, capacity (HT), packet work, total work served (fraction of an LP). */
  bg: Float64Array;
  cap: Float64Array;
  pktWork: Float64Array;
  work: Float64Array;
  /** Per LP: unscaled work (what the queues would need), and the served share 0..1. */
  demand: Float64Array;
  scale: Float64Array;
  lpCount: number;
}

/** Work of LP p if its lanes are served at share s: packets plus interrupts (moderation is non-linear). */
function workAt(c: CostArrays, p: number, s: number, cIntSec: number, maxInts: number, store: boolean): number {
  let w = s * c.pktWork[p];
  for (let k = c.srcStart[p]; k < c.srcStart[p + 1]; k++) {
    const ints = interruptsPerSec(s * c.srcPps[k], c.srcPackets[k], c.srcTimerUs[k], maxInts);
    if (store) {
      c.srcPps[k] *= s;
      c.srcInts[k] = ints;
    }
    w += ints * cIntSec;
  }
  return w;
}

/**
 * Processor sharing: for lanes offering `pps`, set `scale[lp]` (0..1) so each LP's work fits its
 * capacity minus background. Every interrupt source sits on one LP, so each saturated LP is solved
 * on its own, iterating because fewer packets change the interrupt count (a.5). `demand[lp]`
 * receives the unscaled work, `work[lp]` the served work. Returns true when some LP saturated.
 */
export function solveCpu(c: CostArrays, pps: Float64Array, cIntSec: number, maxInts: number, iterations: number): boolean {
  const { laneLp, laneSrc, laneCpkt, srcPps, pktWork, work, demand, scale, cap, bg } = c;
  const n = c.lpCount;
  pktWork.fill(0, 0, n);
  srcPps.fill(0, 0, c.srcCount);
  for (let l = 0; l < c.laneCount; l++) {
    const x = pps[l];
    if (x <= 0) continue;
    pktWork[laneLp[l]] += x * laneCpkt[l];
    srcPps[laneSrc[l]] += x;
  }
  let saturated = false;
  for (let p = 0; p < n; p++) {
    // At share 1 storing changes no rate, only records the interrupts.
    const full = workAt(c, p, 1, cIntSec, maxInts, true);
    demand[p] = full;
    const avail = cap[p] > bg[p] ? cap[p] - bg[p] : 0;
    if (full <= avail) {
      scale[p] = 1;
      work[p] = full;
      continue;
    }
    saturated = true;
    let s = full > 0 ? avail / full : 0;
    for (let it = 1; it < iterations && s > 0; it++) {
      const w = workAt(c, p, s, cIntSec, maxInts, false);
      if (w <= 0) break;
      s = Math.min(1, s * (avail / w));
    }
    scale[p] = s;
    work[p] = workAt(c, p, s, cIntSec, maxInts, true);
  }
  return saturated;
}
