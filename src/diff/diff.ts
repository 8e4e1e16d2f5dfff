/**
 * The semantic diff of two snapshots (or fleets): hosts paired by name, objects by hardware
 * identity, one change per (host, target, property), then findings attributed to changes.
 */
import type { Host } from '../model/host.js';
import type { Finding, Severity, Target, TargetKind } from '../engine/types.js';
import { hostTarget } from '../engine/targets.js';
import { attributeHost, DEFAULT_TRIAL_BUDGET, findingsByHost, type HostFindings, type LintFn, type TrialBudget } from './attribute.js';
import { classifyProp } from './classify.js';
import { flattenHost, SECTION_NAMES, type FlatHost, type FlatProp, type FlatTarget, type Section } from './flatten.js';
import { matchHosts, matchTargets, type Pair } from './match.js';
import type { IgnoreFn } from './noise.js';
import { NotComparedNotes, type NotesData } from './not-compared.js';
import type { Change, ChangeKind, DiffResult, DiffSummary, HostDiff, NotCompared } from './types.js';

export interface DiffOptions {
  /** Lints hosts so changes can name the findings they introduce and resolve. */
  lint?: LintFn;
  /** Drops noise and `diff.ignore` properties (counted in the summary). */
  ignore?: IgnoreFn;
  /** Lint runs attribution may spend undoing single changes (default DEFAULT_TRIAL_BUDGET). */
  trialBudget?: number;
}

const KIND_ORDER: Record<TargetKind, number> = { host: 0, adapter: 1, team: 2, switch: 3, vnic: 4 };

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: host, object kind, object name and id, property. */
export function compareChanges(a: Change, b: Change): number {
  return (
    ordinal(a.host.toLowerCase(), b.host.toLowerCase()) ||
    KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind] ||
    ordinal(a.target.name, b.target.name) ||
    ordinal(a.target.id, b.target.id) ||
    ordinal(a.property, b.property) ||
    ordinal(a.kind, b.kind)
  );
}

function newChange(host: string, target: Target, property: string, kind: ChangeKind, before: Change['before'], after: Change['after']): Change {
  return { host, target, property, kind, before, after, severity: 'info', introduces: [], resolves: [] };
}

function objectChange(host: string, t: FlatTarget, added: boolean): Change {
  const vnic = t.target.kind === 'vnic';
  const kind: ChangeKind = added ? (vnic ? 'vnic-added' : 'added') : vnic ? 'vnic-removed' : 'removed';
  return newChange(host, t.target, 'exists', kind, added ? null : { value: true }, added ? { value: true } : null);
}

interface Collector {
  changes: Change[];
  notCompared: NotComparedNotes;
  ignored: number;
}

function sectionCount(t: FlatTarget, section: Section): number {
  let n = 0;
  for (const p of t.props.values()) if (p.section === section) n++;
  return n;
}

function diffTarget(col: Collector, hostName: string, fb: FlatHost, fa: FlatHost, b: FlatTarget, a: FlatTarget, ignore: IgnoreFn | undefined): void {
  const keys = [...new Set([...b.props.keys(), ...a.props.keys()])].sort(ordinal);
  const target = a.target;
  const moved = b.target.id !== a.target.id || b.target.name !== a.target.name;
  // An adapter whose advanced properties were exported on one side only cannot be compared.
  const advB = sectionCount(b, 'advanced');
  const advA = sectionCount(a, 'advanced');
  const advancedComparable = (advB === 0) === (advA === 0);
  if (!advancedComparable) {
    col.notCompared.section(hostName, `${SECTION_NAMES.advanced} of ${target.kind} "${target.name}"`, advB === 0 ? 'before' : 'after');
  }
  for (const key of keys) {
    const pb: FlatProp | undefined = b.props.get(key);
    const pa: FlatProp | undefined = a.props.get(key);
    const section = (pa ?? pb)!.section;
    if (!fb.sections.has(section) || !fa.sections.has(section)) {
      col.notCompared.section(hostName, SECTION_NAMES[section], fb.sections.has(section) ? 'after' : 'before');
      continue;
    }
    if (section === 'advanced' && !advancedComparable) continue;
    const property = (pa ?? pb)!.name;
    // A value the export format lost is unknown: neither a change nor the same. Lost on both
    // sides, there is no known value to miss, so it is not listed either.
    const lostBefore = pb ? pb.unknown === true : b.lossy.has(section);
    const lostAfter = pa ? pa.unknown === true : a.lossy.has(section);
    // An item of a list (a team member's mode) is told by the list: when the list was lost, or
    // when the item joined or left it.
    const partOf = (pa ?? pb)!.partOf;
    const listB = partOf === undefined ? undefined : b.props.get(partOf);
    const listA = partOf === undefined ? undefined : a.props.get(partOf);
    if (lostBefore || lostAfter) {
      const listLost = (lostBefore && listB?.unknown) || (lostAfter && listA?.unknown);
      if (lostBefore !== lostAfter && !listLost && !ignore?.(target, property)) {
        col.notCompared.lostValue(hostName, target, property, lostBefore ? 'before' : 'after');
      }
      continue;
    }
    const c = classifyProp(pb, pa);
    if (!c) continue;
    if ((pb === undefined || pa === undefined) && partOf !== undefined && classifyProp(listB, listA)) continue;
    if (ignore?.(target, property)) {
      col.ignored++;
      continue;
    }
    const change = newChange(hostName, target, property, c.kind, c.before, c.after);
    if (moved) change.targetBefore = b.target;
    if (c.driverDefault !== undefined) change.driverDefault = c.driverDefault;
    const driverMoved = b.driverVersion !== a.driverVersion && (b.driverVersion !== undefined || a.driverVersion !== undefined);
    if (driverMoved && (c.kind === 'reset-to-default' || c.kind === 'type-changed')) {
      change.driverVersion = {};
      if (b.driverVersion !== undefined) change.driverVersion.before = b.driverVersion;
      if (a.driverVersion !== undefined) change.driverVersion.after = a.driverVersion;
    }
    col.changes.push(change);
  }
}

