/**
 * A streamed lint (issue 11): find the snapshots, then read and lint them one at a time (N at a
 * time on worker threads, or from the cache), keeping per snapshot only its outcome, never its
 * models; then join the names across the fleet (two captures of one host, failed names) and
 * check the traffic profile against the whole fleet. `collectOutcomes` does the per-snapshot
 * part (a CI shard stops there); `joinOutcomes` the fleet-wide part (a merge starts there).
 */
import { createHash } from 'node:crypto';
import type { HostLint } from '../engine/host-lint.js';
import type { Rule } from '../engine/types.js';
import { discoverSnapshots, joinSnapshots, readSnapshot, type LoadFailure, type LoadOptions, type LoadWarning, type SkippedFile, type SnapshotRef } from '../ingest/load.js';
import { InputError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import { minOf } from '../model/bulk.js';
import { internStrings } from './intern.js';
import { PackedBytes, packOutcome, unpackText, type PackedRef } from './packed-bytes.js';
import type { LintCache } from './lint-cache.js';
import { runOnWorkers } from './snapshot-pool.js';
import { entriesNowhere, fromWire, lintContext, lintSnapshot, throwEntryNowhere, toWire, type LintContext, type LintSpec, type OutcomeHost, type SnapshotOutcome, type WireFailure } from './lint-snapshot.js';

function isPacked(kept: PackedRef | SnapshotOutcome): kept is PackedRef {
  return 'block' in kept;
}

/** Reports progress as snapshots finish (progress.ts draws it on a terminal). */
export interface ProgressSink {
  start(total: number): void;
  tick(done: number): void;
  done(): void;
}

/** `--shard K/N`: this job's share of the snapshots. */
export interface Shard {
  index: number;
  count: number;
}

/** The shard (1-based, as `--shard K/N` counts) a snapshot belongs to: sha256 of its path, mod N, plus one. */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path).digest('hex');
  return Number(BigInt(`0x${digest}`) % BigInt(count)) + 1;
}

/** How the per-snapshot work runs. */
export interface CollectOptions {
  load: LoadOptions;
  spec: Omit<LintSpec, 'snapshotCount'>;
  rules: Rule[];
  /** Worker threads; 1 (or no script) runs in-process. */
  jobs: number;
  /** A worker's heap limit in MiB (snapshot-pool.ts WORKER_HEAP_MB; tests lower it to force the fallback). */
  workerHeapMb?: number;
  /** Fewer snapshots to lint than this run in-process (starting a worker costs about as much as linting a few hosts). */
  minForWorkers?: number;
  /** The built worker script (undefined when running from sources, as the tests do). */
  workerScript?: URL;
  cache?: LintCache;
  shard?: Shard;
  progress?: ProgressSink;
  clock: () => number;
}

/** What the per-snapshot part gave: every outcome in discovery order, and what discovery found. */
export interface Collected {
  spec: LintSpec;
  /** Every snapshot found, in order (a shard reads only its own, but joins need the count). */
  snapshots: { path: string; shard?: number }[];
  outcomes: SnapshotOutcome[];
  failures: WireFailure[];
  skipped: SkippedFile[];
  ms: { discover: number; work: number };
  /** Worker threads used (0 when in-process). */
  workers: number;
  /** Snapshots a worker ran out of heap on, linted again on the main thread. */
  rescued: number;
}

