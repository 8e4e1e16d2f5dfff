/**
 * Export-Csv / ConvertTo-Csv exports (Windows PowerShell 5.1 and PowerShell 7) to format-neutral
 * records, one per row. CSV has no types: every value stays the string it was written as, an
 * empty unquoted field is $null and `""` is an empty string. Arrays that Export-Csv wrote as
 * their type name (`System.String[]`) are reported as lost, never passed on as values.
 */
import type { Loc, LossyItem, UnknownItem } from '../model/host.js';
import { InputError } from '../model/errors.js';
import type { ObjectRecord, ParsedFile, PsField, PsLossy, PsValue } from '../model/records.js';
import { CsvReader, detectSeparator, type CsvCell, type CsvRow } from './csv-syntax.js';
import { CIM_METADATA_MEMBERS, cimClassFromTypeName, cimTypeNames, parseCimClassText, type CimClassId } from './json-csv-cimclass.js';
import { isCollectionToString } from './json-csv-tostring.js';
import { keyedTable } from '../model/keyed.js';

/** The `$lossy` reason for arrays and collections Export-Csv wrote as their type name. */
export const CSV_ARRAY_LOSS = 'array written as its type name by Export-Csv';

const TYPE_LINE = /^#TYPE(?:[ \t]+(.*))?$/i;

