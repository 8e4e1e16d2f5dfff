/**
 * `diff --traffic FILE`: run the same traffic profile on each host before and after, compare the
 * two simulations, and turn the comparison into the diff result's per-host `impact`.
 */
import type { Impact, ImpactMetric } from '../diff/types.js';
import type { DiffResult } from '../diff/types.js';
import type { Host } from '../model/host.js';
import { UsageError } from '../model/errors.js';
import { formatLps } from '../model/processors.js';
import { compareResults, type SimComparison } from '../sim/compare.js';
import { resolveParams } from '../sim/params.js';
import { unmatchedEntries, type ProfileSource, type TrafficProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import { buildTopology } from '../sim/topology.js';

/** vNICs whose delivered throughput moves less than this are not listed one by one. */
const VM_DELTA_GBPS = 0.05;
/** At most this many vNIC lines per host. */
const VM_LINES = 5;

function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

function lps(list: readonly number[]): string {
  return list.length === 0 ? 'none' : formatLps(list);
}

/** The impact of one host's changes, from two simulations of the same traffic. */
export function impactOf(cmp: SimComparison, profileName: string): Impact {
  const b = cmp.before;
  const a = cmp.after;
  const metrics: ImpactMetric[] = [
    { name: 'delivered receive throughput', before: r2(b.deliveredGbps), after: r2(a.deliveredGbps), unit: 'Gbps' },
    { name: 'VM queues allocated', before: `${b.queuesAllocated} of ${b.queuesAvailable}`, after: `${a.queuesAllocated} of ${a.queuesAvailable}` },
    { name: 'vNICs on the default queue', before: b.vmsOnDefaultQueue.length, after: a.vmsOnDefaultQueue.length },
    { name: 'saturated LPs', before: lps(b.saturatedLps), after: lps(a.saturatedLps) },
    { name: 'LPs carrying receive traffic', before: b.engagedLps, after: a.engagedLps },
    { name: 'receive interrupts per second', before: Math.round(b.interruptsPerSec), after: Math.round(a.interruptsPerSec) },
  ];
  const notes: string[] = [];
  for (const l of cmp.movedToDefaultQueue) notes.push(`${l} loses its VM queue and shares the default queue`);
  for (const l of cmp.movedOffDefaultQueue) notes.push(`${l} gets a VM queue`);
  if (cmp.newlySaturatedLps.length > 0) notes.push(`LP ${formatLps(cmp.newlySaturatedLps)} newly saturated`);
  if (cmp.relievedLps.length > 0) notes.push(`LP ${formatLps(cmp.relievedLps)} no longer saturated`);
  const moved = cmp.vms
    .filter((v) => Math.abs(v.deltaGbps) >= VM_DELTA_GBPS)
    .sort((x, y) => Math.abs(y.deltaGbps) - Math.abs(x.deltaGbps) || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0))
    .slice(0, VM_LINES);
  for (const v of moved) {
    const before = v.before ? `${r2(v.before.deliveredGbps)}` : 'absent';
    const after = v.after ? `${r2(v.after.deliveredGbps)}` : 'absent';
    const limit = v.after && v.after.limitedBy !== 'none' ? ` (limited by ${v.after.limitedBy})` : '';
    notes.push(`${v.label}: ${before} -> ${after} Gbps${limit}`);
  }
  return { profile: profileName, metrics, notes };
}

/**
 * Simulate every host present on both sides and attach the impact to the result. A profile entry
 * may name a VM only one host has; an entry that names nothing on any host is an error.
 */
export function attachImpact(result: DiffResult, before: readonly Host[], after: readonly Host[], profile: TrafficProfile, source: ProfileSource, profileName: string): void {
  const p = resolveParams();
  const byName = (hosts: readonly Host[]): Map<string, Host> => new Map(hosts.map((h) => [h.name.toLowerCase(), h]));
  const b = byName(before);
  const a = byName(after);
  const pairs = result.hosts.map((h) => ({ entry: h, x: b.get(h.host.toLowerCase()), y: a.get(h.host.toLowerCase()) })).filter((q) => q.x && q.y);
  const matchedSomewhere = new Set<number>();
  const misses = pairs.map(({ x, y }) => {
    const mb = unmatchedEntries(x!, buildTopology(x!, p), profile);
    const ma = unmatchedEntries(y!, buildTopology(y!, p), profile);
    profile.vnics.forEach((_, i) => {
      if (!mb.has(i) || !ma.has(i)) matchedSomewhere.add(i);
    });
    return { mb, ma };
  });
  const unknown = profile.vnics.map((v, i) => ({ v, i })).filter(({ i }) => !matchedSomewhere.has(i));
  if (unknown.length > 0) {
    throw new UsageError(`${profileName}: ${unknown.map(({ v }) => `VM '${v.vm}'`).join(', ')} matches no vNIC on any host of the diff`);
  }
  pairs.forEach(({ entry, x, y }, k) => {
    const { mb, ma } = misses[k];
    // Entries for VMs this host does not run at all belong to another host of the fleet.
    const skipBefore = (i: number): boolean => mb.has(i);
    const skipAfter = (i: number): boolean => ma.has(i);
    if (profile.vnics.every((_, i) => mb.has(i) && ma.has(i))) return;
    const cmp = compareResults(simulateHost(x!, profile, {}, source, skipBefore), simulateHost(y!, profile, {}, source, skipAfter));
    entry.impact = impactOf(cmp, profileName);
  });
}
