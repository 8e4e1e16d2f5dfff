/**
 * The one pass over a CLIXML document's text: checks well-formedness and builds the element tree
 * the walk (clixml.ts) maps to records.
 *
 * The checks are strict where a general XML parser is lenient: `<S>` closed with `</B>`, text
 * outside the root, unclosed elements of a truncated file are all refused with
 * `file:line:col: expected ...`. The tree is built on the way: the scan already finds every tag,
 * attribute, text run and CDATA section, so reading the same bytes again with an XML library
 * (fast-xml-parser did it until issue 11, about a quarter of lint's CPU) only repeated the work.
 * The tree is what fast-xml-parser made with bench/fxp-options.ts (test/ingest/clixml-tree.test.ts
 * compares the two): raw text and attribute values (references kept, the walk decodes them),
 * line ends normalised to LF, nothing trimmed, whitespace-only text between elements dropped but
 * a leaf's kept, comments, PIs and the declaration dropped; each element also carries where it
 * starts, for positions.
 */
import { InputError, lineColAt } from '../model/errors.js';

/** Shared by every element without attributes; frozen, so a stray push throws. */
const NO_ATTRS: string[] = Object.freeze([]) as unknown as string[];

/**
 * An element of the tree, or a text run (`#text`) or CDATA section (`#cdata`) among an element's
 * children: one shape for all three keeps the walk's property reads monomorphic. `#` is no name
 * character, so those two never clash with an element.
 */
export interface XmlElement {
  /** Tag name as written, or `#text` / `#cdata`. */
  readonly name: string;
  /** Offset of the `<` that opens the element (of a text run, its first character). */
  readonly start: number;
  /**
   * The element's attribute names and raw values, alternating, in document order: entries
   * [attrFrom, attrTo) of `attrs`, an array the whole document shares (NO_ATTRS when there are
   * none), so an element's attributes cost no allocation of their own.
   */
  attrs: string[];
  attrFrom: number;
  attrTo: number;
  /**
   * First child, and the next sibling: children are a list in document order, not an array per
   * element (no allocation, no growing). A leaf's only text run is `text` instead of a child.
   */
  first: XmlElement | null;
  next: XmlElement | null;
  /** A text node's or CDATA section's content, or an element's text when that is all it holds. */
  text: string;
}

/** A new node (an object literal: the cheapest allocation, one shape for every node). */
function node(name: string, start: number, text: string): XmlElement {
  return { name, start, attrs: NO_ATTRS, attrFrom: 0, attrTo: 0, first: null, next: null, text };
}

