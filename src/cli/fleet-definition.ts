/** `fleet`'s name, arguments, options and help, without its implementation (fleet.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { collect } from './io.js';

/** Formats of fleet; the first is the default. */
export const FLEET_FORMAT_NAMES = ['text', 'json', 'markdown'] as const;

type FleetFlags = Parameters<typeof import('./fleet.js').fleetCommand>[1];

/** Add `fleet` with its arguments, options and help to a program; the caller adds the action. */
export function fleetDefinition(program: Command): Command {
  return program
    .command('fleet')
    .description('compare the hosts of a cluster with each other: which hosts deviate from the majority (or a golden host), and how')
    .argument('<paths...>', 'fleet folders, or several snapshots')
    .option('--golden <host>', 'compare every host with this one instead of the majority')
    .option('--format <name[=path]>', `report format, repeatable: ${FLEET_FORMAT_NAMES.join(', ')} (default text); without =PATH to stdout`, collect)
    .option('--output-file <path>', 'write the one --format to this file')
    .option('--config <file>', 'config file (default: .vmqlintrc.json found upward from the working directory)')
    .option('--no-config', 'do not look for a config file')
    .option('--ignore <glob>', 'also leave out properties matching this glob (like diff.ignore); repeatable', collect)
    .option('--include-noise', 'also compare statistics, counters, link state and other noise')
    .option('--include-unique', 'also compare values that differ per node by design (MACs, GUIDs, VM queue ids)')
    .option('--all', 'list agreeing properties too')
    .option('--jobs <n>', 'read on n threads (default: the number of cores; fleets under 8 snapshots are read in-process unless --jobs is given; 1: in-process)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `fleet` for the command registry; fleet.ts is imported when the command runs. */
export function registerFleet(program: Command, setExitCode: SetExitCode): void {
  fleetDefinition(program).action(async (paths: string[], flags: FleetFlags) => {
    const { fleetCommand } = await import('./fleet.js');
    setExitCode(await fleetCommand(paths, flags, processIo()));
  });
}
