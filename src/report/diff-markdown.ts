/**
 * `markdown` for diff and drift: a pull-request comment with the verdict, counts, one table of
 * changes per host (findings each change introduces and resolves beside it), the PowerShell of a
 * drift folded away, and the predicted impact when a traffic profile was given.
 */
import { safeChunks } from './safe-text.js';
import { unexplainedFindings } from '../diff/gate.js';
import type { Change, ChangeValue, DiffResult, HostDiff } from '../diff/types.js';
import type { Severity } from '../engine/types.js';
import { linesText, plural } from './common.js';
import { changeNotes, changeSymbol, changesByHost, diffSummaryLine, isObjectChange, notComparedWhy, showTypes, sideText } from './diff-common.js';
import { cell, MARKDOWN_MAX_ROWS } from './markdown.js';

const ICON: Record<Severity, string> = { error: ':x: error', warning: ':warning: warning', info: ':information_source: info' };

function code(s: string): string {
  // A backtick inside inline code would end it; a double-backtick span with padding would not, but
  // values with backticks are rare enough that a quote is the clearer substitute.
  return `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function findings(c: Change): string {
  const parts = [
    ...c.introduces.map((f) => `introduces \`${f.ruleId}\` on ${cell(f.target.name)}`),
    ...c.resolves.map((f) => `resolves \`${f.ruleId}\` on ${cell(f.target.name)}`),
  ];
  return parts.join('<br>');
}

function row(c: Change, drift: boolean): string[] {
  const withType = showTypes(c);
  const object = isObjectChange(c);
  const symbol = changeSymbol(c);
  // A change in place with nothing on one side (a queue freed, a keyword not set) says so, as the
  // text plan does; an added or removed property has only the one side to show.
  const side = (v: ChangeValue | null): string => (object ? '' : v !== null ? code(sideText(v, withType)) : symbol === '~' ? '_(none)_' : '');
  const cells = [
    `\`${symbol}\``,
    cell(`${c.target.kind} ${c.target.name}`),
    object ? '' : code(c.property),
    side(c.before),
    side(c.after),
    drift ? cell(c.expectation ?? '') : cell(object ? c.kind.replace(/-/g, ' ') : changeNotes(c).join('; ') || c.kind.replace(/-/g, ' ')),
    ICON[c.severity],
  ];
  // A drift compares with intent, not with an earlier state, so no finding comes or goes.
  return drift ? cells : [...cells, findings(c)];
}

function hostSection(r: DiffResult, h: HostDiff, changes: Change[]): string[] {
  if (changes.length === 0 && h.introduced.length + h.resolved.length === 0 && !h.impact) return [];
  const out = ['', `### ${cell(h.host)}${h.status === 'added' || h.status === 'removed' ? ` (${h.status})` : ''}`, ''];
  if (changes.length > 0) {
    const drift = r.mode === 'drift';
    const head = drift ? ['', 'Target', 'Property', 'Actual', 'Desired', 'Expectation', 'Severity'] : ['', 'Target', 'Property', 'Before', 'After', 'Change', 'Severity', 'Findings'];
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const c of changes.slice(0, MARKDOWN_MAX_ROWS)) out.push(`| ${row(c, drift).join(' | ')} |`);
    if (changes.length > MARKDOWN_MAX_ROWS) out.push('', `…and ${changes.length - MARKDOWN_MAX_ROWS} more changes; see the JSON report.`);
  }
  const loose = new Set(h.unattributed);
  const unexplained = [...h.introduced.filter((f) => loose.has(f.fingerprint)).map((f) => `introduces \`${f.ruleId}\` on ${cell(f.target.name)}: ${cell(f.message)}`)];
  for (const item of h.resolved.filter((f) => loose.has(f.fingerprint)).map((f) => `resolves \`${f.ruleId}\` on ${cell(f.target.name)}: ${cell(f.message)}`)) unexplained.push(item);
  if (unexplained.length > 0) out.push('', 'Findings no single change explains:', '', ...unexplained.map((u) => `- ${u}`));
  const fixes = changes.flatMap((c) => c.fix ?? []).sort((a, b) => a.phase - b.phase);
  if (fixes.length > 0) {
    out.push('', '<details><summary>PowerShell to restore the desired state (review, then run with -WhatIf first)</summary>', '', '```powershell');
    for (const f of fixes) out.push(f.disruption === 'none' ? f.command : `${f.command}  # ${f.disruption}`);
    out.push('```', '', '</details>');
  }
  if (h.impact) {
    out.push('', `Predicted impact (traffic profile \`${h.impact.profile}\`):`, '', '| Metric | Before | After |', '| --- | ---: | ---: |');
    for (const m of h.impact.metrics) {
      const unit = m.unit ? ` ${m.unit}` : '';
      out.push(`| ${cell(m.name)} | ${cell(`${String(m.before ?? '-')}${unit}`)} | ${cell(`${String(m.after ?? '-')}${unit}`)} |`);
    }
    for (const n of h.impact.notes) out.push('', `> ${cell(n)}`);
  }
  return out;
}

