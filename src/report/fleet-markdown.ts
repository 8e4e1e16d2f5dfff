/**
 * `markdown` for fleet: a pull-request comment with the verdict and a table of the properties that
 * deviate, by host; a deviating value is bold, and a row with no majority says so.
 */
import { safeText } from './safe-text.js';
import type { FleetResult } from '../diff/types.js';
import { cell, MARKDOWN_MAX_ROWS } from './markdown.js';
import { fleetCell, fleetLegend, fleetSummaryLine } from './fleet-text.js';

/** Format a fleet result as Markdown. */
function formatFleetMarkdownUnsafe(r: FleetResult): string {
  const s = r.summary;
  const agree = s.deviating + s.ties === 0;
  const lines = [`## ${agree ? ':white_check_mark:' : ':warning:'} vmqlint fleet: ${agree ? 'all hosts agree' : 'hosts deviate'}`, '', cell(fleetSummaryLine(r))];
  if (r.rows.length > 0) {
    const head = ['Target', 'Property', 'Reference', ...r.hosts.map(cell)];
    lines.push('', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const row of r.rows.slice(0, MARKDOWN_MAX_ROWS)) {
      const dev = new Set(row.deviating);
      const values = r.hosts.map((h) => {
        const v = fleetCell(row, h);
        if (!v.known) return v.text === '-' ? '–' : v.text;
        return dev.has(h) ? `**${cell(v.text)}**` : cell(v.text);
      });
      const reference = row.status === 'tie' ? '_no majority_' : row.reference === undefined ? '' : cell(row.reference);
      lines.push(`| ${cell(`${row.target.kind} ${row.target.name}`)} | \`${row.property.replace(/`/g, "'").replace(/\|/g, '\\|')}\` | ${reference} | ${values.join(' | ')} |`);
    }
    if (r.rows.length > MARKDOWN_MAX_ROWS) lines.push('', `…and ${r.rows.length - MARKDOWN_MAX_ROWS} more rows; see the JSON report.`);
    const legend = fleetLegend(r, '**bold**').map((l) => l.replace(/^- /, '– '));
    if (legend.length > 0) lines.push('', `${legend.join('; ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** formatFleetMarkdown for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatFleetMarkdown(r: FleetResult): string {
  return safeText(formatFleetMarkdownUnsafe(r));
}
