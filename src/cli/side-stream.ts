/**
 * One side of a diff, drift or fleet read as a stream (issue 11): the snapshots are found, then
 * read one at a time; of each host only a small digest (what the command needs of it) stays, and
 * the model is dropped. The names are joined as loading all at once joins them (two captures of
 * one host, failed names), and the command's checks and messages are loadSide's. When a command
 * needs models again (the diff of a pair), `models` reads their snapshots once more, one at a
 * time, holding a snapshot only while a host of it is still to come.
 */
import { resolve } from 'node:path';
import type { VmqlintConfig } from '../engine/config.js';
import { matchAny } from '../engine/glob.js';
import { discoverSnapshots, joinSnapshots, readSnapshot, type Discovery, type LoadFailure, type LoadOptions, type LoadWarning, type SkippedFile, type SnapshotOutline, type SnapshotRead, type SnapshotRef } from '../ingest/load.js';
import { InputError, UsageError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import { expandPathArgs } from './path-args.js';
import { minSnapshotsForWorkers, runOnWorkers, type WorkerThreads } from './snapshot-pool.js';
import { fromWire, toWire, type WireFailure } from './snapshot-wire.js';

/** How snapshots are found and read; tests wrap these to watch the streamed path. */
export interface SnapshotSource {
  discover: (paths: string[], opts: LoadOptions) => Discovery;
  read: typeof readSnapshot;
}

/** The loader's own discovery and reading, with the path arguments expanded as `loadPaths` callers do. */
export const defaultSnapshotSource: SnapshotSource = {
  discover: (paths, opts) => discoverSnapshots(expandPathArgs(paths, opts.cwd), opts),
  read: readSnapshot,
};

/** A host of a side: its name, where its model is, and the command's digest of it. */
export interface SideEntry<T> {
  name: string;
  /** Index of its snapshot in discovery order. */
  snapshot: number;
  /** From a vmqlint model document (SnapshotRead.modelHosts) rather than from exports. */
  model: boolean;
  /** Its index in that list of the snapshot's read. */
  slot: number;
  digest: T;
}

/** A side read once: the hosts that stand, sorted by lower-cased name (loadPaths' order). */
export interface StreamedSide<T> {
  hosts: SideEntry<T>[];
  /** The models of `entries` again, in their order, reading each snapshot once while it is needed. */
  models<U>(entries: readonly SideEntry<U>[]): Generator<Host>;
  /** Removes the folders zips were expanded into. */
  dispose(): void;
  /** The snapshots found, in discovery order (SideEntry.snapshot indexes them), for a worker thread to read a host again. */
  snapshots?: readonly SnapshotRef[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every snapshot found read once: the hosts that stand (sorted as loadPaths sorts them) and what went wrong. */
export interface SideRead<T> {
  hosts: SideEntry<T>[];
  failures: LoadFailure[];
  warnings: LoadWarning[];
  skipped: SkippedFile[];
  /** The read of a lone snapshot, kept: reading it again would only double the time, not save memory. */
  lone?: SnapshotRead;
}

/** What one snapshot gave a side, as plain data a worker thread can send (failures as WireFailure). */
export interface SideSnapshot<T> {
  outline: SnapshotOutline;
  failures: WireFailure[];
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  hosts: SideEntry<T>[];
  models: SideEntry<T>[];
}

/** Of one snapshot read, what a side keeps: its outline and problems, and `digest(host)` of each host. */
export function sideSnapshot<T>(r: SnapshotRead, snapshot: number, digest: (host: Host) => T): SideSnapshot<T> {
  // Copies: a name cut from a file's text (a V8 sliced string) would keep that whole text alive.
  return {
    outline: structuredClone({ claims: r.claims, broken: r.broken, name: r.name, path: r.path }),
    failures: r.failures.map(toWire),
    skipped: r.skipped,
    warnings: r.warnings,
    hosts: r.hosts.map((h, slot) => ({ name: structuredClone(h.name), snapshot, model: false, slot, digest: digest(h) })),
    models: r.modelHosts.map((h, slot) => ({ name: structuredClone(h.name), snapshot, model: true, slot, digest: digest(h) })),
  };
}

/**
 * Read every snapshot found, one at a time, keeping `digest(host)` of each host and nothing of its
 * model, then join the names as loadPaths does (joinSide).
 */
export function readSide<T>(found: Discovery, source: SnapshotSource, cwd: string, digest: (host: Host) => T): SideRead<T> {
  let lone: SnapshotRead | undefined;
  const read = found.snapshots.map((ref, snapshot) => {
    const r = source.read(ref, { cwd });
    if (found.snapshots.length === 1) lone = r;
    return sideSnapshot(r, snapshot, digest);
  });
  return { ...joinSide(found, read), ...(lone ? { lone } : {}) };
}

/**
 * Join a side's snapshots (in discovery order) as loadPaths does: a later capture of a read host
 * fails, a failed name stands nowhere. Failures, skipped files and warnings come sorted by file,
 * as loadPaths gives them.
 */
export function joinSide<T>(found: Pick<Discovery, 'failures' | 'skipped'>, read: readonly SideSnapshot<T>[]): SideRead<T> {
  const failures: LoadFailure[] = [...found.failures];
  const skipped: SkippedFile[] = [...found.skipped];
  const warnings: LoadWarning[] = [];
  for (const r of read) {
    for (const f of r.failures) failures.push(fromWire(f));
    for (const f of r.skipped) skipped.push(f);
    for (const w of r.warnings) warnings.push(w);
  }
  const join = joinSnapshots(read.map((r) => r.outline));
  for (const f of join.failures) failures.push(f);
  let hosts: SideEntry<T>[] = [];
  read.forEach((r, i) => {
    for (const e of r.models) hosts.push(e);
    if (join.accepted[i]) for (const e of r.hosts) hosts.push(e);
  });
  // A host whose snapshot failed is not reported from another snapshot either.
  hosts = hosts.filter((e) => !join.failed.has(e.name.toLowerCase()));
  hosts.sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()));
  failures.sort((a, b) => cmp(a.file, b.file));
  skipped.sort((a, b) => cmp(a.file, b.file));
  warnings.sort((a, b) => cmp(a.file, b.file));
  return { hosts, failures, warnings, skipped };
}

/** A side with each host's digest turned into another (models are found by snapshot and slot, not by digest). */
export function mapDigests<T, U>(side: StreamedSide<T>, f: (digest: T) => U): StreamedSide<U> {
  return {
    hosts: side.hosts.map((e) => ({ ...e, digest: f(e.digest) })),
    models: (entries) => side.models(entries),
    dispose: () => side.dispose(),
    ...(side.snapshots ? { snapshots: side.snapshots } : {}),
  };
}

/** Worker threads for a command that reads sides (fleet, drift, diff). */
export type SideThreads = WorkerThreads;

/**
 * A side read on `jobs` worker threads when `--jobs`, the cores and the fleet's size
 * say so (fewer than AUTO_WORKERS_MIN_SNAPSHOTS snapshots stay in one thread unless --jobs is
 * given), else scanSide; always scanSide with a source injected (tests), which cannot cross threads.
 */
export async function readSideThreaded<T>(
  paths: string[],
  what: string,
  config: VmqlintConfig,
  io: CommandIo,
  source: SnapshotSource | undefined,
  threads: SideThreads & { jobs: number | undefined; workerData: unknown },
  digest: (host: Host) => T,
): Promise<StreamedSide<T>> {
  const script = source ? undefined : threads.workerScript?.();
  if (!script) return scanSide(paths, what, config, io, source ?? defaultSnapshotSource, digest);
  const cwd = resolve(io.cwd);
  return scanSideOn(paths, what, config, io, {
    jobs: threads.jobs ?? threads.cores?.() ?? 1,
    script,
    minSnapshots: minSnapshotsForWorkers(threads.jobs !== undefined),
    workerData: threads.workerData,
    here: (ref, snapshot) => sideSnapshot(defaultSnapshotSource.read(ref, { cwd }), snapshot, digest),
  });
}

/**
 * Worker threads for reading a side (`fleet --jobs N`): `script` is a built worker that reads a
 * snapshot and sends back its sideSnapshot with the command's digest (fleet-worker.ts), and
 * `here` does the same on this thread (in one thread, and for a snapshot a worker ran out of heap on).
 */
export interface SidePool<T> {
  jobs: number;
  script: URL;
  /** Fewer snapshots than this are read in-process (a worker's start costs about a few hosts' read). */
  minSnapshots: number;
  workerData: unknown;
  here: (ref: SnapshotRef, snapshot: number) => SideSnapshot<T>;
}

/**
 * Read one side (a snapshot or a fleet) snapshot by snapshot, keeping `digest(host)` of each host.
 * A file that fails to load would make its host look removed, so any failure is reported and ends
 * the command with exit 2, exactly as loadSide does.
 */
export function scanSide<T>(paths: string[], what: string, config: VmqlintConfig, io: CommandIo, source: SnapshotSource, digest: (host: Host) => T): StreamedSide<T> {
  const { found, cwd } = discoverSide(paths, config, io, source);
  try {
    return checkedSide(readSide(found, source, cwd, digest), found, paths, what, io, source, cwd);
  } catch (err) {
    found.dispose();
    throw err;
  }
}

/** scanSide with the snapshots read on `pool.jobs` worker threads (the loader's own source). */
export async function scanSideOn<T>(paths: string[], what: string, config: VmqlintConfig, io: CommandIo, pool: SidePool<T>): Promise<StreamedSide<T>> {
  const source = defaultSnapshotSource;
  const { found, cwd } = discoverSide(paths, config, io, source);
  try {
    return checkedSide(await readSideOn(found, pool), found, paths, what, io, source, cwd);
  } catch (err) {
    found.dispose();
    throw err;
  }
}

/** Whether `pool` reads the snapshots of `found` on worker threads (else on this thread). */
export function usesWorkers(found: Pick<Discovery, 'snapshots'>, pool: Pick<SidePool<unknown>, 'jobs' | 'minSnapshots'>): boolean {
  return pool.jobs >= 2 && found.snapshots.length >= pool.minSnapshots;
}

/** readSide with the snapshots read on `pool.jobs` worker threads when usesWorkers says so, else with `pool.here`; joined as joinSide joins them. */
export async function readSideOn<T>(found: Discovery, pool: SidePool<T>): Promise<SideRead<T>> {
  const tasks = found.snapshots.map((ref, index) => ({ ref, index }));
  if (!usesWorkers(found, pool)) return joinSide(found, tasks.map((t) => pool.here(t.ref, t.index)));
  const read: SideSnapshot<T>[] = new Array<SideSnapshot<T>>(tasks.length);
  await runOnWorkers(pool.script, pool.workerData, pool.jobs, tasks, (index, r: SideSnapshot<T>) => (read[index] = r), (t) => pool.here(t.ref, t.index));
  return joinSide(found, read);
}

function discoverSide(paths: string[], config: VmqlintConfig, io: CommandIo, source: SnapshotSource): { found: Discovery; cwd: string } {
  const ignore = config.ignore ?? [];
  const opts: LoadOptions = { cwd: io.cwd, ignore: ignore.length > 0 ? (rel) => matchAny(ignore, rel) : undefined };
  return { found: source.discover(paths, opts), cwd: resolve(io.cwd) };
}

/** A side read: its failures and warnings reported, and refused when anything failed or no host stands. */
function checkedSide<T>(side: SideRead<T>, found: Discovery, paths: string[], what: string, io: CommandIo, source: SnapshotSource, cwd: string): StreamedSide<T> {
  const { hosts, failures, warnings, lone } = side;
  for (const f of failures) io.stderr(`vmqlint: ${f.error.message}\n`);
  for (const w of warnings) io.stderr(`vmqlint: warning: ${w.message}\n`);
  if (failures.length > 0) {
    throw new UsageError(`${what} ${paths.join(', ')} did not load completely (${failures.length} failed); a partial comparison would mislead`);
  }
  if (hosts.length === 0) throw new UsageError(`no host found in ${what} ${paths.join(', ')}`);
  return { hosts, models: (entries) => rereadModels(found, source, cwd, entries, lone), dispose: () => found.dispose(), snapshots: found.snapshots };
}

/**
 * The hosts of `entries` read again, each snapshot once and held only while a host of it is still
 * to come (a lone snapshot's first read is used as it is).
 */
export function* rereadModels<T>(found: Discovery, source: SnapshotSource, cwd: string, entries: readonly SideEntry<T>[], lone?: SnapshotRead): Generator<Host> {
  const pending = new Map<number, number>();
  for (const e of entries) pending.set(e.snapshot, (pending.get(e.snapshot) ?? 0) + 1);
  const held = new Map<number, SnapshotRead>(lone ? [[0, lone]] : []);
  for (const e of entries) {
    let r = held.get(e.snapshot);
    if (!r) {
      r = source.read(found.snapshots[e.snapshot], { cwd });
      held.set(e.snapshot, r);
    }
    const host = hostAt(r, e);
    const left = pending.get(e.snapshot)! - 1;
    if (left === 0) {
      pending.delete(e.snapshot);
      held.delete(e.snapshot);
    } else pending.set(e.snapshot, left);
    yield host;
  }
}

/** The host a side entry names in a second read of its snapshot; refused when it is no longer there. */
export function hostAt(r: SnapshotRead, e: Pick<SideEntry<unknown>, 'model' | 'slot' | 'name'>): Host {
  const host = (e.model ? r.modelHosts : r.hosts)[e.slot];
  // The files changed between the two reads: comparing a different host would mislead.
  if (r.broken || host?.name !== e.name) throw new InputError(r.path, 0, 0, `changed while it was being read (host '${e.name}' is no longer where it was)`);
  return host;
}

/** loadSide's refusal of one name twice on a side (match.ts words it so for a diff). */
export function refuseDuplicates(hosts: readonly { name: string }[], message: (name: string) => string): void {
  const seen = new Set<string>();
  for (const h of hosts) {
    const key = h.name.toLowerCase();
    if (seen.has(key)) throw new UsageError(message(h.name));
    seen.add(key);
  }
}
