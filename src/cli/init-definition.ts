/** `init`'s name, options and help, without its implementation (init.ts loads when it runs). */
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../engine/config-name.js';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';

/** Add `init` with its options and help to a program; the caller adds the action. */
export function initDefinition(program: Command): Command {
  return program
    .command('init')
    .description(`write a starter ${CONFIG_FILE_NAME} in the working directory`)
    .option('--force', 'overwrite an existing file');
}

/** `init` for the command registry; init.ts is imported when the command runs. */
export function registerInit(program: Command, setExitCode: SetExitCode): void {
  initDefinition(program).action(async (flags: { force?: boolean }) => {
    const { initCommand } = await import('./init.js');
    setExitCode(await initCommand(flags, processIo()));
  });
}
