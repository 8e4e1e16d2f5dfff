/**
 * Where queues go and how the dynamic policies move them ([F6] in docs/references.md): static round
 * robin over the configured set (2008 R2, 2016), Dynamic VMQ (2012/2012 R2: every queue starts on
 * the home processor, spreads above U_hi to the nearest processor with headroom, coalesces back
 * below U_lo) and d.VMMQ (2019+ with SET: the same engine moving indirection-table entries, up to
 * the vPort's queue count of LPs). Structure from the Microsoft patent (F6) and RSS++ (b.3).
 * Loads are measured ones (served work, never above an LP's capacity), so a queue whose own
 * demand exceeds U_hi still leaves a shared, saturated LP (docs/references.md, reading of F6).
 */
import type { PlacementPolicy } from './types.js';
import type { Member, Topology } from './topology.js';

/**
 * Initial LPs of a vPort's queues and its home processor. `rr` is the NIC's round-robin counter.
 * `observed`: global LPs Get-NetAdapterVmqQueue shows this vPort's queues on, on this NIC. What the
 * export shows is ground truth, so those queues start there whatever the policy would pick; queues
 * beyond them follow the policy (and the round robin still counts every queue, as the NIC did).
 */
export function placeQueues(member: Member, policy: PlacementPolicy, queues: number, rr: Int32Array, observed: readonly number[] = []): { queueLps: number[]; home: number } {
  const placed = policyPlacement(member, policy, queues, rr);
  const seen = Math.min(queues, observed.length);
  if (seen === 0) return placed;
  const queueLps = placed.queueLps.map((lp, j) => (j < seen ? observed[j] : lp));
  // D-VMQ keeps its one home processor (queues coalesce back to it); a static or d.VMMQ vPort's
  // home is where its first queue is.
  return { queueLps, home: policy === 'dvmq' ? placed.home : queueLps[0] };
}

function policyPlacement(member: Member, policy: PlacementPolicy, queues: number, rr: Int32Array): { queueLps: number[]; home: number } {
  if (policy === 'dvmq') {
    // F5: every VMQ starts on the home processor, the first of the set.
    const home = member.dynamicLps[0];
    return { queueLps: Array.from({ length: queues }, () => home), home };
  }
  const set = policy === 'dvmmq' ? member.dynamicLps : member.staticLps;
  const start = rr[member.index];
  if (policy === 'dvmmq') {
    // Each vPort gets its own home processor; its entries start there and expand with load.
    rr[member.index] = start + 1;
    const home = set[start % set.length];
    return { queueLps: Array.from({ length: queues }, () => home), home };
  }
  // a.4 static: lp = P[k mod |P|], k counting queues in allocation order. The errata: the
  // configured set as given, siblings included.
  rr[member.index] = start + queues;
  const queueLps = Array.from({ length: queues }, (_, j) => set[(start + j) % set.length]);
  return { queueLps, home: queueLps[0] };
}

/** Per-LP candidate order: same NUMA node first, then nearest index (F6 "next physically closest"). */
export function nearestOrder(topo: Topology): Int32Array {
  const n = topo.lps.count;
  const order = new Int32Array(n * n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let p = 0; p < n; p++) {
    const numa = topo.lps.numa[p];
    const sorted = [...idx].sort((a, b) => {
      const na = numa >= 0 && topo.lps.numa[a] === numa ? 0 : 1;
      const nb = numa >= 0 && topo.lps.numa[b] === numa ? 0 : 1;
      return na - nb || Math.abs(a - p) - Math.abs(b - p) || a - b;
    });
    order.set(sorted, p * n);
  }
  return order;
}

/** Thresholds of one policy preset. */
export interface BalanceConfig {
  uHi: number;
  uLo: number;
  uPack: number;
  /** Units moved off one overloaded LP per evaluation. */
  maxMovesPerLp: number;
  /** Evaluations a unit stays put after a move, and an LP refuses units after receiving. */
  freeze: number;
}

