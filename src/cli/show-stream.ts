/**
 * `show` of a fleet in bounded memory (issue 11): the snapshots are read once to learn their
 * hosts' names (which the files' contents give) and joined as loadPaths joins them; then each
 * report (text or the JSON model document) is written host by host in name order, each host's
 * snapshot read again, written and dropped. The bytes are those of formatShowText and
 * formatModelDocument over every host at once.
 */
import { resolve } from 'node:path';
import { streamedArray, jsonChunks } from '../report/json-stream.js';
import { showTextChunks } from '../report/show-text.js';
import type { ModelDocument } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import type { OutputSpec } from './io.js';
import { writeOutputChunks } from './report-stream.js';
import { defaultSnapshotSource, readSide, rereadModels, type SnapshotSource } from './side-stream.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Write every output (text or json); returns the exit code: 2 when any input failed. `color`: the --color/--no-color flag. */
export async function showStreamed(paths: string[], outputs: readonly OutputSpec[], io: CommandIo, color: boolean | undefined, source: SnapshotSource = defaultSnapshotSource): Promise<number> {
  const cwd = resolve(io.cwd);
  const found = source.discover(paths, { cwd: io.cwd });
  try {
    const side = readSide(found, source, cwd, () => undefined);
    for (const f of side.failures) io.stderr(`vmqlint: ${f.error.message}\n`);
    for (const w of side.warnings) io.stderr(`vmqlint: warning: ${w.message}\n`);
    // Each report reads the hosts again (a lone snapshot's first read is kept): never every model at once.
    const hosts = () => rereadModels(found, source, cwd, side.hosts, side.lone);
    for (const spec of outputs) {
      if (spec.format === 'json') {
        const doc: Omit<ModelDocument, 'hosts'> & { hosts: unknown } = {
          schemaVersion: 1,
          tool: { name: TOOL_NAME, version: TOOL_VERSION },
          hosts: streamedArray(hosts()),
        };
        await writeOutputChunks(spec, documentChunks(doc), io);
        continue;
      }
      const input = {
        hosts: hosts(),
        failures: side.failures.map((f) => ({ host: f.host, file: f.file, message: f.error.message })),
        skipped: side.skipped,
        warnings: side.warnings,
      };
      await writeOutputChunks(spec, showTextChunks(input, spec.path === undefined && io.color(color)), io);
    }
    return side.failures.length > 0 ? 2 : 0;
  } finally {
    found.dispose();
  }
}

/** showStreamed of json outputs alone (the model document). */
export function showJsonStreamed(paths: string[], outputs: readonly OutputSpec[], io: CommandIo, source: SnapshotSource = defaultSnapshotSource): Promise<number> {
  return showStreamed(paths, outputs, io, undefined, source);
}

function* documentChunks(doc: unknown): Generator<string> {
  yield* jsonChunks(doc);
  yield '\n';
}
