/**
 * A show worker thread (`show --jobs N`), the first pass: reads the snapshots the pool sends, one
 * at a time, and sends back of each only its outline, problems and hosts' names and places
 * (side-stream.ts sideSnapshot with no digest: show reads each host again to write it); the
 * models stay and die here. Its own script rather than fleet's or drift's, whose digests would
 * cost work and memory per host that show throws away.
 */
import { workerData } from 'node:worker_threads';
import { readSnapshot } from '../ingest/load.js';
import { sideSnapshot } from './side-stream.js';
import { serveSnapshots } from './worker-serve.js';

/** What a show worker is started with. */
export interface ShowWorkerData {
  cwd: string;
}

const { cwd } = workerData as ShowWorkerData;

serveSnapshots(Promise.resolve((ref, task) => sideSnapshot(readSnapshot(ref, { cwd }), task.index, () => undefined)));
