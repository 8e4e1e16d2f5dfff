/**
 * `markdown`: a summary fit for a pull-request comment: counts, a findings table, suppressed
 * findings and not-applicable rules folded away, counts per rule and per host, and what to prune.
 * Findings are ordered errors first, before any cap. Tables are capped so the
 * comment stays under GitHub's size limit; the SARIF or JSON report has everything.
 */
import { safeText } from './safe-text.js';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { bySeverity, countsBy, groupNotApplicable, housekeepingOf, listHosts, locationLabel, plural, suppressionLabel, targetLabel, waiverLabel } from './common.js';
import type { ReportContext } from './context.js';

const ICON: Record<Severity, string> = { error: ':x: error', warning: ':warning: warning', info: ':information_source: info' };

/** Rows per table before the rest is summarised. */
export const MARKDOWN_MAX_ROWS = 100;

/** Escape text for a table cell: pipes, markup characters and line breaks. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/([|*_`<>[\]])/g, '\\$1').replace(/\r?\n/g, '<br>');
}

function table(head: string[], rows: string[][], more: string): string[] {
  const out = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows.slice(0, MARKDOWN_MAX_ROWS)) out.push(`| ${r.join(' | ')} |`);
  if (rows.length > MARKDOWN_MAX_ROWS) out.push('', `…and ${rows.length - MARKDOWN_MAX_ROWS} more ${more}; see the SARIF or JSON report.`);
  return out;
}

function countTable(head: string[], rows: string[][], more: string): string[] {
  return table(head, rows, more).map((l, i) => (i === 1 ? `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |` : l));
}

function findingRow(f: Finding, titles: Map<string, string>): string[] {
  const label = suppressionLabel(f);
  const rule = titles.has(f.ruleId) ? `\`${f.ruleId}\` ${cell(titles.get(f.ruleId)!)}` : `\`${f.ruleId}\``;
  return [
    label ? cell(label) : ICON[f.severity],
    rule,
    cell(f.host),
    cell(`${targetLabel(f.target)}${f.property ? ` ${f.property}` : ''}`),
    cell(f.message),
    `\`${locationLabel(f.locations[0]).replace(/`/g, "'")}\``,
  ];
}

/** Format a lint result as Markdown. */
function formatMarkdownUnsafe(result: LintResult, ctx: ReportContext): string {
  const s = result.summary;
  const titles = new Map(ctx.rules.map((m) => [m.id, m.title]));
  const failed = result.hosts.filter((h) => h.status === 'error');
  const verdict = s.error + failed.length > 0 ? ':x:' : s.warning > 0 ? ':warning:' : ':white_check_mark:';
  const lines: string[] = [
    `## ${verdict} vmqlint: ${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info`,
    '',
    `${plural(result.hosts.length, 'host')} linted${failed.length ? `, ${failed.length} could not be read` : ''}.`,
    '',
    '| Errors | Warnings | Info | Baselined | Waived | Not applicable |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.error} | ${s.warning} | ${s.info} | ${s.baselined} | ${s.waived} | ${s.notApplicable} |`,
  ];
  const head = ['Severity', 'Rule', 'Host', 'Target', 'Message', 'Location'];
  const live = bySeverity(result.findings.filter((f) => f.suppressed === null));
  if (live.length > 0) lines.push('', '### Findings', '', ...table(head, live.map((f) => findingRow(f, titles)), 'findings'));
  if (failed.length > 0) {
    lines.push('', '### Inputs that could not be read', '');
    for (const h of failed) lines.push(`- \`${cell(h.name)}\`: ${cell(h.error ?? 'could not be read')}`);
  }
  const suppressed = bySeverity(result.findings.filter((f) => f.suppressed !== null));
  if (suppressed.length > 0) {
    lines.push('', `<details><summary>Baselined and waived (${suppressed.length})</summary>`, '', ...table(head, suppressed.map((f) => findingRow(f, titles)), 'suppressed findings'), '', '</details>');
  }
  const countRow = (c: ReturnType<typeof countsBy>[number], name: string) => [name, `${c.error}`, `${c.warning}`, `${c.info}`, `${c.suppressed}`];
  const countHead = (what: string) => [what, 'Errors', 'Warnings', 'Info', 'Suppressed'];
  const byRule = countsBy(result, 'rule');
  if (byRule.length > 0) lines.push('', '### Counts by rule', '', ...countTable(countHead('Rule'), byRule.map((c) => countRow(c, `\`${c.key}\``)), 'rules'));
  const byHost = countsBy(result, 'host');
  if (byHost.length > 0) lines.push('', '### Counts by host', '', ...countTable(countHead('Host'), byHost.map((c) => countRow(c, cell(c.key))), 'hosts'));
  const na = groupNotApplicable(result.notApplicable);
  if (na.length > 0) {
    lines.push('', `<details><summary>Not applicable (${result.notApplicable.length})</summary>`, '', ...table(['Rule', 'Reason', 'Hosts'], na.map((g) => [`\`${g.ruleId}\``, cell(g.reason), cell(listHosts(g.hosts))]), 'rows'), '', '</details>');
  }
  const hk = housekeepingOf(result);
  const prune = [
    ...hk.expiredWaivers.map((w) => `- Expired waiver: ${cell(waiverLabel(w))}`),
    ...hk.unusedWaivers.map((w) => `- Unused waiver: ${cell(waiverLabel(w))}`),
    ...hk.unmatchedBaseline.map((e) => `- Baseline entry no longer matches: ${cell(`${e.host} ${e.ruleId} ${e.target}: ${e.message}`)}`),
  ];
  if (prune.length > 0) lines.push('', '### To prune', '', ...prune);
  return `${lines.join('\n')}\n`;
}

/** formatMarkdown for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatMarkdown(result: LintResult, ctx: ReportContext): string {
  return safeText(formatMarkdownUnsafe(result, ctx));
}