/** Units (movable queues or ITE groups) and the LP state the engine reads and updates. */
export interface BalanceState {
  lpCount: number;
  lpCore: Int32Array;
  lpNuma: Int32Array;
  nearest: Int32Array;
  /** [member * lpCount + lp] = 1 when the member's dynamic set holds the LP. */
  allowed: Uint8Array;
  /** Load per LP as the OS measures it (busy fraction, at most the capacity: F6 as read in docs/references.md); updated by every move. */
  L: Float64Array;
  /** 1 / capacity per LP (above 1 while a hyper-thread sibling is busy): a unit's work costs more there. */
  invCap: Float64Array;
  /** Loaded lanes per LP, movable or not (a lone unit cannot be relieved by moving it). */
  lanesOnLp: Int32Array;
  /** Units per LP, and units per LP away from their home (kept current by every move). */
  unitsOnLp: Int32Array;
  awayOnLp: Int32Array;
  /** Last evaluation an LP received a unit (-1e9 never). */
  lpReceived: Int32Array;
  unitCount: number;
  unitLp: Int32Array;
  unitLoad: Float64Array;
  unitHome: Int32Array;
  unitMember: Int32Array;
  unitPort: Int32Array;
  unitFrozen: Uint8Array;
  /** Max distinct LPs per port (0 = unlimited), loaded lanes per [port * lpCount + lp], distinct LPs. */
  portMaxLps: Int32Array;
  portLpLanes: Int32Array;
  portDistinct: Int32Array;
  /** Scratch, sized lpCount and unitCount. */
  scratchLps: Int32Array;
  scratchUnits: Int32Array;
  scratchLpFill: Int32Array;
  /** Units bucketed by LP at the start of an evaluation: lpUnits[lpUnitStart[p] .. lpUnitStart[p+1]). */
  lpUnitStart: Int32Array;
  lpUnits: Int32Array;
}

export type MoveKind = 'spread' | 'pack';

/** A sized, empty state for `units` units, `ports` ports. */
export function balanceState(topo: Topology, nearest: Int32Array, units: number, ports: number): BalanceState {
  const n = topo.lps.count;
  const allowed = new Uint8Array(topo.members.length * n);
  for (const m of topo.members) for (const lp of m.dynamicLps) allowed[m.index * n + lp] = 1;
  return {
    lpCount: n,
    lpCore: topo.lps.core,
    lpNuma: topo.lps.numa,
    nearest,
    allowed,
    L: new Float64Array(n),
    invCap: new Float64Array(n).fill(1),
    lanesOnLp: new Int32Array(n),
    unitsOnLp: new Int32Array(n),
    awayOnLp: new Int32Array(n),
    lpReceived: new Int32Array(n).fill(-1e9),
    unitCount: 0,
    unitLp: new Int32Array(units),
    unitLoad: new Float64Array(units),
    unitHome: new Int32Array(units),
    unitMember: new Int32Array(units),
    unitPort: new Int32Array(units),
    unitFrozen: new Uint8Array(units),
    portMaxLps: new Int32Array(ports),
    portLpLanes: new Int32Array(ports * n),
    portDistinct: new Int32Array(ports),
    scratchLps: new Int32Array(n),
    scratchUnits: new Int32Array(units),
    scratchLpFill: new Int32Array(n),
    lpUnitStart: new Int32Array(n + 1),
    lpUnits: new Int32Array(units),
  };
}

/** Whether moving unit u from p to c keeps its port within its queue count of LPs. */
function portAllows(s: BalanceState, u: number, p: number, c: number): boolean {
  const port = s.unitPort[u];
  const max = s.portMaxLps[port];
  if (max <= 0) return true;
  const base = port * s.lpCount;
  if (s.portLpLanes[base + c] > 0) return true;
  const after = s.portDistinct[port] - (s.portLpLanes[base + p] === 1 ? 1 : 0) + 1;
  return after <= max;
}

