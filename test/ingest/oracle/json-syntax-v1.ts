/**
 * ORACLE, not product code: the JSON parser as it was before it was made faster (json-syntax.ts
 * at 7118345), kept verbatim so differential tests can show the new one gives the same trees,
 * positions and errors.
 */
import { InputError } from '../../../src/model/errors.js';

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

/** Deeper nesting than any export has; the limit keeps hostile input off the call stack. */
const MAX_DEPTH = 512;

const MS_DATE = /^\\\/Date\((-?\d+)(?:[+-]\d{4})?\)\\\/$/;

/** Parse one JSON document; throws InputError at the first syntax error. */
export function parseJsonDocument(text: string, file: string): JDocument {
  return new JsonReader(text, file).document();
}

class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly layout: JLayout = { twoSpaceColons: 0, oneSpaceColons: 0, msDates: 0 };

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

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
    return { root, layout: this.layout };
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
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.pos++;
      } else if (c === 0x0a) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else {
        return;
      }
    }
  }

  private value(depth: number): JNode {
    if (depth > MAX_DEPTH) throw this.error(`expected at most ${MAX_DEPTH} levels of nesting`);
    const at = this.here();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.object(at, depth);
      case 0x5b /* [ */:
        return this.array(at, depth);
      case 0x22 /* " */: {
        const s = this.string();
        return s.date !== undefined
          ? { ...at, kind: 'string', value: s.date, date: true }
          : { ...at, kind: 'string', value: s.value };
      }
      case 0x74 /* t */:
        this.literal('true');
        return { ...at, kind: 'boolean', value: true };
      case 0x66 /* f */:
        this.literal('false');
        return { ...at, kind: 'boolean', value: false };
      case 0x6e /* n */:
        this.literal('null');
        return { ...at, kind: 'null' };
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return { ...at, kind: 'number', value: this.number() };
        throw this.error(`expected a JSON value, found ${this.found()}`);
    }
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(i)) {
        throw this.error(`expected '${word}', found ${this.found()}`);
      }
      this.pos++;
    }
  }

  private object(at: JPos, depth: number): JNode {
    this.pos++; // {
    const members: JMember[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { ...at, kind: 'object', members };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) {
        throw this.error(
          members.length === 0
            ? `expected a property name in double quotes or '}', found ${this.found()}`
            : `expected a property name in double quotes, found ${this.found()}`,
        );
      }
      const keyAt = this.here();
      const key = this.string().value;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) {
        throw this.error(`expected ':' after property name, found ${this.found()}`);
      }
      this.pos++;
      this.noteColonSpacing();
      this.skipSpace();
      const value = this.value(depth + 1);
      members.push({ key, keyAt, value });
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipSpace();
      } else if (c === 0x7d) {
        this.pos++;
        return { ...at, kind: 'object', members };
      } else {
        throw this.error(`expected ',' or '}', found ${this.found()}`);
      }
    }
  }

  private noteColonSpacing(): void {
    const t = this.text;
    if (t.charCodeAt(this.pos) !== 0x20) return;
    const next = t.charCodeAt(this.pos + 1);
    if (next === 0x20) {
      if (t.charCodeAt(this.pos + 2) !== 0x20) this.layout.twoSpaceColons++;
    } else if (next !== 0x0d && next !== 0x0a && next !== 0x09) {
      this.layout.oneSpaceColons++;
    }
  }

  private array(at: JPos, depth: number): JNode {
    this.pos++; // [
    const items: JNode[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { ...at, kind: 'array', items };
    }
    for (;;) {
      if (this.pos >= this.text.length && items.length === 0) throw this.error(`expected a JSON value or ']', found end of input`);
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipSpace();
      } else if (c === 0x5d) {
        this.pos++;
        return { ...at, kind: 'array', items };
      } else {
        throw this.error(`expected ',' or ']', found ${this.found()}`);
      }
    }
  }

  /** Reads a string at the cursor; `date` is the ISO text when it was a `\/Date(ms)\/`. */
  private string(): { value: string; date?: string } {
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
        const raw = t.slice(start, this.pos);
        this.pos++;
        const date = raw.charCodeAt(0) === 0x5c ? msDate(raw) : undefined;
        if (date !== undefined) {
          this.layout.msDates++;
          return { value: out, date };
        }
        return { value: out };
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

  private number(): number | string {
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
