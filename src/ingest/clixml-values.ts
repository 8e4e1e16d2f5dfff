/**
 * CLIXML primitive elements (MS-PSRP 2.2.5.1) and what each becomes as a PsValue. The text is
 * never coerced beyond its declared type: `<S>0007</S>` stays "0007", and a 64-bit or decimal
 * value a JavaScript number cannot hold exactly stays its decimal text.
 */
import type { PsValue } from '../model/records.js';
import { unescapePs } from './clixml-text.js';

/** Elements whose text is a string value, decoded with the PowerShell `_xHHHH_` layer. */
const ENCODED_STRING = new Set(['S', 'URI', 'XD', 'SBK']);

/** Elements whose text is kept as written (no `_x` escapes can occur in them). */
const VERBATIM_STRING = new Set(['DT', 'TS', 'G', 'Version', 'BA', 'SS', 'PR']);

/**
 * Integer elements: [minimum, maximum, what the message says was expected, and the bounds as
 * numbers, for the common case of a value a number holds exactly (no conversion per value)].
 */
const INTEGER: Record<string, [bigint, bigint, string, number, number]> = {};
for (const [tag, min, max, what] of [
  ['By', 0n, 255n, 'an unsigned 8-bit integer'],
  ['SB', -128n, 127n, 'a signed 8-bit integer'],
  ['U16', 0n, 65535n, 'an unsigned 16-bit integer'],
  ['I16', -32768n, 32767n, 'a signed 16-bit integer'],
  ['U32', 0n, 4294967295n, 'an unsigned 32-bit integer'],
  ['I32', -2147483648n, 2147483647n, 'a signed 32-bit integer'],
  ['U64', 0n, 18446744073709551615n, 'an unsigned 64-bit integer'],
  ['I64', -9223372036854775808n, 9223372036854775807n, 'a signed 64-bit integer'],
  ['C', 0n, 65535n, 'a UTF-16 code unit number (char)'],
] as const) {
  INTEGER[tag] = [min, max, what, Number(min), Number(max)];
}

/** Every primitive element name. */
export const PRIMITIVES: ReadonlySet<string> = new Set([
  ...ENCODED_STRING,
  ...VERBATIM_STRING,
  ...Object.keys(INTEGER),
  'B',
  'Db',
  'Sg',
  'D',
  'Nil',
]);

/** Primitives whose content may legitimately be structured or opaque; unreadable means lossy. */
export const OPAQUE: ReadonlySet<string> = new Set(['SS', 'SBK', 'XD', 'PR']);

const INTEGER_TEXT = /^\s*[+-]?[0-9]+\s*$/;
const DECIMAL_TEXT = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;
const NON_FINITE = /^\s*(?:-?INF|NaN)\s*$/;

/** What a primitive's text must look like, for messages. */
export function expectedText(tag: string): string {
  if (tag in INTEGER) return INTEGER[tag][2];
  if (tag === 'B') return "'true' or 'false'";
  if (tag === 'D') return 'a decimal number';
  return 'a floating-point number';
}

/**
 * Convert the XML-unescaped text of primitive element `tag`. Returns undefined when the text does
 * not fit the type (the caller reports where).
 */
export function convertPrimitive(tag: string, text: string): PsValue | undefined {
  if (ENCODED_STRING.has(tag)) return unescapePs(text);
  if (VERBATIM_STRING.has(tag)) return text;
  const range = INTEGER[tag];
  if (range !== undefined) {
    if (!INTEGER_TEXT.test(text)) return undefined;
    const trimmed = text.trim();
    const n = Number(trimmed);
    if (Number.isSafeInteger(n)) {
      if (n < range[3] || n > range[4]) return undefined;
      return tag === 'C' ? String.fromCharCode(n) : n === 0 ? 0 : n;
    }
    const big = BigInt(trimmed);
    if (big < range[0] || big > range[1]) return undefined;
    return big.toString();
  }
  switch (tag) {
    case 'Nil':
      return null;
    case 'B': {
      const t = text.trim();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return undefined;
    }
    case 'D': {
      if (!DECIMAL_TEXT.test(text)) return undefined;
      const n = Number(text);
      return Math.abs(n) > Number.MAX_SAFE_INTEGER ? text.trim() : n === 0 ? 0 : n;
    }
    case 'Db':
    case 'Sg': {
      // INF, -INF and NaN have no JSON form; they stay as written, like an oversized U64.
      if (NON_FINITE.test(text)) return text.trim();
      if (!FLOAT_TEXT.test(text)) return undefined;
      const n = Number(text);
      return n === 0 ? 0 : n;
    }
  }
  return undefined;
}

/** A value that says something: not $null and not a stand-in for a value the export lost. */
function saysSomething(v: PsValue): boolean {
  return v !== null && !(typeof v === 'object' && !Array.isArray(v) && '$lossy' in v);
}

/** A value of a declared type (number, boolean, enum, object, list), not only display text. */
function isTyped(v: PsValue): boolean {
  return typeof v !== 'string';
}

/**
 * Which of two same-named properties of one object to keep. Real objects carry such pairs: an
 * MSFT_NetAdapter has `<Nil N="Status" />` among its CIM properties and `<S N="Status">Up</S>`
 * among its script properties; an MSFT_NetAdapterRssSettingData has `Profile` as a number and
 * again as its name. The one that says something wins (non-null, not lost); where both do, the
 * typed one wins over display text, and equal values are one value. Only two different values
 * of the same kind are a `conflict` (the first is kept, and the second reported).
 */
export function preferDuplicate(first: PsValue, second: PsValue): 'first' | 'second' | 'conflict' {
  const a = saysSomething(first);
  const b = saysSomething(second);
  if (!b) return 'first';
  if (!a) return 'second';
  if (JSON.stringify(first) === JSON.stringify(second)) return 'first';
  if (isTyped(first) !== isTyped(second)) return isTyped(first) ? 'first' : 'second';
  return 'conflict';
}
