/**
 * Threads for `--jobs N` (lint, fleet): this thread and N-1 worker threads each read one snapshot
 * at a time and turn it into the command's outcome for it (a lint outcome, a fleet digest). This
 * thread keeps every worker busy (one task running, more queued), does a snapshot of its own
 * between handling their replies, and hands each outcome to the caller with its index, so
 * the run's output does not depend on the order hosts finish in.
 *
 * Why this thread takes part rather than waiting on N workers: it would sit idle while N isolates
 * did the work, and each worker costs a start-up (loading and compiling the modules) and the
 * threads' share of the two cores.
 */
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
  /** The snapshot's outcome (JSON text for lint, so the main thread can keep it compact). */
  outcome?: unknown;
  error?: WireError;
}

/**
 * Tasks kept in flight per worker: one running and the rest waiting, so a worker never idles
 * while this thread is busy with a snapshot of its own and cannot hand it the next one.
 */
const IN_FLIGHT = 3;

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

/** What `runOnWorkers` did, for --timing and the tests. */
export interface PoolStats {
  /** Snapshots a worker ran out of heap on, done again on this thread. */
  rescued: number;
}

/**
 * Run `tasks` on this thread and `jobs - 1` worker threads running `script` (jobs >= 2), each
 * started with `workerData`; `done` receives each outcome (JSON text) as it arrives. `inProcess`
 * does a task on this thread (its own share, and any a worker ran out of heap on). Rejects with
 * the first error reported (the workers are stopped).
 */
export async function runOnWorkers<R>(
  script: URL,
  workerData: unknown,
  jobs: number,
  tasks: readonly { index: number; ref: SnapshotRef }[],
  done: (index: number, outcome: R) => void,
  inProcess: (task: { index: number; ref: SnapshotRef }) => R,
  heapMb: number = WORKER_HEAP_MB,
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
        done(index, o);
        finished++;
        if (finished === tasks.length) resolveAll();
      };
      const feed = (w: Worker, flight: Set<number>) => {
        if (failed || next >= tasks.length) return;
        const t = tasks[next++];
        flight.add(next - 1);
        const task: WorkerTask = { index: t.index, ref: refToWire(t.ref) };
        w.postMessage(task);
      };
      const start = () => {
        const w = new Worker(script, { workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
        workers.add(w);
        /** Positions in `tasks` sent to this worker and not answered yet. */
        const flight = new Set<number>();
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
      /**
       * This thread's share: one snapshot, then back to the event loop (setImmediate comes after
       * the workers' replies are handled, so their queues are topped up first).
       */
      const own = () => {
        if (failed || next >= tasks.length) return;
        const t = tasks[next++];
        let text: R;
        try {
          text = inProcess(t);
        } catch (e) {
          return fail(e instanceof Error ? e : new Error(String(e)));
        }
        complete(t.index, text);
        setImmediate(own);
      };
      for (let i = 0; i < Math.min(jobs - 1, tasks.length); i++) start();
      setImmediate(own);
    });
  } finally {
    await Promise.all([...workers].map((w) => w.terminate()));
  }
  return stats;
}
