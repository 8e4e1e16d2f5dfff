/** `show`'s name, arguments, options and help, without its implementation (show.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { collect } from './io.js';

type ShowFlags = Parameters<typeof import('./show.js').showCommand>[1];

/** Add `show` with its arguments, options and help to a program; the caller adds the action. */
export function showDefinition(program: Command): Command {
  return program
    .command('show')
    .description('read exports into the normalized host model and print it')
    .argument('<paths...>', 'snapshot files or folders, or fleet folders')
    .option('--format <name[=path]>', 'text (default) or json; repeatable', collect)
    .option('--jobs <n>', 'read on n threads (default: the number of cores; fleets under 8 snapshots are read in-process unless --jobs is given; 1: in-process)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `show` for the command registry; show.ts is imported when the command runs. */
export function registerShow(program: Command, setExitCode: SetExitCode): void {
  showDefinition(program).action(async (paths: string[], opts: ShowFlags) => {
    const { showCommand } = await import('./show.js');
    setExitCode(await showCommand(paths, opts));
  });
}
