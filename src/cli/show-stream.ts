/**
 * `show --format json` of a fleet in bounded memory (issue 11): the snapshots are read once to
 * learn their hosts' names (which the files' contents give) and joined as loadPaths joins them;
 * then the document is written host by host in name order, each host's snapshot read again,
 * written and dropped. The bytes are those of formatModelDocument over every host at once.
 */
import { resolve } from 'node:path';
import { streamedArray, jsonChunks } from '../report/json-stream.js';
import type { ModelDocument } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import type { OutputSpec } from './io.js';
import { writeOutputChunks } from './report-stream.js';
import { defaultSnapshotSource, readSide, rereadModels, type SnapshotSource } from './side-stream.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Write the model document to every (json) output; returns the exit code: 2 when any input failed. */
export async function showJsonStreamed(paths: string[], outputs: readonly OutputSpec[], io: CommandIo, source: SnapshotSource = defaultSnapshotSource): Promise<number> {
  const cwd = resolve(io.cwd);
  const found = source.discover(paths, { cwd: io.cwd });
  try {
    const side = readSide(found, source, cwd, () => undefined);
    for (const f of side.failures) io.stderr(`vmqlint: ${f.error.message}\n`);
    for (const w of side.warnings) io.stderr(`vmqlint: warning: ${w.message}\n`);
    for (const spec of outputs) {
      const doc: Omit<ModelDocument, 'hosts'> & { hosts: unknown } = {
        schemaVersion: 1,
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        hosts: streamedArray(rereadModels(found, source, cwd, side.hosts, side.lone)),
      };
      await writeOutputChunks(spec, documentChunks(doc), io);
    }
    return side.failures.length > 0 ? 2 : 0;
  } finally {
    found.dispose();
  }
}

function* documentChunks(doc: unknown): Generator<string> {
  yield* jsonChunks(doc);
  yield '\n';
}
