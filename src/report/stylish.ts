/**
 * `stylish`: the terminal report. Findings grouped by host and target, the message first and the
 * rule id and one location after it, the suggested fix under it; suppressed findings dimmed but
 * shown; then not-applicable rules (one line unless verbose), what to prune, and a summary. Lines
 * wrap only at a width the caller gives (a terminal's), so files and pipes get the same bytes.
 */
import { safeChunks } from './safe-text.js';
import { createColors } from 'picocolors';
import { ordinal } from '../engine/catalog.js';
import { releaseName } from '../engine/release.js';
import type { Finding, LintResult, Severity, Target } from '../engine/types.js';
import {
  groupFindings,
  groupNotApplicable,
  housekeepingOf,
  linesText,
  listHosts,
  plural,
  suppressionLabel,
  targetLabel,
  waiverLabel,
} from './common.js';
import type { ReportContext } from './context.js';
import { maxOf } from '../model/bulk.js';
import { words, wrapPieces } from './wrap.js';

function releaseLabel(release: string, build: number | undefined): string {
  const name = releaseName(release, 'release unknown');
  return build !== undefined ? `${name}, build ${build}` : name;
}

/** A lint result for a terminal, a piece per host and per closing section. */
function* stylishUnsafeChunks(result: LintResult, ctx: ReportContext): Generator<string> {
  const c = createColors(ctx.color);
  const sev: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const width = ctx.width !== undefined && ctx.width >= 40 ? ctx.width : undefined;
  let lines: string[] = [];
  const grouped = groupFindings(result);
  const loaded = new Set(result.hosts.filter((h) => h.status === 'ok').map((h) => h.name));

  for (const host of result.hosts) {
    lines = [];
    if (host.status === 'error') {
      // One line per rejected input; a name that also loaded from another snapshot is a duplicate.
      const failures = host.failures ?? [{ file: host.name, message: host.error ?? 'unknown error' }];
      const also = loaded.has(host.name);
      lines.push(`${c.bold(c.underline(host.name))}${also ? c.dim(` (${plural(failures.length, 'other input')} rejected)`) : ''}`);
      const label = also ? 'rejected' : 'could not be read';
      for (const f of failures) lines.push(...wrapPieces(`  ${c.red('error')}  `, 9, words(`${label}: ${f.message}`), width));
      lines.push('');
      yield linesText(lines);
      continue;
    }
    const byTarget = grouped.get(host.name);
    if (!byTarget) continue;
    lines.push(`${c.bold(c.underline(host.name))} ${c.dim(`(${releaseLabel(host.release, host.build)})`)}`);
    const all = [...byTarget.values()].flat();
    const sevWidth = maxOf(all.map((f) => f.severity.length));
    for (const findings of [...byTarget.values()].sort((a, b) => compareTargets(a[0].target, b[0].target))) {
      const t = findings[0].target;
      const id = t.id !== t.name.toLowerCase() ? [{ text: `[${t.id}]`, sep: ' ', style: c.dim }] : [];
      lines.push(...wrapPieces('  ', 4, [...words(targetLabel(t)), ...id], width));
      for (const f of findings) lines.push(...findingLines(f, sevWidth, c, sev, width, ctx.fix !== false));
    }
    lines.push('');
    yield linesText(lines);
  }

  lines = [];
  const na = groupNotApplicable(result.notApplicable);
  if (na.length > 0 && ctx.verbose) {
    lines.push(c.bold('Not applicable'));
    const idWidth = maxOf(na.map((g) => g.ruleId.length));
    for (const g of na) {
      const pieces = [...words(g.reason), { text: `(${listHosts(g.hosts)})`, sep: '  ', style: c.dim }];
      lines.push(...wrapPieces(`  ${g.ruleId.padEnd(idWidth)}  `, idWidth + 4, pieces, width));
    }
    lines.push('');
  } else if (na.length > 0) {
    // Rules that do not apply are context, not problems: one line, the list behind --verbose.
    const rules = new Set(na.map((g) => g.ruleId)).size;
    const hosts = new Set(result.notApplicable.map((n) => n.host)).size;
    const line = `Not applicable: ${plural(rules, 'rule')} on ${plural(hosts, 'host')} (--verbose lists them)`;
    lines.push(...wrapPieces('', 2, words(line), width), '');
  }
  yield linesText(lines);

  lines = [];
  const hk = housekeepingOf(result);
  if (hk.expiredWaivers.length + hk.unusedWaivers.length > 0) {
    lines.push(c.bold('Waivers to prune'));
    yield linesText(lines);
    lines = [];
    for (const w of hk.expiredWaivers) yield linesText(wrapPieces(`  ${c.yellow('expired')}  `, 11, words(waiverLabel(w)), width));
    for (const w of hk.unusedWaivers) yield linesText(wrapPieces(`  ${c.yellow('unused')}   `, 11, words(waiverLabel(w)), width));
    lines.push('');
  }
  if (hk.unmatchedBaseline.length > 0) {
    lines.push(...wrapPieces('', 2, words(`Baseline entries that no longer match${hk.baselineFile ? ` (${hk.baselineFile})` : ''}`, c.bold), width));
    yield linesText(lines);
    lines = [];
    // A baseline of a whole fleet can go stale at once: one piece an entry.
    for (const e of hk.unmatchedBaseline) yield linesText(wrapPieces('  ', 4, words(`${e.host}  ${e.ruleId}  ${e.target}: ${e.message}`), width));
    lines.push('');
  }

  const s = result.summary;
  const problems = s.error + s.warning + s.info;
  // Hosts are counted by name: a name that loaded and also had inputs rejected (two snapshots of
  // one host) is one host; every rejected input is counted apart.
  const names = new Set(result.hosts.map((h) => h.name));
  const unreadable = [...names].filter((n) => !loaded.has(n)).length;
  const rejected = result.hosts.reduce((n, h) => n + (h.status === 'error' ? (h.failures?.length ?? 1) : 0), 0);
  const hostCounts = `${plural(names.size, 'host')}${unreadable ? `, ${unreadable} unreadable` : ''}${rejected > unreadable ? `, ${plural(rejected, 'input')} rejected` : ''}`;
  const counts = `${plural(problems, 'problem')} (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info)`;
  const extra = `${s.baselined} baselined, ${s.waived} waived, ${s.notApplicable} not applicable; ${hostCounts}`;
  const mark = s.error > 0 || rejected > 0 ? c.red(c.bold('✖')) : problems > 0 ? c.yellow(c.bold('⚠')) : c.green(c.bold('✔'));
  // --quiet lists fewer lines than the summary counts; say so rather than let the counts look wrong.
  const unlisted = problems + s.baselined + s.waived - result.findings.length;
  const unlistedNa = s.notApplicable - result.notApplicable.length;
  const hidden = [unlisted > 0 ? plural(unlisted, 'finding') + " below 'error'" : '', unlistedNa > 0 ? `${unlistedNa} not applicable` : ''].filter(Boolean);
  const tail = `${extra}${hidden.length > 0 ? ` (not listed: ${hidden.join(', ')})` : ''}`;
  lines.push(...wrapPieces(`${mark} `, 2, [...words(`${counts};`, c.bold), ...words(tail)], width));
  yield linesText(lines);
}

