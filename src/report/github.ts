/**
 * `github`: GitHub Actions workflow commands, one annotation per finding with its file and line.
 * Errors, warnings and info map to ::error, ::warning and ::notice; suppressed findings stay
 * visible as notices marked baselined or waived.
 */
import { visibleControls } from './safe-text.js';
import type { Finding, LintResult, WaiverNote } from '../engine/types.js';
import { countsBy, countsLine, housekeepingOf, suppressionLabel, summaryLine, targetLabel, waiverLabel } from './common.js';

/**
 * Escape a workflow-command message (GitHub's %25, %0D, %0A). `##vso[` is broken up too: the same
 * log may be read by an Azure Pipelines agent, which runs a logging command found anywhere in a line.
 */
export function escapeData(s: string): string {
  return visibleControls(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')).replace(/##vso\[/gi, '##vso%5B');
}

/** Escape a workflow-command property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function commandOf(f: Finding): 'error' | 'warning' | 'notice' {
  return suppressionLabel(f) || f.severity === 'info' ? 'notice' : f.severity;
}

const COMMAND_RANK = { error: 0, warning: 1, notice: 2 } as const;

function annotation(f: Finding): string {
  const label = suppressionLabel(f);
  const command = commandOf(f);
  const loc = f.locations[0];
  const props = [`file=${escapeProperty(loc.file)}`, `line=${loc.line}`];
  if (loc.col !== undefined) props.push(`col=${loc.col}`);
  props.push(`title=${escapeProperty(`${f.ruleId} ${f.host}${label ? ` (${label})` : ''}`)}`);
  const text = `${targetLabel(f.target)}${f.property ? ` ${f.property}` : ''}: ${f.message}\nFix: ${f.remediation}`;
  return `::${command} ${props.join(',')}::${escapeData(text)}`;
}

/**
 * GitHub Actions workflow commands for a lint result, one line a piece. Errors come first, then
 * warnings, then notices: GitHub shows only the first annotations of each kind per step, so the
 * ones that fail the gate must not be crowded out. Counts per rule and per host close the log.
 */
export function* githubChunks(result: LintResult): Generator<string> {
  const ordered = [...result.findings].sort((a, b) => COMMAND_RANK[commandOf(a)] - COMMAND_RANK[commandOf(b)]);
  for (const f of ordered) yield `${annotation(f)}\n`;
  for (const h of result.hosts) {
    if (h.status === 'error') yield `::error title=${escapeProperty(`vmqlint could not read ${h.name}`)}::${escapeData(h.error ?? 'could not be read')}\n`;
  }
  const hk = housekeepingOf(result);
  const at = (w: WaiverNote) => (w.source.line > 0 ? `file=${escapeProperty(w.source.file)},line=${w.source.line},` : '');
  for (const w of hk.expiredWaivers) yield `::warning ${at(w)}title=Expired waiver::${escapeData(waiverLabel(w))}\n`;
  for (const w of hk.unusedWaivers) yield `::notice ${at(w)}title=Unused waiver::${escapeData(waiverLabel(w))}\n`;
  for (const e of hk.unmatchedBaseline) {
    yield `::notice title=Stale baseline entry::${escapeData(`${e.host} ${e.ruleId} ${e.target}: ${e.message}`)}\n`;
  }
  for (const c of countsBy(result, 'rule')) yield `vmqlint: rule ${escapeData(c.key)}: ${countsLine(c)}\n`;
  for (const c of countsBy(result, 'host')) yield `vmqlint: host ${escapeData(c.key)}: ${countsLine(c)}\n`;
  yield `vmqlint: ${summaryLine(result.summary)}\n`;
}

/** Format a lint result as GitHub Actions workflow commands (githubChunks, joined). */
export function formatGithub(result: LintResult): string {
  return [...githubChunks(result)].join('');
}
