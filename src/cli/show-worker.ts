/**
 * A show worker thread (`show --jobs N`). The first pass: reads the snapshots the pool sends, one
 * at a time, and sends back of each only its outline, problems and hosts' names and places
 * (side-stream.ts sideSnapshot with no digest); the models stay and die here. Its own script
 * rather than fleet's or drift's, whose digests would cost work and memory per host that show
 * throws away. The second pass (workerData.render): reads a snapshot again and sends back the
 * written pieces of its hosts (show-render.ts), which the main thread puts in name order.
 */
import { workerData } from 'node:worker_threads';
import { readSnapshot } from '../ingest/load.js';
import { renderTask, type RenderTask } from './show-render.js';
import { sideSnapshot } from './side-stream.js';
import { serveSnapshots, serveTasks } from './worker-serve.js';

/** What a show worker is started with; `render`: the second pass. */
export interface ShowWorkerData {
  cwd: string;
  render?: boolean;
}

const { cwd, render } = workerData as ShowWorkerData;

if (render) serveTasks<RenderTask>(Promise.resolve((task) => renderTask(task, cwd)));
else serveSnapshots(Promise.resolve((ref, task) => sideSnapshot(readSnapshot(ref, { cwd }), task.index, () => undefined)));
