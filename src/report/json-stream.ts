/**
 * JSON documents written piece by piece: the bytes `JSON.stringify(doc, null, 2)` would give, but
 * the big arrays (findings, results, hosts) are marked as streamed and written one element at a
 * time, so a report of 10,000 hosts never exists as one string (V8 strings stop near 512 MB, and
 * building one doubles the peak memory). Each element is still written by JSON.stringify and
 * re-indented, so escaping and number formatting cannot drift from the whole-document output.
 */

/** An array written element by element; `items` is read once, when the writer reaches it. */
export class JsonStreamedArray {
  constructor(readonly items: Iterable<unknown>) {}
}

/** Mark an array to be written one element at a time, each element mapped when it is written. */
export function streamedArray<T>(items: Iterable<T>, map: (item: T) => unknown = (x) => x): JsonStreamedArray {
  return new JsonStreamedArray({
    *[Symbol.iterator]() {
      for (const item of items) yield map(item);
    },
  });
}

/**
 * An array whose elements come already written (jsonElement at the array's depth), possibly late:
 * worker threads write a document's hosts and this thread puts them in place (jsonChunksAsync).
 */
export class JsonRenderedArray {
  constructor(readonly elements: AsyncIterable<string>) {}
}

const INDENT = '  ';

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && !(v instanceof JsonStreamedArray) && !(v instanceof JsonRenderedArray) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** True when a streamed array sits somewhere inside `v` (so `v` must be walked, not stringified whole). */
function holdsStream(v: unknown): boolean {
  if (v instanceof JsonStreamedArray || v instanceof JsonRenderedArray) return true;
  if (!isContainer(v)) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(holdsStream);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** One value with no streamed array inside, at `depth` levels of indentation. */
function whole(v: unknown, depth: number): string {
  const text = JSON.stringify(v, null, 2) ?? 'null';
  // JSON text holds no raw line break but the ones indentation adds, so this only shifts lines.
  return depth === 0 ? text : text.replace(/\n/g, `\n${INDENT.repeat(depth)}`);
}

/**
 * The pieces of `JSON.stringify(value, null, 2)`, with every JsonStreamedArray written element by
 * element: one piece per element of a streamed array (and small pieces for the brackets and keys
 * around it). Values without a streamed array inside are one piece each.
 */
export function* jsonChunks(value: unknown, depth = 0): Generator<string> {
  if (value instanceof JsonRenderedArray) throw new Error('an array of elements written elsewhere needs jsonChunksAsync');
  if (value instanceof JsonStreamedArray) {
    yield* arrayChunks(value.items, depth);
    return;
  }
  if (!holdsStream(value)) {
    yield whole(value, depth);
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayChunks(value, depth);
    return;
  }
  let n = 0;
  for (const [lead, v] of members(value as Record<string, unknown>, depth)) {
    n++;
    yield lead;
    yield* jsonChunks(v, depth + 1);
  }
  yield closing(n, depth);
}

/** An object's members as JSON.stringify writes them: each one's lead (separator, indent, key) and value; undefined and functions left out. */
function* members(value: Record<string, unknown>, depth: number): Generator<[lead: string, value: unknown]> {
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (omitted(v)) continue;
    yield [`${first ? '{' : ','}${inner}${JSON.stringify(key)}: `, v];
    first = false;
  }
}

/** What closes an object of `n` members written at `depth`. */
function closing(n: number, depth: number): string {
  return n === 0 ? '{}' : `\n${INDENT.repeat(depth)}}`;
}

function* arrayChunks(items: Iterable<unknown>, depth: number): Generator<string> {
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  let first = true;
  for (const item of items) {
    const lead = `${first ? '[' : ','}${inner}`;
    first = false;
    if (holdsStream(item)) {
      yield lead;
      yield* jsonChunks(item, depth + 1);
    } else {
      // The separator travels with the element: one piece per element, not three.
      yield lead + jsonElement(item, depth);
    }
  }
  yield first ? '[]' : `\n${INDENT.repeat(depth)}]`;
}

/** The text of one element (with no streamed array inside) of an array at `depth`, as jsonChunks writes it after its separator. */
export function jsonElement(item: unknown, depth: number): string {
  return omitted(item) ? 'null' : whole(item, depth + 1);
}

/** jsonChunks of a value that may hold a JsonRenderedArray (in an object), whose elements are awaited as they come. */
export async function* jsonChunksAsync(value: unknown, depth = 0): AsyncGenerator<string> {
  if (value instanceof JsonRenderedArray) {
    const inner = `\n${INDENT.repeat(depth + 1)}`;
    let first = true;
    for await (const element of value.elements) {
      yield `${first ? '[' : ','}${inner}${element}`;
      first = false;
    }
    yield first ? '[]' : `\n${INDENT.repeat(depth)}]`;
    return;
  }
  if (!holdsStream(value) || value instanceof JsonStreamedArray || Array.isArray(value)) {
    yield* jsonChunks(value, depth);
    return;
  }
  let n = 0;
  for (const [lead, v] of members(value as Record<string, unknown>, depth)) {
    n++;
    yield lead;
    yield* jsonChunksAsync(v, depth + 1);
  }
  yield closing(n, depth);
}
