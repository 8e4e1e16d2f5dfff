/** `vmqlint show <path...>`: the normalized model as text or JSON. Exits 0, or 2 when any input failed. */
import { processIo, runCommand, type CommandIo } from './command-io.js';
import { parseOutputs } from './io.js';
import { showDefinition } from './show-definition.js';
import { wholeNumberFlag } from './lint-settings.js';
import { defaultShowThreads, showStreamed } from './show-stream.js';
import { defaultSnapshotSource } from './side-stream.js';
import type { WorkerThreads } from './snapshot-pool.js';

export { registerShow } from './show-definition.js';

/** show's flags as commander parses them. */
export interface ShowFlags {
  format?: string[];
  color?: boolean;
  jobs?: string;
}

/** Print the model of every input in the formats asked for; returns the exit code (2 when any input failed). `io` and `threads`: injected by tests. */
export async function showCommand(paths: string[], opts: ShowFlags, io: CommandIo = processIo(), threads: WorkerThreads = defaultShowThreads): Promise<number> {
  const outputs = parseOutputs(opts.format, ['text', 'json'], 'text');
  const jobs = wholeNumberFlag('--jobs', opts.jobs);
  // Written host by host, every format, never every model at once (issue 11); names first read on --jobs threads.
  return showStreamed(paths, outputs, io, opts.color, defaultSnapshotSource, { ...threads, ...(jobs !== undefined ? { jobs } : {}) });
}

/** Run `vmqlint show <argv...>` in-process with `threads` (tests, embedding); returns the exit code. */
export function runShow(argv: string[], io: CommandIo, threads: WorkerThreads = defaultShowThreads): Promise<number> {
  return runCommand(
    (program, setExitCode, getIo) => {
      showDefinition(program).action(async (paths: string[], flags: ShowFlags) => {
        setExitCode(await showCommand(paths, flags, getIo(), threads));
      });
    },
    ['show', ...argv],
    io,
  );
}