/** Discover, then read and lint each snapshot of this run (or shard), in-process or on workers. */
export async function collectOutcomes(paths: string[], opts: CollectOptions): Promise<Collected> {
  const t0 = opts.clock();
  const found = discoverSnapshots(paths, opts.load);
  try {
    const t1 = opts.clock();
    const spec: LintSpec = { ...opts.spec, snapshotCount: found.snapshots.length };
    const all = found.snapshots.map((s) => ({ path: s.path, ...(opts.shard ? { shard: shardOf(s.path, opts.shard.count) } : {}) }));
    const mine = found.snapshots.map((ref, index) => ({ ref, index })).filter((t) => !opts.shard || all[t.index].shard === opts.shard.index);
    // Outcomes are kept as deflated JSON text until every snapshot is read, while the workers
    // hold their heaps; they become objects once the workers are gone. A host's outcome is about
    // 18 KB as objects, 11 KB as JSON text and 3.4 KB deflated, packed outside the V8 heap
    // (packed-bytes.ts), so the kept outcomes neither grow the heap nor make its collector keep
    // headroom for them. Workers send them deflated (packOutcome), so this thread's heap never
    // sees the text either.
    const packed = new PackedBytes();
    const texts = new Map<number, PackedRef | SnapshotOutcome>();
    let done = 0;
    opts.progress?.start(mine.length);
    const finish = (index: number, outcome: Uint8Array | SnapshotOutcome, key?: string) => {
      if (outcome instanceof Uint8Array) {
        if (key !== undefined) opts.cache?.put(key, outcome);
        texts.set(index, packed.put(outcome));
      } else {
        texts.set(index, outcome);
      }
      opts.progress?.tick(++done);
    };
    const keys = new Map<number, string>();
    const todo: { ref: SnapshotRef; index: number }[] = [];
    for (const t of mine) {
      const key = opts.cache?.key(t.ref, spec.snapshotCount === 1);
      const hit = key !== undefined ? opts.cache!.get(key, t.index) : undefined;
      // A hit was parsed to be checked: kept as that object, not written back to text and parsed again.
      if (hit) finish(t.index, hit);
      else {
        if (key !== undefined) keys.set(t.index, key);
        todo.push(t);
      }
    }
    const jobs = Math.min(opts.jobs, todo.length);
    let workers = 0;
    let rescued = 0;
    if (jobs > 1 && opts.workerScript && todo.length >= (opts.minForWorkers ?? 2)) {
      workers = jobs;
      const here = lintContext(spec, opts.rules, opts.clock);
      const inProcess = (t: { index: number; ref: SnapshotRef }) => packOutcome(lintSnapshot(t.ref, t.index, here));
      ({ rescued } = await runOnWorkers(opts.workerScript, spec, jobs, todo, (index, bytes: Uint8Array) => finish(index, bytes, keys.get(index)), inProcess, opts.workerHeapMb));
    } else if (todo.length > 0) {
      const ctx = lintContext(spec, opts.rules, opts.clock);
      // Packed as a worker sends it: also a copy, so no string a rule sliced out of a file's
      // text keeps that whole text alive (V8 sliced strings).
      for (const t of todo) finish(t.index, packOutcome(lintSnapshot(t.ref, t.index, ctx)), keys.get(t.index));
    }
    const shared = new Map<string, string>();
    const outcomes: SnapshotOutcome[] = [];
    for (const index of [...texts.keys()].sort((a, b) => a - b)) {
      const kept = texts.get(index)!;
      outcomes.push(internStrings(isPacked(kept) ? (JSON.parse(unpackText(packed.get(kept))) as SnapshotOutcome) : kept, shared));
      texts.delete(index);
    }
    opts.progress?.done();
    return {
      spec,
      snapshots: all,
      outcomes,
      failures: found.failures.map(toWire),
      skipped: found.skipped,
      ms: { discover: t1 - t0, work: opts.clock() - t1 },
      workers,
      rescued,
    };
  } finally {
    found.dispose();
  }
}

