/**
 * A child of the diff-pairs bench: runs `vmqlint diff ARGS...` in-process on the production worker
 * threads and prints on stderr, as its last line, the wall time of each pass as JSON.
 *
 *   node dist/bench/diff-pairs-child.js BEFORE AFTER [--jobs N] ...
 */
import { processIo } from '../src/cli/command-io.js';
import { defaultDiffCommandDeps, runDiff } from '../src/cli/diff.js';

const passes: Record<string, number> = {};
const code = await runDiff(process.argv.slice(2), processIo(), { ...defaultDiffCommandDeps, onPass: (pass, ms) => (passes[pass] = ms) });
process.stderr.write(`\n${JSON.stringify(passes)}\n`);
process.exitCode = code;