/**
 * Flatten the before host again with its references translated to the after side's ids, when the
 * pairing matched adapters or switches whose ids differ (an export without InterfaceGuid, say).
 */
function alignReferences(before: Host, fb: FlatHost, fa: FlatHost): FlatHost {
  const map = new Map<string, string>();
  for (const p of matchTargets(fb, fa)) {
    if (!p.before || !p.after) continue;
    const kind = p.before.target.kind;
    if ((kind === 'adapter' || kind === 'switch') && p.before.target.id.toLowerCase() !== p.after.target.id.toLowerCase()) {
      map.set(p.before.target.id.toLowerCase(), p.after.target.id.toLowerCase());
    }
  }
  if (map.size === 0) return fb;
  return flattenHost(before, (id) => map.get(id.toLowerCase()) ?? id.toLowerCase());
}

function diffHostPair(col: Collector, fb: FlatHost, fa: FlatHost, ignore: IgnoreFn | undefined): void {
  const hostName = fa.name;
  for (const pair of matchTargets(fb, fa)) {
    if (pair.before && pair.after) {
      diffTarget(col, hostName, fb, fa, pair.before, pair.after, ignore);
      continue;
    }
    const t = (pair.after ?? pair.before)!;
    // Without the vNIC export on one side, its vNICs did not vanish; they were not exported.
    if (t.target.kind === 'vnic' && !(fb.sections.has('vnic') && fa.sections.has('vnic'))) {
      col.notCompared.section(hostName, SECTION_NAMES.vnic, fb.sections.has('vnic') ? 'after' : 'before');
      continue;
    }
    const change = objectChange(hostName, t, pair.after !== undefined);
    if (ignore?.(t.target, change.property)) {
      col.ignored++;
      continue;
    }
    col.changes.push(change);
  }
}

function summarize(changes: Change[], hosts: HostDiff[], ignored: number): DiffSummary {
  const byKind: DiffSummary['byKind'] = {};
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const c of changes) {
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    bySeverity[c.severity]++;
  }
  const sortedByKind: DiffSummary['byKind'] = {};
  for (const k of Object.keys(byKind).sort(ordinal) as ChangeKind[]) sortedByKind[k] = byKind[k];
  return {
    changes: changes.length,
    hostsCompared: hosts.length,
    hostsChanged: hosts.filter((h) => h.status !== 'unchanged').length,
    byKind: sortedByKind,
    bySeverity,
    introduced: hosts.reduce((s, h) => s + h.introduced.length, 0),
    resolved: hosts.reduce((s, h) => s + h.resolved.length, 0),
    ignored,
  };
}