/** The value of attribute `name` (raw, references kept), or undefined. */
export function attrOf(el: XmlElement, name: string): string | undefined {
  const a = el.attrs;
  for (let i = el.attrFrom; i < el.attrTo; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

/** Deeper nesting than this is refused: no export gets near it, and the walk recurses. */
export const MAX_DEPTH = 1000;

/** Element and attribute names refused (fast-xml-parser refused them too: prototype pollution). */
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

/** Only XML whitespace (or empty). */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Show a found character or short text in a message. */
function shown(text: string, at: number): string {
  if (at >= text.length) return 'end of input';
  const s = text.slice(at, at + 12).split(/[\r\n]/)[0];
  return `'${s}${text.length > at + 12 && s.length === 12 ? '...' : ''}'`;
}

/** Attributes per start tag compared pairwise before a set is used (real CLIXML tags have 1-3). */
const SMALL_TAG = 8;

/** Line ends inside text and attribute values: XML reads each as one LF (fast-xml-parser did too). */
const LINE_END = /\r\n?/g;

/** Interning tables: hash buckets for names, and for short attribute values and leaf texts. */
const NAME_SLOTS = 256;
const VALUE_SLOTS = 4096;
/** Longer values are seldom repeated; comparing them would cost more than the string saves. */
const INTERN_MAX = 48;

class Scanner {
  /** Open elements, innermost last, and the last child of each so far (null: none yet). */
  private readonly open: XmlElement[] = [];
  private readonly lastKid: (XmlElement | null)[] = [];
  /** Every element's attributes, in document order (each element holds its range). */
  private readonly attrs: string[] = [];
  root: XmlElement | undefined;
  /**
   * Start and length of each attribute name of the current start tag, for the duplicate check:
   * the first attrCount entries (a count, not the array's length: resetting that costs a call).
   */
  private readonly attrPos: number[] = [];
  private attrCount = 0;
  /**
   * The current start tag's attribute names once it has more than SMALL_TAG of them: a hostile
   * tag with 200,000 attributes must be checked in linear time, not pairwise (issue 10).
   */
  private readonly attrNames = new Set<string>();
  // "None" is text.length, past every offset asked about, not Infinity: these fields stay small
  // integers (a first Infinity changed their representation and deoptimized the scan).
  /** Next `<` after the last attribute value searched from, or text.length: keeps long tags linear. */
  private nextLt = -1;
  /** Next `&` at or after the last query, or text.length: keeps reference checks linear. */
  private nextAmp = -1;
  /** First `\r` at or after crFrom, or text.length: most values need no line-end fix. */
  private nextCr = -1;
  private crFrom = 0;
  /**
   * Text read since the last tag or CDATA section, not yet given to an element: [pendFrom,
   * pendTo), or -1. A comment does not end it (the text either side is one run), so text split
   * by comments is joined in pendText.
   */
  private pendFrom = -1;
  private pendTo = -1;
  private pendText: string | undefined;
  /**
   * Names and short values seen before, by a hash of their first, middle and last characters and
   * length: an export repeats a few dozen tag names and property names thousands of times, and
   * one string for each keeps the allocations (and the garbage collector's work) down.
   */
  private readonly names: (string | undefined)[] = new Array(NAME_SLOTS);
  private readonly values: (string | undefined)[] = new Array(VALUE_SLOTS);

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
      this.nextAmp = a === -1 ? text.length : a;
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
      this.nextAmp = a === -1 ? text.length : a;
    }
  }

  /**
   * Read a name at i; returns its end. A message names `what` was expected, `in <tag>` when a tag
   * is given: built only on failure, not for each of the document's names.
   */
  name(i: number, what: string, tag?: XmlElement): number {
    const text = this.text;
    if (!isNameStart(text.charCodeAt(i))) this.fail(i, `expected ${what}${tag ? ` in <${tag.name}>` : ''}, found ${shown(text, i)}`);
    let j = i + 1;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if ((j - i === 9 || j - i === 11) && RESERVED.has(text.slice(i, j))) this.fail(i, `expected ${what}${tag ? ` in <${tag.name}>` : ''}, found the reserved name '${text.slice(i, j)}'`);
    return j;
  }

  /** text[from..to) as a string, the same string as last time when a bucket of `table` holds it. */
  interned(table: (string | undefined)[], from: number, to: number): string {
    const text = this.text;
    const len = to - from;
    const h = (text.charCodeAt(from) * 31 + text.charCodeAt((from + to) >> 1) * 17 + text.charCodeAt(to - 1) * 7 + len) & (table.length - 1);
    const known = table[h];
    if (known !== undefined && known.length === len && text.startsWith(known, from)) return known;
    const s = text.slice(from, to);
    table[h] = s;
    return s;
  }

  /** Text or an attribute value, text[from..to) with line ends made LF; short ones interned. */
  value(from: number, to: number): string {
    const text = this.text;
    if (this.nextCr < from || from < this.crFrom) {
      const c = text.indexOf('\r', from);
      this.nextCr = c === -1 ? text.length : c;
      this.crFrom = from;
    }
    if (this.nextCr < to) return text.slice(from, to).replace(LINE_END, '\n');
    if (to - from <= INTERN_MAX && to > from) return this.interned(this.values, from, to);
    return text.slice(from, to);
  }

  /** Remember text[from..to) (not empty) as text read since the last tag. */
  pending(from: number, to: number): void {
    if (this.pendFrom === -1) {
      this.pendFrom = from;
      this.pendTo = to;
    } else {
      // Text on both sides of a comment: one run, as a parser that drops comments reads it.
      this.pendText = (this.pendText ?? this.value(this.pendFrom, this.pendTo)) + this.value(from, to);
      this.pendTo = to;
    }
  }

  /**
   * The pending text as a string, or undefined when there is none or it is only whitespace
   * between elements (`leaf` false: not the only content of its element so far), which means
   * nothing in CLIXML; dropping it halves the nodes built and walked.
   */
  takeText(leaf: boolean): string | undefined {
    const from = this.pendFrom;
    if (from === -1) return undefined;
    const joined = this.pendText;
    this.pendFrom = -1;
    this.pendText = undefined;
    if (!leaf && (joined === undefined ? this.blank(from, this.pendTo) : isBlank(joined))) return undefined;
    return joined ?? this.value(from, this.pendTo);
  }

  blank(from: number, to: number): boolean {
    const text = this.text;
    for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
    return true;
  }

  /** Add a child node (element, text or CDATA) to the innermost open element. */
  addKid(kid: XmlElement): void {
    const top = this.open.length - 1;
    const last = this.lastKid[top];
    if (last === null) this.open[top].first = kid;
    else last.next = kid;
    this.lastKid[top] = kid;
  }

  /**
   * The pending text as a child of el, unless it is whitespace between elements: before a child
   * element it always is; before a CDATA section or the end tag, only when el has children.
   */
  flushText(leaf: boolean): void {
    const from = this.pendFrom;
    const s = this.takeText(leaf);
    if (s === undefined) return;
    this.addKid(node('#text', from, s));
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
    const count = this.attrCount;
    if (count < SMALL_TAG * 2) {
      for (let a = 0; a < count; a += 2) if (attrPos[a + 1] === len && this.same(attrPos[a], at, len)) return true;
      attrPos[count] = at;
      attrPos[count + 1] = len;
      this.attrCount = count + 2;
      return false;
    }
    if (names.size === 0) for (let a = 0; a < count; a += 2) names.add(this.text.slice(attrPos[a], attrPos[a] + attrPos[a + 1]));
    const name = this.text.slice(at, at + len);
    if (names.has(name)) return true;
    names.add(name);
    return false;
  }

  /** The innermost open element's end tag and where it was opened, for messages. */
  opened(): string {
    const el = this.open[this.open.length - 1];
    const { line, col } = lineColAt(this.text, el.start);
    return `</${el.name}> (opened at ${line}:${col})`;
  }

  /** Parse a start tag at i (text[i] === '<'); returns the offset after its '>'. */
  startTag(i: number): number {
    const text = this.text;
    const n = text.length;
    const nameEnd = this.name(i + 1, "an element name after '<'");
    const open = this.open;
    const el = node(this.interned(this.names, i + 1, nameEnd), i, '');
    if (open.length === 0) {
      this.root = el;
    } else {
      this.flushText(false);
      this.addKid(el);
    }
    let j = nameEnd;
    this.attrCount = 0;
    if (this.attrNames.size > 0) this.attrNames.clear();
    for (;;) {
      const spaceStart = j;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      if (c === 62) {
        // '>': an open element.
        if (open.length >= MAX_DEPTH) this.fail(i, `expected at most ${MAX_DEPTH} nested elements`);
        open.push(el);
        this.lastKid.push(null);
        return j + 1;
      }
      if (c === 47) {
        if (text.charCodeAt(j + 1) !== 62) this.fail(j + 1, `expected '>' after '/' in <${el.name}>, found ${shown(text, j + 1)}`);
        return j + 2;
      }
      if (j >= n) this.fail(j, `expected '>' to end <${el.name}>, found end of input`);
      if (j === spaceStart) this.fail(j, `expected whitespace, '>' or '/>' after ${el.attrTo > el.attrFrom ? 'an attribute value' : `<${el.name}`}, found ${shown(text, j)}`);
      const attrEnd = this.name(j, "an attribute name, '>' or '/>'", el);
      const attrLen = attrEnd - j;
      if (this.seenAttr(j, attrLen)) this.fail(j, `expected each attribute once in <${el.name}>, found a second '${text.slice(j, attrEnd)}'`);
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
        this.nextLt = at === -1 ? text.length : at;
      }
      const lt = this.nextLt;
      if (lt < close) this.fail(lt, `expected '&lt;' instead of '<' inside the value of attribute '${text.slice(attrStart, attrEnd)}'`);
      this.checkRefs(j + 1, close);
      const attrs = this.attrs;
      if (el.attrs === NO_ATTRS) {
        el.attrs = attrs;
        el.attrFrom = attrs.length;
      }
      attrs.push(this.interned(this.names, attrStart, attrEnd), this.value(j + 1, close));
      el.attrTo = attrs.length;
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
    const open = this.open;
    if (open.length === 0) this.fail(i, `expected no end tag here (no element is open), found </${text.slice(i + 2, nameEnd)}>`);
    const el = open[open.length - 1];
    if (el.name.length !== len || !text.startsWith(el.name, i + 2)) this.fail(i, `expected ${this.opened()}, found </${text.slice(i + 2, nameEnd)}>`);
    if (el.first === null) {
      // All the element holds is text (or nothing): kept as its text, no child node.
      const s = this.takeText(true);
      if (s !== undefined) el.text = s;
    } else {
      this.flushText(false);
    }
    open.pop();
    this.lastKid.pop();
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
      this.flushText(this.open[this.open.length - 1].first === null);
      this.addKid(node('#cdata', i, this.value(i + 9, end)));
      return end + 3;
    }
    return this.fail(i, `expected '<!--'${inRoot ? " or '<![CDATA['" : ''}, found ${shown(text, i)}`);
  }

  run(): XmlElement {
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
    if (this.root === undefined) return this.fail(n, 'expected <Objs> root element, found end of input');
    return this.root;
  }

  /** Content of the root element from i until the root closes; returns the offset after it. */
  content(i: number): number {
    const text = this.text;
    const open = this.open;
    while (open.length > 0) {
      const lt = text.indexOf('<', i);
      if (lt === -1) {
        this.checkRefs(i, text.length);
        this.fail(text.length, `expected ${this.opened()} before end of input (is the file truncated?)`);
      }
      this.checkRefs(i, lt);
      if (lt > i) this.pending(i, lt);
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

/** Check that text is well-formed XML of the CLIXML subset and build its tree (the root element). Throws InputError. */
export function scanXml(text: string, file: string): XmlElement {
  return new Scanner(text, file).run();
}
