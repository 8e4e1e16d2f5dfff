/**
 * Worker threads for `--jobs N` (lint, fleet, drift): N workers each read one snapshot at a time
 * and turn it into the command's outcome for it (a lint outcome, a fleet or drift digest); this
 * thread keeps every worker busy (one task running, more queued) and hands each outcome to the
 * caller with its index, so the run's output does not depend on the order hosts finish in.
 *
 * This thread does no snapshot of its own (but one a worker ran out of heap on). Letting it take
 * a share was tried: no faster on 2 cores (1,000 hosts: 11.3 against 11.2 s) and 14 MiB more at
 * 5,000 hosts, since its heap has no limit and grows to what it has seen.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SnapshotRef } from '../ingest/load.js';
import { errorFromWire, refToWire, type WireError, type WireSnapshotRef } from './snapshot-wire.js';

/** What the pool sends a worker (its workerData, the command's settings, went when it started). */
export interface WorkerTask {
  index: number;
  ref: WireSnapshotRef;
  lone?: boolean;
}

/** What a worker sends back: the outcome, or the error that stops the run. */
export interface WorkerReply {
  index: number;
  /** The snapshot's outcome (for lint deflated JSON text, which the main thread keeps as it is). */
  outcome?: unknown;
  error?: WireError;
}

/** Tasks kept in flight per worker: one running, one waiting, so a worker never idles on a message. */
const IN_FLIGHT = 2;

/**
 * A worker's old-generation heap limit (MiB). V8 lets a heap grow well past what a host needs
 * before it collects; a limit keeps each worker nearer its live size (a 730 KB host needs about
 * 40 MB). Measured on 100 hosts at --jobs 2: peak RSS 324 MB without a limit, 239-241 MB with
 * 128 or 256 MiB, at 7% more CPU time. A snapshot that needs more (a 32 MiB export) runs out of
 * heap in the worker is done again on the main thread, whose heap has no such limit, and a
 * fresh worker takes the worker's place.
 */
export const WORKER_HEAP_MB = 256;

/** Small runs stay in-process unless --jobs says otherwise: a worker's start costs about as much as reading this many hosts. */
export const AUTO_WORKERS_MIN_SNAPSHOTS = 8;

/** Fewest snapshots worth starting workers for: 2 when `--jobs` was given, else AUTO_WORKERS_MIN_SNAPSHOTS. */
export function minSnapshotsForWorkers(jobsGiven: boolean): number {
  return jobsGiven ? 2 : AUTO_WORKERS_MIN_SNAPSHOTS;
}

/** How a command finds its worker threads: its built worker script and the cores for the default --jobs. */
export interface WorkerThreads {
  /** The built worker script; undefined runs in one thread (from the sources, as the tests do). */
  workerScript?: () => URL | undefined;
  cores?: () => number;
}

/** A worker script beside this module once built (dist/src/cli/NAME); none from the sources. */
export function builtScript(name: string): URL | undefined {
  const url = new URL(`./${name}`, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** The production threads of a command whose worker script is `name`. */
export function workerThreads(name: string): Required<WorkerThreads> {
  return { workerScript: () => builtScript(name), cores: () => availableParallelism() };
}

/** What `runOnWorkers` did, for --timing and the tests. */
export interface PoolStats {
  /** Snapshots a worker ran out of heap on, done again on this thread. */
  rescued: number;
}

/**
 * Run `tasks` on `jobs` worker threads running `script`, each started with `workerData`; `done`
 * receives each outcome as it arrives. `inProcess` does a task on this thread (one a worker ran
 * out of heap on). Rejects with the first error a worker reports (the others are stopped).
 */
export function runOnWorkers<R>(
  script: URL,
  workerData: unknown,
  jobs: number,
  tasks: readonly { index: number; ref: SnapshotRef }[],
  done: (index: number, outcome: R) => void,
  inProcess: (task: { index: number; ref: SnapshotRef }) => R,
  heapMb: number = WORKER_HEAP_MB,
): Promise<PoolStats> {
  return runTasksOnWorkers(script, workerData, jobs, tasks, (t): WorkerTask => ({ index: t.index, ref: refToWire(t.ref) }), done, inProcess, heapMb);
}

/**
 * Holds tasks back so a consumer that takes outcomes in order buffers few: the task at position p
 * of `tasks` is sent only while p < open(); the pool hands `onOpen` the function to call when
 * open() has grown.
 */
export interface TaskGate {
  open(): number;
  onOpen(wake: () => void): void;
}

/**
 * runOnWorkers with tasks of any kind: `message` turns a task into what its worker is sent, when
 * it is sent (so it may carry what this thread knows by then). A `done` that throws stops the run
 * with its error. `gate`: tasks sent only as it opens (none: as fast as the workers take them).
 */
export async function runTasksOnWorkers<T extends { index: number }, R>(
  script: URL,
  workerData: unknown,
  jobs: number,
  tasks: readonly T[],
  message: (task: T) => unknown,
  done: (index: number, outcome: R) => void,
  inProcess: (task: T) => R,
  heapMb: number = WORKER_HEAP_MB,
  gate?: TaskGate,
): Promise<PoolStats> {
  const stats: PoolStats = { rescued: 0 };
  if (tasks.length === 0) return stats;
  const workers = new Set<Worker>();
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        rejectAll(err);
      };
      const complete = (index: number, o: R) => {
        if (failed) return;
        try {
          done(index, o);
        } catch (e) {
          return fail(e instanceof Error ? e : new Error(String(e)));
        }
        finished++;
        if (finished === tasks.length) resolveAll();
      };
      /** Each live worker's positions in flight, for the gate to fill them up when it opens. */
      const flights = new Map<Worker, Set<number>>();
      gate?.onOpen(() => {
        for (const [w, flight] of flights) while (flight.size < IN_FLIGHT && feed(w, flight));
      });
      const feed = (w: Worker, flight: Set<number>): boolean => {
        if (failed || next >= tasks.length || (gate && next >= gate.open())) return false;
        const t = tasks[next++];
        flight.add(next - 1);
        w.postMessage(message(t));
        return true;
      };
      const start = () => {
        const w = new Worker(script, { workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
        workers.add(w);
        /** Positions in `tasks` sent to this worker and not answered yet. */
        const flight = new Set<number>();
        flights.set(w, flight);
        let lost = false;
        w.on('message', (reply: WorkerReply) => {
          if (reply.error) return fail(errorFromWire(reply.error));
          flight.delete(position.get(reply.index)!);
          complete(reply.index, reply.outcome as R);
          if (finished < tasks.length) feed(w, flight);
        });
        w.on('error', (err) => {
          if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY' || failed) return fail(err);
          lost = true;
          workers.delete(w);
          flights.delete(w);
          // What the worker held is done here, one at a time, then a new worker carries on.
          try {
            for (const i of [...flight].sort((a, b) => a - b)) {
              stats.rescued++;
              complete(tasks[i].index, inProcess(tasks[i]));
            }
          } catch (e) {
            return fail(e instanceof Error ? e : new Error(String(e)));
          }
          if (finished < tasks.length && next < tasks.length) start();
        });
        w.on('exit', (code) => {
          if (!lost && code !== 0 && finished < tasks.length) fail(new Error(`a worker thread stopped with exit code ${code}`));
        });
        for (let k = 0; k < IN_FLIGHT; k++) feed(w, flight);
      };
      for (let i = 0; i < Math.min(jobs, tasks.length); i++) start();
    });
  } finally {
    await Promise.all([...workers].map((w) => w.terminate()));
  }
  return stats;
}
