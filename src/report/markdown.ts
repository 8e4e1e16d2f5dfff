/**
 * `markdown`: a summary fit for a pull-request comment: counts, a findings table, suppressed
 * findings and not-applicable rules folded away, counts per rule and per host, and what to prune.
 * Findings are ordered errors first, before any cap. Tables are capped so the
 * comment stays under GitHub's size limit; the SARIF or JSON report has everything.
 */
import { safeChunks } from './safe-text.js';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { bySeverity, countsBy, groupNotApplicable, housekeepingOf, linesText, listHosts, locationLabel, plural, suppressionLabel, targetLabel, waiverLabel } from './common.js';
import type { ReportContext } from './context.js';

const ICON: Record<Severity, string> = { error: ':x: error', warning: ':warning: warning', info: ':information_source: info' };

/** Rows per table before the rest is summarised. */
export const MARKDOWN_MAX_ROWS = 100;

/** Escape text for a table cell: pipes, markup characters and line breaks. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/([|*_`<>[\]])/g, '\\$1').replace(/\r?\n/g, '<br>');
}

/** A table of at most MARKDOWN_MAX_ROWS rows; `total` rows exist, the rest are counted below it. */
function table(head: string[], rows: string[][], more: string, total = rows.length): string[] {
  const out = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows.slice(0, MARKDOWN_MAX_ROWS)) out.push(`| ${r.join(' | ')} |`);
  if (total > MARKDOWN_MAX_ROWS) out.push('', `…and ${total - MARKDOWN_MAX_ROWS} more ${more}; see the SARIF or JSON report.`);
  return out;
}

/** Rows of the findings that fit in a table, and how many there are. */
function findingTable(head: string[], findings: readonly Finding[], titles: Map<string, string>, more: string): string[] {
  return table(head, findings.slice(0, MARKDOWN_MAX_ROWS).map((f) => findingRow(f, titles)), more, findings.length);
}

function countTable(head: string[], rows: string[][], more: string, total = rows.length): string[] {
  return table(head, rows, more, total).map((l, i) => (i === 1 ? `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |` : l));
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

/** A lint result as Markdown, a piece per section (and per unreadable input and thing to prune). */
function* markdownUnsafeChunks(result: LintResult, ctx: ReportContext): Generator<string> {
  const s = result.summary;
  const titles = new Map(ctx.rules.map((m) => [m.id, m.title]));
  const failed = result.hosts.filter((h) => h.status === 'error');
  const verdict = s.error + failed.length > 0 ? ':x:' : s.warning > 0 ? ':warning:' : ':white_check_mark:';
  yield linesText([
    `## ${verdict} vmqlint: ${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info`,
    '',
    `${plural(result.hosts.length, 'host')} linted${failed.length ? `, ${failed.length} could not be read` : ''}.`,
    '',
    '| Errors | Warnings | Info | Baselined | Waived | Not applicable |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.error} | ${s.warning} | ${s.info} | ${s.baselined} | ${s.waived} | ${s.notApplicable} |`,
  ]);
  const head = ['Severity', 'Rule', 'Host', 'Target', 'Message', 'Location'];
  const live = bySeverity(result.findings.filter((f) => f.suppressed === null));
  if (live.length > 0) yield linesText(['', '### Findings', '', ...findingTable(head, live, titles, 'findings')]);
  if (failed.length > 0) {
    yield linesText(['', '### Inputs that could not be read', '']);
    for (const h of failed) yield linesText([`- \`${cell(h.name)}\`: ${cell(h.error ?? 'could not be read')}`]);
  }
  const suppressed = bySeverity(result.findings.filter((f) => f.suppressed !== null));
  if (suppressed.length > 0) {
    yield linesText(['', `<details><summary>Baselined and waived (${suppressed.length})</summary>`, '', ...findingTable(head, suppressed, titles, 'suppressed findings'), '', '</details>']);
  }
  const countRow = (c: ReturnType<typeof countsBy>[number], name: string) => [name, `${c.error}`, `${c.warning}`, `${c.info}`, `${c.suppressed}`];
  const countHead = (what: string) => [what, 'Errors', 'Warnings', 'Info', 'Suppressed'];
  const byRule = countsBy(result, 'rule');
  if (byRule.length > 0) yield linesText(['', '### Counts by rule', '', ...countTable(countHead('Rule'), byRule.map((c) => countRow(c, `\`${c.key}\``)), 'rules')]);
  const byHost = countsBy(result, 'host');
  if (byHost.length > 0) yield linesText(['', '### Counts by host', '', ...countTable(countHead('Host'), byHost.slice(0, MARKDOWN_MAX_ROWS).map((c) => countRow(c, cell(c.key))), 'hosts', byHost.length)]);
  const na = groupNotApplicable(result.notApplicable);
  if (na.length > 0) {
    yield linesText(['', `<details><summary>Not applicable (${result.notApplicable.length})</summary>`, '', ...table(['Rule', 'Reason', 'Hosts'], na.map((g) => [`\`${g.ruleId}\``, cell(g.reason), cell(listHosts(g.hosts))]), 'rows'), '', '</details>']);
  }
  const hk = housekeepingOf(result);
  if (hk.expiredWaivers.length + hk.unusedWaivers.length + hk.unmatchedBaseline.length > 0) yield linesText(['', '### To prune', '']);
  for (const w of hk.expiredWaivers) yield linesText([`- Expired waiver: ${cell(waiverLabel(w))}`]);
  for (const w of hk.unusedWaivers) yield linesText([`- Unused waiver: ${cell(waiverLabel(w))}`]);
  for (const e of hk.unmatchedBaseline) yield linesText([`- Baseline entry no longer matches: ${cell(`${e.host} ${e.ruleId} ${e.target}: ${e.message}`)}`]);
}

/**
 * The Markdown report in pieces, each made safe for a terminal or CI log (names from exports
 * cannot inject escapes or CI commands). Every piece is whole lines, so escaping piece by piece
 * gives the bytes escaping the whole text would.
 */
export function markdownChunks(result: LintResult, ctx: ReportContext): Generator<string> {
  return safeChunks(markdownUnsafeChunks(result, ctx));
}

/** Format a lint result as Markdown (markdownChunks, joined). */
export function formatMarkdown(result: LintResult, ctx: ReportContext): string {
  return [...markdownChunks(result, ctx)].join('');
}
