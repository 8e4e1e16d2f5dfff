/**
 * Format-Table text: header line(s), a dashes line (one run of `-` per column),
 * rows. Columns are found from the dashes line, never by splitting on spaces, so wrapped headers
 * (`NumberOfReceiveQ` / `ueues`), empty cells and values with spaces all read right.
 */
import type { TextLine } from './text.js';

export interface TableColumn {
  header: string;
  start: number;
  /** End of the dashes run (exclusive). */
  end: number;
}

export interface TableCell {
  text: string;
  /**
   * The formatter cut the value: `...` (5.1) or `…` (7) at the end of a full-width cell, or in
   * the middle (`HPE Ethernet 1Gb 4-port 331i...#2`: the description keeps its instance suffix).
   */
  truncated: boolean;
  col: number;
}

export interface TableRow {
  cells: Record<string, TableCell>;
  line: number;
}

export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
  line: number;
}

const DASHES = /^ *-+(?: +-+)* *$/;
const MID_TRUNCATION = /(?:\.\.\.|\u2026)#\d+$/;

/** Column spans of a dashes line. */
export function dashColumns(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /-+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Whether a cell's text was cut by the formatter. */
export function isTruncated(text: string, width: number): boolean {
  if (MID_TRUNCATION.test(text)) return true;
  return (text.endsWith('...') || text.endsWith('\u2026')) && text.length >= width;
}

/** Parse every table in a block of lines. Lines outside tables are returned as `stray`. */
export function parseFormatTables(lines: TextLine[]): { tables: Table[]; stray: TextLine[] } {
  const tables: Table[] = [];
  const stray: TextLine[] = [];
  const used = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!DASHES.test(lines[i].text) || lines[i].text.trim() === '') continue;
    let h = i;
    while (h > 0 && lines[h - 1].text.trim() !== '' && !used.has(h - 1)) h--;
    if (h === i) continue; // a dashes line with no header is text, not a table
    const spans = dashColumns(lines[i].text);
    const slice = (text: string, k: number): string => text.slice(spans[k].start, k + 1 < spans.length ? spans[k + 1].start : undefined);
    const columns: TableColumn[] = spans.map((s, k) => ({
      header: lines
        .slice(h, i)
        .map((l) => slice(l.text, k).trim())
        .join(''),
      start: s.start,
      end: s.end,
    }));
    for (let k = h; k <= i; k++) used.add(k);
    const table: Table = { columns, rows: [], line: lines[h].line };
    let r = i + 1;
    for (; r < lines.length && lines[r].text.trim() !== ''; r++) {
      const cells: Record<string, TableCell> = {};
      columns.forEach((c, k) => {
        const raw = slice(lines[r].text, k);
        const text = raw.trim();
        cells[c.header] = { text, truncated: text !== '' && isTruncated(text, c.end - c.start), col: c.start + 1 + (raw.length - raw.trimStart().length) };
      });
      table.rows.push({ cells, line: lines[r].line });
      used.add(r);
    }
    tables.push(table);
    i = r - 1;
  }
  lines.forEach((l, k) => {
    if (!used.has(k) && l.text.trim() !== '') stray.push(l);
  });
  return { tables, stray };
}
