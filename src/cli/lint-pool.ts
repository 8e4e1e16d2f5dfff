/**
 * Threads for `--jobs N`: this thread and N-1 worker threads each read and lint one snapshot at a
 * time. This thread keeps every worker busy (one task running, more queued), lints a snapshot of
 * its own between handling their replies, and hands each outcome to the caller with its index, so
 * the run's output does not depend on the order hosts finish in.
 *
 * Why this thread takes part rather than waiting on N workers: a worker is a whole V8 isolate
 * (young generation, compiled code, its own copy of the rules), about 75 MiB on a 730 KB host.
 * With N workers this thread sat idle on its own isolate; taking part saves one isolate's memory
 * and start-up, and the work is the same.
 */
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from '../model/errors.js';
import type { SnapshotRef } from '../ingest/load.js';
import { withHostNames } from './host-names-error.js';
import type { LintSpec, SnapshotOutcome } from './lint-snapshot.js';
import { refToWire, type WireSnapshotRef } from './snapshot-wire.js';

/** What the pool sends a worker. */
export interface WorkerTask {
  index: number;
  ref: WireSnapshotRef;
  lone?: boolean;
}

/** What a worker sends back: the outcome, or the error that stops the run. */
export interface WorkerReply {
  index: number;
  /** The SnapshotOutcome as JSON text. */
  outcome?: string;
  error?: { kind: 'input'; file: string; line: number; col: number; detail: string; hostNames: string[] } | { kind: 'usage'; message: string; hostNames: string[] } | { kind: 'internal'; message: string; stack?: string };
}

/** The error a worker reported, as the main thread would have thrown it. */
function rebuild(e: NonNullable<WorkerReply['error']>): Error {
  if (e.kind === 'input') return withHostNames(new InputError(e.file, e.line, e.col, e.detail), e.hostNames);
  if (e.kind === 'usage') return withHostNames(new UsageError(e.message), e.hostNames);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * Tasks kept in flight per worker: one running and the rest waiting, so a worker never idles
 * while this thread is busy linting a snapshot of its own and cannot hand it the next one.
 */
const IN_FLIGHT = 3;

/**
 * A worker's old-generation heap limit (MiB). V8 lets a heap grow well past what a host needs
 * before it collects; a limit keeps each worker nearer its live size (a 730 KB host needs about
 * 40 MB). Measured on 100 hosts at --jobs 2: peak RSS 324 MB without a limit, 239-241 MB with
 * 128 or 256 MiB, at 7% more CPU time. A snapshot that needs more (a 32 MiB export) runs out of
 * heap in the worker and is linted again on the main thread, whose heap has no such limit, and a
 * fresh worker takes the worker's place.
 */
export const WORKER_HEAP_MB = 256;

/** What `lintOnWorkers` did, for --timing and the tests. */
export interface PoolStats {
  /** Snapshots a worker ran out of heap on, linted again on this thread. */
  rescued: number;
}

/**
 * Lint `tasks` on this thread and `jobs - 1` worker threads running `script` (jobs >= 2); `done`
 * receives each outcome (JSON text) as it arrives. `inProcess` lints a snapshot on this thread
 * (its own share, and any a worker ran out of heap on). Rejects with the first error reported
 * (the workers are stopped).
 */
export async function lintOnWorkers(
  script: URL,
  spec: LintSpec,
  jobs: number,
  tasks: readonly { index: number; ref: SnapshotRef }[],
  done: (index: number, outcome: string) => void,
  inProcess: (task: { index: number; ref: SnapshotRef }) => SnapshotOutcome,
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
      const complete = (index: number, o: string) => {
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
        const w = new Worker(script, { workerData: spec, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
        workers.add(w);
        /** Positions in `tasks` sent to this worker and not answered yet. */
        const flight = new Set<number>();
        let lost = false;
        w.on('message', (reply: WorkerReply) => {
          if (reply.error) return fail(rebuild(reply.error));
          flight.delete(position.get(reply.index)!);
          complete(reply.index, reply.outcome!);
          if (finished < tasks.length) feed(w, flight);
        });
        w.on('error', (err) => {
          if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY' || failed) return fail(err);
          lost = true;
          workers.delete(w);
          // What the worker held is linted here, one at a time, then a new worker carries on.
          try {
            for (const i of [...flight].sort((a, b) => a - b)) {
              stats.rescued++;
              complete(tasks[i].index, JSON.stringify(inProcess(tasks[i])));
            }
          } catch (e) {
            return fail(e instanceof Error ? e : new Error(String(e)));
          }
          if (finished < tasks.length && next < tasks.length) start();
        });
        w.on('exit', (code) => {
          if (!lost && code !== 0 && finished < tasks.length) fail(new Error(`a lint worker stopped with exit code ${code}`));
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
        let text: string;
        try {
          text = JSON.stringify(inProcess(t));
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
