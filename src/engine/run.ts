/**
 * The lint engine: runs every enabled rule on every host and turns what rules report into
 * findings (severity from config/overrides/release, fingerprint, waiver or baseline suppression),
 * not-applicable notes and a summary. It does no I/O; the simulator comes in as a function.
 * A streamed run calls the two steps (host-lint.ts) itself; this runs them over hosts in memory.
 */
import type { Host } from '../model/host.js';
import type { BaselineSet } from './baseline.js';
import { RuleCatalog } from './catalog.js';
import type { RuleSettings } from './config.js';
import { finishLint, lintHost } from './host-lint.js';
import type { HostFailure } from './host-failure.js';
import type { WaiverSet } from './waivers.js';
import type { LintResult, Rule } from './types.js';

export { applyBaseline } from './apply-baseline.js';
export { compareFindings, planRule, summarize } from './finding.js';
export type { HostFailure } from './host-failure.js';

export interface LintOptions {
  /** The rules to run (the catalog resolves aliases). */
  rules: RuleCatalog | readonly Rule[];
  tool: { name: string; version: string };
  settings?: RuleSettings;
  waivers?: WaiverSet;
  baseline?: BaselineSet;
  /** Simulates a host under the `--traffic` profile; called at most once per host, on demand. */
  simulate?: (host: Host) => unknown;
  /** Receives each rule's evaluation time per host (milliseconds), for `--timing`. */
  timing?: (ruleId: string, ms: number) => void;
  /** Monotonic clock for timing; defaults to performance.now. */
  clock?: () => number;
}

/** Lint hosts; failures (inputs that did not load) become hosts with status "error". */
export function lintHosts(hosts: readonly Host[], failures: readonly HostFailure[], options: LintOptions): LintResult {
  const rules = options.rules instanceof RuleCatalog ? options.rules : new RuleCatalog(options.rules);
  const common = { rules, ...(options.settings ? { settings: options.settings } : {}), ...(options.timing ? { timing: options.timing } : {}), ...(options.clock ? { clock: options.clock } : {}) };
  const linted = hosts.map((h) => lintHost(h, { ...common, ...(options.simulate ? { simulate: options.simulate } : {}) }));
  return finishLint(linted, failures, { ...common, tool: options.tool, ...(options.waivers ? { waivers: options.waivers } : {}), ...(options.baseline ? { baseline: options.baseline } : {}) });
}
