/**
 * `diff` of two fleets in bounded memory (issue 11). Host names come from the files' contents, so
 * pairing needs a first pass: each side is read snapshot by snapshot, and of each host only its
 * lint (host-lint.ts: findings and the summaries fleet rules need) and a fingerprint of its
 * flattened properties stay. The fleet-wide lint of each side is finished from those. Then the
 * pairs are diffed in name order, their models read again one snapshot at a time and dropped
 * after their pair; a pair whose fingerprints and findings are equal on both sides cannot change
 * and is not read again (unless `--traffic` needs its simulation). With `--jobs N` both passes run
 * on worker threads: the second diffs pairs there and joins their entries here in name order
 * (diff-pairs.ts).
 */
import { resolve } from 'node:path';
import type { LintResult } from '../engine/types.js';
import type { IgnoreFn } from '../diff/noise.js';
import { PairwiseDiff } from '../diff/diff.js';
import type { DiffResult } from '../diff/types.js';
import type { Host } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import type { DiffDeps, DiffLinter, LoadedConfig } from './diff-common.js';
import { fromWirePair, pairDigest, type PairDigest } from './diff-digest.js';
import type { DiffWorkerData } from './diff-worker.js';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import type { ImpactCollector } from './impact.js';
import { defaultSnapshotSource, mapDigests, readSideThreaded, refuseDuplicates, type SideEntry, type SideThreads, type StreamedSide } from './side-stream.js';
import type { Finding } from '../engine/types.js';
import type { SnapshotRef } from '../ingest/load.js';
import type { IgnoreSpec } from './diff-common.js';
import { impactFromWire, pairTasks, runPairTask, wireTask, type PairOutcome, type PairTask } from './diff-pairs.js';
import { minSnapshotsForWorkers, runTasksOnWorkers } from './snapshot-pool.js';
import { errorFromWire, refFromWire } from './snapshot-wire.js';

/** What a streamed diff needs besides the two paths. */
export interface StreamDiffOptions {
  loaded: LoadedConfig;
  io: CommandIo;
  deps: DiffDeps & SideThreads & DiffPassTiming;
  ignore: IgnoreFn;
  /** Builds the linter (after both sides loaded, as the in-memory diff does); undefined with `--no-lint`. */
  linter?: () => Promise<DiffLinter>;
  impact?: ImpactCollector;
  /** `--jobs`: threads for both passes (undefined: the cores, when the fleet is large enough). */
  jobs?: number;
  /** `--traffic`: the profile's text and display name, for the worker threads' lint. */
  traffic?: { text: string; name: string };
  /** What `ignore` was built from: without it the second pass stays in this thread (a function cannot cross threads). */
  ignoreSpec?: IgnoreSpec;
}

/**
 * Where a streamed diff's time goes (benchmarks, tests): called after each pass with its wall
 * time, and after the second with the worker threads it ran on (0: this thread).
 */
export interface DiffPassTiming {
  onPass?: (pass: 'first' | 'second', ms: number, threads?: number) => void;
}

/** The streamed diff's result, and the after side's lint for SARIF. */
export interface StreamedDiff {
  result: DiffResult;
  after?: LintResult;
  linter?: DiffLinter;
}

