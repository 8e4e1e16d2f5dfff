/**
 * Parser for `.reg` files: `Windows Registry Editor Version 5.00` (UTF-16LE with a BOM as regedit
 * and `reg export` write it, or UTF-8/ANSI when a script wrote it) and `REGEDIT4` (ANSI).
 *
 * Choices (docs/exports.md, `.reg` files):
 * - The header must be exactly one of the two texts (regedit's own rule); only trailing blanks
 *   are tolerated. `looksLikeRegFile` is lenient (any case) so that a near-miss header is still
 *   routed here and reported as `1:1: expected the header ...` rather than as an unknown file.
 * - Hand-made leniencies are accepted silently: `;` comments, blank lines, LF-only endings,
 *   indentation, blanks around `=`, upper-case hex and type prefixes, 1-digit hex bytes and
 *   `dword:` with fewer than 8 digits, a trailing comma after the last hex byte.
 * - `\\` and `\"` are the only escapes; any other backslash is kept as written.
 * - Import-only syntax (`[-key]`, `"v"=-`) is reported in `unknown` (kind 'value'), never applied.
 * - A `hex(4)`, `hex(5)` or `hex(b)` whose byte count is not 4/4/8 keeps its bytes as hex under
 *   `REG_TYPE_0x4`/`0x5`/`0xb`, so no consumer reads a malformed number.
 * The scanner walks the text by index, one line at a time, so a whole-HKLM export is read in one
 * linear pass without an array of lines.
 */
import { regTypeOf } from './enums.js';
import type { Loc, RegType, UnknownItem } from '../model/host.js';
import { InputError } from '../model/errors.js';
import type { ParsedFile, RegValue } from '../model/records.js';
import { head } from './decode.js';
import { type KeyHandle, type RegParseOptions, RegKeyCollector, ROOT_NAMES_TEXT, rootLengthAt } from './registry-paths.js';

export type { RegParseOptions } from './registry-paths.js';

const HEADER_V5 = 'Windows Registry Editor Version 5.00';
const HEADER_V4 = 'REGEDIT4';

/** True when the first non-blank line is a .reg header (compared case-insensitively). */
export function looksLikeRegFile(text: string): boolean {
  const h = head(text, 64);
  const nl = h.search(/[\r\n]/);
  const first = (nl < 0 ? h : h.slice(0, nl)).trimEnd().toLowerCase();
  return first === HEADER_V5.toLowerCase() || first === HEADER_V4.toLowerCase();
}

/** Parse a decoded `.reg` file into one RegKeyRecord per key. Throws InputError on bad syntax. */
export function parseRegFile(text: string, file: string, encoding: string, options?: RegParseOptions): ParsedFile {
  return new RegFileParser(text, file, options).parse(encoding);
}

const utf16le = new TextDecoder('utf-16le');
const ansi = new TextDecoder('windows-1252');

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes, no separators (the RegValue form of binary data). */
export function bytesToHex(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]];
  return out;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}


/** Split REG_MULTI_SZ text: each item NUL-terminated, then one more NUL ends the list. */
export function splitMultiSz(s: string): string[] {
  let t = s;
  if (t.endsWith('\0')) t = t.slice(0, -1);
  if (t.endsWith('\0')) t = t.slice(0, -1);
  return t === '' ? [] : t.split('\0');
}

/** Decoded data of a `hex(N):` value. `unicode` is false for REGEDIT4 (single-byte strings). */
export function decodeHexValue(
  code: number,
  bytes: number[],
  unicode: boolean,
): { type: RegType; value: string; items?: string[] } {
  const text = (): string => (unicode ? utf16le : ansi).decode(Uint8Array.from(bytes));
  switch (code) {
    case 1:
    case 2: {
      const s = text();
      return { type: regTypeOf(code), value: s.endsWith('\0') ? s.slice(0, -1) : s };
    }
    case 7: {
      const items = splitMultiSz(text());
      return { type: 'REG_MULTI_SZ', value: items.join('\n'), items };
    }
    case 4:
    case 5:
      if (bytes.length !== 4) break;
      return {
        type: regTypeOf(code),
        value: String(
          code === 4
            ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0
            : ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0,
        ),
      };
    case 11: {
      if (bytes.length !== 8) break;
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
      return { type: 'REG_QWORD', value: v.toString() };
    }
    default:
      return { type: regTypeOf(code), value: bytesToHex(bytes) };
  }
  // A number of the wrong byte count: keep the raw type code so nothing reads it as a number.
  return { type: `REG_TYPE_0x${code.toString(16)}`, value: bytesToHex(bytes) };
}

