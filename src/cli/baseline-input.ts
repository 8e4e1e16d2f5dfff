/**
 * Reading a baseline file in memory that grows with its entries, not with a parse tree: a fleet's
 * baseline can hold a million entries (250 MB), and the positional parser of json-input.ts keeps
 * a node with a line and column per value (4.6 GB for that file). Small files keep the positional
 * parse (errors say `file:line:col`, duplicate keys are refused); a file above
 * `positionalBytes` is parsed with JSON.parse (syntax errors still say `file:line:col`; schema
 * errors name the key path without a line); above `maxBytes` or `maxEntries` it is refused.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateBaseline, type BaselineDocument } from '../engine/baseline.js';
import { decodeBytes } from '../ingest/decode.js';
import { InputError, UsageError, lineColAt } from '../model/errors.js';
import { displayPath, readJsonInput } from './json-input.js';
import { DEFAULT_BASELINE_LIMITS, type BaselineLimits } from './baseline-limits.js';

export { DEFAULT_BASELINE_LIMITS, type BaselineLimits };

/** Read, parse and validate a baseline file within `limits`; InputError (exit 2) when it is not one. */
export function readBaselineInput(path: string, cwd: string, limits: Partial<BaselineLimits> = {}): { file: string; doc: BaselineDocument } {
  const lim = { ...DEFAULT_BASELINE_LIMITS, ...limits };
  const abs = resolve(cwd, path);
  const file = displayPath(cwd, abs);
  let size: number;
  try {
    size = statSync(abs).size;
  } catch {
    // readJsonInput words the usual errors (no such file, a folder).
    size = 0;
  }
  if (size > lim.maxBytes) {
    throw new InputError(file, 0, 0, `baseline file is ${mib(size)}, above the limit of ${mib(lim.maxBytes)} (docs/exports.md, "Size limits"); prune it (lint --write-baseline) or split the fleet`);
  }
  if (size <= lim.positionalBytes) {
    const input = readJsonInput(path, cwd, 'baseline file');
    checkCount(input.value, file, lim.maxEntries);
    return { file, doc: validateBaseline(input.value, input.file, input.locate) };
  }
  const value = parseLarge(abs, file);
  // Counted before validation, so a refused file is not also checked entry by entry.
  checkCount(value, file, lim.maxEntries);
  return { file, doc: validateBaseline(value, file) };
}

function checkCount(value: unknown, file: string, max: number): void {
  const entries = (value as { entries?: unknown } | null)?.entries;
  if (Array.isArray(entries) && entries.length > max) {
    throw new InputError(file, 0, 0, `baseline file has ${entries.length} entries, above the limit of ${max} (raise it with --max-baseline-entries)`);
  }
}

/** JSON.parse of a large file; a syntax error is reported at its line and column. */
function parseLarge(abs: string, file: string): unknown {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(abs);
  } catch (err) {
    throw new UsageError(`cannot read baseline file ${file}: ${String((err as Error).message)}`);
  }
  const text = decodeBytes(bytes).text;
  bytes = new Uint8Array(0);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const { line, col } = at ? lineColAt(text, Number(at[1])) : { line: 0, col: 0 };
    throw new InputError(file, line, col, `expected valid JSON: ${message.replace(/ (?:in JSON )?at position \d+.*$/s, '')}`);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MiB`;
}
