/**
 * `text` for fleet: a table of properties by hosts. A value that deviates from the reference (the
 * majority, or the golden host) is marked `*` and coloured; a row with no majority says so.
 */
import { safeText } from './safe-text.js';
import { createColors } from 'picocolors';
import type { FleetResult, FleetRow } from '../diff/types.js';
import { plural } from './common.js';

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
export function fleetCell(row: FleetRow, host: string): { text: string; known: boolean } {
  const v = row.values.find((x) => x.hosts.includes(host))?.value;
  if (v !== undefined) return { text: v, known: true };
  return { text: row.absent.includes(host) ? '-' : '?', known: false };
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

/** The table transposed for a narrow terminal: per row, its identity, then one host a line. */
function transposed(r: FleetResult, c: ReturnType<typeof createColors>): string[] {
  const out: string[] = [];
  const hostWidth = Math.max(...r.hosts.map((h) => h.length));
  for (const row of r.rows) {
    const dev = new Set(row.deviating);
    const short = rowShortener(row);
    out.push(c.bold(`${row.target.kind} ${row.target.name}  ${row.property}`) + (row.status === 'tie' ? `  ${c.yellow('(no majority)')}` : ''));
    for (const h of r.hosts) {
      const v = fleetCell(row, h);
      const text = v.known ? `${dev.has(h) ? '*' : ''}${short(v.text)}` : v.text;
      const line = `  ${h.padEnd(hostWidth)}  ${text}`;
      out.push(v.known && dev.has(h) ? (row.status === 'tie' ? c.yellow(line) : c.red(line)) : line);
    }
  }
  return out;
}

/** Format a fleet result as a table (transposed on a terminal too narrow for its host columns). */
function formatFleetTextUnsafe(r: FleetResult, opts: FleetTextOptions): string {
  const c = createColors(opts.color);
  const out: string[] = [];
  if (r.rows.length > 0) {
    const head = ['Target', 'Property', ...r.hosts];
    const cells: { text: string; deviates: boolean; note?: string }[][] = r.rows.map((row) => {
      const dev = new Set(row.deviating);
      const short = rowShortener(row);
      // The target and property are the row's identity: never shortened, or two rows could read alike.
      return [
        { text: `${row.target.kind} ${row.target.name}`, deviates: false },
        { text: row.property, deviates: false, note: row.status === 'tie' ? 'no majority' : undefined },
        ...r.hosts.map((h) => {
          const v = fleetCell(row, h);
          if (!v.known) return { text: v.text, deviates: false };
          return { text: `${dev.has(h) ? '*' : ''}${short(v.text)}`, deviates: dev.has(h) };
        }),
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].text.length)));
    const pad = (s: string, i: number): string => s + ' '.repeat(widths[i] - s.length);
    const tableWidth = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
    if (opts.width !== undefined && tableWidth > opts.width) {
      for (const line of transposed(r, c)) out.push(line);
    } else {
      out.push(c.bold(head.map(pad).join('  ').trimEnd()));
      r.rows.forEach((row, ri) => {
        const line = cells[ri]
          .map((cellv, i) => {
            const text = pad(cellv.text, i);
            if (!cellv.deviates) return text;
            return row.status === 'tie' ? c.yellow(text) : c.red(text);
          })
          .join('  ')
          .trimEnd();
        out.push(row.status === 'tie' ? `${line}  ${c.yellow('(no majority)')}` : line);
      });
    }
    out.push('');
    const legend = fleetLegend(r, '*');
    if (legend.length > 0) out.push(c.dim(legend.join('; ')));
  }
  out.push(r.summary.deviating + r.summary.ties === 0 ? c.green(fleetSummaryLine(r)) : c.bold(fleetSummaryLine(r)));
  return `${out.join('\n')}\n`;
}

/** formatFleetText for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatFleetText(r: FleetResult, opts: FleetTextOptions): string {
  return safeText(formatFleetTextUnsafe(r, opts));
}