/** A diff or drift result as Markdown, a piece for the head, per host and per closing section. */
function* diffMarkdownUnsafeChunks(r: DiffResult, ungated: ReadonlySet<string>): Generator<string> {
  const s = r.summary;
  const unmatched = (r.unmatched?.length ?? 0) > 0;
  // New findings no change explains fail the gate like changes, so they colour the verdict too.
  const loose = unexplainedFindings(r, ungated);
  const has = (sev: Severity): boolean => s.bySeverity[sev] > 0 || loose.some((f) => f.severity === sev);
  const verdict = has('error') ? ':x:' : has('warning') || unmatched ? ':warning:' : s.changes > 0 || loose.length > 0 ? ':information_source:' : ':white_check_mark:';
  const title = r.mode === 'drift' ? 'vmqlint drift' : 'vmqlint diff';
  const what = r.mode === 'drift' ? plural(s.changes, 'mismatch', 'mismatches') : plural(s.changes, 'change');
  const lines = [`## ${verdict} ${title}: ${what}`, '', cell(diffSummaryLine(r)), ''];
  if (r.mode === 'drift') {
    lines.push('| Hosts checked | Hosts drifted | Errors | Warnings | Info | Ignored |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
    lines.push(`| ${s.hostsCompared} | ${s.hostsChanged} | ${s.bySeverity.error} | ${s.bySeverity.warning} | ${s.bySeverity.info} | ${s.ignored} |`);
  } else {
    lines.push('| Hosts compared | Hosts changed | Errors | Warnings | Info | Introduced | Resolved | Ignored |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    lines.push(`| ${s.hostsCompared} | ${s.hostsChanged} | ${s.bySeverity.error} | ${s.bySeverity.warning} | ${s.bySeverity.info} | ${s.introduced} | ${s.resolved} | ${s.ignored} |`);
  }
  yield linesText(lines);
  const changesOf = changesByHost(r);
  for (const h of r.hosts) yield linesText(hostSection(r, h, changesOf(h.host)));
  if (r.unmatched && r.unmatched.length > 0) {
    yield linesText(['', 'Expectations that matched nothing (check their selectors):', '', ...r.unmatched.map((u) => `- ${cell(u)}`)]);
  }
  if (r.notCompared.length > 0) {
    yield linesText(['', '<details><summary>Not compared (not exported, or lost by the export format)</summary>', '']);
    for (const n of r.notCompared) yield linesText([`- ${cell(n.host)}: ${cell(n.section)} (${notComparedWhy(n, r.mode)})`]);
    yield linesText(['', '</details>']);
  }
}

/**
 * A diff or drift result as Markdown in pieces of whole lines, made safe for a terminal or CI log
 * (names from exports cannot inject escapes or CI commands); `ungated` as for text (see `ungatedRules`).
 */
export function diffMarkdownChunks(r: DiffResult, ungated: ReadonlySet<string> = new Set()): Generator<string> {
  return safeChunks(diffMarkdownUnsafeChunks(r, ungated));
}

/** Format a diff or drift result as Markdown (diffMarkdownChunks, joined). */
export function formatDiffMarkdown(r: DiffResult, ungated: ReadonlySet<string> = new Set()): string {
  return [...diffMarkdownChunks(r, ungated)].join('');
}
