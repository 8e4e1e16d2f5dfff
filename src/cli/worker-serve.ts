/**
 * The worker side of snapshot-pool.ts: a worker thread builds its command's context once from its
 * workerData, then turns each snapshot the pool sends into the command's outcome (plain data
 * structuredClone copies) and posts it back. An input or usage error goes back as
 * data, so the main thread reports it as one run would; anything else is an internal error with
 * its stack.
 */
import { parentPort } from 'node:worker_threads';
import type { SnapshotRef } from '../ingest/load.js';
import type { WorkerReply, WorkerTask } from './snapshot-pool.js';
import { errorToWire, refFromWire, type WireSnapshotRef } from './snapshot-wire.js';

/** What a worker does with one snapshot: its outcome, as plain data structuredClone keeps. */
export type SnapshotJob = (ref: SnapshotRef, task: WorkerTask) => unknown;

/** Serve the pool's tasks on this worker thread with the job `ready` resolves to. */
export function serveSnapshots(ready: Promise<SnapshotJob>): void {
  serveTasks<WorkerTask>(ready.then((job) => (task: WorkerTask) => job(refFromWire(task.ref as WireSnapshotRef), task)));
}

/** Serve tasks of any kind (runTasksOnWorkers), each a message with its `index`, with the job `ready` resolves to. */
export function serveTasks<T extends { index: number }>(ready: Promise<(task: T) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('a snapshot worker runs as a worker thread');
  port.on('message', (task: T) => {
    void ready.then(
      (job) => {
        let reply: WorkerReply;
        try {
          reply = { index: task.index, outcome: job(task) };
        } catch (err) {
          reply = { index: task.index, error: errorToWire(err) };
        }
        port.postMessage(reply);
      },
      (err) => port.postMessage({ index: task.index, error: errorToWire(err) } satisfies WorkerReply),
    );
  });
}
