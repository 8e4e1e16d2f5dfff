#!/usr/bin/env node
/** vmqlint entry point: parse arguments, run one command, map its outcome to an exit code. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportFatal } from './io.js';
import { watchStdout } from './stdout-errors.js';
import { TOOL_VERSION } from './version.js';

/** Run the CLI on `argv` (user arguments only, without node and script) and return the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  // `--version` answers before commander and the commands are loaded.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const [{ Command, CommanderError }, { commands }] = await Promise.all([import('commander'), import('./commands.js')]);
  const program = new Command('vmqlint')
    .description('Lint, diff and simulate Hyper-V host networking (VMQ, RSS, teaming, SR-IOV) from exported host configuration.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError()
    // Every command that reads inputs decodes Windows PowerShell 5.1 text views (Get-NetView) in
    // the ANSI code page; a program option is accepted before or after the command name.
    .option('--codepage <name>', 'ANSI code page of Windows PowerShell 5.1 text views, e.g. 1251 or windows-1250 (default 1252)')
    // The reader behind it loads with the command that runs, not for --help.
    .hook('preAction', async (cmd) => {
      const { setDefaultCodepage } = await import('../ingest/netview/load-hook.js');
      setDefaultCodepage(cmd.opts<{ codepage?: string }>().codepage);
    })
    // Every command shares this convention; `vmqlint <command> --help` adds its own detail.
    .addHelpText('after', '\nExit codes: 0 success; 1 a gate failed (lint, diff, drift); 2 vmqlint could not do its job (bad arguments or unreadable input).');
  let code = 0;
  for (const register of commands) {
    register(program, (c) => {
      code = c;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every argument error is a usage error (2).
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportFatal(err);
  }
  return code;
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  let writeFailed = false;
  watchStdout(process.stdout, (message) => {
    writeFailed = true;
    process.stderr.write(`${message}\n`);
    process.exitCode = 2;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = writeFailed ? 2 : code;
    },
    (err) => {
      process.exitCode = reportFatal(err);
    },
  );
}
