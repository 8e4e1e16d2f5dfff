#!/usr/bin/env node
/** vmqlint entry point: parse arguments, run one command, map its outcome to an exit code. */
import { Command, CommanderError } from 'commander';
import { commands } from './commands.js';
import { reportFatal } from './io.js';
import { TOOL_VERSION } from './version.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('vmqlint')
    .description('Lint, diff and simulate Hyper-V host networking (VMQ, RSS, teaming, SR-IOV) from exported host configuration.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();
  let code = 0;
  for (const register of commands) {
    register(program, (c) => {
      code = c;
    });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every argument error is a usage error (2).
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportFatal(err);
  }
  return code;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFatal(err);
  },
);
