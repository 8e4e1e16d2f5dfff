/** Terminal and file output for commands: colour choice, `NAME[=PATH]` outputs, fatal errors. */
import { didYouMean } from '../model/did-you-mean.js';
import { lstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
      throw new UsageError(`unknown format '${format}'${didYouMean(format, allowed)}; expected one of: ${allowed.join(', ')}`);
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
  const seen = new Map<string, string>();
  for (const s of specs) {
    if (s.path === undefined) continue;
    const key = resolve(s.path);
    const other = seen.get(key);
    if (other !== undefined) throw new UsageError(`--format ${other} and --format ${s.format} both write to ${s.path}; give each its own file`);
    seen.set(key, s.format);
  }
  return specs;
}

/** Write text to a file (creating folders) or to stdout. */
export function emit(spec: OutputSpec, text: string | Uint8Array): void {
  if (spec.path === undefined) {
    process.stdout.write(text);
    return;
  }
  writeReport(spec.path, spec.path, text);
}

/**
 * Write a report file, creating its folder. A path that cannot be written (a folder, no
 * permission, a full disk) is a usage error naming the path and why; a file left half-written is
 * removed, so CI never uploads a truncated report.
 */
export function writeReport(path: string, shown: string, text: string | Uint8Array): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot write ${shown}: ${why(err)}`);
  }
  try {
    writeFileSync(path, text);
  } catch (err) {
    // Only a regular file is removed: `--format json=/dev/stdout` (or /dev/full) names a device.
    if (isRegularFile(path)) rmSync(path, { force: true });
    throw new UsageError(`cannot write ${shown}: ${why(err)}`);
  }
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Why a report file could not be written, in words a user can act on. */
export function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file stands where a folder of the path should be';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device (the partial file was removed)';
    default:
      return e.message ?? String(err);
  }
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
