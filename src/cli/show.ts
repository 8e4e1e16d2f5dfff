/** `vmqlint show <path...>`: the normalized model as text or JSON. Exits 0, or 2 when any input failed. */
import { expandPathArgs } from './path-args.js';
import { loadPaths } from '../ingest/load.js';
import { formatModelDocument } from '../report/show-json.js';
import { formatShowText } from '../report/show-text.js';
import { processIo } from './command-io.js';
import { emit, parseOutputs, useColor } from './io.js';
import { showJsonStreamed } from './show-stream.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export { registerShow } from './show-definition.js';

/** Print the model of every input in the formats asked for; returns the exit code (2 when any input failed). */
export async function showCommand(paths: string[], opts: { format?: string[]; color?: boolean }): Promise<number> {
  const outputs = parseOutputs(opts.format, ['text', 'json'], 'text');
  if (outputs.every((spec) => spec.format === 'json')) {
    // The model document alone: written host by host, never every model at once (issue 11).
    return showJsonStreamed(paths, outputs, processIo());
  }
  const result = loadPaths(expandPathArgs(paths));
  for (const f of result.failures) process.stderr.write(`vmqlint: ${f.error.message}\n`);
  for (const w of result.warnings ?? []) process.stderr.write(`vmqlint: warning: ${w.message}\n`);
  for (const spec of outputs) {
    const text =
      spec.format === 'json'
        ? formatModelDocument(result.hosts, { name: TOOL_NAME, version: TOOL_VERSION })
        : formatShowText(
            { hosts: result.hosts, failures: result.failures.map((f) => ({ host: f.host, file: f.file, message: f.error.message })), skipped: result.skipped, warnings: result.warnings },
            spec.path === undefined && useColor(opts.color),
          );
    emit(spec, text);
  }
  return result.failures.length > 0 ? 2 : 0;
}
