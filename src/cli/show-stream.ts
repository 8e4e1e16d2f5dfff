/**
 * `show` of a fleet in bounded memory (issue 11): the snapshots are read once to learn their
 * hosts' names (which the files' contents give) and joined as loadPaths joins them; then each
 * report (text or the JSON model document) is written host by host in name order, each host's
 * snapshot read again, written and dropped. The bytes are those of formatShowText and
 * formatModelDocument over every host at once. With `--jobs N` the first read runs on worker
 * threads (show-worker.ts), which send back names and places, not models, and so does the second:
 * the workers write each host's piece and this thread puts them in name order (show-pieces.ts).
 */
import { resolve } from 'node:path';
import { JsonRenderedArray, jsonChunks, jsonChunksAsync, streamedArray } from '../report/json-stream.js';
import { showTextChunks, showTextFooter, type ShowTextInput } from '../report/show-text.js';
import type { ModelDocument } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import type { OutputSpec } from './io.js';
import { writeOutputChunks } from './report-stream.js';
import { workerPieces, type RenderPool } from './show-pieces.js';
import type { Discovery } from '../ingest/load.js';
import { defaultSnapshotSource, readSide, readSideOn, rereadModels, sideSnapshot, usesWorkers, type SideRead, type SnapshotSource } from './side-stream.js';
import { minSnapshotsForWorkers, workerThreads, type WorkerThreads } from './snapshot-pool.js';
import type { ShowWorkerData } from './show-worker.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Worker threads for show's first read: `jobs` from --jobs (undefined: the cores, and small fleets in-process). */
export type ShowThreads = WorkerThreads & { jobs?: number };

/** The production threads of show: its built worker script and the machine's cores. */
export const defaultShowThreads: Required<WorkerThreads> = workerThreads('show-worker.js');

/**
 * Every snapshot read once for its hosts' names: on worker threads when --jobs, the cores and the
 * fleet's size say so (as readSideThreaded decides), else on this thread; always on this thread
 * with a source injected (tests), which cannot cross threads. `pool`: the workers, when used, for
 * the second pass too.
 */
async function readNames(found: Discovery, source: SnapshotSource, cwd: string, threads: ShowThreads): Promise<{ side: SideRead<undefined>; pool?: RenderPool }> {
  const script = source === defaultSnapshotSource ? threads.workerScript?.() : undefined;
  if (script) {
    const workerData: ShowWorkerData = { cwd };
    const pool = {
      jobs: threads.jobs ?? threads.cores?.() ?? 1,
      script,
      minSnapshots: minSnapshotsForWorkers(threads.jobs !== undefined),
      workerData,
      here: (ref: Discovery['snapshots'][number], snapshot: number) => sideSnapshot(source.read(ref, { cwd }), snapshot, () => undefined),
    };
    if (usesWorkers(found, pool)) return { side: await readSideOn(found, pool), pool: { jobs: pool.jobs, script, cwd } };
  }
  // In one thread a lone snapshot's read is kept for the report (readSide's `lone`).
  return { side: readSide(found, source, cwd, () => undefined) };
}

/** Write every output (text or json); returns the exit code: 2 when any input failed. `color`: the --color/--no-color flag; `threads`: --jobs (none: one thread). */
export async function showStreamed(paths: string[], outputs: readonly OutputSpec[], io: CommandIo, color: boolean | undefined, source: SnapshotSource = defaultSnapshotSource, threads: ShowThreads = {}): Promise<number> {
  const cwd = resolve(io.cwd);
  const found = source.discover(paths, { cwd: io.cwd });
  try {
    const { side, pool } = await readNames(found, source, cwd, threads);
    for (const f of side.failures) io.stderr(`vmqlint: ${f.error.message}\n`);
    for (const w of side.warnings) io.stderr(`vmqlint: warning: ${w.message}\n`);
    // Each report reads the hosts again (a lone snapshot's first read is kept): never every model at once.
    const hosts = () => rereadModels(found, source, cwd, side.hosts, side.lone);
    const header = (): Omit<ModelDocument, 'hosts'> => ({ schemaVersion: 1, tool: { name: TOOL_NAME, version: TOOL_VERSION } });
    const problems = {
      failures: side.failures.map((f) => ({ host: f.host, file: f.file, message: f.error.message })),
      skipped: side.skipped,
      warnings: side.warnings,
    };
    for (const spec of outputs) {
      const textColor = spec.path === undefined && io.color(color);
      if (pool) {
        // Workers read and write the hosts; this thread puts their pieces in name order.
        if (spec.format === 'json') {
          const doc = { ...header(), hosts: new JsonRenderedArray(workerPieces(found, side.hosts, pool, { format: 'json' })) };
          await writeOutputChunks(spec, documentChunksAsync(doc), io);
        } else {
          await writeOutputChunks(spec, textChunksAsync(workerPieces(found, side.hosts, pool, { format: 'text', color: textColor }), problems, textColor), io);
        }
        continue;
      }
      if (spec.format === 'json') {
        const doc: Omit<ModelDocument, 'hosts'> & { hosts: unknown } = { ...header(), hosts: streamedArray(hosts()) };
        await writeOutputChunks(spec, documentChunks(doc), io);
        continue;
      }
      await writeOutputChunks(spec, showTextChunks({ hosts: hosts(), ...problems }, textColor), io);
    }
    return side.failures.length > 0 ? 2 : 0;
  } finally {
    found.dispose();
  }
}

/** showTextChunks of hosts' pieces written elsewhere: the pieces, then the closing problems and count. */
async function* textChunksAsync(pieces: AsyncIterable<string>, problems: Omit<ShowTextInput, 'hosts'>, color: boolean): AsyncGenerator<string> {
  let hosts = 0;
  for await (const piece of pieces) {
    hosts++;
    yield piece;
  }
  yield showTextFooter(problems, hosts, color);
}

async function* documentChunksAsync(doc: unknown): AsyncGenerator<string> {
  yield* jsonChunksAsync(doc);
  yield '\n';
}

/** showStreamed of json outputs alone (the model document). */
export function showJsonStreamed(paths: string[], outputs: readonly OutputSpec[], io: CommandIo, source: SnapshotSource = defaultSnapshotSource): Promise<number> {
  return showStreamed(paths, outputs, io, undefined, source);
}

function* documentChunks(doc: unknown): Generator<string> {
  yield* jsonChunks(doc);
  yield '\n';
}
