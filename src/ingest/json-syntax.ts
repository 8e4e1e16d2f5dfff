/**
 * A small JSON parser that keeps positions. JSON.parse reports neither where a property was nor
 * where the syntax broke, and vmqlint needs both (findings cite `file:line:col`, bad input is
 * reported as `file:line:col: expected ...`). It also notes the layout details that tell
 * Windows PowerShell 5.1 output from PowerShell 7 output (ConvertTo-Json: https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json).
 */
import { InputError } from '../model/errors.js';

/** Where a node starts: 0-based offset, 1-based line and column (UTF-16 code units). */
export interface JPos {
  offset: number;
  line: number;
  col: number;
}

export interface JMember {
  key: string;
  /** Position of the key's opening quote. */
  keyAt: JPos;
  value: JNode;
}

export type JNode =
  | (JPos & { kind: 'object'; members: JMember[] })
  | (JPos & { kind: 'array'; items: JNode[] })
  /** `date` is set when the string was a JavaScriptSerializer `"\/Date(ms)\/"` (value is ISO 8601). */
  | (JPos & { kind: 'string'; value: string; date?: boolean })
  /** Integers beyond 2^53 keep their decimal text, since a double would change them. */
  | (JPos & { kind: 'number'; value: number | string })
  | (JPos & { kind: 'boolean'; value: boolean })
  | (JPos & { kind: 'null' });

/** Layout evidence counted while parsing, for telling PowerShell versions apart. */
export interface JLayout {
  /** Members written `"Key":  value` (two spaces: JavaScriptSerializer as reformatted by 5.1). */
  twoSpaceColons: number;
  /** Members written `"Key": value` (one space: Newtonsoft, PowerShell 6+). */
  oneSpaceColons: number;
  /** Strings written `"\/Date(ms)\/"` (5.1 DateTime). */
  msDates: number;
}

export interface JDocument {
  root: JNode;
  layout: JLayout;
}

/**
 * What of a member's value to build, for a caller that reads only part of it (json.ts reads two
 * members of a `CimClass` and the text entries of `CimInstanceProperties`; the rest is most of a
 * 5.1 export). What is left out is still read for syntax and layout, so errors and PowerShell
 * version evidence are the same as for a full parse.
 */
export interface JKeep {
  /** When the value is an object: the lower-cased names of the members to build; others are left out. */
  members?: ReadonlySet<string>;
  /** When the value is an array: build only its items that are no object or array; others are left out. */
  scalarItems?: boolean;
}

export interface JParseOptions {
  /** By lower-cased member name, at any depth: what of that member's value to build. */
  keep?: ReadonlyMap<string, JKeep>;
}

/** Deeper nesting than any export has; the limit keeps hostile input off the call stack. */
const MAX_DEPTH = 512;

const MS_DATE = /^\\\/Date\((-?\d+)(?:[+-]\d{4})?\)\\\/$/;

/** Slots of the table of recent member names (a power of two). */
const KEY_SLOTS = 512;

/** Digits an integer may have and still be read exactly by the digit loop (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/**
 * Parse one JSON document; throws InputError at the first syntax error. `options.keep` leaves
 * out parts of member values the caller never reads (positions of what is built are unchanged).
 */
export function parseJsonDocument(text: string, file: string, options?: JParseOptions): JDocument {
  return new JsonReader(text, file, options?.keep).document();
}

/*
 * Speed notes (the 5.1 Get-NetAdapterRss.json of a host is 350 KB): positions are written into
 * each node, never built as a separate object and spread; strings without escapes are one slice
 * found by a charCode loop; integers of up to 15 digits are summed while scanned; `true`,
 * `false` and `null` are compared in place. Every error path falls back to the original
 * step-by-step code, so messages and positions are as before (test/ingest/json-syntax.*.test.ts
 * compares with that code, kept in test/ingest/oracle/).
 */
