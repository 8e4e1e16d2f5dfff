/**
 * What fails a diff or drift gate, counted once for the exit code, its stderr line and the text
 * verdict, so the three never disagree.
 */
import type { RuleMeta, Severity } from '../engine/types.js';
import type { DiffResult, FindingRef } from './types.js';

/** `--fail-on`: the lowest severity that fails the run, or none. */
export type FailOn = Severity | 'none';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Rules whose findings never fail a gate on their own: coverage rules describe the export (a lossy
 * format, a section not exported), not the host, so comparing a CLIXML export with a JSON one of
 * the same host must not read as a change to the host.
 */
export function ungatedRules(rules: readonly RuleMeta[]): ReadonlySet<string> {
  return new Set(rules.filter((r) => r.category === 'coverage').map((r) => r.id));
}

/** Findings the new state introduces that no change could be tied to, leaving out `ungated` rules. */
export function unexplainedFindings(result: DiffResult, ungated: ReadonlySet<string>): FindingRef[] {
  return result.hosts.flatMap((h) => {
    const loose = new Set(h.unattributed);
    return h.introduced.filter((f) => loose.has(f.fingerprint) && !ungated.has(f.ruleId));
  });
}

/** What fails the gate, by reason. */
export interface GateCount {
  /** Changes (drift: mismatches) at or above `--fail-on`. */
  changes: number;
  /**
   * New findings at or above `--fail-on` no change explains: they are new and at that severity, so
   * a CI gate must not pass them just because attribution failed.
   */
  unexplained: number;
  /** Drift: expectations that matched nothing, so checked nothing; a typo must not pass as "holds". */
  unmatched: number;
}

/** Count what fails the gate; `none` never fails (unmatched expectations fail at any other level). */
export function gateCount(result: DiffResult, failOn: FailOn, ungated: ReadonlySet<string>): GateCount {
  if (failOn === 'none') return { changes: 0, unexplained: 0, unmatched: 0 };
  const atOrAbove = (s: Severity): boolean => RANK[s] >= RANK[failOn];
  return {
    changes: result.changes.filter((c) => atOrAbove(c.severity)).length,
    unexplained: unexplainedFindings(result, ungated).filter((f) => atOrAbove(f.severity)).length,
    unmatched: result.unmatched?.length ?? 0,
  };
}

/** Everything that fails the gate. */
export function gateTotal(g: GateCount): number {
  return g.changes + g.unexplained + g.unmatched;
}
