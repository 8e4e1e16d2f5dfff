/** `--quiet`: the result as displayed when only errors are wanted. The gate still sees everything. */
import type { LintResult } from './types.js';

/**
 * A copy listing only error findings (suppressed ones too) and no not-applicable notes. The
 * summary is the full one: quiet hides lines, not counts, so the summary agrees with the gate.
 */
export function errorsOnly(result: LintResult): LintResult {
  const findings = result.findings.filter((f) => f.severity === 'error');
  return { ...result, findings, notApplicable: [] };
}
