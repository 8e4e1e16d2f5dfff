/**
 * JSON files the user hands to a command (config, waivers, baseline): decoded whatever the
 * editor saved (BOM, UTF-16), parsed with positions so errors say `file:line:col: key: ...`.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Locator } from '../engine/schema-errors.js';
import { decodeBytes } from '../ingest/decode.js';
import { parseJsonDocument, resolvePointer, type JNode, type JPos } from '../ingest/json-syntax.js';
import { UsageError } from '../model/errors.js';

export interface JsonInput {
  /** Path as shown to the user: relative to the working directory, `/`-separated. */
  file: string;
  value: unknown;
  locate: Locator;
}

/** A path relative to `cwd` with `/` separators (absolute when outside it). */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') ? abs.split(sep).join('/') : rel.split(sep).join('/');
}

function toValue(n: JNode): unknown {
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.members.map((m) => [m.key, toValue(m.value)]));
    case 'array':
      return n.items.map(toValue);
    case 'number':
      return typeof n.value === 'string' ? Number(n.value) : n.value;
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/**
 * A locator over a parsed document: the value's position, or the key's when asked. Where the
 * pointer stops early, a missing member points at the key of the object that lacks it (else the
 * object), a missing item at the array.
 */
export function locatorFor(root: JNode): Locator {
  return (pointer, key) => {
    const { node, keyAt, complete } = resolvePointer(root, pointer);
    const at = (p: JPos): { line: number; col: number } => ({ line: p.line, col: p.col });
    if (!complete && node.kind === 'object') return at(keyAt ?? node);
    if (!complete && node.kind === 'array') return at(node);
    return at(key && keyAt ? keyAt : node);
  };
}

/** Read and parse a JSON file; `what` names it in the error when it cannot be read. */
export function readJsonInput(path: string, cwd: string, what: string): JsonInput {
  const abs = resolve(cwd, path);
  const file = displayPath(cwd, abs);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String((err as Error).message)}`);
  }
  const doc = parseJsonDocument(decodeBytes(bytes).text, file);
  rejectDuplicateKeys(doc.root, file, what);
  return { file, value: toValue(doc.root), locate: locatorFor(doc.root) };
}

/**
 * A key written twice in one object: JSON parsers keep the last silently, so a config that sets a
 * rule twice would quietly lose one setting. It is a usage error at the second key.
 */
function rejectDuplicateKeys(root: JNode, file: string, what: string): void {
  const stack: JNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'array') for (const item of n.items) stack.push(item);
    if (n.kind !== 'object') continue;
    const seen = new Map<string, JPos>();
    for (const m of n.members) {
      const first = seen.get(m.key);
      if (first) throw new UsageError(`${file}:${m.keyAt.line}:${m.keyAt.col}: duplicate key '${m.key}' in the ${what} (first at line ${first.line}); keep one`);
      seen.set(m.key, m.keyAt);
      stack.push(m.value);
    }
  }
}
