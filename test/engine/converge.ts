/**
 * Shared by the fix-plan tests: lint hosts, build and apply each host's plan, lint again, and
 * compare the findings by fingerprint (rule, host, target, property).
 */
import { loadRules } from '../../rules/index.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { buildHostPlan, planCommands, type HostPlan } from '../../src/engine/fix-plan.js';
import { lintHosts } from '../../src/engine/run.js';
import type { Finding, LintResult } from '../../src/engine/types.js';
import type { Host } from '../../src/model/host.js';

export const rules = await loadRules();
const tool = { name: 'vmqlint', version: 'test' };

/**
 * Rules that may report on a host only after the plan made them applicable there, with values the
 * plan did not change. set-team-invalid: lbfo-vswitch-unsupported re-creates the switch as SET, and
 * the SET rules judge the members (their drivers and models) the plan cannot change.
 */
export const BECOMES_APPLICABLE: Readonly<Record<string, string>> = {
  'set-team-invalid': 'the LBFO -> SET conversion makes the SET team rules apply to members the plan does not change',
};

export function lint(hosts: readonly Host[], simulate?: (h: Host) => unknown): LintResult {
  return lintHosts(hosts, [], { rules, tool, ...(simulate ? { simulate } : {}) });
}

/** Each host's plan from a lint result (unsuppressed findings with fixes). */
export function plans(result: LintResult): Map<string, HostPlan> {
  const out = new Map<string, HostPlan>();
  for (const h of result.hosts) out.set(h.name, buildHostPlan(result.findings.filter((f) => f.host === h.name && f.suppressed === null && (f.fix?.length ?? 0) > 0)));
  return out;
}

export interface Convergence {
  before: LintResult;
  after: LintResult;
  plans: Map<string, HostPlan>;
  /** Findings that carried a fix and are still reported after the plan. */
  remaining: Finding[];
  /** Findings reported after the plan that were not before (allowed exceptions left out). */
  appeared: Finding[];
  /** New findings allowed by BECOMES_APPLICABLE. */
  excused: Finding[];
}

const line = (f: Finding): string => `${f.host} ${f.ruleId} ${f.target.kind}:${f.target.name} ${f.property ?? ''}: ${f.message}`;
export const describe = (fs: readonly Finding[]): string[] => fs.map(line);

/** Apply every host's plan and lint again. */
export function converge(hosts: readonly Host[], simulate?: (h: Host) => unknown): Convergence {
  const before = lint(hosts, simulate);
  const ps = plans(before);
  const fixed = hosts.map((h) => applyPlan(h, planCommands(ps.get(h.name) ?? { steps: [], dropped: [] })));
  const after = lint(fixed, simulate);
  const had = new Set(before.findings.map((f) => f.fingerprint));
  const fixedPrints = new Set(before.findings.filter((f) => (f.fix?.length ?? 0) > 0 && f.suppressed === null).map((f) => f.fingerprint));
  const wasNotApplicable = new Set(before.notApplicable.map((n) => `${n.host}\0${n.ruleId}`));
  const remaining = after.findings.filter((f) => fixedPrints.has(f.fingerprint));
  const fresh = after.findings.filter((f) => !had.has(f.fingerprint));
  const excusable = (f: Finding): boolean => BECOMES_APPLICABLE[f.ruleId] !== undefined && wasNotApplicable.has(`${f.host}\0${f.ruleId}`);
  return { before, after, plans: ps, remaining, appeared: fresh.filter((f) => !excusable(f)), excused: fresh.filter(excusable) };
}
