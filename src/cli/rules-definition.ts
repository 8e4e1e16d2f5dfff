/** `rules`'s name, options and help, without its implementation (rules.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';

/** Add `rules` with its options and help to a program; the caller adds the action. */
export function rulesDefinition(program: Command): Command {
  return program
    .command('rules')
    .description('list the rule catalog')
    .option('--format <name>', 'text (default) or json', 'text')
    .option('--color', 'accepted for consistency (rules prints no colour)')
    .option('--no-color', 'accepted for consistency (rules prints no colour)');
}

/** `rules` for the command registry; rules.ts is imported when the command runs. */
export function registerRules(program: Command, setExitCode: SetExitCode): void {
  rulesDefinition(program).action(async (flags: { format: string }) => {
    const { rulesCommand } = await import('./rules.js');
    setExitCode(await rulesCommand(flags, processIo()));
  });
}
