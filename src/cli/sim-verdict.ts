/**
 * The verdict on a `simulate --html` page: the lint findings of the simulation rules
 * (predicted-core-saturation, default-queue-bottleneck, vmq-queue-waste) for the run just made,
 * run through the same engine as `lint --traffic`, so the page and lint never disagree and the
 * report layer stays a formatter.
 */
import { lintHosts } from '../engine/run.js';
import type { Rule } from '../engine/types.js';
import type { Host } from '../model/host.js';
import { VERDICT_RULES, type VerdictFinding } from '../report/sim-html.js';
import type { SimResult } from '../sim/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** The verdict rules' findings on a host, with the simulation already run as the rules' input. */
export function verdictFindings(host: Host, result: SimResult, rules: readonly Rule[]): VerdictFinding[] {
  const wanted = new Set<string>(VERDICT_RULES);
  const chosen = rules.filter((r) => wanted.has(r.meta.id));
  const lint = lintHosts([host], [], { rules: chosen, tool: { name: TOOL_NAME, version: TOOL_VERSION }, simulate: () => result });
  return lint.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, remediation: f.remediation, commands: (f.fix ?? []).map((c) => c.command) }));
}
