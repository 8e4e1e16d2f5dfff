/** Small pieces the lint formatters share: labels, counts and not-applicable grouping. */
import { ordinal } from '../engine/catalog.js';
import type { Loc } from '../model/host.js';
import type { Finding, LintResult, LintSummary, NotApplicable, Target } from '../engine/types.js';

/** `adapter NIC1`, `host HV01`, `vnic VM1/Net`. */
export function targetLabel(t: Target): string {
  return `${t.kind} ${t.name}`;
}

/** `file:line` or `file:line:col`. */
export function locationLabel(loc: Loc): string {
  return loc.col !== undefined ? `${loc.file}:${loc.line}:${loc.col}` : `${loc.file}:${loc.line}`;
}

/** Lines as text, each ending in a line feed (none for no lines): the pieces text reports are written in. */
export function linesText(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** How a suppressed finding is marked in text formats. */
export function suppressionLabel(f: Finding): string | undefined {
  if (!f.suppressed) return undefined;
  if (f.suppressed.kind === 'baseline') return 'baselined';
  return f.suppressed.reason ? `waived: ${f.suppressed.reason}` : 'waived';
}

/** The summary in one line: `2 errors, 1 warning, 0 info; 1 baselined, 0 waived, 3 not applicable`. */
export function summaryLine(s: LintSummary): string {
  return `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info; ${s.baselined} baselined, ${s.waived} waived, ${s.notApplicable} not applicable`;
}

export interface NotApplicableGroup {
  ruleId: string;
  reason: string;
  hosts: string[];
}

/** Not-applicable notes grouped by rule and reason, hosts in order: one line instead of one per host. */
export function groupNotApplicable(items: readonly NotApplicable[]): NotApplicableGroup[] {
  const groups = new Map<string, NotApplicableGroup>();
  for (const n of items) {
    const key = `${n.ruleId}\0${n.reason}`;
    const g = groups.get(key) ?? { ruleId: n.ruleId, reason: n.reason, hosts: [] };
    g.hosts.push(n.host);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, hosts: [...g.hosts].sort(ordinal) }))
    .sort((a, b) => ordinal(a.ruleId, b.ruleId) || ordinal(a.reason, b.reason));
}

/** `HV01, HV02 and 3 more`. */
export function listHosts(hosts: readonly string[], max = 5): string {
  if (hosts.length <= max) return hosts.join(', ');
  return `${hosts.slice(0, max).join(', ')} and ${hosts.length - max} more`;
}

/** Findings grouped by host, then by target id, keeping the result's order. */
export function groupFindings(result: LintResult): Map<string, Map<string, Finding[]>> {
  const byHost = new Map<string, Map<string, Finding[]>>();
  for (const f of result.findings) {
    const byTarget = byHost.get(f.host) ?? new Map<string, Finding[]>();
    const key = `${f.target.kind}\0${f.target.id}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), f]);
    byHost.set(f.host, byTarget);
  }
  return byHost;
}

/** Housekeeping of a result, empty when the engine gave none. */
export function housekeepingOf(result: LintResult): Required<Pick<NonNullable<LintResult['housekeeping']>, 'expiredWaivers' | 'unusedWaivers' | 'unmatchedBaseline'>> & { baselineFile?: string } {
  return result.housekeeping ?? { expiredWaivers: [], unusedWaivers: [], unmatchedBaseline: [] };
}

/** One line describing a waiver: rule, scope, reason and where it was written. */
export function waiverLabel(w: NonNullable<LintResult['housekeeping']>['expiredWaivers'][number]): string {
  const scope = [w.host && `host ${w.host}`, w.target && `target ${w.target}`, w.property && `property ${w.property}`].filter(Boolean).join(', ');
  const where = w.source.line > 0 ? `${w.source.file}:${w.source.line}` : w.source.file;
  return `${w.rule}${scope ? ` (${scope})` : ''}: ${w.reason}${w.owner ? ` [${w.owner}]` : ''}${w.expires ? `, expires ${w.expires}` : ''} at ${where}`;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Findings ordered errors, then warnings, then info; the result's order kept within a severity (stable). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** Counts of one rule or one host: live findings per severity, and the suppressed ones. */
export interface FindingCounts {
  key: string;
  error: number;
  warning: number;
  info: number;
  suppressed: number;
}

/** Finding counts per rule id or per host, sorted by key; hosts without findings are listed with zeros. */
export function countsBy(result: LintResult, by: 'rule' | 'host'): FindingCounts[] {
  const counts = new Map<string, FindingCounts>();
  const entry = (key: string) => counts.get(key) ?? counts.set(key, { key, error: 0, warning: 0, info: 0, suppressed: 0 }).get(key)!;
  if (by === 'host') for (const h of result.hosts) if (h.status !== 'error') entry(h.name);
  for (const f of result.findings) {
    const c = entry(by === 'rule' ? f.ruleId : f.host);
    if (f.suppressed) c.suppressed++;
    else c[f.severity]++;
  }
  return [...counts.values()].sort((a, b) => ordinal(a.key, b.key));
}

/** `2 errors, 1 warning, 0 info, 1 suppressed`. */
export function countsLine(c: FindingCounts): string {
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info, ${c.suppressed} suppressed`;
}
