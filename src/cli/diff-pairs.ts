/**
 * `diff --jobs N`'s second pass on the worker threads (issue 11): the pairs that may differ go to
 * the workers in tasks (the pairs that share a snapshot together, so a snapshot is read once);
 * a worker reads the pair's two models, computes its entry (diffPair: changes, notes, attributed
 * findings) and its part of the impact, and sends back only those. This thread joins them in name
 * order, so the result does not depend on the order the workers answer in.
 *
 * The trial budget attribution spends is shared by the pairs in name order. A task is sent with
 * what this thread has left when it sends it, which is at least what is left when its pairs are
 * joined; an entry holds when the trials it ran fit (entryHolds), and the one pair that crosses
 * the point where the budget runs out is diffed again here with what is left.
 */
import type { Finding } from '../engine/types.js';
import type { TrialBudget } from '../diff/attribute.js';
import { diffPair, type PairEntry } from '../diff/diff.js';
import type { IgnoreFn } from '../diff/noise.js';
import type { SnapshotRead, SnapshotRef } from '../ingest/load.js';
import type { Host } from '../model/host.js';
import type { PairDigest } from './diff-digest.js';
import type { ImpactCollector, ImpactPart } from './impact.js';
import { hostAt, type SideEntry } from './side-stream.js';
import { errorFromWire, errorToWire, refToWire, type WireError, type WireSnapshotRef } from './snapshot-wire.js';

/** A pair that may differ: its host on each side (one is absent when the host was added or removed). */
export interface RereadPair {
  before?: SideEntry<PairDigest>;
  after?: SideEntry<PairDigest>;
}

/** Pairs that share a snapshot (on either side), to be diffed by one worker reading it once. */
export interface PairTask {
  index: number;
  /** Positions in the list of pairs read again, ascending. */
  pairs: number[];
}

/** A host of a pair as a worker finds it: which snapshot of its task, and where in that snapshot's read. */
export interface WireHostRef {
  snapshot: number;
  model: boolean;
  slot: number;
  name: string;
}

/** A pair as a worker gets it, with the host's unsuppressed fleet-wide findings of each side. */
export interface WirePair {
  at: number;
  before?: WireHostRef;
  after?: WireHostRef;
  lint?: { was: Finding[]; is: Finding[] };
}

/** What a worker is sent for a task: the snapshots its pairs read, the pairs, and the trials left. */
export interface WirePairTask {
  index: number;
  snapshots: WireSnapshotRef[];
  pairs: WirePair[];
  budget: number;
}

/** A pair's outcome: its entry with the trials it was given, its impact part, or the error that stops the diff there. */
export interface PairOutcome {
  at: number;
  entry?: PairEntry;
  /** Trials the entry was computed with. */
  given?: number;
  impact?: { matched: number[]; impact?: ImpactPart['impact']; error?: WireError };
  error?: WireError;
}

/** What computing a task needs on the thread that runs it. */
export interface PairContext {
  read: (ref: SnapshotRef) => SnapshotRead;
  ignore: IgnoreFn;
  /** Lints one host alone (attribution's trials); undefined with `--no-lint`. */
  alone?: (host: Host) => Finding[];
  impact?: ImpactCollector;
}

/**
 * Group the pairs read again into tasks: pairs that share a snapshot on either side go together
 * (a fleet of one snapshot a host gives one pair a task), tasks in the order of their first pair.
 */
