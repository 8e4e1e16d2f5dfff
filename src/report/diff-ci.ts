/**
 * `github` and `junit` for diff and drift, for CI logs and test-result tabs. GitHub: one
 * annotation per change (drift: per mismatch, at the file and line the actual value was read),
 * errors first, then the plan line. JUnit: one testsuite per host and one testcase per change,
 * each a failure of the change's severity (the gate's default, --fail-on info, fails on every
 * change); an unchanged host is one passing testcase, and a drift expectation that matched
 * nothing fails in its own suite.
 */
import type { Change, DiffResult } from '../diff/types.js';
import type { Severity } from '../engine/types.js';
import { locationLabel } from './common.js';
import { changeBody, changeNotes, diffSummaryLine, findingText, targetText } from './diff-common.js';
import { escapeData, escapeProperty } from './github.js';
import { escapeXml as x } from './xml.js';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The change in one line, then what it introduces and resolves, and its fix. */
function changeText(c: Change): string {
  const body = changeBody(c);
  const notes = changeNotes(c);
  const lines = [`${targetText(c.target)}${body ? ` ${body}` : ` ${c.kind.replace(/-/g, ' ')}`}${notes.length ? ` (${notes.join('; ')})` : ''}`];
  for (const f of c.introduces) lines.push(`introduces ${findingText(f)}: ${f.message}`);
  for (const f of c.resolves) lines.push(`resolves ${findingText(f)}`);
  if (c.fix?.length) lines.push(`Fix: ${c.fix.map((f) => f.command).join('\n')}`);
  return lines.join('\n');
}

function ordered(r: DiffResult): Change[] {
  return [...r.changes].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** Format a diff or drift result as GitHub Actions workflow commands. */
export function formatDiffGithub(r: DiffResult): string {
  const what = r.mode === 'drift' ? 'drift' : 'change';
  const lines = ordered(r).map((c) => {
    const command = c.severity === 'info' ? 'notice' : c.severity;
    const loc = c.locations?.[0];
    const props = loc ? [`file=${escapeProperty(loc.file)}`, `line=${Math.max(1, loc.line)}`, ...(loc.col !== undefined ? [`col=${loc.col}`] : [])] : [];
    props.push(`title=${escapeProperty(`vmqlint ${what} ${c.host}`)}`);
    return `::${command} ${props.join(',')}::${escapeData(changeText(c))}`;
  });
  for (const u of r.unmatched ?? []) lines.push(`::error title=${escapeProperty('Desired state matched nothing')}::${escapeData(u)}`);
  lines.push(`vmqlint: ${escapeData(diffSummaryLine(r))}`);
  return `${lines.join('\n')}\n`;
}

/** Format a diff or drift result as JUnit XML. */
export function formatDiffJunit(r: DiffResult): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  const byHost = new Map<string, Change[]>();
  for (const c of ordered(r)) byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  const hosts = [...new Set([...r.hosts.map((h) => h.host), ...byHost.keys()])];
  for (const host of hosts) {
    const changes = byHost.get(host) ?? [];
    const cases = changes.map((c) => {
      const name = `${targetText(c.target)} ${c.property}`;
      const where = c.locations?.length ? `\n  at ${c.locations.map(locationLabel).join(', ')}` : '';
      return `    <testcase classname="${x(host)}" name="${x(name)}">\n      <failure type="${c.severity}" message="${x(changeText(c).split('\n')[0])}">${x(`${changeText(c)}${where}`)}</failure>\n    </testcase>`;
    });
    if (cases.length === 0) cases.push(`    <testcase classname="${x(host)}" name="${r.mode === 'drift' ? 'matches the desired state' : 'unchanged'}"/>`);
    tests += cases.length;
    failures += changes.length;
    suites.push(`  <testsuite name="${x(host)}" tests="${cases.length}" failures="${changes.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (r.unmatched?.length) {
    const cases = r.unmatched.map((u) => `    <testcase classname="desired" name="${x(u)}">\n      <failure type="error" message="matched no object on any host">${x(u)}</failure>\n    </testcase>`);
    tests += cases.length;
    failures += cases.length;
    suites.push(`  <testsuite name="desired state" tests="${cases.length}" failures="${cases.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const name = r.mode === 'drift' ? 'vmqlint drift' : 'vmqlint diff';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
