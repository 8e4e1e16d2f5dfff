/** `vmqlint rules`: the catalog as an aligned text table or as JSON. */
import { ordinal } from '../engine/catalog.js';
import type { RuleMeta } from '../engine/types.js';

/** The catalog as a text table: id, severity, category, releases, title (aliases noted). */
export function formatRulesText(rules: readonly RuleMeta[]): string {
  const sorted = [...rules].sort((a, b) => ordinal(a.id, b.id));
  const rows = sorted.map((m) => [
    m.id,
    m.defaultSeverity,
    m.category,
    m.releases ? m.releases.join(',') : 'all',
    `${m.title}${m.aliases?.length ? ` (was ${m.aliases.join(', ')})` : ''}`,
  ]);
  const head = ['ID', 'SEVERITY', 'CATEGORY', 'RELEASES', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n${sorted.length} rule${sorted.length === 1 ? '' : 's'}\n`;
}

/** The catalog as JSON: metadata without the long docs, sorted by id. */
export function formatRulesJson(rules: readonly RuleMeta[]): string {
  const sorted = [...rules].sort((a, b) => ordinal(a.id, b.id));
  const doc = {
    schemaVersion: 1,
    rules: sorted.map((m) => {
      const o: Record<string, unknown> = { id: m.id, title: m.title, category: m.category, defaultSeverity: m.defaultSeverity };
      if (m.severityByRelease) o.severityByRelease = m.severityByRelease;
      if (m.releases) o.releases = m.releases;
      if (m.aliases) o.aliases = m.aliases;
      if (m.needs) o.needs = m.needs;
      if (m.optionsSchema) o.optionsSchema = m.optionsSchema;
      if (m.defaultOptions) o.defaultOptions = m.defaultOptions;
      o.what = m.docs.what;
      return o;
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
