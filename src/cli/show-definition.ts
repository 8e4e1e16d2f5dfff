/** `show`'s name, arguments, options and help, without its implementation (show.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { collect } from './io.js';

/** Add `show` with its arguments, options and help to a program; the caller adds the action. */
export function showDefinition(program: Command): Command {
  return program
    .command('show')
    .description('read exports into the normalized host model and print it')
    .argument('<paths...>', 'snapshot files or folders, or fleet folders')
    .option('--format <name[=path]>', 'text (default) or json; repeatable', collect)
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `show` for the command registry; show.ts is imported when the command runs. */
export function registerShow(program: Command, setExitCode: SetExitCode): void {
  showDefinition(program).action(async (paths: string[], opts: { format?: string[]; color?: boolean }) => {
    const { showCommand } = await import('./show.js');
    setExitCode(await showCommand(paths, opts));
  });
}
