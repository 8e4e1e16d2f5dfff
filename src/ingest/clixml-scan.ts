/**
 * Well-formedness scan of a CLIXML document, run before fast-xml-parser builds the tree.
 *
 * fast-xml-parser is lenient: it closes `<S>` with `</B>`, drops text outside the root, keeps
 * unclosed elements of a truncated file and never reports a line. This scan rejects all of that
 * with `file:line:col: expected ...`, and on the way records where every element starts, in
 * document order, so the tree walk can give each value a position without fast-xml-parser's
 * `captureMetaData`: that option costs about as much as this whole scan (bench/clixml.bench.ts
 * reports both) and would still leave the checks to do.
 */
import { InputError, lineColAt } from '../model/errors.js';

/** Element positions in document (pre-)order; element 0 is the root. */
export interface XmlIndex {
  /** Offset of the `<` that opens element k. */
  starts: number[];
  /** Index of the first element after element k's subtree (k + 1 for an empty element). */
  ends: number[];
}

/** Deeper nesting than this is refused: no export gets near it, and the walk recurses. */
export const MAX_DEPTH = 1000;

/** Element and attribute names fast-xml-parser refuses (prototype pollution guard). */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Characters XML 1.0 forbids; PowerShell writes them as `_xHHHH_` escapes instead. */
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** A character or entity reference starting at `&` (only the five predefined entities). */
const REFERENCE = /&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/y;