/** Diff two snapshots or fleets, streaming both sides. */
export async function streamDiff(beforePath: string, afterPath: string, opts: StreamDiffOptions): Promise<StreamedDiff> {
  const { loaded, io } = opts;
  // The rules are loaded before the sides are read (each host is linted as it is read), but a
  // problem with them is reported after the sides' load problems, as the in-memory diff does.
  let linter: DiffLinter | undefined;
  let linterError: { error: unknown } | undefined;
  if (opts.linter) {
    try {
      linter = await opts.linter();
    } catch (error) {
      linterError = { error };
    }
  }
  const hostLint = linter?.hostLint;
  const side = async (path: string, what: 'before' | 'after'): Promise<StreamedSide<PairDigest>> => {
    const slim = what === 'before';
    const workerData: DiffWorkerData = {
      cwd: resolve(io.cwd),
      slim,
      ...(linter ? { lint: { config: loaded.config, ...(loaded.file !== undefined ? { file: loaded.file } : {}) } } : {}),
      ...(opts.traffic ? { traffic: opts.traffic } : {}),
    };
    // A linter that failed to build is reported after both sides loaded: no workers then, whose
    // own failure to build it would come first. Injected rules (tests) exist only in this thread.
    const threads = linterError || opts.deps.loadRules !== loadCatalogRules ? {} : opts.deps;
    const read = await readSideThreaded([path], what, loaded.config, io, opts.deps.snapshots, { ...threads, jobs: opts.jobs, workerData }, (h) => pairDigest(h, hostLint, slim));
    return mapDigests(read, fromWirePair);
  };
  const started = performance.now();
  const before = await side(beforePath, 'before');
  let after: StreamedSide<PairDigest> | undefined;
  try {
    after = await side(afterPath, 'after');
    if (linterError) throw linterError.error;
    refuseDuplicates(before.hosts, (name) => `host '${name}' appears more than once in the before input`);
    refuseDuplicates(after.hosts, (name) => `host '${name}' appears more than once in the after input`);
    let results: { before: LintResult; after: LintResult } | undefined;
    if (linter) {
      for (const side of [before, after]) {
        const failed = side.hosts.find((e) => e.digest.error);
        if (failed) throw failed.digest.error!.error;
      }
      results = { before: linter.finish(before.hosts.map((e) => e.digest.lint!)), after: linter.finish(after.hosts.map((e) => e.digest.lint!)) };
    }
    const l = linter;
    const second = performance.now();
    opts.deps.onPass?.('first', second - started);
    const diff = new PairwiseDiff({
      ignore: opts.ignore,
      lint: l && results ? { before: results.before.findings, after: results.after.findings, alone: (h) => l.alone(h).findings } : undefined,
    });
    const pairs = pairUp(before.hosts, after.hosts);
    // Only the pairs that may differ are read again (all of them when the profile simulates them).
    const prints = results ? { before: findingPrints(results.before), after: findingPrints(results.after) } : undefined;
    // A pair cannot differ with the same flattened properties (the diff compares nothing else)
    // under the same name, and the same findings on both sides (nothing introduced or resolved).
    const unchanged = (p: Pair): boolean =>
      opts.impact === undefined &&
      p.before !== undefined &&
      p.after !== undefined &&
      p.before.digest.flat === p.after.digest.flat &&
      (prints === undefined || prints.before.get(p.before.name.toLowerCase()) === prints.after.get(p.after.name.toLowerCase()));
    const reread = pairs.filter((p) => !unchanged(p));
    const tasks = pairTasks(reread);
    const pool = secondPassPool(opts, linterError !== undefined, tasks.length, before, after);
    const threads = pool ? Math.min(pool.jobs, tasks.length) : 0;
    if (pool) {
      const workerData: DiffWorkerData = {
        cwd: resolve(io.cwd),
        slim: false,
        ...(l && results ? { lint: { config: loaded.config, ...(loaded.file !== undefined ? { file: loaded.file } : {}), today: l.today } } : {}),
        ...(opts.traffic ? { traffic: opts.traffic } : {}),
        pairs: { ignore: pool.ignore, impact: opts.impact !== undefined },
      };
      await pairsOnWorkers(pool, workerData, { pairs, reread, tasks, unchanged, before, after, diff, impact: opts.impact, alone: l && results ? (h) => l.alone(h).findings : undefined, ignore: opts.ignore, cwd: resolve(io.cwd) });
    } else {
      const beforeModels = before.models(reread.flatMap((p) => (p.before ? [p.before] : [])));
      const afterModels = after.models(reread.flatMap((p) => (p.after ? [p.after] : [])));
      for (const p of pairs) {
        if (unchanged(p)) {
          diff.unchanged(p.after!.name);
          continue;
        }
        const x = p.before ? next(beforeModels) : undefined;
        const y = p.after ? next(afterModels) : undefined;
        diff.add({ before: x, after: y });
        if (x && y) opts.impact?.add(y.name, x, y);
      }
    }
    const result = diff.finish();
    opts.deps.onPass?.('second', performance.now() - second, threads);
    return { result, after: results?.after, linter };
  } finally {
    before.dispose();
    after?.dispose();
  }
}

interface Pair {
  before?: SideEntry<PairDigest>;
  after?: SideEntry<PairDigest>;
}

/** Hosts paired by lower-cased name, in that order (both lists are sorted so). */
function pairUp(before: readonly SideEntry<PairDigest>[], after: readonly SideEntry<PairDigest>[]): Pair[] {
  const pairs: Pair[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const b = before[i]?.name.toLowerCase();
    const a = after[j]?.name.toLowerCase();
    if (a === undefined || (b !== undefined && b < a)) pairs.push({ before: before[i++] });
    else if (b === undefined || a < b) pairs.push({ after: after[j++] });
    else pairs.push({ before: before[i++], after: after[j++] });
  }
  return pairs;
}