/** The key block values are being added to: a real key, or a `[-key]` deletion that absorbs them. */
interface Block {
  handle: KeyHandle;
  originalPath: string;
  deletion?: UnknownItem;
}

/**
 * A cursor over the lines of a text, walked by index (no array of lines): the current line is
 * `[lineStart, lineEnd)` without its CR/LF. Shared by the `.reg` and `reg query` parsers.
 */
export class LineCursor {
  lineNo = 0;
  lineStart = 0;
  lineEnd = 0;
  private next = 0;

  constructor(
    public text: string,
    readonly file: string,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.next = 1;
  }

  /**
   * Continue on the next piece of a streamed text (whole lines only); line numbers go on
   * counting from the previous piece. See registry-stream.ts for where pieces are cut.
   */
  protected continueWith(text: string): void {
    this.text = text;
    this.next = 0;
    this.lineStart = 0;
    this.lineEnd = 0;
  }

  /** Advance to the next physical line; false (state unchanged) at the end of the text. */
  nextLine(): boolean {
    const t = this.text;
    if (this.next >= t.length) return false;
    this.lineStart = this.next;
    const nl = t.indexOf('\n', this.next);
    let end = nl < 0 ? t.length : nl;
    this.next = nl < 0 ? t.length : nl + 1;
    if (end > this.lineStart && t.charCodeAt(end - 1) === 13) end--;
    this.lineEnd = end;
    this.lineNo++;
    return true;
  }

  /** True when nothing but blank lines follows the current line. */
  restIsBlank(): boolean {
    const t = this.text;
    for (let i = this.next; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
    }
    return true;
  }

  /** Throw an InputError at a character offset of the current line. */
  fail(offset: number, detail: string): never {
    throw new InputError(this.file, Math.max(this.lineNo, 1), offset - this.lineStart + 1, detail);
  }

  /** First offset at or after `i` on the current line that is not a space or tab. */
  skipBlanks(i: number): number {
    const t = this.text;
    while (i < this.lineEnd) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    return i;
  }

  /** Location of an offset on the current line. */
  loc(offset: number, pointer: string): Loc {
    return { file: this.file, line: this.lineNo, col: offset - this.lineStart + 1, pointer };
  }
}

/** The `.reg` parser; whole text (`parse`) or streamed in pieces (`header`, `feed`, `result`). */
export class RegFileParser extends LineCursor {
  private unicode = true;
  private readonly keys: RegKeyCollector;
  private readonly unknown: UnknownItem[] = [];

  constructor(text: string, file: string, options?: RegParseOptions) {
    super(text, file);
    this.keys = new RegKeyCollector(options);
  }

  private block: Block | undefined;
  /** Lines regedit would skip (not a key, value or comment); an error if no key line is read. */
  private stray: UnknownItem[] = [];
  private sawKey = false;

  parse(encoding: string): ParsedFile {
    this.header();
    this.body();
    return this.result(encoding);
  }

  /** Check the header line of the current text (regedit's only whole-file check). */
  header(): void {
    if (!this.nextLine()) this.fail(this.lineStart, `expected the header '${HEADER_V5}' or '${HEADER_V4}'`);
    const header = this.text.slice(this.lineStart, this.lineEnd).replace(/[ \t]+$/, '');
    if (header === HEADER_V4) this.unicode = false;
    else if (header !== HEADER_V5) this.fail(this.lineStart, `expected the header '${HEADER_V5}' or '${HEADER_V4}'`);
  }

  /** Read every remaining line of the current text; a key block may go on in the next piece. */
  body(): void {
    while (this.nextLine()) {
      const i = this.skipBlanks(this.lineStart);
      if (i === this.lineEnd) continue;
      const c = this.text.charCodeAt(i);
      if (c === 59 /* ; */) continue;
      if (c === 91 /* [ */) {
        this.block = this.keyLine(i);
        this.sawKey = true;
      } else if (c === 34 /* " */ || c === 64 /* @ */) {
        if (this.block?.handle === null && this.block.deletion === undefined) this.valueOutsideFilter(i, this.block);
        else this.valueLine(i, this.block);
      } else this.strayLine(i);
    }
  }

  /** Read the next piece of a streamed file (whole lines, never inside a `\` continuation). */
  feed(text: string): void {
    this.continueWith(text);
    this.body();
  }

  /** The records read so far, once the last line has been read. */
  result(encoding: string): ParsedFile {
    if (!this.sawKey && this.stray.length > 0) {
      // Nothing but stray lines after the header: the file is not a registry export (or was
      // cut before its first key), so it fails as a whole rather than giving an empty host.
      const first = this.stray[0].at;
      throw new InputError(this.file, first.line, first.col ?? 1, `expected '[' to start a key, '"' or '@' to start a value, or ';' to start a comment`);
    }
    const done = this.keys.finish();
    return {
      file: this.file,
      format: 'reg',
      encoding,
      objects: [],
      regKeys: done.regKeys,
      lossy: [],
      unknown: [...this.unknown, ...done.unknown],
    };
  }

