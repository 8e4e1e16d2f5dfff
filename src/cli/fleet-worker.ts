/**
 * A fleet worker thread (`fleet --jobs N`): reads the snapshots the pool sends, one at a time, and
 * sends back of each only what `fleet` keeps (side-stream.ts sideSnapshot with the fleet view of
 * each host); the models stay and die here.
 */
import { workerData } from 'node:worker_threads';
import { fleetHost } from '../diff/fleet.js';
import { readSnapshot } from '../ingest/load.js';
import { sideSnapshot } from './side-stream.js';
import { serveSnapshots } from './worker-serve.js';

const { cwd } = workerData as FleetWorkerData;

/** What a fleet worker is started with. */
export interface FleetWorkerData {
  cwd: string;
}

serveSnapshots(Promise.resolve((ref, task) => sideSnapshot(readSnapshot(ref, { cwd }), task.index, fleetHost)));
