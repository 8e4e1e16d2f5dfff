/** `explain`'s name, argument, options and help, without its implementation (explain.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';

/** Add `explain` with its argument, options and help to a program; the caller adds the action. */
export function explainDefinition(program: Command): Command {
  return (
    program
      .command('explain')
      .description("print a rule's documentation")
      .argument('<id>', 'rule id (or a retired alias)')
      .option('--format <name>', 'text (default) or markdown', 'text')
      // Accepted as every other command accepts them; explain prints no colour.
      .option('--color', 'accepted for consistency (explain prints no colour)')
      .option('--no-color', 'accepted for consistency (explain prints no colour)')
  );
}

/** `explain` for the command registry; explain.ts is imported when the command runs. */
export function registerExplain(program: Command, setExitCode: SetExitCode): void {
  explainDefinition(program).action(async (id: string, flags: { format: string }) => {
    const { explainCommand } = await import('./explain.js');
    setExitCode(await explainCommand(id, flags, processIo()));
  });
}