type Colors = ReturnType<typeof createColors>;

/**
 * A finding: severity, the message, the rule id and one location (with a count of the others),
 * wrapped under the message; then the first fix command, unless the finding is suppressed.
 */
function findingLines(f: Finding, sevWidth: number, c: Colors, sev: Record<Severity, (s: string) => string>, width: number | undefined, showFix: boolean): string[] {
  const indent = 4 + sevWidth + 2;
  const sevCell = f.severity.padEnd(sevWidth);
  const first = f.locations[0];
  const where = `${first.file}:${first.line}${f.locations.length > 1 ? ` +${f.locations.length - 1} more` : ''}`;
  const dim = f.suppressed ? undefined : c.dim;
  // The location and its count stay together on one line, like the fix and its count below.
  const pieces = [...words(messageText(f)), { text: f.ruleId, sep: '  ', style: dim }, { text: where, sep: '  ', style: dim }];
  const lines = wrapPieces(`    ${f.suppressed ? sevCell : sev[f.severity](sevCell)}  `, indent, pieces, width);
  if (f.suppressed) return lines.map((l) => c.dim(l));
  if (showFix && f.fix && f.fix.length > 0) {
    const command = f.fix[0].command.split(/\r?\n/);
    const more = f.fix.length > 1 ? [{ text: `(+${f.fix.length - 1} more: --fix-script)`, sep: '  ', style: c.dim }] : [];
    const text = `${command[0]}${command.length > 1 ? ' …' : ''}`;
    lines.push(...wrapPieces(`${' '.repeat(indent)}${c.dim('fix:')} `, indent + 5, [...words(text), ...more], width));
  }
  return lines;
}

const KIND_ORDER: Record<Target['kind'], number> = { host: 0, switch: 1, team: 2, adapter: 3, vnic: 4 };

/** Host first, then switches, teams, adapters and vNICs, each by name. */
function compareTargets(a: Target, b: Target): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || ordinal(a.name, b.name) || ordinal(a.id, b.id);
}

function messageText(f: Finding): string {
  const label = suppressionLabel(f);
  const where = f.property ? ` (${f.property})` : '';
  return label ? `${f.message}${where} [${label}]` : `${f.message}${where}`;
}

/**
 * The stylish report in pieces, each made safe for a terminal or CI log (names from exports cannot
 * inject escapes or CI commands). Every piece is whole lines, so escaping piece by piece gives the
 * bytes escaping the whole text would.
 */
export function stylishChunks(result: LintResult, ctx: ReportContext): Generator<string> {
  return safeChunks(stylishUnsafeChunks(result, ctx));
}

/** Format a lint result for a terminal (stylishChunks, joined). */
export function formatStylish(result: LintResult, ctx: ReportContext): string {
  return [...stylishChunks(result, ctx)].join('');
}
