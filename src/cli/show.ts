/** `vmqlint show <path...>`: the normalized model as text or JSON. Exits 0, or 2 when any input failed. */
import { processIo } from './command-io.js';
import { parseOutputs } from './io.js';
import { showStreamed } from './show-stream.js';

export { registerShow } from './show-definition.js';

/** Print the model of every input in the formats asked for; returns the exit code (2 when any input failed). */
export async function showCommand(paths: string[], opts: { format?: string[]; color?: boolean }): Promise<number> {
  const outputs = parseOutputs(opts.format, ['text', 'json'], 'text');
  // Written host by host, every format, never every model at once (issue 11).
  return showStreamed(paths, outputs, processIo(), opts.color);
}