function apply(s: BalanceState, u: number, p: number, c: number, evalIndex: number, kind: MoveKind, onMove: (u: number, from: number, to: number, kind: MoveKind) => void): void {
  const load = s.unitLoad[u];
  s.L[p] -= load * s.invCap[p];
  s.L[c] += load * s.invCap[c];
  s.unitLp[u] = c;
  s.unitFrozen[u] = 1;
  s.lanesOnLp[p]--;
  s.lanesOnLp[c]++;
  s.unitsOnLp[p]--;
  s.unitsOnLp[c]++;
  if (s.unitHome[u] !== p) s.awayOnLp[p]--;
  if (s.unitHome[u] !== c) s.awayOnLp[c]++;
  const port = s.unitPort[u];
  const base = port * s.lpCount;
  if (--s.portLpLanes[base + p] === 0) s.portDistinct[port]--;
  if (s.portLpLanes[base + c]++ === 0) s.portDistinct[port]++;
  if (kind === 'spread') s.lpReceived[c] = evalIndex;
  onMove(u, p, c, kind);
}

/** Bucket the units by LP (counting sort) so each LP's units are found without a full scan. */
function bucketUnits(s: BalanceState): void {
  const n = s.lpCount;
  const start = s.lpUnitStart;
  start.fill(0);
  for (let u = 0; u < s.unitCount; u++) start[s.unitLp[u] + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p];
  const fill = s.scratchLpFill;
  fill.set(start.subarray(0, n));
  for (let u = 0; u < s.unitCount; u++) s.lpUnits[fill[s.unitLp[u]]++] = u;
}

/** Units still on LP p that may move now, heaviest first, into scratchUnits; returns how many. */
function unitsOn(s: BalanceState, p: number): number {
  let k = 0;
  for (let i = s.lpUnitStart[p]; i < s.lpUnitStart[p + 1]; i++) {
    const u = s.lpUnits[i];
    if (s.unitLp[u] !== p || s.unitFrozen[u] || s.unitLoad[u] <= 0) continue;
    // Insertion keeps them sorted by load descending, then by unit index.
    let j = k++;
    while (j > 0 && s.unitLoad[s.scratchUnits[j - 1]] < s.unitLoad[u]) {
      s.scratchUnits[j] = s.scratchUnits[j - 1];
      j--;
    }
    s.scratchUnits[j] = u;
  }
  return k;
}

/** Nearest LP with headroom for unit u (spread): not p's core, not just-received, within U_hi. */
function spreadTarget(s: BalanceState, cfg: BalanceConfig, u: number, p: number, evalIndex: number): number {
  const n = s.lpCount;
  const load = s.unitLoad[u];
  const m = s.unitMember[u];
  for (let i = 0; i < n; i++) {
    const c = s.nearest[p * n + i];
    if (!s.allowed[m * n + c] || s.lpCore[c] === s.lpCore[p]) continue;
    const since = evalIndex - s.lpReceived[c];
    if (since >= 1 && since <= cfg.freeze) continue;
    if (s.L[c] + load * s.invCap[c] > cfg.uHi) continue;
    if (!portAllows(s, u, p, c)) continue;
    return c;
  }
  return -1;
}

/** Where unit u on an underloaded LP p goes back to (pack): home, else the busiest LP it fits. */
function packTarget(s: BalanceState, cfg: BalanceConfig, u: number, p: number): number {
  const n = s.lpCount;
  const load = s.unitLoad[u];
  const m = s.unitMember[u];
  const home = s.unitHome[u];
  if (home !== p && s.allowed[m * n + home] && s.L[home] + load * s.invCap[home] <= cfg.uHi && portAllows(s, u, p, home)) return home;
  let best = -1;
  for (let c = 0; c < n; c++) {
    if (c === p || !s.allowed[m * n + c] || s.lanesOnLp[c] === 0) continue;
    if (s.L[c] <= s.L[p] || s.L[c] + load * s.invCap[c] > cfg.uPack || !portAllows(s, u, p, c)) continue;
    const sameNuma = s.lpNuma[p] >= 0 && s.lpNuma[c] === s.lpNuma[p];
    const bestSame = best >= 0 && s.lpNuma[p] >= 0 && s.lpNuma[best] === s.lpNuma[p];
    if (best < 0 || (sameNuma && !bestSame) || (sameNuma === bestSame && s.L[c] > s.L[best])) best = c;
  }
  return best;
}

