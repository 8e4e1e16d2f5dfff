/**
 * Text of one Format-List value to a PsValue. Values stay strings (as in CSV; the mappers coerce);
 * `{a, b, c}` becomes a list; what the formatter cut (`{a, b, c, d...}` past
 * `$FormatEnumerationLimit`, a type name in place of an object) becomes a lossy value.
 */
import type { PsLossy, PsValue } from '../../model/records.js';
import { isTypeNameToString } from '../json-csv-tostring.js';

/** Why a collection value is lossy: Format-List prints at most $FormatEnumerationLimit items. */
export const ENUMERATION_CUT = 'cut by Format-List after $FormatEnumerationLimit (4) items';
/** Why a type name is lossy: the text view printed the object's ToString. */
export const OBJECT_AS_TEXT = 'an object the text view printed as its type name';
/** Why a table cell is lossy. */
export const COLUMN_CUT = 'truncated by Format-Table to the column width';

const GUID_IN_BRACES = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
/** .NET members every CimInstance shows in `fl *`: plumbing, kept as their text. */
const PLUMBING = new Set(['cimclass', 'ciminstanceproperties', 'cimsystemproperties', 'cimsession']);

function endsCut(s: string): boolean {
  return s.endsWith('...') || s.endsWith('\u2026');
}

/** Items of `{a, b, c}`; undefined when the text is not a collection. */
export function collectionItems(text: string): { items: string[]; cut: boolean } | undefined {
  if (!text.startsWith('{') || !text.endsWith('}') || GUID_IN_BRACES.test(text)) return undefined;
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return { items: [], cut: false };
  const items = inner.split(', ');
  const lastItem = items[items.length - 1];
  const cut = endsCut(lastItem);
  if (cut) items[items.length - 1] = lastItem.replace(/(?:\.\.\.|\u2026)$/, '');
  return { items, cut };
}

/** A Format-List value as a PsValue, given its property name. */
export function listValue(name: string, text: string): PsValue {
  if (text === '') return null;
  if (PLUMBING.has(name.toLowerCase())) return text;
  const c = collectionItems(text);
  if (c) {
    if (c.cut) return { $lossy: ENUMERATION_CUT, text } satisfies PsLossy;
    return c.items;
  }
  if (!text.includes('\n') && isTypeNameToString(text)) return { $lossy: OBJECT_AS_TEXT, text } satisfies PsLossy;
  return text;
}