/** Per-host roll-up and the totals, from sorted changes. */
export function rollUp(
  mode: DiffResult['mode'],
  changes: Change[],
  hostNames: { name: string; status?: 'added' | 'removed' }[],
  findings: Map<string, HostFindings>,
  notCompared: NotCompared[],
  ignored: number,
): DiffResult {
  // Grouped once: filtering every change per host is quadratic in a fleet of 10,000 hosts.
  const byHost = new Map<string, number>();
  for (const c of changes) {
    const lower = c.host.toLowerCase();
    byHost.set(lower, (byHost.get(lower) ?? 0) + 1);
  }
  const hosts: HostDiff[] = hostNames.map(({ name, status }) => {
    const lower = name.toLowerCase();
    const own = byHost.get(lower) ?? 0;
    const f = findings.get(lower);
    return {
      host: name,
      status: status ?? (own > 0 ? 'changed' : 'unchanged'),
      changes: own,
      introduced: f?.introduced ?? [],
      resolved: f?.resolved ?? [],
      unattributed: f?.unattributed ?? [],
    };
  });
  return { schemaVersion: 1, mode, changes, hosts, notCompared, summary: summarize(changes, hosts, ignored) };
}

/** What a diff knows of the lint before it meets a pair: each side's fleet-wide findings, and a lint of one host alone. */
export interface PairLint {
  before: Finding[];
  after: Finding[];
  alone: (host: Host) => Finding[];
}

/** What diffing one pair needs of the lint: the host's unsuppressed fleet-wide findings on each side (by fingerprint), and a lint of one host alone. */
export interface HostPairLint {
  was: Map<string, Finding>;
  is: Map<string, Finding>;
  alone: (host: Host) => Finding[];
}

/** What attribution spent of the trial budget on one pair. */
export interface PairTrials {
  /** Trials run (lint runs of an undone change). */
  used: number;
  /** A trial was refused because the budget was spent. */
  short: boolean;
}

/**
 * One host pair's part of a diff, as plain data (structuredClone keeps it, so a worker thread can
 * compute it): the host's line, its changes (sorted, findings attributed), its not-compared notes,
 * the properties ignored, its introduced and resolved findings, and the trials it spent.
 */
export interface PairEntry {
  /** Lower-cased host name: the pair's place in the diff's order. */
  key: string;
  host: { name: string; status?: 'added' | 'removed' };
  changes: Change[];
  notCompared: NotesData;
  ignored: number;
  findings?: HostFindings;
  trials: PairTrials;
}

/**
 * Diff one pair of hosts (a side is absent when the host was added or removed): what the diff of
 * the whole fleet holds of this pair. `budget` is what attribution may spend undoing changes;
 * it is spent here, as the diff spends it in name order.
 */
export function diffPair(pair: Pair<Host>, opts: { ignore?: IgnoreFn; lint?: HostPairLint; budget: TrialBudget }): PairEntry {
  const key = (pair.after ?? pair.before)!.name.toLowerCase();
  const notes = new NotComparedNotes();
  const col: Collector = { changes: [], notCompared: notes, ignored: 0 };
  const fa = pair.after ? flattenHost(pair.after) : undefined;
  let fb = pair.before ? flattenHost(pair.before) : undefined;
  if (pair.before && fb && fa) fb = alignReferences(pair.before, fb, fa);
  let host: PairEntry['host'];
  if (fb && fa) {
    host = { name: fa.name };
    diffHostPair(col, fb, fa, opts.ignore);
  } else {
    const h = (pair.after ?? pair.before)!;
    const added = pair.after !== undefined;
    host = { name: h.name, status: added ? 'added' : 'removed' };
    col.changes.push(
      newChange(h.name, hostTarget(h), 'exists', added ? 'host-added' : 'host-removed', added ? null : { value: true }, added ? { value: true } : null),
    );
  }
  const changes = col.changes.sort(compareChanges);
  const lint = opts.lint;
  // A budget of this pair's own, to tell what it spent and whether it ran short.
  const spend: TrialBudget = { left: opts.budget.left };
  let findings: HostFindings | undefined;
  if (lint && (lint.was.size > 0 || lint.is.size > 0)) {
    findings = attributeHost({
      host: key,
      was: lint.was,
      is: lint.is,
      changes,
      beforeHost: pair.before,
      afterHost: pair.after,
      flatBefore: fb,
      flatAfter: fa,
      alone: lint.alone,
      budget: spend,
    });
  }
  const trials: PairTrials = { used: opts.budget.left - spend.left, short: spend.short === true };
  opts.budget.left = spend.left;
  return { key, host, changes, notCompared: notes.toData(), ignored: col.ignored, ...(findings ? { findings } : {}), trials };
}

