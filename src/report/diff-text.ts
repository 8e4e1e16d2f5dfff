/**
 * `text` for diff and drift: a plan, grouped by host, one line per change
 * (`~ adapter "SLOT 2 Port 1" *VMQ: "1" -> "0"`), the findings each change introduces and
 * resolves under it, the fix for a drift, and the predicted impact when a traffic profile was given.
 */
import { safeChunks } from './safe-text.js';
import { createColors } from 'picocolors';
import { unexplainedFindings } from '../diff/gate.js';
import type { Change, DiffResult, HostDiff } from '../diff/types.js';
import type { Severity } from '../engine/types.js';
import { linesText, plural } from './common.js';
import { changeBody, changeNotes, changeSymbol, changesByHost, diffSummaryLine, findingText, notComparedWhy, targetText } from './diff-common.js';

type Colors = ReturnType<typeof createColors>;

function severityText(s: Severity, c: Colors): string {
  return s === 'error' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.dim(s);
}

function changeLines(ch: Change, c: Colors): string[] {
  const sym = changeSymbol(ch);
  const paint = sym === '+' ? c.green : sym === '-' ? c.red : c.yellow;
  const body = changeBody(ch);
  const notes = changeNotes(ch);
  const sev = ch.severity !== 'info' ? ` [${severityText(ch.severity, c)}]` : '';
  const lines = [`  ${paint(sym)} ${targetText(ch.target)}${body ? ` ${body}` : ''}${notes.length ? c.dim(` (${notes.join('; ')})`) : ''}${sev}`];
  for (const f of ch.introduces) lines.push(`      ${c.red('introduces')} ${findingText(f)}: ${f.message}`);
  for (const f of ch.resolves) lines.push(`      ${c.green('resolves')} ${findingText(f)}: ${f.message}`);
  for (const fix of ch.fix ?? []) lines.push(`      ${c.cyan('fix')} ${fix.command}${fix.disruption !== 'none' ? c.dim(`  # ${fix.disruption}`) : ''}`);
  return lines;
}

function hostLines(h: HostDiff, changes: Change[], c: Colors): string[] {
  const lines = [c.bold(h.host) + (h.status === 'added' || h.status === 'removed' ? c.dim(` (${h.status})`) : '')];
  for (const ch of changes) for (const item of changeLines(ch, c)) lines.push(item);
  const loose = new Set(h.unattributed);
  const introduced = h.introduced.filter((f) => loose.has(f.fingerprint));
  const resolved = h.resolved.filter((f) => loose.has(f.fingerprint));
  if (introduced.length + resolved.length > 0) {
    lines.push(`  ${c.dim('findings no single change explains:')}`);
    for (const f of introduced) lines.push(`      ${c.red('introduces')} ${findingText(f)}: ${f.message}`);
    for (const f of resolved) lines.push(`      ${c.green('resolves')} ${findingText(f)}: ${f.message}`);
  }
  if (h.impact) {
    lines.push(`  ${c.bold('predicted impact')} ${c.dim(`(traffic profile ${h.impact.profile})`)}`);
    for (const m of h.impact.metrics) {
      const unit = m.unit ? ` ${m.unit}` : '';
      lines.push(`      ${m.name}: ${String(m.before ?? '-')}${unit} -> ${String(m.after ?? '-')}${unit}`);
    }
    for (const n of h.impact.notes) lines.push(`      ${c.dim(n)}`);
  }
  return lines;
}

/**
 * A diff or drift result as a plan, a piece per host and per closing section. `ungated`: rules
 * whose findings do not fail the gate (see `ungatedRules`), so the verdict counts what the exit
 * code counts.
 */
function* diffTextUnsafeChunks(result: DiffResult, opts: DiffTextOptions): Generator<string> {
  const c = createColors(opts.color);
  const changesOf = changesByHost(result);
  for (const h of result.hosts) {
    const changes = changesOf(h.host);
    if (changes.length === 0 && h.introduced.length === 0 && h.resolved.length === 0 && !h.impact) continue;
    yield linesText([...hostLines(h, changes, c), '']);
  }
  if (result.notCompared.length > 0) {
    yield linesText([c.yellow('Not compared (not exported, or lost by the export format):')]);
    // A fleet missing a section everywhere lists it on every host: one piece a line.
    for (const n of result.notCompared) yield linesText([`  ${n.host}: ${n.section} (${notComparedWhy(n, result.mode)})`]);
    yield linesText(['']);
  }
  if (result.unmatched && result.unmatched.length > 0) {
    yield linesText([c.yellow('Expectations that matched nothing (check their selectors):'), ...result.unmatched.map((label) => `  ${label}`), '']);
  }
  const out: string[] = [];
  const unexplained = unexplainedFindings(result, opts.ungated ?? new Set()).length;
  if (result.changes.length === 0 && unexplained > 0) {
    // "No changes." above a new finding would read as a pass while the gate fails on it.
    out.push(c.yellow(`0 changes and ${plural(unexplained, 'new finding')} no change explains (listed above).`));
    if (result.summary.ignored > 0) out.push(c.dim(`${result.summary.ignored} ignored as noise or by diff.ignore.`));
  } else if (result.changes.length === 0 && (result.unmatched?.length ?? 0) > 0) {
    // An expectation that matched nothing checked nothing: "every expectation holds" would be false.
    const n = result.unmatched?.length ?? 0;
    out.push(c.yellow(`No drift in what was checked, but ${plural(n, 'expectation')} matched nothing (listed above).`));
    if (result.summary.ignored > 0) out.push(c.dim(`${result.summary.ignored} ignored as noise or by diff.ignore.`));
  } else if (result.changes.length === 0) {
    out.push(result.mode === 'drift' ? c.green('No drift: every expectation holds.') : c.green('No changes.'));
    if (result.summary.ignored > 0) out.push(c.dim(`${result.summary.ignored} ignored as noise or by diff.ignore.`));
  } else {
    out.push(c.bold(diffSummaryLine(result)));
  }
  yield linesText(out);
}

/** Options of the plan: colour, and the rules whose findings do not fail the gate. */
export interface DiffTextOptions {
  color: boolean;
  ungated?: ReadonlySet<string>;
}

/** The plan in pieces of whole lines, made safe for a terminal or CI log (names from exports cannot inject escapes or CI commands). */
export function diffTextChunks(result: DiffResult, opts: DiffTextOptions): Generator<string> {
  return safeChunks(diffTextUnsafeChunks(result, opts));
}

/** Format a diff or drift result as a plan (diffTextChunks, joined). */
export function formatDiffText(result: DiffResult, opts: DiffTextOptions): string {
  return [...diffTextChunks(result, opts)].join('');
}