/** The fleet-wide inputs of a run: linted hosts that stand, and every failure, skip and warning. */
export interface Joined {
  hosts: HostLint[];
  failures: LoadFailure[];
  skipped: SkippedFile[];
  warnings: LoadWarning[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Join outcomes (in discovery order) as loading all snapshots at once did: a later capture of an
 * already-read host fails, a name that failed anywhere is reported from nowhere, then the traffic
 * profile is checked against the whole fleet. `context` builds the rules and profile in this
 * thread for the rare cases that need a host's model again (read from its snapshot's path).
 */
export function joinOutcomes(
  outcomes: readonly SnapshotOutcome[],
  discovered: { failures: readonly WireFailure[]; skipped: readonly SkippedFile[] },
  spec: LintSpec,
  context: () => LintContext,
): Joined {
  const join = joinSnapshots(outcomes.map((o) => o.outline));
  const failures: LoadFailure[] = discovered.failures.map(fromWire);
  const skipped: SkippedFile[] = [...discovered.skipped];
  const warnings: LoadWarning[] = [];
  let kept: Kept[] = [];
  outcomes.forEach((o, i) => {
    for (const h of o.hosts) if (h.model || join.accepted[i]) kept.push({ host: h, from: o });
    for (const f of o.failures) failures.push(fromWire(f));
    for (const s of o.skipped) skipped.push(s);
    for (const w of o.warnings) warnings.push(w);
  });
  for (const f of join.failures) failures.push(f);
  kept = kept.filter((k) => !join.failed.has(k.host.lint.status.name.toLowerCase()));
  // The order loading all at once gave (by lower-case name): the traffic check picks the first host.
  kept.sort((a, b) => cmp(a.host.lint.status.name.toLowerCase(), b.host.lint.status.name.toLowerCase()));
  failures.sort((a, b) => cmp(a.file, b.file));
  skipped.sort((a, b) => cmp(a.file, b.file));
  warnings.sort((a, b) => cmp(a.file, b.file));
  if (spec.traffic && kept.length === 1 && kept[0].host.traffic) {
    // One host stands in a run of several snapshots: it simulates every entry, as a lone host does.
    const name = kept[0].host.lint.status.name;
    const again = relint(kept[0].from.outline.path, context());
    const host = again?.hosts.find((h) => h.lint.status.name === name);
    if (host) kept[0] = { host, from: again! };
  } else if (spec.traffic && kept.length > 1) {
    checkProfileCoverage(kept, spec, context);
  }
  return { hosts: kept.map((k) => k.host.lint), failures, skipped, warnings };
}

interface Kept {
  host: OutcomeHost;
  from: SnapshotOutcome;
}

/**
 * An entry of a fleet's traffic profile that names a vNIC on no host is an error at that entry
 * (a typo would otherwise be skipped everywhere in silence). The message is the one the host
 * that has the entry's VM gives ("no adapter 'X'"), else the first host's.
 */
function checkProfileCoverage(kept: readonly Kept[], spec: LintSpec, context: () => LintContext): void {
  const nowhere = entriesNowhere(kept.map((k) => k.host.traffic));
  if (nowhere.size === 0) return;
  const first = minOf(nowhere);
  const at = kept.find((k) => k.host.traffic?.vmHere.includes(first)) ?? kept[0];
  const ctx = context();
  // The model is needed once more, to say what the host has instead: read that snapshot again.
  const host = rereadHosts(at.from.outline.path, ctx).find((h) => h.name === at.host.lint.status.name);
  if (host && ctx.traffic) throwEntryNowhere(host, ctx.traffic, first);
  throw new InputError(spec.traffic!.file, 0, 0, `entry ${first + 1} names a vNIC on no host of this run`);
}

/** The snapshots found again at a path that an earlier discovery reported. */
function rediscover<T>(path: string, ctx: LintContext, use: (ref: SnapshotRef) => T | undefined): T | undefined {
  const found = discoverSnapshots([path], { cwd: ctx.spec.cwd });
  try {
    for (const ref of found.snapshots) {
      const r = use(ref);
      if (r !== undefined) return r;
    }
    return undefined;
  } finally {
    found.dispose();
  }
}

function rereadHosts(path: string, ctx: LintContext): Host[] {
  return (
    rediscover(path, ctx, (ref) => {
      const r = readSnapshot(ref, { cwd: ctx.spec.cwd, ...(ctx.spec.maxFileBytes !== undefined ? { maxFileBytes: ctx.spec.maxFileBytes } : {}) });
      return [...r.hosts, ...r.modelHosts];
    }) ?? []
  );
}

/** A snapshot linted again with lone-host traffic semantics. */
function relint(path: string, ctx: LintContext): SnapshotOutcome | undefined {
  return rediscover(path, ctx, (ref) => lintSnapshot(ref, 0, ctx, true));
}
