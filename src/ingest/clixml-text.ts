/**
 * Text decoding for CLIXML values, and offset -> line/column lookup.
 *
 * The scan's tree holds text and attribute values with their XML references intact; we decode
 * only the five predefined entities and character references (the scan already refused anything
 * else and any DOCTYPE). PowerShell then adds its own layer (MS-PSRP 2.2.5.3.2): characters XML
 * cannot carry, and `_x` sequences that would read as an escape, are written `_xHHHH_`, decoded
 * after the XML layer.
 */

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const XML_REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;

const PS_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Resolve the predefined entities and character references of already-validated XML text. */
export function unescapeXml(raw: string): string {
  if (raw.indexOf('&') === -1) return raw;
  return raw.replace(XML_REFERENCE, xmlReference);
}

/**
 * The character one XML reference stands for (a replace callback). Module-level, not an arrow in
 * the call: V8 drops a per-call closure's optimized code at a major GC and compiles it again.
 */
function xmlReference(_m: string, named: string | undefined, dec: string | undefined, hex: string | undefined): string {
  return named !== undefined ? NAMED[named] : String.fromCodePoint(dec !== undefined ? parseInt(dec, 10) : parseInt(hex as string, 16));
}

/** Decode PowerShell's `_xHHHH_` escapes (`_x000D__x000A_` is CRLF, `_x005F_` a literal `_`). */
export function unescapePs(text: string): string {
  if (text.indexOf('_x') === -1) return text;
  return text.replace(PS_ESCAPE, psEscape);
}

/** The character one `_xHHHH_` escape stands for (a replace callback, module-level as xmlReference). */
function psEscape(_m: string, hex: string): string {
  return String.fromCharCode(parseInt(hex, 16));
}

/** Both layers, in the order PowerShell applied them in reverse: XML first, then `_xHHHH_`. */
export function decodeClixmlString(raw: string): string {
  return unescapePs(unescapeXml(raw));
}

/**
 * 1-based line and column of offsets in one text, built once in linear time. Lookups that move
 * forward (a document-order walk) cost O(1) amortised; others fall back to a binary search.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private cursor = 0;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Line (1-based) of an offset; also leaves the line's start for `col`. */
  line(offset: number): number {
    const starts = this.lineStarts;
    let c = this.cursor;
    if (starts[c] > offset || (c + 1 < starts.length && starts[c + 1] <= offset)) {
      if (c + 2 < starts.length && starts[c + 1] <= offset && starts[c + 2] > offset) {
        c++;
      } else {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (starts[mid] <= offset) lo = mid;
          else hi = mid - 1;
        }
        c = lo;
      }
      this.cursor = c;
    }
    return c + 1;
  }

  /** Column (1-based) of an offset on the line `line(offset)` just returned. */
  col(offset: number): number {
    return offset - this.lineStarts[this.cursor] + 1;
  }
}
