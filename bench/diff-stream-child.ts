/**
 * A child of the diff-stream bench: runs `vmqlint diff` (or `fleet`) in-process either streamed
 * (the default, issue 11) or with every host loaded at once (the path injected hosts take, which
 * is what the commands did before streaming), so both are measured in one build.
 *
 *   node dist/bench/diff-stream-child.js streamed|whole diff|fleet ARGS...
 */
import { loadRules } from '../rules/index.js';
import { processIo } from '../src/cli/command-io.js';
import { loadAllPaths, type DiffDeps } from '../src/cli/diff-common.js';
import { runDiff } from '../src/cli/diff.js';
import { runFleet } from '../src/cli/fleet.js';

const [mode, command, ...args] = process.argv.slice(2);
if ((mode !== 'streamed' && mode !== 'whole') || (command !== 'diff' && command !== 'fleet')) {
  process.stderr.write('usage: diff-stream-child.js streamed|whole diff|fleet ARGS...\n');
  process.exit(2);
}
const deps: DiffDeps = mode === 'whole' ? { loadRules, loadPaths: loadAllPaths } : { loadRules };
const runner = command === 'diff' ? runDiff : runFleet;
process.exitCode = await runner(args, processIo(), deps);
