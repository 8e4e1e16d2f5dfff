/** `drift`'s name, arguments, options and help, without its implementation (drift.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { DIFF_FORMAT_NAMES } from './diff-definition.js';
import { collect } from './io.js';

type DriftFlags = Parameters<typeof import('./drift.js').driftCommand>[1];

/** Add `drift` with its arguments, options and help to a program; the caller adds the action. */
export function driftDefinition(program: Command): Command {
  return program
    .command('drift')
    .description('check snapshots or fleets against a desired-state file; each mismatch comes with the PowerShell that restores it')
    .argument('<paths...>', 'snapshot files or folders, or fleet folders')
    .option('--desired <file>', "desired-state file (schemas/desired.schema.json); default: the config's `desired` block")
    .option('--format <name[=path]>', `report format, repeatable: ${DIFF_FORMAT_NAMES.join(', ')} (default text); without =PATH to stdout`, collect)
    .option('--output-file <path>', 'write the one --format to this file')
    .option('--config <file>', 'config file (default: .vmqlintrc.json found upward from the working directory)')
    .option('--no-config', 'do not look for a config file')
    .option('--fail-on <severity>', 'lowest mismatch severity that fails the run: error, warning, info or none (an expectation that matched nothing fails the run unless none)', 'info')
    .option('--ignore <glob>', 'do not report properties matching this glob (like diff.ignore); repeatable', collect)
    .option('--jobs <n>', 'read on n threads (default: the number of cores; fleets under 8 snapshots are read in-process unless --jobs is given; 1: in-process)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `drift` for the command registry; drift.ts is imported when the command runs. */
export function registerDrift(program: Command, setExitCode: SetExitCode): void {
  driftDefinition(program).action(async (paths: string[], flags: DriftFlags) => {
    const { driftCommand } = await import('./drift.js');
    setExitCode(await driftCommand(paths, flags, processIo()));
  });
}
