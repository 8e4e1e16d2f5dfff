/**
 * `sarif` for diff and drift, built by the lint SARIF writer (src/report/sarif.ts) so both logs
 * look alike to code scanning. A diff reports the findings its changes introduce, as the lint
 * engine found them after the change; a drift reports each desired-state mismatch as a result of
 * rule `desired-mismatch`, located where the actual value was read.
 */
import type { Loc } from '../model/host.js';
import type { Change, DiffResult } from '../diff/types.js';
import { fingerprint } from '../engine/fingerprint.js';
import type { Finding, HostStatus, LintResult, LintSummary } from '../engine/types.js';
import type { ReportContext } from './context.js';
import { valueText } from './diff-common.js';
import { sarifChunks } from './sarif.js';

/** The rule id drift results carry. */
export const DESIRED_MISMATCH_RULE = 'desired-mismatch';

export interface DiffSarifInput {
  tool: { name: string; version: string };
  /** Diff: the lint result of the after side; its findings the diff introduced are reported. */
  after?: LintResult;
  /** Drift: the hosts checked (the run's host list). */
  hosts?: HostStatus[];
  /** Drift: a file to cite for a mismatch the model has no location for (the host's first input). */
  sourceOf?: (host: string) => string | undefined;
}

function summaryOf(findings: readonly Finding[]): LintSummary {
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return { error: count('error'), warning: count('warning'), info: count('info'), baselined: 0, waived: 0, notApplicable: 0 };
}

function mismatchFinding(c: Change, sourceOf: DiffSarifInput['sourceOf']): Finding {
  const actual = c.before === null ? 'not set' : valueText(c.before.value);
  const desired = c.after === null ? 'not set' : valueText(c.after.value);
  const locations: Loc[] = c.locations?.length ? c.locations.map((l) => ({ ...l, line: l.line >= 1 ? l.line : 1 })) : [{ file: sourceOf?.(c.host) ?? c.host, line: 1 }];
  return {
    ruleId: DESIRED_MISMATCH_RULE,
    severity: c.severity,
    host: c.host,
    target: c.target,
    property: c.property,
    message: `${c.property} is ${actual}; ${c.expectation ?? 'the desired state'} expects ${desired}`,
    evidence: { actual: c.before, desired: c.after, expectation: c.expectation },
    remediation: (c.fix ?? []).map((f) => f.command).join('\n'),
    ...(c.fix ? { fix: c.fix } : {}),
    locations,
    fingerprint: fingerprint(c.host, c.target, DESIRED_MISMATCH_RULE, c.property),
    suppressed: null,
  };
}

/** Format a diff or drift result as a SARIF 2.1.0 log. */
export function formatDiffSarif(result: DiffResult, input: DiffSarifInput, ctx: ReportContext): string {
  return [...diffSarifChunks(result, input, ctx)].join('');
}

/** The pieces of formatDiffSarif, result by result (sarifChunks), for a report too large for one string. */
export function diffSarifChunks(result: DiffResult, input: DiffSarifInput, ctx: ReportContext): Generator<string> {
  let findings: Finding[];
  let hosts: HostStatus[];
  if (result.mode === 'drift') {
    findings = result.changes.map((c) => mismatchFinding(c, input.sourceOf));
    hosts = input.hosts ?? result.hosts.map((h) => ({ name: h.host, release: 'unknown', status: 'ok' }));
  } else {
    const introduced = new Set(result.hosts.flatMap((h) => h.introduced.map((f) => `${h.host.toLowerCase()}\u0000${f.fingerprint}`)));
    findings = (input.after?.findings ?? []).filter((f) => f.suppressed === null && introduced.has(`${f.host.toLowerCase()}\u0000${f.fingerprint}`));
    hosts = input.after?.hosts ?? result.hosts.map((h) => ({ name: h.host, release: 'unknown', status: 'ok' }));
  }
  const lint: LintResult = {
    schemaVersion: 1,
    tool: input.tool,
    hosts,
    findings,
    notApplicable: [],
    summary: summaryOf(findings),
  };
  return sarifChunks(lint, ctx);
}
