/**
 * RFC 4180 reading with positions, written here rather than taken from a library because every
 * field needs its 1-based line and column (quoted fields may span lines) and because the rules
 * PowerShell needs are few: a separator chosen per file, quoted fields with doubled quotes,
 * unquoted fields (7's `-UseQuotes AsNeeded/Never`), and "empty unquoted" kept apart from `""`.
 */
import { InputError } from '../model/errors.js';

/** One field as written. */
export interface CsvCell {
  /** The field's text with quotes removed and doubled quotes undone. */
  text: string;
  /** True when the field was written in double quotes (so `""` is an empty string, not null). */
  quoted: boolean;
  line: number;
  col: number;
}

/** One record; `line` is where it starts (a quoted field may carry it over several lines). */
export interface CsvRow {
  cells: CsvCell[];
  line: number;
  /** Position just after the last field, for reporting missing fields. */
  endLine: number;
  endCol: number;
}

/** Separators PowerShell writes: `,` by default, the culture's list separator with -UseCulture. */
const CANDIDATES = [',', ';', '\t'] as const;

/** The separator of a header line: the candidate seen most often outside quotes (`,` on ties). */
export function detectSeparator(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = CANDIDATES[0];
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** Reads rows one at a time from a starting offset and line. */
export class CsvReader {
  private pos: number;
  private line: number;
  private lineStart: number;
  private readonly sep: number;

  constructor(
    private readonly text: string,
    private readonly file: string,
    separator: string,
    start: { offset: number; line: number },
  ) {
    this.pos = start.offset;
    this.line = start.line;
    this.lineStart = start.offset;
    this.sep = separator.charCodeAt(0);
  }

  /** The next row, skipping empty lines; undefined at end of input. */
  next(): CsvRow | undefined {
    const t = this.text;
    for (;;) {
      if (this.pos >= t.length) return undefined;
      const c = t.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.newline(this.pos + 1);
      } else if (c === 0x0d && t.charCodeAt(this.pos + 1) === 0x0a) {
        this.newline(this.pos + 2);
      } else {
        break;
      }
    }
    const row: CsvRow = { cells: [], line: this.line, endLine: this.line, endCol: 1 };
    for (;;) {
      row.cells.push(this.cell());
      row.endLine = this.line;
      row.endCol = this.col();
      const c = t.charCodeAt(this.pos);
      if (c === this.sep) {
        this.pos++;
        continue;
      }
      if (this.pos >= t.length) return row;
      // cell() stops only at a separator, a line end or the end of input.
      this.newline(this.pos + (c === 0x0d ? 2 : 1));
      return row;
    }
  }

  private col(): number {
    return this.pos - this.lineStart + 1;
  }

  private newline(next: number): void {
    this.pos = next;
    this.line++;
    this.lineStart = next;
  }

  private atLineEnd(): boolean {
    const c = this.text.charCodeAt(this.pos);
    return c === 0x0a || (c === 0x0d && this.text.charCodeAt(this.pos + 1) === 0x0a);
  }

  private cell(): CsvCell {
    const t = this.text;
    const line = this.line;
    const col = this.col();
    if (t.charCodeAt(this.pos) !== 0x22) {
      const start = this.pos;
      while (this.pos < t.length && t.charCodeAt(this.pos) !== this.sep && !this.atLineEnd()) this.pos++;
      // A quote inside an unquoted field is literal: 7's -UseQuotes Never writes values as they are.
      return { text: t.slice(start, this.pos), quoted: false, line, col };
    }
    this.pos++;
    let out = '';
    let chunk = this.pos;
    let q = -1;
    while (q < 0) {
      if (this.pos >= t.length) {
        throw new InputError(this.file, line, col, `expected a closing '"' for the quoted field that starts here, found end of input`);
      }
      const c = t.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.newline(this.pos + 1);
      } else if (c !== 0x22) {
        this.pos++;
      } else if (t.charCodeAt(this.pos + 1) === 0x22) {
        out += t.slice(chunk, this.pos + 1);
        this.pos += 2;
        chunk = this.pos;
      } else {
        q = this.pos;
      }
    }
    out += t.slice(chunk, q);
    this.pos = q + 1;
    if (this.pos < t.length && t.charCodeAt(this.pos) !== this.sep && !this.atLineEnd()) {
      const sepName = this.sep === 0x09 ? 'tab' : `'${String.fromCharCode(this.sep)}'`;
      const found = t.charAt(this.pos) === '\r' ? 'a carriage return' : `'${t.charAt(this.pos)}'`;
      throw new InputError(
        this.file,
        this.line,
        this.col(),
        `expected the separator ${sepName} or the end of the line after a closing quote, found ${found}`,
      );
    }
    return { text: out, quoted: true, line, col };
  }
}