  /**
   * A value in a key the filter drops (most of a whole-HKLM export): a malformed one is skipped
   * as regedit would skip it, and listed, rather than failing the host over a key vmqlint never
   * reads. In a kept key it stays an input error, since skipping it could drop a checked setting.
   */
  private valueOutsideFilter(i: number, block: Block): void {
    try {
      this.valueLine(i, block);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const line = this.text.slice(i, this.lineEnd);
      const item: UnknownItem = {
        kind: 'value',
        name: line.length > 80 ? `${line.slice(0, 80)}...` : line,
        context: `malformed value in a key vmqlint does not read (regedit skips it): ${err.detail}`,
        count: 1,
        at: { file: this.file, line: err.line, col: err.col, pointer: block.originalPath },
      };
      this.unknown.push(item);
      // The rest of a broken hex value's continuation lines goes with it.
      while (this.text.slice(this.lineStart, this.lineEnd).trimEnd().endsWith('\\') && this.nextLine());
    }
  }

  /**
   * regedit checks only the header and skips body lines it cannot parse (see docs/exports.md,
   * ".reg stray lines"); a line that is neither a key, a value nor a comment is listed as not
   * understood and the rest of the file is read.
   */
  private strayLine(i: number): void {
    const line = this.text.slice(i, this.lineEnd);
    const item: UnknownItem = {
      kind: 'value',
      name: line.length > 80 ? `${line.slice(0, 80)}...` : line,
      context: 'stray line (regedit skips it): not a key, a value or a comment',
      count: 1,
      at: this.loc(i, this.block?.originalPath ?? ''),
    };
    this.stray.push(item);
    this.unknown.push(item);
  }

  private keyLine(open: number): Block {
    const t = this.text;
    const close = t.lastIndexOf(']', this.lineEnd - 1);
    if (close <= open) this.fail(this.lineEnd, `expected ']' to close the key name`);
    const after = this.skipBlanks(close + 1);
    if (after !== this.lineEnd) this.fail(after, `expected the end of the line after ']'`);
    const deletion = t.charCodeAt(open + 1) === 45; /* - */
    const start = deletion ? open + 2 : open + 1;
    if (start >= close) this.fail(start, `expected a key path between '[' and ']'`);
    if (rootLengthAt(t, start, close) === 0) this.fail(start, `expected a key path starting with ${ROOT_NAMES_TEXT}`);
    const originalPath = t.slice(start, close);
    const at = this.loc(open, originalPath);
    if (deletion) {
      const item: UnknownItem = {
        kind: 'value',
        name: `[-${originalPath}]`,
        context: 'key deletion (import-only syntax; not applied, values under it ignored)',
        count: 1,
        at,
      };
      this.unknown.push(item);
      return { handle: null, originalPath, deletion: item };
    }
    return { handle: this.keys.beginKey(originalPath, at), originalPath };
  }

  /** Read a quoted name or REG_SZ on the current line; `\\` and `\"` are the only escapes. */
  private quoted(open: number, what: string): { text: string; end: number } {
    const t = this.text;
    let out = '';
    let seg = open + 1;
    let i = seg;
    while (i < this.lineEnd) {
      const c = t.charCodeAt(i);
      if (c === 34) return { text: out + t.slice(seg, i), end: i + 1 };
      if (c === 92 && i + 1 < this.lineEnd) {
        const n = t.charCodeAt(i + 1);
        if (n === 92 || n === 34) {
          out += t.slice(seg, i);
          seg = i + 1;
          i += 2;
          continue;
        }
      }
      i++;
    }
    return this.fail(this.lineEnd, `expected '"' to close the ${what} that starts at column ${open - this.lineStart + 1}`);
  }

