/** `--quiet`: the result as displayed when only errors are wanted. The gate still sees everything. */
import { summarize } from './run.js';
import type { LintResult } from './types.js';

/** A copy keeping only error findings (suppressed ones too) and no not-applicable notes. */
export function errorsOnly(result: LintResult): LintResult {
  const findings = result.findings.filter((f) => f.severity === 'error');
  return { ...result, findings, notApplicable: [], summary: summarize(findings, 0) };
}
