/** `vmqlint rules`: the catalog as an aligned text table or as JSON. */
import { ordinal } from '../engine/catalog.js';
import type { RuleMeta } from '../engine/types.js';
import type { Release } from '../model/host.js';

const RELEASES: readonly Release[] = ['2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025', 'unknown'];

/** `error; info on 2016,2019`: the default, then each other severity a release gets. */
function severityText(m: RuleMeta): string {
  const other = new Map<string, Release[]>();
  for (const r of RELEASES) {
    const s = m.severityByRelease?.[r];
    if (s !== undefined && s !== 'off' && s !== m.defaultSeverity && (!m.releases || m.releases.includes(r))) other.set(s, [...(other.get(s) ?? []), r]);
  }
  const situational = [...new Set((m.situational ?? []).map((s) => s.severity))].filter((s) => s !== m.defaultSeverity);
  const bySituation = situational.length > 0 ? [`${situational.join(', ')} by situation`] : [];
  return [m.defaultSeverity, ...[...other].map(([s, rs]) => `${s} on ${rs.join(',')}`), ...bySituation].join('; ');
}

/** The releases a rule applies to: its own list, less the releases its severity turns off. */
function releasesText(m: RuleMeta): string {
  const off = (r: Release) => m.severityByRelease?.[r] === 'off';
  if (!m.releases && !RELEASES.some(off)) return 'all';
  return (m.releases ?? RELEASES).filter((r) => !off(r)).join(',');
}

/** The catalog as a text table: id, severity (and by release), category, releases, title (aliases noted). */
export function formatRulesText(rules: readonly RuleMeta[]): string {
  const sorted = [...rules].sort((a, b) => ordinal(a.id, b.id));
  const rows = sorted.map((m) => [
    m.id,
    severityText(m),
    m.category,
    releasesText(m),
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
      if (m.situational) o.situational = m.situational;
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