  private valueLine(start: number, block: Block | undefined): void {
    const t = this.text;
    if (block === undefined) this.fail(start, `expected a key line '[HKEY_...]' before the first value`);
    let name = '';
    let i = start + 1;
    if (t.charCodeAt(start) === 34) {
      const q = this.quoted(start, 'value name');
      name = q.text;
      i = q.end;
    }
    i = this.skipBlanks(i);
    if (i === this.lineEnd || t.charCodeAt(i) !== 61 /* = */) this.fail(i, `expected '=' after the value name`);
    i = this.skipBlanks(i + 1);
    const at = this.loc(start, `${block.originalPath}\\${name === '' ? '@' : name}`);
    if (i === this.lineEnd) this.fail(i, `expected '"', 'dword:', 'hex:', 'hex(N):' or '-' after '='`);
    const c = t.charCodeAt(i);
    let data: { type: RegType; value: string; items?: string[] } | undefined;
    if (c === 34) {
      const q = this.quoted(i, 'string');
      this.expectEnd(q.end, `expected the end of the line after the closing '"'`);
      data = { type: 'REG_SZ', value: q.text };
    } else if (c === 45 /* - */) {
      this.expectEnd(i + 1, `expected the end of the line after '=-'`);
    } else if (t.slice(i, i + 6).toLowerCase() === 'dword:') {
      data = { type: 'REG_DWORD', value: this.dword(i + 6) };
    } else if (t.slice(i, i + 3).toLowerCase() === 'hex') {
      let k = i + 3;
      let code = 3;
      if (t.charCodeAt(k) === 40 /* ( */) {
        const digits = k + 1;
        k = digits;
        while (k < this.lineEnd && hexDigit(t.charCodeAt(k)) >= 0) k++;
        if (k === digits || k - digits > 8 || t.charCodeAt(k) !== 41 /* ) */) {
          this.fail(digits, `expected a type code of 1 to 8 hex digits and ')' after 'hex('`);
        }
        code = parseInt(t.slice(digits, k), 16);
        k++;
      }
      if (k >= this.lineEnd || t.charCodeAt(k) !== 58 /* : */) this.fail(k, `expected ':' after '${t.slice(i, k)}'`);
      data = decodeHexValue(code, this.hexBytes(k + 1), this.unicode);
    } else {
      this.fail(i, `expected '"', 'dword:', 'hex:', 'hex(N):' or '-' after '='`);
    }

    if (block.deletion !== undefined) {
      block.deletion.count++;
    } else if (data === undefined) {
      this.unknown.push({
        kind: 'value',
        name: name === '' ? '@' : name,
        context: `${block.originalPath}: value deletion (import-only syntax; not applied)`,
        count: 1,
        at,
      });
    } else {
      const v: RegValue = { name, type: data.type, value: data.value, at };
      if (data.items !== undefined) v.items = data.items;
      this.keys.addValue(block.handle, v);
    }
  }

  private expectEnd(i: number, detail: string): void {
    const k = this.skipBlanks(i);
    if (k !== this.lineEnd) this.fail(k, detail);
  }

  private dword(start: number): string {
    const t = this.text;
    let k = start;
    while (k < this.lineEnd && hexDigit(t.charCodeAt(k)) >= 0) k++;
    if (k === start || k - start > 8) this.fail(start, `expected 1 to 8 hex digits after 'dword:'`);
    const end = this.skipBlanks(k);
    if (end !== this.lineEnd) this.fail(k === end ? k : end, `expected 1 to 8 hex digits after 'dword:'`);
    return String(parseInt(t.slice(start, k), 16));
  }

  /** Comma-separated hex bytes, following `\` continuations onto the next lines. */
  private hexBytes(start: number): number[] {
    const t = this.text;
    const bytes: number[] = [];
    let afterByte = false;
    let i = start;
    for (;;) {
      i = this.skipBlanks(i);
      if (i >= this.lineEnd) return bytes;
      const c = t.charCodeAt(i);
      const h = hexDigit(c);
      if (h >= 0) {
        if (afterByte) this.fail(i, `expected ',' between hex bytes`);
        const h2 = i + 1 < this.lineEnd ? hexDigit(t.charCodeAt(i + 1)) : -1;
        const next = h2 >= 0 ? i + 2 : i + 1;
        if (next < this.lineEnd) {
          const n = t.charCodeAt(next);
          if (n !== 44 && n !== 32 && n !== 9 && n !== 92) this.fail(i, `expected a hex byte (two hex digits) followed by ','`);
        }
        bytes.push(h2 >= 0 ? h * 16 + h2 : h);
        afterByte = true;
        i = next;
      } else if (c === 44 /* , */) {
        if (!afterByte) this.fail(i, `expected a hex byte before ','`);
        afterByte = false;
        i++;
      } else if (c === 92 /* \ */) {
        if (this.skipBlanks(i + 1) !== this.lineEnd) this.fail(i + 1, `expected the end of the line after the continuation '\\'`);
        if (!this.nextLine()) this.fail(i, `expected a continuation line after '\\', found the end of the file`);
        i = this.skipBlanks(this.lineStart);
        if (i === this.lineEnd) this.fail(i, `expected hex bytes on the continuation line after '\\'`);
      } else {
        this.fail(i, afterByte ? `expected ',' after a hex byte` : `expected a hex byte (two hex digits)`);
      }
    }
  }
}
