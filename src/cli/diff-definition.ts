/** `diff`'s name, arguments, options and help, without its implementation (diff.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { collect } from './io.js';

/** Formats of diff and drift; the first is the default. */
export const DIFF_FORMAT_NAMES = ['text', 'json', 'markdown', 'sarif', 'github', 'junit'] as const;

type DiffFlags = Parameters<typeof import('./diff.js').diffCommand>[2];

/** Add `diff` with its arguments, options and help to a program; the caller adds the action. */
export function diffDefinition(program: Command): Command {
  return program
    .command('diff')
    .description('semantic diff of two snapshots or two fleets, plan style, with the findings each change introduces and resolves')
    .argument('<before>', 'snapshot file or folder, or fleet folder, before the change')
    .argument('<after>', 'the same after the change')
    .option('--format <name[=path]>', `report format, repeatable: ${DIFF_FORMAT_NAMES.join(', ')} (default text); without =PATH to stdout`, collect)
    .option('--output-file <path>', 'write the one --format to this file')
    .option('--config <file>', 'config file (default: .vmqlintrc.json found upward from the working directory)')
    .option('--no-config', 'do not look for a config file')
    .option('--fail-on <severity>', 'lowest change severity that fails the run: error, warning, info or none', 'info')
    .option('--ignore <glob>', 'also ignore properties matching this glob (like diff.ignore); repeatable', collect)
    .option('--include-noise', 'also report statistics, counters, link state and other noise')
    .option('--no-lint', 'do not lint the two sides (no introduced/resolved findings; severities stay info)')
    .option('--traffic <file>', 'traffic profile: add the simulator\'s predicted impact to each host\'s changes')
    .option('--jobs <n>', 'read the two sides and diff their pairs on n threads (default: the number of cores; fleets under 8 snapshots are read in-process unless --jobs is given; 1: in-process)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `diff` for the command registry; diff.ts is imported when the command runs. */
export function registerDiff(program: Command, setExitCode: SetExitCode): void {
  diffDefinition(program).action(async (before: string, after: string, flags: DiffFlags) => {
    const { diffCommand } = await import('./diff.js');
    setExitCode(await diffCommand(before, after, flags, processIo()));
  });
}
