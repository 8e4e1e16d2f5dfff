/**
 * `junit`: one testsuite per host and one testcase per rule evaluated there. Unsuppressed errors
 * and warnings are failures; not-applicable rules are skipped; info and suppressed findings are
 * printed in the testcase's output; a host that could not be read is an error.
 */
import type { Finding, LintResult } from '../engine/types.js';
import { locationLabel, suppressionLabel, targetLabel } from './common.js';
import type { ReportContext } from './context.js';
import { escapeXml as x } from './xml.js';

function findingText(f: Finding): string {
  const label = suppressionLabel(f);
  return `${f.severity}${label ? ` (${label})` : ''}: ${targetLabel(f.target)}${f.property ? ` ${f.property}` : ''}: ${f.message}\n  at ${f.locations.map(locationLabel).join(', ')}\n  fix: ${f.remediation}`;
}

/** Format a lint result as JUnit XML. */
export function formatJunit(result: LintResult, ctx: ReportContext): string {
  const titles = new Map(ctx.rules.map((m) => [m.id, m.title]));
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
  const suites: string[] = [];
  let total = 0;
  let totalFailures = 0;
  let totalErrors = 0;
  let totalSkipped = 0;

  for (const host of result.hosts) {
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    if (host.status === 'error') {
      errors++;
      cases.push(`    <testcase classname="${x(host.name)}" name="load">\n      <error message="${x(host.error ?? 'could not be read')}"/>\n    </testcase>`);
    } else {
      const ruleIds = [...new Set([...(host.rules ?? []), ...(rulesWithFindings.get(host.name) ?? [])])].sort();
      for (const id of ruleIds) {
        const name = titles.has(id) ? `${id}: ${titles.get(id)}` : id;
        const findings = byHostRule.get(key(host.name, id)) ?? [];
        const failing = findings.filter((f) => f.suppressed === null && f.severity !== 'info');
        const na = naByHostRule.get(key(host.name, id));
        const body: string[] = [];
        if (failing.length > 0) {
          failures++;
          const type = failing.some((f) => f.severity === 'error') ? 'error' : 'warning';
          body.push(`      <failure type="${type}" message="${x(`${failing.length} finding${failing.length === 1 ? '' : 's'}: ${failing[0].message}`)}">${x(failing.map(findingText).join('\n'))}</failure>`);
        } else if (na && findings.length === 0) {
          skipped++;
          body.push(`      <skipped message="${x(`not applicable: ${na.reason}`)}"/>`);
        }
        const other = findings.filter((f) => !failing.includes(f));
        if (other.length > 0) body.push(`      <system-out>${x(other.map(findingText).join('\n'))}</system-out>`);
        const open = `    <testcase classname="${x(host.name)}" name="${x(name)}"`;
        cases.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
      }
    }
    total += cases.length;
    totalFailures += failures;
    totalErrors += errors;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite name="${x(host.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`,
    );
  }
  const head = `<testsuites name="${x(result.tool.name)}" tests="${total}" failures="${totalFailures}" errors="${totalErrors}" skipped="${totalSkipped}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