/**
 * Whether a pair's entry, computed with `given` trials to spend, is the one the diff computes
 * when `left` remain at that pair: trials run in an order the budget does not change, so an entry
 * that ran all it wanted holds for any budget at least that large, and one the budget cut short
 * only for the same budget.
 */
export function entryHolds(trials: PairTrials, given: number, left: number): boolean {
  return trials.short ? left === given : trials.used <= left;
}

/**
 * A diff built one host pair at a time, so two fleets are compared without holding every model
 * (issue 11): each pair is flattened, diffed and its findings attributed (diffPair), then only
 * its entry stays. Pairs come in lower-cased name order (matchHosts' order), which keeps the
 * trial budget spent as a whole-fleet diff spends it; an entry computed elsewhere (a worker
 * thread) joins with `addEntry`, in the same order.
 */
export class PairwiseDiff {
  private readonly notCompared = new NotComparedNotes();
  private readonly changes: Change[] = [];
  private readonly hostNames: { name: string; status?: 'added' | 'removed' }[] = [];
  private readonly findings = new Map<string, HostFindings>();
  private readonly old?: Map<string, Map<string, Finding>>;
  private readonly now?: Map<string, Map<string, Finding>>;
  private readonly budget: TrialBudget;
  private ignored = 0;
  private last?: string;

  constructor(private readonly opts: { ignore?: IgnoreFn; lint?: PairLint; trialBudget?: number } = {}) {
    if (opts.lint) {
      this.old = findingsByHost(opts.lint.before);
      this.now = findingsByHost(opts.lint.after);
    }
    this.budget = { left: opts.trialBudget ?? DEFAULT_TRIAL_BUDGET };
  }

  /** Trials attribution may still spend: what the next pair's entry must be computed with (entryHolds). */
  get trialsLeft(): number {
    return this.budget.left;
  }

  /** What diffPair needs of the lint for the host `key` (lower-cased): its findings on each side, and the lone lint. */
  pairLint(key: string): HostPairLint | undefined {
    const lint = this.opts.lint;
    if (!lint) return undefined;
    return { was: this.old!.get(key) ?? new Map<string, Finding>(), is: this.now!.get(key) ?? new Map<string, Finding>(), alone: lint.alone };
  }

  /** Diff one pair of hosts (a side is absent when the host was added or removed). */
  add(pair: Pair<Host>): void {
    const key = (pair.after ?? pair.before)!.name.toLowerCase();
    this.order(key);
    this.join(diffPair(pair, { ignore: this.opts.ignore, lint: this.pairLint(key), budget: this.budget }));
  }

  /**
   * Add a pair's entry computed elsewhere with `given` trials to spend; refused (false, nothing
   * added) when it does not hold for the trials left here (entryHolds): the caller diffs that
   * pair again with `trialsLeft`.
   */
  addEntry(entry: PairEntry, given: number): boolean {
    if (!entryHolds(entry.trials, given, this.budget.left)) return false;
    this.order(entry.key);
    this.budget.left -= entry.trials.used;
    this.join(entry);
    return true;
  }

  private join(entry: PairEntry): void {
    this.hostNames.push(entry.host);
    this.notCompared.addData(entry.notCompared);
    this.ignored += entry.ignored;
    if (entry.findings) this.findings.set(entry.key, entry.findings);
    for (const c of entry.changes) this.changes.push(c);
  }

  /**
   * A pair known to be equal without its models (the same flattened properties and findings on
   * both sides: diff-stream.ts), which diffs to nothing: listed as unchanged.
   */
  unchanged(name: string): void {
    this.order(name.toLowerCase());
    this.hostNames.push({ name });
  }

  private order(key: string): void {
    if (this.last !== undefined && !(this.last < key)) throw new Error(`host pairs out of order: '${key}' after '${this.last}'`);
    this.last = key;
  }

  /** The diff of every pair added. */
  finish(): DiffResult {
    return rollUp('diff', this.changes.sort(compareChanges), this.hostNames, this.findings, this.notCompared.list(), this.ignored);
  }
}

/** Diff two sets of hosts. */
export function diffHosts(before: readonly Host[], after: readonly Host[], opts: DiffOptions = {}): DiffResult {
  const pairs = matchHosts(before, after);
  const lint = opts.lint;
  const diff = new PairwiseDiff({
    ignore: opts.ignore,
    lint: lint ? { before: lint(before), after: lint(after), alone: (h) => lint([h]) } : undefined,
    trialBudget: opts.trialBudget,
  });
  for (const pair of pairs) diff.add(pair);
  return diff.finish();
}
