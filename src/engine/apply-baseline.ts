/** A baseline applied to a finished result. */
import type { BaselineSet } from './baseline.js';
import type { RuleCatalog } from './catalog.js';
import { summarize } from './finding.js';
import type { LintResult } from './types.js';

/**
 * The result with a baseline applied: matching findings that no waiver covers become baselined
 * (a waiver's explicit reason wins), and entries nothing matched are listed for pruning. With the
 * catalog, entries written under a rule's retired id match too.
 */
export function applyBaseline(result: LintResult, baseline: BaselineSet, catalog?: RuleCatalog): LintResult {
  const findings = result.findings.map((f) => {
    // Asked for every finding, waived ones too, so an entry a waiver now covers is not "stale".
    // A renamed rule's retired ids still match the entries written under them.
    const hit = baseline.match(f, catalog?.resolve(f.ruleId)?.meta.aliases ?? []);
    if (!hit) return f;
    return f.suppressed === null ? { ...f, suppressed: { kind: 'baseline' as const } } : { ...f, suppressed: { ...f.suppressed, inBaseline: true } };
  });
  const hk = result.housekeeping ?? { expiredWaivers: [], unusedWaivers: [], unmatchedBaseline: [] };
  return {
    ...result,
    findings,
    summary: summarize(findings, result.notApplicable.length),
    housekeeping: { baselineFile: baseline.file, expiredWaivers: hk.expiredWaivers, unusedWaivers: hk.unusedWaivers, unmatchedBaseline: baseline.unmatched() },
  };
}