class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private twoSpaceColons = 0;
  private oneSpaceColons = 0;
  private msDates = 0;
  /** The `\/Date()\/` ISO text of the string just read by `string()`, else undefined. */
  private date: string | undefined = undefined;
  /** keepLength[n] is true when some `keep` name has n characters (saves lower-casing other keys). */
  private readonly keepLength: boolean[] = [];
  /**
   * Member names met so far, by a hash of their characters: an export repeats a few dozen names
   * thousands of times, and one string per name (not one per member) is less to allocate and
   * lets callers cache per name (json.ts lower-cases each name once).
   */
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined);
  /** The lower-cased name of `keys[slot]`, once asked for (`keep` compares lower-cased names). */
  private readonly lowerKeys: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined);
  /** The slot of the name `key()` just read, or -1 when it had escapes (and is in no slot). */
  private keySlot = -1;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly keep: ReadonlyMap<string, JKeep> | undefined,
  ) {
    if (keep !== undefined) for (const k of keep.keys()) this.keepLength[k.length] = true;
  }

  document(): JDocument {
    // decode.ts strips the BOM; a caller that did not must not get "expected a JSON value".
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipSpace();
    if (this.pos >= this.text.length) {
      throw this.error('expected a JSON object or array, found an empty file');
    }
    const root = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) {
      throw this.error(`expected end of input after the top-level value, found ${this.found()}`);
    }
    const layout: JLayout = { twoSpaceColons: this.twoSpaceColons, oneSpaceColons: this.oneSpaceColons, msDates: this.msDates };
    return { root, layout };
  }

  private here(): JPos {
    return { offset: this.pos, line: this.line, col: this.pos - this.lineStart + 1 };
  }

  private error(detail: string, at: JPos = this.here()): InputError {
    return new InputError(this.file, at.line, at.col, detail);
  }

  /** Describes the character at the cursor for "expected X, found Y" messages. */
  private found(): string {
    if (this.pos >= this.text.length) return 'end of input';
    const c = this.text.codePointAt(this.pos) ?? 0;
    if (c < 0x20 || c === 0x7f) return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(c)}'`;
  }

  private skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p); // NaN past the end: no match, loop ends
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        p++;
      } else if (c === 0x0a) {
        p++;
        this.line++;
        this.lineStart = p;
      } else {
        break;
      }
    }
    this.pos = p;
  }

  private value(depth: number): JNode {
    if (depth > MAX_DEPTH) throw this.error(`expected at most ${MAX_DEPTH} levels of nesting`);
    const t = this.text;
    const offset = this.pos;
    const line = this.line;
    const col = offset - this.lineStart + 1;
    const c = t.charCodeAt(offset);
    switch (c) {
      case 0x7b /* { */:
        return { offset, line, col, kind: 'object', members: this.members(depth, undefined) };
      case 0x5b /* [ */:
        return { offset, line, col, kind: 'array', items: this.items(depth, false) };
      case 0x22 /* " */: {
        this.date = undefined;
        const value = this.string();
        const date = this.date;
        if (date !== undefined) return { offset, line, col, kind: 'string', value: date, date: true };
        return { offset, line, col, kind: 'string', value };
      }
      case 0x74 /* t */:
        if (t.charCodeAt(offset + 1) === 0x72 && t.charCodeAt(offset + 2) === 0x75 && t.charCodeAt(offset + 3) === 0x65) this.pos += 4;
        else this.literal('true');
        return { offset, line, col, kind: 'boolean', value: true };
      case 0x66 /* f */:
        if (t.charCodeAt(offset + 1) === 0x61 && t.charCodeAt(offset + 2) === 0x6c && t.charCodeAt(offset + 3) === 0x73 && t.charCodeAt(offset + 4) === 0x65) this.pos += 5;
        else this.literal('false');
        return { offset, line, col, kind: 'boolean', value: false };
      case 0x6e /* n */:
        if (t.charCodeAt(offset + 1) === 0x75 && t.charCodeAt(offset + 2) === 0x6c && t.charCodeAt(offset + 3) === 0x6c) this.pos += 4;
        else this.literal('null');
        return { offset, line, col, kind: 'null' };
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return { offset, line, col, kind: 'number', value: this.number() };
        throw this.error(`expected a JSON value, found ${this.found()}`);
    }
  }

  /** A value read for syntax and layout only: the same checks and errors as `value`, nothing built. */
  private skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`expected at most ${MAX_DEPTH} levels of nesting`);
    const t = this.text;
    const offset = this.pos;
    const c = t.charCodeAt(offset);
    switch (c) {
      case 0x7b /* { */:
        this.skipObject(depth);
        return;
      case 0x5b /* [ */:
        this.skipArray(depth);
        return;
      case 0x22 /* " */:
        this.skipString();
        return;
      case 0x74 /* t */:
        if (t.charCodeAt(offset + 1) === 0x72 && t.charCodeAt(offset + 2) === 0x75 && t.charCodeAt(offset + 3) === 0x65) this.pos += 4;
        else this.literal('true');
        return;
      case 0x66 /* f */:
        if (t.charCodeAt(offset + 1) === 0x61 && t.charCodeAt(offset + 2) === 0x6c && t.charCodeAt(offset + 3) === 0x73 && t.charCodeAt(offset + 4) === 0x65) this.pos += 5;
        else this.literal('false');
        return;
      case 0x6e /* n */:
        if (t.charCodeAt(offset + 1) === 0x75 && t.charCodeAt(offset + 2) === 0x6c && t.charCodeAt(offset + 3) === 0x6c) this.pos += 4;
        else this.literal('null');
        return;
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          this.number();
          return;
        }
        throw this.error(`expected a JSON value, found ${this.found()}`);
    }
  }

  /** Step by step through a literal; reached only when it is misspelt, for the error. */
  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(i)) {
        throw this.error(`expected '${word}', found ${this.found()}`);
      }
      this.pos++;
    }
  }

  /** What `keep` says of the member named `key`, if anything. */
  private keepOf(key: string): JKeep | undefined {
    return this.keepLength[key.length] === true ? this.keep!.get(this.lowerKey(key)) : undefined;
  }

  /** The name `key()` just read, lower-cased (once per slot while the slot holds that name). */
  private lowerKey(key: string): string {
    const slot = this.keySlot;
    if (slot === -1) return key.toLowerCase();
    let lower = this.lowerKeys[slot];
    if (lower === undefined) this.lowerKeys[slot] = lower = key.toLowerCase();
    return lower;
  }

  /**
   * The members of the object at the cursor (`{`). With `only`, members whose lower-cased name
   * it lacks are read for syntax but left out.
   */
  private members(depth: number, only: ReadonlySet<string> | undefined): JMember[] {
    const t = this.text;
    this.pos++; // {
    const members: JMember[] = [];
    this.skipSpace();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return members;
    }
    for (let n = 0; ; n++) {
      if (t.charCodeAt(this.pos) !== 0x22) {
        throw this.error(
          n === 0
            ? `expected a property name in double quotes or '}', found ${this.found()}`
            : `expected a property name in double quotes, found ${this.found()}`,
        );
      }
      const keyAt: JPos = { offset: this.pos, line: this.line, col: this.pos - this.lineStart + 1 };
      const key = this.key();
      this.skipSpace();
      if (t.charCodeAt(this.pos) !== 0x3a) {
        throw this.error(`expected ':' after property name, found ${this.found()}`);
      }
      this.pos++;
      this.noteColonSpacing();
      this.skipSpace();
      if (only !== undefined && !only.has(this.lowerKey(key))) {
        this.skipValue(depth + 1);
      } else {
        const keep = this.keep === undefined ? undefined : this.keepOf(key);
        const value = keep === undefined ? this.value(depth + 1) : this.keptValue(depth + 1, keep);
        members.push({ key, keyAt, value });
      }
      if (this.closes(0x7d, '}')) return members;
    }
  }

  /**
   * After an object member or array item: skip the ',' and the space after it (false: more
   * follow), or the closing `close` (true: done); anything else is an error naming both.
   */
  private closes(close: number, shown: string): boolean {
    this.skipSpace();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x2c) {
      this.pos++;
      this.skipSpace();
      return false;
    }
    if (c === close) {
      this.pos++;
      return true;
    }
    throw this.error(`expected ',' or '${shown}', found ${this.found()}`);
  }

  /** A member's value built only as far as `keep` says. */
  private keptValue(depth: number, keep: JKeep): JNode {
    const c = this.text.charCodeAt(this.pos);
    if ((c === 0x7b && keep.members === undefined) || (c === 0x5b && keep.scalarItems !== true) || depth > MAX_DEPTH) return this.value(depth);
    const offset = this.pos;
    const line = this.line;
    const col = offset - this.lineStart + 1;
    if (c === 0x7b) return { offset, line, col, kind: 'object', members: this.members(depth, keep.members) };
    if (c === 0x5b) return { offset, line, col, kind: 'array', items: this.items(depth, true) };
    return this.value(depth);
  }

  private skipObject(depth: number): void {
    const t = this.text;
    this.pos++; // {
    this.skipSpace();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return;
    }
    for (let n = 0; ; n++) {
      if (t.charCodeAt(this.pos) !== 0x22) {
        throw this.error(
          n === 0
            ? `expected a property name in double quotes or '}', found ${this.found()}`
            : `expected a property name in double quotes, found ${this.found()}`,
        );
      }
      this.skipString();
      this.skipSpace();
      if (t.charCodeAt(this.pos) !== 0x3a) {
        throw this.error(`expected ':' after property name, found ${this.found()}`);
      }
      this.pos++;
      this.noteColonSpacing();
      this.skipSpace();
      this.skipValue(depth + 1);
      if (this.closes(0x7d, '}')) return;
    }
  }

  private noteColonSpacing(): void {
    const t = this.text;
    if (t.charCodeAt(this.pos) !== 0x20) return;
    const next = t.charCodeAt(this.pos + 1);
    if (next === 0x20) {
      if (t.charCodeAt(this.pos + 2) !== 0x20) this.twoSpaceColons++;
    } else if (next !== 0x0d && next !== 0x0a && next !== 0x09) {
      this.oneSpaceColons++;
    }
  }

  /** The items of the array at the cursor (`[`); with `scalarsOnly`, objects and arrays are read for syntax but left out. */
  private items(depth: number, scalarsOnly: boolean): JNode[] {
    const t = this.text;
    this.pos++; // [
    const items: JNode[] = [];
    this.skipSpace();
    if (t.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return items;
    }
    for (let n = 0; ; n++) {
      if (this.pos >= t.length && n === 0) throw this.error(`expected a JSON value or ']', found end of input`);
      if (scalarsOnly) {
        const c = t.charCodeAt(this.pos);
        if (c === 0x7b || c === 0x5b) this.skipValue(depth + 1);
        else items.push(this.value(depth + 1));
      } else {
        items.push(this.value(depth + 1));
      }
      if (this.closes(0x5d, ']')) return items;
    }
  }

  private skipArray(depth: number): void {
    const t = this.text;
    this.pos++; // [
    this.skipSpace();
    if (t.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return;
    }
    for (let n = 0; ; n++) {
      if (this.pos >= t.length && n === 0) throw this.error(`expected a JSON value or ']', found end of input`);
      this.skipValue(depth + 1);
      if (this.closes(0x5d, ']')) return;
    }
  }

  /**
   * Reads a string at the cursor and returns its text. When it was a `\/Date(ms)\/`, `this.date`
   * is set to the ISO text (the caller clears it before). A string with no escape and nothing to
   * reject is one slice; any other goes the step-by-step way.
   */
  private string(): string {
    const t = this.text;
    const start = this.pos + 1;
    let p = start;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        return t.slice(start, p);
      }
      // A backslash, a control character, or NaN at the end of the text.
      if (c === 0x5c || !(c >= 0x20)) return this.escapedString();
      p++;
    }
  }

  /** `string()` for a member name: the same string object for the same unescaped name. */
  private key(): string {
    const t = this.text;
    const start = this.pos + 1;
    let p = start;
    let h = 0;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) break;
      if (c === 0x5c || !(c >= 0x20)) {
        this.keySlot = -1;
        return this.escapedString();
      }
      h = (h * 31 + c) | 0;
      p++;
    }
    this.pos = p + 1;
    const slot = h & (KEY_SLOTS - 1);
    this.keySlot = slot;
    const known = this.keys[slot];
    if (known !== undefined && known.length === p - start && t.startsWith(known, start)) return known;
    const key = t.slice(start, p);
    this.keys[slot] = key;
    this.lowerKeys[slot] = undefined;
    return key;
  }

  /** `string()` without the text: a string read for syntax and layout only. */
  private skipString(): void {
    const t = this.text;
    let p = this.pos + 1;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        return;
      }
      if (c === 0x5c || !(c >= 0x20)) {
        this.escapedString();
        return;
      }
      p++;
    }
  }

  /** The step-by-step string reader: escapes, `\/Date()\/`, and every error, at their positions. */
  private escapedString(): string {
    const t = this.text;
    const open = this.here();
    const start = ++this.pos;
    let out = '';
    let chunk = start;
    for (;;) {
      if (this.pos >= t.length) {
        throw this.error(`expected '"' to close the string that starts at ${open.line}:${open.col}, found end of input`);
      }
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        const end = this.pos;
        this.pos++;
        const date = t.charCodeAt(start) === 0x5c ? msDate(t.slice(start, end)) : undefined;
        if (date !== undefined) {
          this.msDates++;
          this.date = date;
        }
        return out;
      }
      if (c === 0x5c) {
        out += t.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        throw this.error(`expected '"' to close the string that starts at ${open.line}:${open.col}, found end of line`);
      }
      if (c < 0x20) {
        throw this.error(`expected control character U+${c.toString(16).toUpperCase().padStart(4, '0')} to be escaped`);
      }
      this.pos++;
    }
  }

  private escape(): string {
    const t = this.text;
    const c = t.charCodeAt(this.pos + 1);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (c === 0x75 /* u */) {
      const hex = t.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        this.pos += 2;
        throw this.error('expected four hex digits after \\u');
      }
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    this.pos++;
    throw this.error(`expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found ${this.found()}`);
  }

  /** A number at the cursor: short integers summed as scanned, anything else by `exactNumber`. */
  private number(): number | string {
    const t = this.text;
    const start = this.pos;
    let p = start;
    const negative = t.charCodeAt(p) === 0x2d;
    if (negative) p++;
    let c = t.charCodeAt(p);
    let n = 0;
    if (c >= 0x31 && c <= 0x39) {
      do {
        n = n * 10 + (c - 0x30);
        c = t.charCodeAt(++p);
      } while (c >= 0x30 && c <= 0x39);
    } else if (c === 0x30) {
      c = t.charCodeAt(++p);
    } else {
      return this.exactNumber();
    }
    if (c === 0x2e || c === 0x65 || c === 0x45 || p - start > EXACT_DIGITS) return this.exactNumber();
    this.pos = p;
    return negative ? -n : n;
  }

  /** The step-by-step number reader: fractions, exponents, long integers and every error. */
  private exactNumber(): number | string {
    const t = this.text;
    const start = this.pos;
    let integer = true;
    if (t.charCodeAt(this.pos) === 0x2d) this.pos++;
    const first = t.charCodeAt(this.pos);
    if (first === 0x30) {
      this.pos++;
    } else if (first >= 0x31 && first <= 0x39) {
      this.digits();
    } else {
      throw this.error(`expected a digit, found ${this.found()}`);
    }
    if (t.charCodeAt(this.pos) === 0x2e) {
      integer = false;
      this.pos++;
      if (!isDigit(t.charCodeAt(this.pos))) throw this.error(`expected a digit after '.', found ${this.found()}`);
      this.digits();
    }
    const e = t.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      this.pos++;
      const sign = t.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (!isDigit(t.charCodeAt(this.pos))) throw this.error(`expected a digit in the exponent, found ${this.found()}`);
      this.digits();
    }
    const raw = t.slice(start, this.pos);
    const n = Number(raw);
    // A uint64 (e.g. a processor affinity mask) must not be rounded to the nearest double.
    if (integer && !Number.isSafeInteger(n)) return raw;
    // 1e400 is no number a cmdlet wrote: kept as its text, so it is reported as written, not as Infinity.
    if (!Number.isFinite(n)) return raw;
    return n;
  }

  private digits(): void {
    while (isDigit(this.text.charCodeAt(this.pos))) this.pos++;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/** ISO 8601 UTC text for a raw `\/Date(ms)\/` or `\/Date(ms+hhmm)\/` string (ms are UTC either way). */
function msDate(raw: string): string | undefined {
  const m = MS_DATE.exec(raw);
  if (!m) return undefined;
  const d = new Date(Number(m[1]));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Resolve a JSON pointer (`/hosts/0/name`) in a parsed document as far as it goes: the node
 * reached, the position of the last member key on the way, and whether the whole pointer
 * resolved. Every reader that reports schema errors with `file:line:col` uses this.
 */
export function resolvePointer(root: JNode, pointer: string): { node: JNode; keyAt?: JPos; complete: boolean } {
  let node = root;
  let keyAt: JPos | undefined;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node.kind === 'object') {
      const m = node.members.find((x) => x.key === token);
      if (!m) return { node, keyAt, complete: false };
      keyAt = m.keyAt;
      node = m.value;
    } else if (node.kind === 'array') {
      const item = node.items[Number(token)];
      if (!item) return { node, keyAt, complete: false };
      keyAt = undefined;
      node = item;
    } else {
      return { node, keyAt, complete: false };
    }
  }
  return { node, keyAt, complete: true };
}
