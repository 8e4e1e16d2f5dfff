/**
 * The predicted impact of a change: two runs of the same traffic (before and after) side by side,
 * for `simulate --compare` and `diff --traffic`.
 */
import type { LimitedBy, SimResult, SimVm } from './types.js';

/** The headline figures of one run. */
export interface SimSide {
  host: string;
  offeredGbps: number;
  deliveredGbps: number;
  queuesAvailable: number;
  queuesAllocated: number;
  saturatedLps: number[];
  engagedLps: number;
  interruptsPerSec: number;
  vmsOnDefaultQueue: string[];
}

/** One vNIC before and after (absent on a side where the snapshot lacks it). */
export interface SimVmChange {
  label: string;
  before?: { queue: number; lp: number; deliveredGbps: number; limitedBy: LimitedBy };
  after?: { queue: number; lp: number; deliveredGbps: number; limitedBy: LimitedBy };
  deltaGbps: number;
}

export interface SimComparison {
  before: SimSide;
  after: SimSide;
  deltaDeliveredGbps: number;
  /** LPs saturated after but not before, and the reverse. */
  newlySaturatedLps: number[];
  relievedLps: number[];
  /** vNICs on the default queue after but not before (lost their queue), and the reverse. */
  movedToDefaultQueue: string[];
  movedOffDefaultQueue: string[];
  vms: SimVmChange[];
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function side(r: SimResult): SimSide {
  const s = r.summary;
  return {
    host: r.host,
    offeredGbps: s.offeredGbps,
    deliveredGbps: s.deliveredGbps,
    queuesAvailable: s.queuesAvailable,
    queuesAllocated: s.queuesAllocated,
    saturatedLps: s.saturatedLps,
    engagedLps: s.engagedLps,
    interruptsPerSec: s.interruptsPerSec,
    vmsOnDefaultQueue: s.vmsOnDefaultQueue,
  };
}

function labelOf(v: SimVm): string {
  return `${v.vm}/${v.vnic}`;
}

function brief(v: SimVm): NonNullable<SimVmChange['before']> {
  return { queue: v.queue, lp: v.lp, deliveredGbps: v.deliveredGbps, limitedBy: v.limitedBy };
}

/** Compare two runs of the same traffic profile. */
export function compareResults(before: SimResult, after: SimResult): SimComparison {
  const b = new Map(before.vms.map((v) => [labelOf(v), v]));
  const a = new Map(after.vms.map((v) => [labelOf(v), v]));
  const labels = [...new Set([...b.keys(), ...a.keys()])].sort(ordinal);
  const vms: SimVmChange[] = labels.map((label) => {
    const x = b.get(label);
    const y = a.get(label);
    const change: SimVmChange = { label, deltaGbps: r4((y?.deliveredGbps ?? 0) - (x?.deliveredGbps ?? 0)) };
    if (x) change.before = brief(x);
    if (y) change.after = brief(y);
    return change;
  });
  const satBefore = new Set(before.summary.saturatedLps);
  const satAfter = new Set(after.summary.saturatedLps);
  const defBefore = new Set(before.summary.vmsOnDefaultQueue);
  const defAfter = new Set(after.summary.vmsOnDefaultQueue);
  return {
    before: side(before),
    after: side(after),
    deltaDeliveredGbps: r4(after.summary.deliveredGbps - before.summary.deliveredGbps),
    newlySaturatedLps: [...satAfter].filter((lp) => !satBefore.has(lp)).sort((x, y) => x - y),
    relievedLps: [...satBefore].filter((lp) => !satAfter.has(lp)).sort((x, y) => x - y),
    movedToDefaultQueue: [...defAfter].filter((l) => !defBefore.has(l) && b.has(l)).sort(ordinal),
    movedOffDefaultQueue: [...defBefore].filter((l) => !defAfter.has(l) && a.has(l)).sort(ordinal),
    vms,
  };
}