/** XML 1.0 NameStartChar (a supplementary character arrives as two surrogates, both accepted). */
function isNameStart(c: number): boolean {
  if (c < 0xc0) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return (
    (c <= 0x2ff && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x370 && c <= 0x1fff && c !== 0x37e) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/** XML 1.0 NameChar. */
function isNameChar(c: number): boolean {
  if (c < 0xc0) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46 || c === 0xb7;
  return isNameStart(c) || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Show a found character or short text in a message. */
function shown(text: string, at: number): string {
  if (at >= text.length) return 'end of input';
  const s = text.slice(at, at + 12).split(/[\r\n]/)[0];
  return `'${s}${text.length > at + 12 && s.length === 12 ? '...' : ''}'`;
}

/** Attributes per start tag compared pairwise before a set is used (real CLIXML tags have 1-3). */
const SMALL_TAG = 8;

class Scanner {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Open elements: where each name starts, its length and the element's index (no strings made). */
  private readonly openName: number[] = [];
  private readonly openLen: number[] = [];
  private readonly openIdx: number[] = [];
  /** Start and length of each attribute name of the current start tag, for the duplicate check. */
  private readonly attrPos: number[] = [];
  /**
   * The current start tag's attribute names once it has more than SMALL_TAG of them: a hostile
   * tag with 200,000 attributes must be checked in linear time, not pairwise (issue 10).
   */
  private readonly attrNames = new Set<string>();
  /** Next `<` after the last attribute value searched from, or Infinity: keeps long tags linear. */
  private nextLt = -1;
  /** Next `&` at or after the last query, or Infinity: keeps reference checks linear. */
  private nextAmp = -1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(offset: number, detail: string): never {
    const { line, col } = lineColAt(this.text, offset);
    throw new InputError(this.file, line, col, detail);
  }

  /** Validate every `&` in [from, to): each must start a predefined entity or character reference. */
  checkRefs(from: number, to: number): void {
    const text = this.text;
    if (this.nextAmp < from) {
      const a = text.indexOf('&', from);
      this.nextAmp = a === -1 ? Infinity : a;
    }
    while (this.nextAmp < to) {
      const at = this.nextAmp;
      REFERENCE.lastIndex = at;
      if (!REFERENCE.test(text)) {
        this.fail(at, "expected '&lt;', '&gt;', '&amp;', '&quot;', '&apos;' or a character reference after '&' (write a literal '&' as '&amp;')");
      }
      if (text.charCodeAt(at + 1) === 35) {
        const hex = text.charCodeAt(at + 2) === 120;
        const end = text.indexOf(';', at);
        const cp = parseInt(text.slice(at + (hex ? 3 : 2), end), hex ? 16 : 10);
        const allowed = cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!allowed) this.fail(at, `expected a character reference to a character XML allows, found U+${cp.toString(16).toUpperCase()} (PowerShell writes control characters as _xHHHH_)`);
      }
      const a = text.indexOf('&', at + 1);
      this.nextAmp = a === -1 ? Infinity : a;
    }
  }

  /** Read a name at i; returns its end. */
  name(i: number, what: string): number {
    const text = this.text;
    if (!isNameStart(text.charCodeAt(i))) this.fail(i, `expected ${what}, found ${shown(text, i)}`);
    let j = i + 1;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if ((j - i === 9 || j - i === 11) && RESERVED.has(text.slice(i, j))) this.fail(i, `expected ${what}, found the reserved name '${text.slice(i, j)}'`);
    return j;
  }

  /** True when text[a..a+len) equals text[b..b+len). */
  same(a: number, b: number, len: number): boolean {
    const text = this.text;
    for (let x = 0; x < len; x++) if (text.charCodeAt(a + x) !== text.charCodeAt(b + x)) return false;
    return true;
  }

  /**
   * Whether the current start tag already has the attribute named text[at..at+len), recording it.
   * A few attributes (every real tag) are compared in place without making strings; past
   * SMALL_TAG they move to a set, so the check stays linear in the tag's length.
   */
  seenAttr(at: number, len: number): boolean {
    const attrPos = this.attrPos;
    const names = this.attrNames;
    if (attrPos.length < SMALL_TAG * 2) {
      for (let a = 0; a < attrPos.length; a += 2) if (attrPos[a + 1] === len && this.same(attrPos[a], at, len)) return true;
      attrPos.push(at, len);
      return false;
    }
    if (names.size === 0) for (let a = 0; a < attrPos.length; a += 2) names.add(this.text.slice(attrPos[a], attrPos[a] + attrPos[a + 1]));
    const name = this.text.slice(at, at + len);
    if (names.has(name)) return true;
    names.add(name);
    return false;
  }

  /** The innermost open element's end tag and where it was opened, for messages. */
  opened(): string {
    const top = this.openIdx.length - 1;
    const { line, col } = lineColAt(this.text, this.starts[this.openIdx[top]]);
    const start = this.openName[top];
    return `</${this.text.slice(start, start + this.openLen[top])}> (opened at ${line}:${col})`;
  }

  /** Parse a start tag at i (text[i] === '<'); returns the offset after its '>'. */
  startTag(i: number): number {
    const text = this.text;
    const n = text.length;
    const nameEnd = this.name(i + 1, "an element name after '<'");
    const idx = this.starts.length;
    this.starts.push(i);
    this.ends.push(idx + 1);
    let j = nameEnd;
    const attrPos = this.attrPos;
    attrPos.length = 0;
    this.attrNames.clear();
    for (;;) {
      const spaceStart = j;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      if (c === 62) {
        // '>': an open element.
        if (this.openIdx.length >= MAX_DEPTH) this.fail(i, `expected at most ${MAX_DEPTH} nested elements`);
        this.openName.push(i + 1);
        this.openLen.push(nameEnd - i - 1);
        this.openIdx.push(idx);
        return j + 1;
      }
      if (c === 47) {
        if (text.charCodeAt(j + 1) !== 62) this.fail(j + 1, `expected '>' after '/' in <${text.slice(i + 1, nameEnd)}>, found ${shown(text, j + 1)}`);
        return j + 2;
      }
      if (j >= n) this.fail(j, `expected '>' to end <${text.slice(i + 1, nameEnd)}>, found end of input`);
      if (j === spaceStart) this.fail(j, `expected whitespace, '>' or '/>' after ${attrPos.length > 0 ? 'an attribute value' : `<${text.slice(i + 1, nameEnd)}`}, found ${shown(text, j)}`);
      const attrEnd = this.name(j, `an attribute name, '>' or '/>' in <${text.slice(i + 1, nameEnd)}>`);
      const attrLen = attrEnd - j;
      if (this.seenAttr(j, attrLen)) this.fail(j, `expected each attribute once in <${text.slice(i + 1, nameEnd)}>, found a second '${text.slice(j, attrEnd)}'`);
      const attrStart = j;
      j = attrEnd;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 61) this.fail(j, `expected '=' after attribute name '${text.slice(attrStart, attrEnd)}', found ${shown(text, j)}`);
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q !== 34 && q !== 39) this.fail(j, `expected a quoted value for attribute '${text.slice(attrStart, attrEnd)}', found ${shown(text, j)}`);
      const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close === -1) this.fail(j, `expected a closing quote for attribute '${text.slice(attrStart, attrEnd)}' before end of input`);
      // The next '<' is remembered across attributes: searching for it afresh from each value
      // would scan to the tag's end every time, quadratic in a tag's attribute count.
      if (this.nextLt <= j) {
        const at = text.indexOf('<', j + 1);
        this.nextLt = at === -1 ? Infinity : at;
      }
      const lt = this.nextLt;
      if (lt < close) this.fail(lt, `expected '&lt;' instead of '<' inside the value of attribute '${text.slice(attrStart, attrEnd)}'`);
      this.checkRefs(j + 1, close);
      j = close + 1;
    }
  }

  /** Parse an end tag at i (text[i..i+1] === '</'); returns the offset after its '>'. */
  endTag(i: number): number {
    const text = this.text;
    const nameEnd = this.name(i + 2, "an element name after '</'");
    const len = nameEnd - i - 2;
    let j = nameEnd;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 62) this.fail(j, `expected '>' to end </${text.slice(i + 2, nameEnd)}>, found ${shown(text, j)}`);
    const top = this.openIdx.length - 1;
    if (top < 0) this.fail(i, `expected no end tag here (no element is open), found </${text.slice(i + 2, nameEnd)}>`);
    if (this.openLen[top] !== len || !this.same(this.openName[top], i + 2, len)) this.fail(i, `expected ${this.opened()}, found </${text.slice(i + 2, nameEnd)}>`);
    this.openName.pop();
    this.openLen.pop();
    const idx = this.openIdx.pop() as number;
    this.ends[idx] = this.starts.length;
    return j + 1;
  }

  /** Comment, CDATA or DOCTYPE at i (text[i..i+1] === '<!'); returns the offset after it. */
  markup(i: number, inRoot: boolean): number {
    const text = this.text;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) this.fail(i, "expected '-->' to end the comment before end of input");
      return end + 3;
    }
    if (inRoot && text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) this.fail(i, "expected ']]>' to end the CDATA section before end of input");
      return end + 3;
    }
    return this.fail(i, `expected '<!--'${inRoot ? " or '<![CDATA['" : ''}, found ${shown(text, i)}`);
  }

  run(): XmlIndex {
    const text = this.text;
    const n = text.length;
    // Anywhere, even in a comment: the point is to never meet a document that declares entities.
    const doctype = text.indexOf('<!DOCTYPE');
    if (doctype !== -1) this.fail(doctype, DOCTYPE_REFUSED);
    const bad = FORBIDDEN_CHAR.exec(text);
    if (bad) {
      const cp = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      this.fail(bad.index, `expected a character XML allows, found U+${cp} (PowerShell writes control characters as _xHHHH_; is this a binary or mis-decoded file?)`);
    }
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.startsWith('<?xml', i) && isSpace(text.charCodeAt(i + 5))) {
      const end = text.indexOf('?>', i);
      if (end === -1) this.fail(i, "expected '?>' to end the XML declaration");
      i = end + 2;
    }
    // Prolog: whitespace and comments, then the root element.
    let rootSeen = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c !== 60) {
        this.fail(i, rootSeen ? `expected end of input after the root element, found ${shown(text, i)}` : `expected <Objs> root element, found ${shown(text, i)}`);
      }
      const c1 = text.charCodeAt(i + 1);
      if (c1 === 33) {
        i = this.markup(i, false);
        continue;
      }
      if (rootSeen) this.fail(i, `expected end of input after the root element, found ${shown(text, i)}`);
      if (c1 === 63) this.fail(i, 'expected no processing instruction in CLIXML (only an XML declaration at the start)');
      if (c1 === 47) this.fail(i, `expected <Objs> root element, found ${shown(text, i)}`);
      rootSeen = true;
      i = this.startTag(i);
      i = this.content(i);
    }
    if (!rootSeen) this.fail(n, 'expected <Objs> root element, found end of input');
    return { starts: this.starts, ends: this.ends };
  }

  /** Content of the root element from i until the root closes; returns the offset after it. */
  content(i: number): number {
    const text = this.text;
    while (this.openIdx.length > 0) {
      const lt = text.indexOf('<', i);
      if (lt === -1) {
        this.checkRefs(i, text.length);
        this.fail(text.length, `expected ${this.opened()} before end of input (is the file truncated?)`);
      }
      this.checkRefs(i, lt);
      const c1 = text.charCodeAt(lt + 1);
      if (c1 === 47) i = this.endTag(lt);
      else if (c1 === 33) i = this.markup(lt, true);
      else if (c1 === 63) this.fail(lt, 'expected no processing instruction in CLIXML');
      else i = this.startTag(lt);
    }
    return i;
  }
}

/** The message for any DOCTYPE: CLIXML never has one, and refusing it refuses entity expansion. */
export const DOCTYPE_REFUSED = 'DOCTYPE is not allowed in CLIXML (entity expansion refused)';

/** Check that text is well-formed XML of the CLIXML subset; index its elements. Throws InputError. */
export function scanXml(text: string, file: string): XmlIndex {
  return new Scanner(text, file).run();
}
