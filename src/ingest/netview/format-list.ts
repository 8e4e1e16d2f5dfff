/**
 * Format-List text: `Label : value`, labels padded to the longest label of
 * the object, objects separated by blank lines, long or multi-line values continued on lines
 * indented to the value column. Labels may hold `:`, `[` and `]`
 * (`BaseProcessor: [Group:Number]`), so a line is split at the object's separator column, never
 * at its first colon.
 */
import type { TextLine } from './text.js';

export interface ListField {
  label: string;
  /** The value, continuation lines joined with "\n" (or "" where the width wrapped them). */
  value: string;
  line: number;
  /** 1-based column where the value starts. */
  col: number;
}

export interface ListObject {
  fields: ListField[];
  line: number;
}

export interface ListOptions {
  /**
   * The width the text was formatted to, when known (Get-NetView: `Out-File -Width 4096`; a
   * console: its buffer width). A line this long followed by a continuation was cut by the width,
   * so the two join without a line break.
   */
  width?: number;
}

/** `Label<spaces>:` then a space or the end of the line; the label is the shortest that fits. */
const FIELD = /^(\S(?:.*?\S)?) +:(?: |$)/;

/** The separator column (index of the ` : ` colon) of a field line, or -1. */
export function separatorColumn(text: string): number {
  const m = FIELD.exec(text);
  return m ? m[0].lastIndexOf(':') : -1;
}

function isFieldAt(text: string, colon: number): boolean {
  return (
    text.length > colon &&
    text[colon] === ':' &&
    text[colon - 1] === ' ' &&
    (text.length === colon + 1 || text[colon + 1] === ' ') &&
    text[0] !== ' ' &&
    text.slice(0, colon).trim() !== ''
  );
}

/** Parse Format-List output into objects; lines that are neither a field nor a continuation are returned as `stray`. */
export function parseFormatList(lines: TextLine[], opts: ListOptions = {}): { objects: ListObject[]; stray: TextLine[] } {
  const objects: ListObject[] = [];
  const stray: TextLine[] = [];
  let obj: ListObject | undefined;
  let colon = -1;
  let last: { field: ListField; physical: string } | undefined;
  for (const l of lines) {
    const text = l.text;
    if (text.trim() === '') {
      obj = undefined;
      last = undefined;
      continue;
    }
    if (obj && last && colon >= 0 && text.length > colon + 2 && text.slice(0, colon + 2).trim() === '') {
      // Continuation: indented to the value column.
      const cut = opts.width !== undefined && last.physical.length >= opts.width;
      last.field.value += (cut ? '' : '\n') + text.slice(colon + 2).trimEnd();
      last.physical = text;
      continue;
    }
    let at = obj && colon >= 0 && isFieldAt(text, colon) ? colon : -1;
    if (at < 0) {
      at = separatorColumn(text);
      if (at < 0) {
        stray.push(l);
        continue;
      }
      // A different padding: a new object that was not separated by a blank line.
      if (obj && colon >= 0 && at !== colon) obj = undefined;
    }
    if (!obj) {
      obj = { fields: [], line: l.line };
      objects.push(obj);
    }
    colon = at;
    const field: ListField = {
      label: text.slice(0, at).trimEnd(),
      value: text.slice(at + 2).trimEnd(),
      line: l.line,
      col: at + 3,
    };
    obj.fields.push(field);
    last = { field, physical: text };
  }
  return { objects, stray };
}
