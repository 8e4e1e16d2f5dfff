/**
 * `text` for fleet: a table of properties by hosts. A value that deviates from the reference (the
 * majority, or the golden host) is marked `*` and coloured; a row with no majority says so.
 */
import { safeChunks } from './safe-text.js';
import { createColors } from 'picocolors';
import type { FleetResult, FleetRow } from '../diff/types.js';
import { linesText, plural } from './common.js';
import { maxOf } from '../model/bulk.js';

/** Widest a value cell may get before it is shortened with an ellipsis. */
export const FLEET_CELL_MAX = 28;

/**
 * Shorten from the middle: values of one row usually share a prefix and differ at the end
 * (`Microsoft Windows Server 2019 Datacenter` and `... 2022 Datacenter`), so the tail is kept.
 */
function shorten(s: string): string {
  if (s.length <= FLEET_CELL_MAX) return s;
  const head = Math.floor((FLEET_CELL_MAX - 1) / 3);
  return `${s.slice(0, head)}…${s.slice(s.length - (FLEET_CELL_MAX - 1 - head))}`;
}

/** Shortened values of one row, unless two different values would read alike: then in full. */
function rowShortener(row: FleetRow): (s: string) => string {
  const seen = new Map<string, string>();
  for (const v of row.values) {
    const short = shorten(v.value);
    const other = seen.get(short);
    if (other !== undefined && other !== v.value) return (s) => s;
    seen.set(short, v.value);
  }
  return shorten;
}

/** A host's cell: its value, `-` when it lacks the object, `?` when its value is unknown. */
export interface FleetCell {
  text: string;
  known: boolean;
}

/**
 * The cells of one row, a host a cell in the order of `hosts`. The row's values are indexed once,
 * so a row of 10,000 hosts does not search every value's hosts for every host.
 */
export function fleetCells(row: FleetRow, hosts: readonly string[]): FleetCell[] {
  const value = new Map<string, string>();
  // The first value that lists a host is its value, as a search in the row's order would find.
  for (const v of row.values) for (const h of v.hosts) if (!value.has(h)) value.set(h, v.value);
  const absent = new Set(row.absent);
  return hosts.map((h) => {
    const v = value.get(h);
    if (v !== undefined) return { text: v, known: true };
    return { text: absent.has(h) ? '-' : '?', known: false };
  });
}

/** What the marks in the listed rows mean; `deviates` is how a deviating value is marked. */
export function fleetLegend(r: FleetResult, deviates: string): string[] {
  const legend: string[] = [];
  if (r.rows.some((row) => row.status !== 'agree')) legend.push(`${deviates} deviates from the reference`);
  if (r.rows.some((row) => row.absent.length > 0)) legend.push('- the host lacks the object');
  if (r.rows.some((row) => (row.unknown?.length ?? 0) > 0)) legend.push('? not exported, or lost by the export format');
  return legend;
}

/** The closing line: how many properties agree, deviate or tie, and who deviates. */
export function fleetSummaryLine(r: FleetResult): string {
  const s = r.summary;
  const ref = r.reference.kind === 'golden' ? `golden host ${r.reference.host}` : 'the majority';
  const who = Object.entries(s.deviationsByHost)
    .filter(([, n]) => n > 0)
    .map(([h, n]) => `${h} (${n})`)
    .join(', ');
  const head = `${plural(s.hosts, 'host')}, ${plural(s.properties, 'property', 'properties')} compared against ${ref}`;
  if (s.deviating + s.ties === 0) return `${head}: all hosts agree.`;
  return `${head}: ${s.deviating} deviate, ${plural(s.ties, 'tie')} with no majority; deviating hosts: ${who}.`;
}

/** Options of the fleet text: colour, and the terminal's width when stdout is one (never for files). */
export interface FleetTextOptions {
  color: boolean;
  /** When the host columns do not fit this width, each row is listed with one host a line. */
  width?: number;
}

