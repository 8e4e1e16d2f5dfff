/**
 * A child of the diff-stream bench: runs `vmqlint diff`, `fleet` or `show --format json` in-process
 * either streamed (the default, issue 11) or with every host loaded at once (the path injected
 * hosts take, and for show the whole document as one string: what the commands did before
 * streaming), so both are measured in one build.
 *
 *   node dist/bench/diff-stream-child.js streamed|whole diff|fleet ARGS...
 *   node dist/bench/diff-stream-child.js streamed|whole show PATH... --format json=OUT
 */
import { loadRules } from '../rules/index.js';
import { processIo } from '../src/cli/command-io.js';
import { loadAllPaths, type DiffDeps } from '../src/cli/diff-common.js';
import { runDiff } from '../src/cli/diff.js';
import { runFleet } from '../src/cli/fleet.js';
import { writeReport } from '../src/cli/io.js';
import { showJsonStreamed } from '../src/cli/show-stream.js';
import { TOOL_NAME, TOOL_VERSION } from '../src/cli/version.js';
import { formatModelDocument } from '../src/report/show-json.js';

const [mode, command, ...args] = process.argv.slice(2);
if ((mode !== 'streamed' && mode !== 'whole') || (command !== 'diff' && command !== 'fleet' && command !== 'show')) {
  process.stderr.write('usage: diff-stream-child.js streamed|whole diff|fleet|show ARGS...\n');
  process.exit(2);
}
if (command === 'show') {
  // show takes no config: the paths, then `--format json=OUT`.
  const at = args.indexOf('--format');
  const spec = { format: 'json', path: args[at + 1].slice('json='.length) };
  const paths = args.slice(0, at).filter((a) => a !== '--no-config');
  if (mode === 'streamed') process.exitCode = await showJsonStreamed(paths, [spec], processIo());
  else {
    const r = loadAllPaths(paths, { cwd: process.cwd() });
    writeReport(spec.path, spec.path, formatModelDocument(r.hosts, { name: TOOL_NAME, version: TOOL_VERSION }));
    process.exitCode = r.failures.length > 0 ? 2 : 0;
  }
} else {
  const deps: DiffDeps = mode === 'whole' ? { loadRules, loadPaths: loadAllPaths } : { loadRules };
  const runner = command === 'diff' ? runDiff : runFleet;
  process.exitCode = await runner(args, processIo(), deps);
}