/** Record unit u on LP lp of port `port` (building the state). */
export function addUnit(s: BalanceState, u: number, lp: number, home: number, member: number, port: number, maxLps: number): void {
  s.unitLp[u] = lp;
  s.unitHome[u] = home;
  s.unitMember[u] = member;
  s.unitPort[u] = port;
  s.portMaxLps[port] = maxLps;
  s.unitsOnLp[lp]++;
  if (home !== lp) s.awayOnLp[lp]++;
  if (s.portLpLanes[port * s.lpCount + lp]++ === 0) s.portDistinct[port]++;
  s.unitCount = Math.max(s.unitCount, u + 1);
}

/** Whether an evaluation could move anything: a busy LP with units, or an idle LP with units away from home. */
export function needsRebalance(s: BalanceState, cfg: BalanceConfig): boolean {
  for (let p = 0; p < s.lpCount; p++) {
    if (s.L[p] > cfg.uHi && s.unitsOnLp[p] > 0) return true;
    if (s.L[p] < cfg.uLo && s.awayOnLp[p] > 0) return true;
  }
  return false;
}

/**
 * One evaluation: relieve LPs above U_hi (busiest first, at most `maxMovesPerLp` units each),
 * then coalesce units off LPs below U_lo. Returns the number of moves.
 */
export function rebalance(s: BalanceState, cfg: BalanceConfig, evalIndex: number, onMove: (u: number, from: number, to: number, kind: MoveKind) => void): number {
  const n = s.lpCount;
  let moves = 0;
  if (s.unitCount === 0) return 0;
  bucketUnits(s);
  // Overloaded LPs, busiest first.
  let k = 0;
  for (let p = 0; p < n; p++) {
    if (s.L[p] <= cfg.uHi || s.lanesOnLp[p] <= 1) continue;
    let i = k++;
    while (i > 0 && s.L[s.scratchLps[i - 1]] < s.L[p]) {
      s.scratchLps[i] = s.scratchLps[i - 1];
      i--;
    }
    s.scratchLps[i] = p;
  }
  for (let i = 0; i < k; i++) {
    const p = s.scratchLps[i];
    const count = unitsOn(s, p);
    let moved = 0;
    for (let j = 0; j < count && moved < cfg.maxMovesPerLp && s.L[p] > cfg.uHi && s.lanesOnLp[p] > 1; j++) {
      const u = s.scratchUnits[j];
      const c = spreadTarget(s, cfg, u, p, evalIndex);
      if (c < 0) continue;
      apply(s, u, p, c, evalIndex, 'spread', onMove);
      moved++;
      moves++;
    }
  }
  // Underloaded LPs, idlest first: hand their units back.
  k = 0;
  for (let p = 0; p < n; p++) {
    if (s.L[p] >= cfg.uLo || s.lpUnitStart[p + 1] === s.lpUnitStart[p]) continue;
    let i = k++;
    while (i > 0 && s.L[s.scratchLps[i - 1]] > s.L[p]) {
      s.scratchLps[i] = s.scratchLps[i - 1];
      i--;
    }
    s.scratchLps[i] = p;
  }
  for (let i = 0; i < k; i++) {
    const p = s.scratchLps[i];
    if (s.L[p] >= cfg.uLo) continue;
    const count = unitsOn(s, p);
    for (let j = 0; j < count; j++) {
      const u = s.scratchUnits[j];
      if (s.unitHome[u] === p && s.unitLp[u] === p) continue;
      const c = packTarget(s, cfg, u, p);
      if (c < 0) continue;
      apply(s, u, p, c, evalIndex, 'pack', onMove);
      moves++;
    }
  }
  return moves;
}