export function pairTasks(pairs: readonly RereadPair[]): PairTask[] {
  const parent = pairs.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const side of ['before', 'after'] as const) {
    const first = new Map<number, number>();
    pairs.forEach((p, i) => {
      const e = p[side];
      if (!e) return;
      const j = first.get(e.snapshot);
      if (j === undefined) first.set(e.snapshot, i);
      else {
        const [a, b] = [root(i), root(j)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    });
  }
  const groups = new Map<number, number[]>();
  pairs.forEach((_, i) => {
    const r = root(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(i);
  });
  return [...groups.values()].map((g, index) => ({ index, pairs: g }));
}

/** A task as the message a worker gets: `lint` gives each pair's findings, `budget` the trials left now. */
export function wireTask(
  task: PairTask,
  pairs: readonly RereadPair[],
  snapshots: { before: readonly SnapshotRef[]; after: readonly SnapshotRef[] },
  lint: ((p: RereadPair) => { was: Finding[]; is: Finding[] }) | undefined,
  budget: number,
): WirePairTask {
  const refs: WireSnapshotRef[] = [];
  const at = new Map<string, number>();
  const hostRef = (side: 'before' | 'after', e: SideEntry<PairDigest> | undefined): WireHostRef | undefined => {
    if (!e) return undefined;
    const key = `${side}:${e.snapshot}`;
    let i = at.get(key);
    if (i === undefined) {
      at.set(key, (i = refs.length));
      refs.push(refToWire(snapshots[side][e.snapshot]));
    }
    return { snapshot: i, model: e.model, slot: e.slot, name: e.name };
  };
  const wired = task.pairs.map((i): WirePair => {
    const p = pairs[i];
    const w: WirePair = { at: i };
    const b = hostRef('before', p.before);
    const a = hostRef('after', p.after);
    if (b) w.before = b;
    if (a) w.after = a;
    if (lint) w.lint = lint(p);
    return w;
  });
  return { index: task.index, snapshots: refs, pairs: wired, budget };
}

/**
 * Diff a task's pairs in order, each snapshot read once and dropped after its last pair, spending
 * the task's budget as the pairs come. The first pair that fails (a snapshot that changed since
 * the first pass, a lint that throws) ends the task with its error, which the joining thread
 * raises when it reaches that pair, as one thread would.
 */
export function runPairTask(task: WirePairTask, ctx: PairContext, fromWire: (ref: WireSnapshotRef) => SnapshotRef): PairOutcome[] {
  const left = new Map<number, number>();
  for (const p of task.pairs) for (const h of [p.before, p.after]) if (h) left.set(h.snapshot, (left.get(h.snapshot) ?? 0) + 1);
  const held = new Map<number, SnapshotRead>();
  const host = (h: WireHostRef): Host => {
    let r = held.get(h.snapshot);
    if (!r) held.set(h.snapshot, (r = ctx.read(fromWire(task.snapshots[h.snapshot]))));
    const n = left.get(h.snapshot)! - 1;
    left.set(h.snapshot, n);
    if (n === 0) held.delete(h.snapshot);
    return hostAt(r, h);
  };
  const budget: TrialBudget = { left: task.budget };
  const out: PairOutcome[] = [];
  for (const p of task.pairs) {
    try {
      const x = p.before ? host(p.before) : undefined;
      const y = p.after ? host(p.after) : undefined;
      const given = budget.left;
      const alone = ctx.alone;
      const lint = alone && p.lint ? { was: byFingerprint(p.lint.was), is: byFingerprint(p.lint.is), alone } : undefined;
      const entry = diffPair({ before: x, after: y }, { ignore: ctx.ignore, ...(lint ? { lint } : {}), budget });
      const o: PairOutcome = { at: p.at, entry, given };
      if (ctx.impact && x && y) {
        const part = ctx.impact.part(x, y);
        o.impact = { matched: part.matched, ...(part.impact ? { impact: part.impact } : {}), ...(part.error ? { error: errorToWire(part.error.error) } : {}) };
      }
      out.push(o);
    } catch (err) {
      out.push({ at: p.at, error: errorToWire(err) });
      break;
    }
  }
  return out;
}

/** An outcome's impact part with its error as the thread that raised it threw it. */
export function impactFromWire(w: NonNullable<PairOutcome['impact']>): ImpactPart {
  return { matched: w.matched, ...(w.impact ? { impact: w.impact } : {}), ...(w.error ? { error: { error: errorFromWire(w.error) } } : {}) };
}

function byFingerprint(findings: readonly Finding[]): Map<string, Finding> {
  return new Map(findings.map((f) => [f.fingerprint, f]));
}