/** The table transposed for a narrow terminal: per row (a piece each), its identity, then one host a line. */
function* transposed(r: FleetResult, c: ReturnType<typeof createColors>): Generator<string> {
  const hostWidth = maxOf(r.hosts.map((h) => h.length));
  for (const row of r.rows) {
    const dev = new Set(row.deviating);
    const short = rowShortener(row);
    const out = [c.bold(`${row.target.kind} ${row.target.name}  ${row.property}`) + (row.status === 'tie' ? `  ${c.yellow('(no majority)')}` : '')];
    fleetCells(row, r.hosts).forEach((v, i) => {
      const h = r.hosts[i];
      const text = v.known ? `${dev.has(h) ? '*' : ''}${short(v.text)}` : v.text;
      const line = `  ${h.padEnd(hostWidth)}  ${text}`;
      out.push(v.known && dev.has(h) ? (row.status === 'tie' ? c.yellow(line) : c.red(line)) : line);
    });
    yield linesText(out);
  }
}

interface TableCell {
  text: string;
  deviates: boolean;
}

/** A row's cells as the table prints them: its identity (never shortened, or two rows could read alike), then a cell a host. */
function tableCells(r: FleetResult, row: FleetRow): TableCell[] {
  const dev = new Set(row.deviating);
  const short = rowShortener(row);
  const cells: TableCell[] = [
    { text: `${row.target.kind} ${row.target.name}`, deviates: false },
    { text: row.property, deviates: false },
  ];
  fleetCells(row, r.hosts).forEach((v, i) => {
    const h = r.hosts[i];
    cells.push(v.known ? { text: `${dev.has(h) ? '*' : ''}${short(v.text)}`, deviates: dev.has(h) } : { text: v.text, deviates: false });
  });
  return cells;
}

/**
 * A fleet result as a table (transposed on a terminal too narrow for its host columns), a piece a
 * row. The column widths need every row: a first pass measures the cells and keeps only the widths,
 * the second makes each row's cells again and writes them.
 */
function* fleetTextUnsafeChunks(r: FleetResult, opts: FleetTextOptions): Generator<string> {
  const c = createColors(opts.color);
  if (r.rows.length > 0) {
    const head = ['Target', 'Property', ...r.hosts];
    const widths = head.map((h) => h.length);
    for (const row of r.rows) tableCells(r, row).forEach((cellv, i) => (widths[i] = Math.max(widths[i], cellv.text.length)));
    const pad = (s: string, i: number): string => s + ' '.repeat(widths[i] - s.length);
    const tableWidth = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
    if (opts.width !== undefined && tableWidth > opts.width) {
      yield* transposed(r, c);
    } else {
      yield linesText([c.bold(head.map(pad).join('  ').trimEnd())]);
      for (const row of r.rows) {
        const line = tableCells(r, row)
          .map((cellv, i) => {
            const text = pad(cellv.text, i);
            if (!cellv.deviates) return text;
            return row.status === 'tie' ? c.yellow(text) : c.red(text);
          })
          .join('  ')
          .trimEnd();
        yield linesText([row.status === 'tie' ? `${line}  ${c.yellow('(no majority)')}` : line]);
      }
    }
    const legend = fleetLegend(r, '*');
    yield linesText(['', ...(legend.length > 0 ? [c.dim(legend.join('; '))] : [])]);
  }
  yield linesText([r.summary.deviating + r.summary.ties === 0 ? c.green(fleetSummaryLine(r)) : c.bold(fleetSummaryLine(r))]);
}

/** The fleet table in pieces of whole lines, made safe for a terminal or CI log (names from exports cannot inject escapes or CI commands). */
export function fleetTextChunks(r: FleetResult, opts: FleetTextOptions): Generator<string> {
  return safeChunks(fleetTextUnsafeChunks(r, opts));
}

/** Format a fleet result as a table (fleetTextChunks, joined). */
export function formatFleetText(r: FleetResult, opts: FleetTextOptions): string {
  return [...fleetTextChunks(r, opts)].join('');
}
