/**
 * `markdown` for fleet: a pull-request comment with the verdict and a table of the properties that
 * deviate, by host; a deviating value is bold, and a row with no majority says so.
 */
import { safeChunks } from './safe-text.js';
import { linesText } from './common.js';
import type { FleetResult } from '../diff/types.js';
import { cell, MARKDOWN_MAX_ROWS } from './markdown.js';
import { fleetCells, fleetLegend, fleetSummaryLine } from './fleet-text.js';

/** A fleet result as Markdown: a piece for the verdict, then a piece a row of the table. */
function* fleetMarkdownUnsafeChunks(r: FleetResult): Generator<string> {
  const s = r.summary;
  const agree = s.deviating + s.ties === 0;
  yield linesText([`## ${agree ? ':white_check_mark:' : ':warning:'} vmqlint fleet: ${agree ? 'all hosts agree' : 'hosts deviate'}`, '', cell(fleetSummaryLine(r))]);
  if (r.rows.length > 0) {
    const head = ['Target', 'Property', 'Reference', ...r.hosts.map(cell)];
    yield linesText(['', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`]);
    for (const row of r.rows.slice(0, MARKDOWN_MAX_ROWS)) {
      const dev = new Set(row.deviating);
      const values = fleetCells(row, r.hosts).map((v, i) => {
        if (!v.known) return v.text === '-' ? '–' : v.text;
        return dev.has(r.hosts[i]) ? `**${cell(v.text)}**` : cell(v.text);
      });
      const reference = row.status === 'tie' ? '_no majority_' : row.reference === undefined ? '' : cell(row.reference);
      yield linesText([`| ${cell(`${row.target.kind} ${row.target.name}`)} | \`${row.property.replace(/`/g, "'").replace(/\|/g, '\\|')}\` | ${reference} | ${values.join(' | ')} |`]);
    }
    const tail: string[] = [];
    if (r.rows.length > MARKDOWN_MAX_ROWS) tail.push('', `…and ${r.rows.length - MARKDOWN_MAX_ROWS} more rows; see the JSON report.`);
    const legend = fleetLegend(r, '**bold**').map((l) => l.replace(/^- /, '– '));
    if (legend.length > 0) tail.push('', `${legend.join('; ')}.`);
    yield linesText(tail);
  }
}

/** The fleet Markdown in pieces of whole lines, made safe for a terminal or CI log (names from exports cannot inject escapes or CI commands). */
export function fleetMarkdownChunks(r: FleetResult): Generator<string> {
  return safeChunks(fleetMarkdownUnsafeChunks(r));
}

/** Format a fleet result as Markdown (fleetMarkdownChunks, joined). */
export function formatFleetMarkdown(r: FleetResult): string {
  return [...fleetMarkdownChunks(r)].join('');
}