/** An unquoted header name: a property name, maybe with inner spaces, never a sentence. */
const BARE_NAME = /^[A-Za-z_*][A-Za-z0-9_ .*#()-]*$/;

/** The first line of the text and where the next one starts. */
function firstLine(text: string, from: number): { line: string; next: number } {
  const lf = text.indexOf('\n', from);
  const end = lf < 0 ? text.length : lf;
  const line = text.slice(from, end > from && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
  return { line, next: lf < 0 ? text.length : lf + 1 };
}

/**
 * True for a 5.1 `#TYPE` line, or a header row of quoted or bare property names with a `,`, `;`
 * or tab separator and at least two columns.
 */
export function looksLikeCsvExport(text: string): boolean {
  const start = text.search(/[^\r\n\ufeff]/);
  if (start < 0) return false;
  const { line } = firstLine(text.slice(0, start + 65536), start);
  if (/^#TYPE[ \t]/i.test(line)) return true;
  const names = line.split(detectSeparator(line));
  if (names.length < 2) return false;
  for (const n of names) if (!isHeaderName(n)) return false;
  return true;
}

/**
 * A quoted or bare property name. Module-level, like the other helpers here that run per file or
 * per row: V8 drops a per-call closure's optimized code at a major GC and compiles it again.
 */
function isHeaderName(n: string): boolean {
  return (n.length >= 2 && n.startsWith('"') && n.endsWith('"') && !n.slice(1, -1).includes('"')) || (BARE_NAME.test(n) && n.trim() === n);
}

/** Parse an Export-Csv file; throws InputError with `file:line:col` on malformed CSV. */
export function parseCsvExport(text: string, file: string, encoding: string): ParsedFile {
  // decode.ts strips the BOM; one left in would become part of the first column's name.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let offset = text.slice(bom).search(/[^\r\n]/);
  if (offset >= 0) offset += bom;
  if (offset < 0) throw new InputError(file, lineOf(text, text.length), 1, 'expected a header row, found an empty file');
  let line = lineOf(text, offset);
  let typeName: string | undefined;
  const first = firstLine(text, offset);
  const typeLine = TYPE_LINE.exec(first.line);
  if (typeLine) {
    typeName = (typeLine[1] ?? '').trim() || undefined;
    offset = first.next;
    line++;
    const rest = text.slice(offset).search(/[^\r\n]/);
    if (rest < 0) throw new InputError(file, line, 1, 'expected a header row after the #TYPE line, found end of input');
    line = lineOf(text, offset + rest, offset, line);
    offset += rest;
  }
  const separator = detectSeparator(firstLine(text, offset).line);
  const reader = new CsvReader(text, file, separator, { offset, line });
  const headerRow = reader.next();
  if (!headerRow) throw new InputError(file, line, 1, 'expected a header row');
  const columns = headerColumns(headerRow, file);
  const rows = new RowReader(file, columns, headerRow.line, typeName);
  for (let row = reader.next(); row; row = reader.next()) rows.add(row);
  const parsed: ParsedFile = {
    file,
    format: 'csv',
    encoding,
    objects: rows.objects,
    regKeys: [],
    lossy: rows.lossyItems(),
    unknown: rows.unknownItems(),
  };
  // Only 5.1 writes #TYPE by default; 7 and 5.1 -NoTypeInformation write the same bytes otherwise.
  if (typeLine) parsed.psVersion = '5.1';
  return parsed;
}

/** 1-based line of an offset, counting from a known offset and line. */
function lineOf(text: string, offset: number, from = 0, line = 1): number {
  for (let i = from; i < offset; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

interface Column {
  name: string;
  key: string;
}

function headerColumns(header: CsvRow, file: string): Column[] {
  const seen = new Map<string, number>();
  const columns: Column[] = [];
  for (let i = 0; i < header.cells.length; i++) {
    const cell: CsvCell = header.cells[i];
    if (cell.text === '') throw new InputError(file, cell.line, cell.col, `expected a column name in column ${i + 1} of the header`);
    const key = cell.text.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(file, cell.line, cell.col, `expected unique column names (case-insensitive), but '${cell.text}' repeats column ${earlier + 1}`);
    }
    seen.set(key, i);
    columns.push({ name: cell.text, key });
  }
  return columns;
}

/** Index of the `CimClass` column, or -1. */
function cimClassColumnOf(columns: readonly Column[]): number {
  for (let i = 0; i < columns.length; i++) if (columns[i].key === 'cimclass') return i;
  return -1;
}

/** Lost values of one column, reported once per column. */
interface ColumnLoss {
  column: string;
  context?: string;
  at: Loc;
  count: number;
  texts: Set<string>;
}

class RowReader {
  readonly objects: ObjectRecord[] = [];
  private readonly losses = new Map<string, ColumnLoss>();
  private readonly short: LossyItem[] = [];
  private readonly typeClass?: CimClassId;
  private readonly cimClassColumn: number;

  constructor(
    private readonly file: string,
    private readonly columns: Column[],
    private readonly headerLine: number,
    private readonly typeName: string | undefined,
  ) {
    this.typeClass = typeName ? cimClassFromTypeName(typeName) : undefined;
    this.cimClassColumn = cimClassColumnOf(columns);
  }

  add(row: CsvRow): void {
    const n = this.columns.length;
    const number = this.objects.length + 1;
    if (row.cells.length > n) {
      const extra = row.cells[n];
      throw new InputError(
        this.file,
        extra.line,
        extra.col,
        `expected ${n} field${n === 1 ? '' : 's'} as in the header on line ${this.headerLine}, found field ${n + 1}`,
      );
    }
    const id = this.classOf(row);
    const fields = keyedTable<PsField>();
    // A loop, not forEach with an arrow: the arrow was a new closure per row, compiled again after each major GC.
    for (let i = 0; i < n; i++) {
      const column = this.columns[i];
      if (CIM_METADATA_MEMBERS.has(column.key)) continue;
      const pointer = `row ${number}/${column.name}`;
      const cell = row.cells[i];
      if (!cell) {
        fields[column.key] = { name: column.name, value: null, at: this.loc(row.endLine, row.endCol, pointer) };
        continue;
      }
      const at = this.loc(cell.line, cell.col, pointer);
      fields[column.key] = { name: column.name, value: this.value(cell, column, id, at), at };
    }
    if (row.cells.length < n) {
      this.short.push({
        what: `row ${number}`,
        reason: `row has ${row.cells.length} of the header's ${n} fields; the missing ones are read as null (was the file cut short?)`,
        at: this.loc(row.endLine, row.endCol, `row ${number}`),
      });
    }
    const record: ObjectRecord = {
      typeNames: this.typeName ? [this.typeName] : id ? cimTypeNames(id) : [],
      fields,
      at: this.loc(row.line, 1, `row ${number}`),
    };
    if (id) record.className = id.className;
    this.objects.push(record);
  }

  /** The class from the #TYPE line, else from the row's `CimClass` column. */
  private classOf(row: CsvRow): CimClassId | undefined {
    if (this.typeClass) return this.typeClass;
    const cell = this.cimClassColumn >= 0 ? row.cells[this.cimClassColumn] : undefined;
    return cell && cell.text !== '' ? parseCimClassText(cell.text) : undefined;
  }

  private loc(line: number, col: number, pointer: string): Loc {
    return { file: this.file, line, col, pointer };
  }

  private value(cell: CsvCell, column: Column, id: CimClassId | undefined, at: Loc): PsValue {
    if (!cell.quoted && cell.text === '') return null;
    if (!isCollectionToString(cell.text)) return cell.text;
    const context = id?.className ?? this.typeName;
    const key = `${context ?? ''}\u0000${column.key}`;
    const loss = this.losses.get(key);
    if (loss) {
      loss.count++;
      loss.texts.add(cell.text);
    } else {
      this.losses.set(key, { column: column.name, context, at, count: 1, texts: new Set([cell.text]) });
    }
    const lost: PsLossy = { $lossy: CSV_ARRAY_LOSS, text: cell.text };
    return lost;
  }

  lossyItems(): LossyItem[] {
    const items: LossyItem[] = [];
    for (const l of this.losses.values()) {
      const texts = [...l.texts].map((t) => JSON.stringify(t)).join(', ');
      items.push({
        what: l.context ? `${l.context}.${l.column}` : l.column,
        reason: `${CSV_ARRAY_LOSS}: ${texts} in ${l.count} row${l.count === 1 ? '' : 's'}; the values are not in the file (use Export-Clixml or ConvertTo-Json -Depth 4)`,
        at: l.at,
      });
    }
    return [...items, ...this.short];
  }

  unknownItems(): UnknownItem[] {
    return [...this.losses.values()].map((l) => {
      const item: UnknownItem = { kind: 'value', name: l.column, count: l.count, at: l.at };
      if (l.context) item.context = l.context;
      return item;
    });
  }
}
