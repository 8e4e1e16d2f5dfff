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

/** A diff or drift result as GitHub Actions workflow commands, a piece a command. */
export function* diffGithubChunks(r: DiffResult): Generator<string> {
  const what = r.mode === 'drift' ? 'drift' : 'change';
  for (const c of ordered(r)) {
    const command = c.severity === 'info' ? 'notice' : c.severity;
    const loc = c.locations?.[0];
    const props = loc ? [`file=${escapeProperty(loc.file)}`, `line=${Math.max(1, loc.line)}`, ...(loc.col !== undefined ? [`col=${loc.col}`] : [])] : [];
    props.push(`title=${escapeProperty(`vmqlint ${what} ${c.host}`)}`);
    yield `::${command} ${props.join(',')}::${escapeData(changeText(c))}\n`;
  }
  for (const u of r.unmatched ?? []) yield `::error title=${escapeProperty('Desired state matched nothing')}::${escapeData(u)}\n`;
  yield `vmqlint: ${escapeData(diffSummaryLine(r))}\n`;
}

/** Format a diff or drift result as GitHub Actions workflow commands (diffGithubChunks, joined). */
export function formatDiffGithub(r: DiffResult): string {
  return [...diffGithubChunks(r)].join('');
}

function testcase(host: string, c: Change): string {
  const name = `${targetText(c.target)} ${c.property}`;
  const where = c.locations?.length ? `\n  at ${c.locations.map(locationLabel).join(', ')}` : '';
  return `    <testcase classname="${x(host)}" name="${x(name)}">\n      <failure type="${c.severity}" message="${x(changeText(c).split('\n')[0])}">${x(`${changeText(c)}${where}`)}</failure>\n    </testcase>`;
}

/**
 * A diff or drift result as JUnit XML, a piece per host's testsuite. The totals the root element
 * carries are counted from the result first: a suite has a testcase per change, or one passing.
 */
export function* diffJunitChunks(r: DiffResult): Generator<string> {
  const byHost = new Map<string, Change[]>();
  for (const c of ordered(r)) {
    const list = byHost.get(c.host);
    if (list) list.push(c);
    else byHost.set(c.host, [c]);
  }
  const hosts = [...new Set([...r.hosts.map((h) => h.host), ...byHost.keys()])];
  const unmatched = r.unmatched ?? [];
  let tests = unmatched.length;
  for (const host of hosts) tests += Math.max(1, byHost.get(host)?.length ?? 0);
  const failures = r.changes.length + unmatched.length;
  const name = r.mode === 'drift' ? 'vmqlint drift' : 'vmqlint diff';
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="0">\n`;
  // The suites are joined by line feeds between them: none at all leaves one empty line.
  if (hosts.length === 0 && unmatched.length === 0) yield '\n';
  for (const host of hosts) {
    const changes = byHost.get(host) ?? [];
    const cases = changes.map((c) => testcase(host, c));
    if (cases.length === 0) cases.push(`    <testcase classname="${x(host)}" name="${r.mode === 'drift' ? 'matches the desired state' : 'unchanged'}"/>`);
    yield `  <testsuite name="${x(host)}" tests="${cases.length}" failures="${changes.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n`;
  }
  if (unmatched.length > 0) {
    const cases = unmatched.map((u) => `    <testcase classname="desired" name="${x(u)}">\n      <failure type="error" message="matched no object on any host">${x(u)}</failure>\n    </testcase>`);
    yield `  <testsuite name="desired state" tests="${cases.length}" failures="${cases.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n`;
  }
  yield '</testsuites>\n';
}

/** Format a diff or drift result as JUnit XML (diffJunitChunks, joined). */
export function formatDiffJunit(r: DiffResult): string {
  return [...diffJunitChunks(r)].join('');
}
