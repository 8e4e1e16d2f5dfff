/**
 * What a command needs from the outside world (working directory, environment, stdout, stderr,
 * colour), injectable so tests run commands in-process without a build or a terminal.
 */
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { useColor, writeReport, type OutputSpec } from './io.js';
import { drained } from './stdout-errors.js';

export interface CommandIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour for output to stdout: `--color`/`--no-color` win, else the terminal decides. */
  color(flag: boolean | undefined): boolean;
  /** Columns of stdout when it is a terminal; undefined for a file or a pipe (no wrapping). */
  width?(): number | undefined;
  /**
   * Resolves once stdout has taken what it was given: true when it can take more, false when it
   * is gone (a reader that closed the pipe). Absent where stdout never holds anything back.
   */
  drain?(): Promise<boolean>;
  /** True when stderr is a terminal (a progress line may be drawn there); absent or false: never. */
  stderrIsTty?(): boolean;
}

/** The real process: read when a command runs, so `cwd` is current. */
export function processIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: useColor,
    width: () => (process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined),
    drain: () => drained(process.stdout),
    stderrIsTty: () => Boolean(process.stderr.isTTY),
  };
}

/** Write a report to its file (relative to the working directory) or to stdout. */
export function writeOutput(spec: OutputSpec, text: string, io: CommandIo): void {
  if (spec.path === undefined) {
    io.stdout(text);
    return;
  }
  writeReport(resolve(io.cwd, spec.path), spec.path, text);
}

/** Registers one command on a program, with injectable I/O. */
export type DefineCommand = (program: Command, setExitCode: SetExitCode, io: () => CommandIo) => void;

/**
 * Run one command in-process, as `vmqlint <argv...>` would, and return its exit code. Usage and
 * input errors are printed to `io.stderr` (exit 2), like the real entry point does.
 */
export async function runCommand(define: DefineCommand, argv: string[], io: CommandIo): Promise<number> {
  let code = 0;
  const program = new Command('vmqlint')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  define(program, (c) => (code = c), () => io);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof InputError || err instanceof UsageError) {
      io.stderr(`vmqlint: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return code;
}
