/**
 * Worker threads for `--jobs N`: N workers each read and lint one snapshot at a time; the main
 * thread keeps every worker busy (one task running, one queued) and hands each outcome to the
 * caller with its index, so the run's output does not depend on the order hosts finish in.
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
  outcome?: SnapshotOutcome;
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

/** Tasks kept in flight per worker: one running, one waiting, so a worker never idles on a message. */
const IN_FLIGHT = 2;

/**
 * Lint `tasks` on `jobs` worker threads running `script`; `done` receives each outcome as it
 * arrives. Rejects with the first error a worker reports (the others are stopped).
 */
export async function lintOnWorkers(
  script: URL,
  spec: LintSpec,
  jobs: number,
  tasks: readonly { index: number; ref: SnapshotRef }[],
  done: (outcome: SnapshotOutcome) => void,
): Promise<void> {
  if (tasks.length === 0) return;
  const workers: Worker[] = [];
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
      const feed = (w: Worker) => {
        if (failed || next >= tasks.length) return;
        const t = tasks[next++];
        const task: WorkerTask = { index: t.index, ref: refToWire(t.ref) };
        w.postMessage(task);
      };
      for (let i = 0; i < Math.min(jobs, tasks.length); i++) {
        const w = new Worker(script, { workerData: spec });
        workers.push(w);
        w.on('message', (reply: WorkerReply) => {
          if (reply.error) return fail(rebuild(reply.error));
          done(reply.outcome!);
          finished++;
          if (finished === tasks.length) resolveAll();
          else feed(w);
        });
        w.on('error', (err) => fail(err));
        w.on('exit', (code) => {
          if (code !== 0 && finished < tasks.length) fail(new Error(`a lint worker stopped with exit code ${code}`));
        });
        for (let k = 0; k < IN_FLIGHT; k++) feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
