/** The CI gate: which unsuppressed findings fail a run (`--fail-on`, `--max-warnings`). */
import type { LintResult, Severity } from './types.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface GateOptions {
  /** Lowest severity that fails the gate (default error); 'none': no severity does (--max-warnings still can). */
  failOn: Severity | 'none';
  /** More unsuppressed warnings than this fail the gate. */
  maxWarnings?: number;
}

export interface GateOutcome {
  failed: boolean;
  /** Why it failed, one line each (empty when it passed). */
  reasons: string[];
}

/** Evaluate the gate; baselined and waived findings never count. */
export function evaluateGate(result: LintResult, opts: GateOptions): GateOutcome {
  const reasons: string[] = [];
  const live = result.findings.filter((f) => f.suppressed === null);
  const failOn = opts.failOn;
  const atOrAbove = failOn === 'none' ? 0 : live.filter((f) => RANK[f.severity] >= RANK[failOn]).length;
  if (atOrAbove > 0) {
    reasons.push(`${atOrAbove} finding${atOrAbove === 1 ? '' : 's'} at or above '${opts.failOn}'`);
  }
  const warnings = live.filter((f) => f.severity === 'warning').length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    reasons.push(`${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${opts.maxWarnings}`);
  }
  return { failed: reasons.length > 0, reasons };
}
