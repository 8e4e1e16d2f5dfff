/**
 * A child of the diff-pairs bench: runs `vmqlint diff ARGS...` in-process on the production worker
 * threads and prints on stderr, as its last line, the wall time of each pass (ms) and the threads
 * the second ran on, as JSON.
 *
 *   node dist/bench/diff-pairs-child.js BEFORE AFTER [--jobs N] ...
 */
import { processIo } from '../src/cli/command-io.js';
import { defaultDiffCommandDeps, runDiff } from '../src/cli/diff.js';

const passes: { first?: number; second?: number; threads?: number } = {};
const code = await runDiff(process.argv.slice(2), processIo(), {
  ...defaultDiffCommandDeps,
  onPass: (pass, ms, threads) => {
    passes[pass] = ms;
    if (threads !== undefined) passes.threads = threads;
  },
});
process.stderr.write(`\n${JSON.stringify(passes)}\n`);
process.exitCode = code;
