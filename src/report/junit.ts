/**
 * `junit`: one testsuite per host and one testcase per rule evaluated there. Unsuppressed errors
 * and warnings are failures; not-applicable rules are skipped; info and suppressed findings are
 * printed in the testcase's output; a host that could not be read is an error.
 */
import type { Finding, HostStatus, LintResult, NotApplicable } from '../engine/types.js';
import { locationLabel, suppressionLabel, targetLabel } from './common.js';
import type { ReportContext } from './context.js';
import { escapeXml as x } from './xml.js';

function findingText(f: Finding): string {
  const label = suppressionLabel(f);
  return `${f.severity}${label ? ` (${label})` : ''}: ${targetLabel(f.target)}${f.property ? ` ${f.property}` : ''}: ${f.message}\n  at ${f.locations.map(locationLabel).join(', ')}\n  fix: ${f.remediation}`;
}

/** One testcase of a host: a rule evaluated there, with its findings and whether it fails or is skipped. */
interface Case {
  id: string;
  findings: Finding[];
  failing: Finding[];
  na: NotApplicable | undefined;
}

/** What every testsuite of a result is made of, each host's cases listed on demand. */
function caseListOf(result: LintResult): (host: HostStatus) => Case[] {
  const key = (host: string, rule: string) => `${host}\0${rule}`;
  const byHostRule = new Map<string, Finding[]>();
  const rulesWithFindings = new Map<string, Set<string>>();
  for (const f of result.findings) {
    const list = byHostRule.get(key(f.host, f.ruleId));
    if (list) list.push(f);
    else byHostRule.set(key(f.host, f.ruleId), [f]);
    rulesWithFindings.set(f.host, (rulesWithFindings.get(f.host) ?? new Set()).add(f.ruleId));
  }
  const naByHostRule = new Map(result.notApplicable.map((n) => [key(n.host, n.ruleId), n]));
  return (host) => {
    const ruleIds = [...new Set([...(host.rules ?? []), ...(rulesWithFindings.get(host.name) ?? [])])].sort();
    return ruleIds.map((id) => {
      const findings = byHostRule.get(key(host.name, id)) ?? [];
      return { id, findings, failing: findings.filter((f) => f.suppressed === null && f.severity !== 'info'), na: naByHostRule.get(key(host.name, id)) };
    });
  };
}

/** A host's counts: testcases, failures, errors (it could not be read), skipped (not applicable). */
function suiteCounts(host: HostStatus, cases: readonly Case[]): { tests: number; failures: number; errors: number; skipped: number } {
  if (host.status === 'error') return { tests: 1, failures: 0, errors: 1, skipped: 0 };
  const failures = cases.filter((c) => c.failing.length > 0).length;
  const skipped = cases.filter((c) => c.failing.length === 0 && c.na !== undefined && c.findings.length === 0).length;
  return { tests: cases.length, failures, errors: 0, skipped };
}

function caseXml(host: HostStatus, c: Case, titles: Map<string, string>): string {
  const name = titles.has(c.id) ? `${c.id}: ${titles.get(c.id)}` : c.id;
  const body: string[] = [];
  if (c.failing.length > 0) {
    const type = c.failing.some((f) => f.severity === 'error') ? 'error' : 'warning';
    body.push(`      <failure type="${type}" message="${x(`${c.failing.length} finding${c.failing.length === 1 ? '' : 's'}: ${c.failing[0].message}`)}">${x(c.failing.map(findingText).join('\n'))}</failure>`);
  } else if (c.na && c.findings.length === 0) {
    body.push(`      <skipped message="${x(`not applicable: ${c.na.reason}`)}"/>`);
  }
  const other = c.findings.filter((f) => !c.failing.includes(f));
  if (other.length > 0) body.push(`      <system-out>${x(other.map(findingText).join('\n'))}</system-out>`);
  const open = `    <testcase classname="${x(host.name)}" name="${x(name)}"`;
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

/**
 * JUnit XML for a lint result, a piece per testsuite (host). The totals on <testsuites> come
 * first, so they are counted in a pass of their own that writes nothing.
 */
export function* junitChunks(result: LintResult, ctx: ReportContext): Generator<string> {
  const titles = new Map(ctx.rules.map((m) => [m.id, m.title]));
  const casesOf = caseListOf(result);
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const host of result.hosts) {
    const n = suiteCounts(host, host.status === 'error' ? [] : casesOf(host));
    total.tests += n.tests;
    total.failures += n.failures;
    total.errors += n.errors;
    total.skipped += n.skipped;
  }
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${x(result.tool.name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">\n`;
  for (const host of result.hosts) {
    const cases = host.status === 'error' ? [] : casesOf(host);
    const n = suiteCounts(host, cases);
    const xml =
      host.status === 'error'
        ? [`    <testcase classname="${x(host.name)}" name="load">\n      <error message="${x(host.error ?? 'could not be read')}"/>\n    </testcase>`]
        : cases.map((c) => caseXml(host, c, titles));
    yield `  <testsuite name="${x(host.name)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}">\n${xml.join('\n')}${xml.length ? '\n' : ''}  </testsuite>\n`;
  }
  yield '</testsuites>\n';
}

/** Format a lint result as JUnit XML (junitChunks, joined). */
export function formatJunit(result: LintResult, ctx: ReportContext): string {
  return [...junitChunks(result, ctx)].join('');
}