/** Per lower-cased host name, its unsuppressed findings' fingerprints (as attribution counts them), sorted and joined. */
function findingPrints(result: LintResult): Map<string, string> {
  const by = new Map<string, string[]>();
  for (const f of result.findings) {
    if (f.suppressed) continue;
    const host = f.host.toLowerCase();
    let list = by.get(host);
    if (!list) by.set(host, (list = []));
    list.push(f.fingerprint);
  }
  return new Map([...by].map(([host, list]) => [host, list.sort().join('\n')]));
}

/** The worker threads for the second pass, or undefined to keep it in this thread. */
function secondPassPool(
  opts: StreamDiffOptions,
  linterFailed: boolean,
  tasks: number,
  ...sides: StreamedSide<PairDigest>[]
): { script: URL; jobs: number; ignore: IgnoreSpec } | undefined {
  // As the first pass: injected rules or snapshot sources (tests) exist only in this thread.
  if (linterFailed || opts.deps.loadRules !== loadCatalogRules || opts.deps.snapshots || !opts.ignoreSpec) return undefined;
  if (sides.some((s) => !s.snapshots)) return undefined;
  const script = opts.deps.workerScript?.();
  const jobs = opts.jobs ?? opts.deps.cores?.() ?? 1;
  if (!script || jobs < 2 || tasks < minSnapshotsForWorkers(opts.jobs !== undefined)) return undefined;
  return { script, jobs, ignore: opts.ignoreSpec };
}

/** What joining the second pass's outcomes needs. */
interface PairJoin {
  pairs: Pair[];
  reread: Pair[];
  tasks: PairTask[];
  unchanged: (p: Pair) => boolean;
  before: StreamedSide<PairDigest>;
  after: StreamedSide<PairDigest>;
  diff: PairwiseDiff;
  impact?: ImpactCollector;
  alone?: (host: Host) => Finding[];
  ignore: IgnoreFn;
  cwd: string;
}

/**
 * The second pass on worker threads: each task's pairs diffed there (diff-pairs.ts), the outcomes
 * joined here in name order as they become complete, the unchanged pairs between them. An error
 * is raised when its pair's turn comes, so the first pair that fails in name order is the one
 * reported, as in one thread.
 */
async function pairsOnWorkers(pool: { script: URL; jobs: number }, workerData: DiffWorkerData, j: PairJoin): Promise<void> {
  const { pairs, reread, diff } = j;
  const snapshots = { before: j.before.snapshots!, after: j.after.snapshots! };
  const lint = j.alone
    ? (p: Pair) => {
        const l = diff.pairLint((p.after ?? p.before)!.name.toLowerCase())!;
        return { was: [...l.was.values()], is: [...l.is.values()] };
      }
    : undefined;
  // Sent with the trials left when it is sent: never fewer than are left when its pairs are joined.
  const message = (t: PairTask) => wireTask(t, reread, snapshots, lint, diff.trialsLeft);
  const here = { read: (ref: SnapshotRef) => defaultSnapshotSource.read(ref, { cwd: j.cwd }), ignore: j.ignore, ...(j.alone ? { alone: j.alone } : {}), ...(j.impact ? { impact: j.impact } : {}) };
  const outcomes = new Map<number, PairOutcome>();
  let i = 0;
  let r = 0;
  const join = () => {
    for (; i < pairs.length; i++) {
      const p = pairs[i];
      if (j.unchanged(p)) {
        diff.unchanged(p.after!.name);
        continue;
      }
      const o = outcomes.get(r);
      if (!o) return;
      outcomes.delete(r++);
      if (o.error) throw errorFromWire(o.error);
      if (!diff.addEntry(o.entry!, o.given!)) {
        // The trials ran out within what this entry was given: diffed again here with what is left.
        const x = p.before ? next(j.before.models([p.before])) : undefined;
        const y = p.after ? next(j.after.models([p.after])) : undefined;
        diff.add({ before: x, after: y });
      }
      if (o.impact) j.impact?.addPart(p.after!.name, impactFromWire(o.impact));
    }
  };
  join();
  await runTasksOnWorkers(
    pool.script,
    workerData,
    pool.jobs,
    j.tasks,
    message,
    (_, done: PairOutcome[]) => {
      for (const o of done) outcomes.set(o.at, o);
      join();
    },
    (t) => runPairTask(message(t), here, refFromWire),
  );
  join();
  if (i < pairs.length) throw new Error('streamed diff: a pair read again was never diffed');
}

function next(models: Generator<Host>): Host {
  const r = models.next();
  if (r.done) throw new Error('streamed diff: fewer models read again than hosts paired');
  return r.value;
}
