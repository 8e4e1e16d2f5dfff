/**
 * A drift worker thread (`drift --jobs N`): reads the snapshots the pool sends, one at a time, and
 * sends back of each only what `drift` keeps (side-stream.ts sideSnapshot with each host's check
 * against the desired state); the models stay and die here.
 */
import { workerData } from 'node:worker_threads';
import { ignoreFilter } from '../diff/noise.js';
import { readSnapshot } from '../ingest/load.js';
import { driftHost, type DriftCheck } from './drift-host.js';
import { sideSnapshot } from './side-stream.js';
import { serveSnapshots } from './worker-serve.js';

/** What a drift worker is started with. */
export interface DriftWorkerData extends DriftCheck {
  cwd: string;
}

const data = workerData as DriftWorkerData;
const ignore = ignoreFilter({ extra: data.ignore, includeNoise: false });

serveSnapshots(Promise.resolve((ref, task) => sideSnapshot(readSnapshot(ref, { cwd: data.cwd }), task.index, (h) => driftHost(h, data, ignore))));
