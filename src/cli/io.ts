/** Terminal and file output for commands: colour choice, `NAME[=PATH]` outputs, fatal errors. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, UsageError } from '../model/errors.js';

/** Colour: --color/--no-color win; else on when stdout is a TTY and NO_COLOR is unset. */
export function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY);
}

export interface OutputSpec {
  format: string;
  /** undefined: stdout. */
  path?: string;
}

/**
 * Parse repeatable `--format NAME[=PATH]` values; at most one may go to stdout. `allowed` lists
 * the format names the command knows.
 */
export function parseOutputs(values: string[] | undefined, allowed: readonly string[], fallback: string, outputFile?: string): OutputSpec[] {
  const specs: OutputSpec[] = [];
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const format = eq < 0 ? v : v.slice(0, eq);
    const path = eq < 0 ? undefined : v.slice(eq + 1);
    if (!allowed.includes(format)) {
      throw new UsageError(`unknown format '${format}'; expected one of: ${allowed.join(', ')}`);
    }
    if (path === '') throw new UsageError(`--format ${format}= needs a file path after '='`);
    specs.push({ format, path });
  }
  if (specs.length === 0) specs.push({ format: fallback });
  if (outputFile !== undefined) {
    if (specs.length !== 1 || specs[0].path !== undefined) {
      throw new UsageError('--output-file takes exactly one --format without =PATH');
    }
    specs[0].path = outputFile;
  }
  if (specs.filter((s) => s.path === undefined).length > 1) {
    throw new UsageError('at most one --format may write to stdout; give the others =PATH');
  }
  return specs;
}

/** Write text to a file (creating folders) or to stdout. */
export function emit(spec: OutputSpec, text: string | Uint8Array): void {
  if (spec.path === undefined) {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(spec.path), { recursive: true });
  writeFileSync(spec.path, text);
}

/** Print an error the user can act on (no stack trace for known errors) and return exit code 2. */
export function reportFatal(err: unknown): number {
  if (err instanceof InputError || err instanceof UsageError) {
    process.stderr.write(`vmqlint: ${err.message}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`vmqlint: internal error: ${err.message}\n`);
    if (process.env.VMQLINT_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  } else {
    process.stderr.write(`vmqlint: internal error: ${String(err)}\n`);
  }
  return 2;
}

/** Collect a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
