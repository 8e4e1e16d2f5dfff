/**
 * `stylish`: the terminal report. Findings grouped by host and target, columns aligned per host,
 * suppressed findings dimmed but shown, then not-applicable rules, what to prune, and a summary.
 */
import { safeText } from './safe-text.js';
import { createColors } from 'picocolors';
import { ordinal } from '../engine/catalog.js';
import { releaseName } from '../engine/release.js';
import type { Finding, LintResult, Severity, Target } from '../engine/types.js';
import {
  groupFindings,
  groupNotApplicable,
  housekeepingOf,
  listHosts,
  locationLabel,
  plural,
  suppressionLabel,
  targetLabel,
  waiverLabel,
} from './common.js';
import type { ReportContext } from './context.js';
import { maxOf } from '../model/bulk.js';

function releaseLabel(release: string, build: number | undefined): string {
  const name = releaseName(release, 'release unknown');
  return build !== undefined ? `${name}, build ${build}` : name;
}

/** Format a lint result for a terminal. */
function formatStylishUnsafe(result: LintResult, ctx: ReportContext): string {
  const c = createColors(ctx.color);
  const sev: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  const grouped = groupFindings(result);

  for (const host of result.hosts) {
    if (host.status === 'error') {
      lines.push(c.bold(c.underline(host.name)));
      lines.push(`  ${c.red('error')}  could not be read: ${host.error ?? 'unknown error'}`);
      lines.push('');
      continue;
    }
    const byTarget = grouped.get(host.name);
    if (!byTarget) continue;
    lines.push(`${c.bold(c.underline(host.name))} ${c.dim(`(${releaseLabel(host.release, host.build)})`)}`);
    const all = [...byTarget.values()].flat();
    const sevWidth = maxOf(all.map((f) => f.severity.length));
    const ruleWidth = maxOf(all.map((f) => f.ruleId.length));
    for (const findings of [...byTarget.values()].sort((a, b) => compareTargets(a[0].target, b[0].target))) {
      const t = findings[0].target;
      lines.push(`  ${targetLabel(t)}${t.id !== t.name.toLowerCase() ? c.dim(` [${t.id}]`) : ''}`);
      for (const f of findings) {
        // Severity and rule are aligned; the message runs free so a long one does not pad the rest.
        const sevCell = f.severity.padEnd(sevWidth);
        const ruleCell = f.ruleId.padEnd(ruleWidth);
        const where = f.locations.map(locationLabel).join(', ');
        if (f.suppressed) lines.push(c.dim(`    ${sevCell}  ${ruleCell}  ${messageText(f)}  ${where}`));
        else lines.push(`    ${sev[f.severity](sevCell)}  ${c.dim(ruleCell)}  ${messageText(f)}  ${c.dim(where)}`);
      }
    }
    lines.push('');
  }

  const na = groupNotApplicable(result.notApplicable);
  if (na.length > 0) {
    lines.push(c.bold('Not applicable'));
    const idWidth = maxOf(na.map((g) => g.ruleId.length));
    for (const g of na) lines.push(`  ${g.ruleId.padEnd(idWidth)}  ${g.reason}  ${c.dim(`(${listHosts(g.hosts)})`)}`);
    lines.push('');
  }

  const hk = housekeepingOf(result);
  if (hk.expiredWaivers.length + hk.unusedWaivers.length > 0) {
    lines.push(c.bold('Waivers to prune'));
    for (const w of hk.expiredWaivers) lines.push(`  ${c.yellow('expired')}  ${waiverLabel(w)}`);
    for (const w of hk.unusedWaivers) lines.push(`  ${c.yellow('unused')}   ${waiverLabel(w)}`);
    lines.push('');
  }
  if (hk.unmatchedBaseline.length > 0) {
    lines.push(c.bold(`Baseline entries that no longer match${hk.baselineFile ? ` (${hk.baselineFile})` : ''}`));
    for (const e of hk.unmatchedBaseline) lines.push(`  ${e.host}  ${e.ruleId}  ${e.target}: ${e.message}`);
    lines.push('');
  }

  const s = result.summary;
  const problems = s.error + s.warning + s.info;
  const failedHosts = result.hosts.filter((h) => h.status === 'error').length;
  const counts = `${plural(problems, 'problem')} (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info)`;
  const extra = `${s.baselined} baselined, ${s.waived} waived, ${s.notApplicable} not applicable; ${plural(result.hosts.length, 'host')}${failedHosts ? `, ${failedHosts} unreadable` : ''}`;
  const mark = s.error > 0 || failedHosts > 0 ? c.red(c.bold('✖')) : problems > 0 ? c.yellow(c.bold('⚠')) : c.green(c.bold('✔'));
  // --quiet lists fewer lines than the summary counts; say so rather than let the counts look wrong.
  const unlisted = problems + s.baselined + s.waived - result.findings.length;
  const unlistedNa = s.notApplicable - result.notApplicable.length;
  const hidden = [unlisted > 0 ? plural(unlisted, 'finding') + " below 'error'" : '', unlistedNa > 0 ? `${unlistedNa} not applicable` : ''].filter(Boolean);
  lines.push(`${mark} ${c.bold(counts)}; ${extra}${hidden.length > 0 ? ` (not listed: ${hidden.join(', ')})` : ''}`);
  return `${lines.join('\n')}\n`;
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

/** formatStylish for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatStylish(result: LintResult, ctx: ReportContext): string {
  return safeText(formatStylishUnsafe(result, ctx));
}
