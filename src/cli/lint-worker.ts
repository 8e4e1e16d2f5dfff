/**
 * A lint worker thread (`lint --jobs N`): builds the rule catalog and settings once from the
 * LintSpec, then reads and lints the snapshots the pool sends, one at a time, and posts each
 * outcome back as deflated JSON text (packOutcome; the main thread keeps it so until the run is
 * read, and never holds the text in its heap).
 */
import { workerData } from 'node:worker_threads';
import { loadRules } from '../../rules/index.js';
import { lintContext, lintSnapshot, type LintSpec } from './lint-snapshot.js';
import { packOutcome } from './packed-bytes.js';
import { serveSnapshots } from './worker-serve.js';

serveSnapshots(loadRules().then((rules) => {
  const ctx = lintContext(workerData as LintSpec, rules);
  return (ref, task) => packOutcome(lintSnapshot(ref, task.index, ctx, task.lone));
}));
