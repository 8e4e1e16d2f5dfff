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

/** One pair's part of the impact (ImpactCollector.part). */
export interface ImpactPart {
  /** Profile entries either side of the pair matches. */
  matched: number[];
  impact?: Impact;
  /** The simulation failed. */
  error?: { error: unknown };
}

/**
 * The impact of each host pair, gathered one pair at a time (a streamed diff drops the models
 * after each): a profile entry may name a VM only one host has; an entry that names nothing on
 * any host is an error, raised by `attach` before any impact is given.
 */
export class ImpactCollector {
  private readonly params = resolveParams();
  private readonly matchedSomewhere = new Set<number>();
  private readonly impacts = new Map<string, Impact>();
  /** A simulation's failure, raised after the check of unmatched entries (which comes first when all pairs are known). */
  private failed?: { error: unknown };

  constructor(
    private readonly profile: TrafficProfile,
    private readonly source: ProfileSource,
    private readonly profileName: string,
  ) {}

  /** Simulate one host present on both sides; `host` is its name as the result shows it. */
  add(host: string, x: Host, y: Host): void {
    // Once a simulation failed no other is run: only the entries each host matches still count.
    this.addPart(host, this.part(x, y, this.failed === undefined));
  }

  /**
   * One pair's part of the impact, as plain data (a diff worker thread computes it): the profile
   * entries either side matches, and the impact or the simulation's failure (`simulate` false: the
   * matches only).
   */
  part(x: Host, y: Host, simulate = true): ImpactPart {
    const profile = this.profile;
    const mb = unmatchedEntries(x, buildTopology(x, this.params), profile);
    const ma = unmatchedEntries(y, buildTopology(y, this.params), profile);
    const matched = profile.vnics.flatMap((_, i) => (!mb.has(i) || !ma.has(i) ? [i] : []));
    // Entries for VMs this host does not run at all belong to another host of the fleet.
    if (matched.length === 0 || !simulate) return { matched };
    try {
      const cmp = compareResults(simulateHost(x, profile, {}, this.source, (i) => mb.has(i)), simulateHost(y, profile, {}, this.source, (i) => ma.has(i)));
      return { matched, impact: impactOf(cmp, this.profileName) };
    } catch (error) {
      return { matched, error: { error } };
    }
  }

  /** Add one pair's part, in pair order: the first failure is the one raised. */
  addPart(host: string, part: ImpactPart): void {
    for (const i of part.matched) this.matchedSomewhere.add(i);
    if (this.failed) return;
    if (part.error) this.failed = part.error;
    else if (part.impact) this.impacts.set(host.toLowerCase(), part.impact);
  }

  /** Check every entry matched some host, then give each host its impact. */
  attach(result: DiffResult): void {
    const unknown = this.profile.vnics.map((v, i) => ({ v, i })).filter(({ i }) => !this.matchedSomewhere.has(i));
    if (unknown.length > 0) {
      throw new UsageError(`${this.profileName}: ${unknown.map(({ v }) => `VM '${v.vm}'`).join(', ')} matches no vNIC on any host of the diff`);
    }
    if (this.failed) throw this.failed.error;
    for (const h of result.hosts) {
      const impact = this.impacts.get(h.host.toLowerCase());
      if (impact) h.impact = impact;
    }
  }
}

/**
 * Simulate every host present on both sides and attach the impact to the result. A profile entry
 * may name a VM only one host has; an entry that names nothing on any host is an error.
 */
export function attachImpact(result: DiffResult, before: readonly Host[], after: readonly Host[], profile: TrafficProfile, source: ProfileSource, profileName: string): void {
  const byName = (hosts: readonly Host[]): Map<string, Host> => new Map(hosts.map((h) => [h.name.toLowerCase(), h]));
  const b = byName(before);
  const a = byName(after);
  const impacts = new ImpactCollector(profile, source, profileName);
  for (const h of result.hosts) {
    const x = b.get(h.host.toLowerCase());
    const y = a.get(h.host.toLowerCase());
    if (x && y) impacts.add(h.host, x, y);
  }
  impacts.attach(result);
}
