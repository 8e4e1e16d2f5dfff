/**
 * A lint worker thread (`--jobs N`): builds the rule catalog and settings once from the LintSpec,
 * then reads and lints the snapshots the pool sends, one at a time, and posts each outcome back
 * as JSON text (a string crosses threads as one copy; the main thread keeps it compact until the
 * run is read, and the cache stores it as it is).
 * An input error (a traffic profile that does not fit a host) goes back as data, so the main
 * thread reports it as one run would; anything else is an internal error with its stack.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../../rules/index.js';
import { InputError, UsageError } from '../model/errors.js';
import { hostNamesOf } from './host-names-error.js';
import { lintContext, lintSnapshot, type LintSpec } from './lint-snapshot.js';
import { refFromWire, type WireSnapshotRef } from './snapshot-wire.js';
import type { WorkerReply, WorkerTask } from './lint-pool.js';

const port = parentPort;
if (!port) throw new Error('lint-worker.js runs as a worker thread');

const ready = loadRules().then((rules) => lintContext(workerData as LintSpec, rules));

port.on('message', (task: WorkerTask) => {
  void ready.then(
    (ctx) => {
      let reply: WorkerReply;
      try {
        reply = { index: task.index, outcome: JSON.stringify(lintSnapshot(refFromWire(task.ref as WireSnapshotRef), task.index, ctx, task.lone)) };
      } catch (err) {
        reply = { index: task.index, error: errorReply(err) };
      }
      port.postMessage(reply);
    },
    (err) => port.postMessage({ index: task.index, error: errorReply(err) } satisfies WorkerReply),
  );
});

function errorReply(err: unknown): WorkerReply['error'] {
  if (err instanceof InputError) return { kind: 'input', file: err.file, line: err.line, col: err.col, detail: err.detail, hostNames: hostNamesOf(err) };
  if (err instanceof UsageError) return { kind: 'usage', message: err.message, hostNames: hostNamesOf(err) };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'internal', message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
}
