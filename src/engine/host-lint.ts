/**
 * Lint in two steps so a fleet streams (issue 11): `lintHost` runs every rule on one host and
 * keeps only what the report needs (findings, not-applicable notes, the host's status) and, for
 * rules that compare peers, the small summary and prepared candidates of `Rule.fleet`; the model
 * can then be dropped. `finishLint` judges the fleet rules over every host's summary and gives
 * the result exactly as linting all hosts at once did. A HostLint survives JSON and
 * structuredClone, so it crosses worker threads, the cache and CI shards.
 */
import type { Host } from '../model/host.js';
import { InputError, UsageError } from '../model/errors.js';
import type { BaselineSet } from './baseline.js';
import { RuleCatalog, ordinal } from './catalog.js';
import type { RuleSettings } from './config.js';
import { applyBaseline } from './apply-baseline.js';
import { compareFindings, findingSeverity, planRule, summarize, toFinding } from './finding.js';
import type { HostFailure } from './host-failure.js';
import type { WaiverSet } from './waivers.js';
import { isNoSimulation } from './types.js';
import type { Finding, FleetPeer, HostStatus, InputFailure, LintResult, NotApplicable, Rule, RuleContext, RuleOutcome, Severity } from './types.js';

/** One host linted by every rule that needs only the host itself. */
export interface HostLint {
  status: HostStatus;
  findings: Finding[];
  notApplicable: NotApplicable[];
  /** Where a finding without a location points (the host's first file). */
  defaultFile: string;
  /** Per fleet rule: what peers see of this host. */
  summaries: { ruleId: string; summary: unknown }[];
  /** Fleet rules that apply to this host, to be judged once every host is known. */
  pending: PendingFleetCheck[];
}

/** A fleet rule's verdict held back until the fleet is known. */
export interface PendingFleetCheck {
  ruleId: string;
  severity: Severity;
  userSet: boolean;
  prepared: unknown;
}

/** What linting one host needs. */
export interface HostLintOptions {
  rules: RuleCatalog;
  settings?: RuleSettings;
  /** This host's simulation under the `--traffic` profile, when one was given (called at most once). */
  simulate?: (host: Host) => unknown;
  /** Receives each rule's evaluation time on the host (milliseconds), for `--timing`. */
  timing?: (ruleId: string, ms: number) => void;
  clock?: () => number;
}

/** What finishing a run needs. */
export interface FinishOptions {
  rules: RuleCatalog;
  tool: { name: string; version: string };
  settings?: RuleSettings;
  waivers?: WaiverSet;
  baseline?: BaselineSet;
  timing?: (ruleId: string, ms: number) => void;
  clock?: () => number;
}

function runRule(rule: Rule, hostName: string, evaluate: () => RuleOutcome): RuleOutcome {
  try {
    return evaluate();
  } catch (err) {
    throw ruleFailure(rule, hostName, err);
  }
}

/**
 * runRule for a host rule's check. Called for every rule on every host, so it takes the context
 * rather than a closure: a closure made per call loses its optimized code at each major GC.
 */
function checkRule(rule: Rule, hostName: string, ctx: RuleContext): RuleOutcome {
  try {
    return rule.check(ctx);
  } catch (err) {
    throw ruleFailure(rule, hostName, err);
  }
}

function ruleFailure(rule: Rule, hostName: string, err: unknown): unknown {
  // A rule that fails on the user's input (a traffic profile that does not fit the host)
  // reports that input as it stands: file, line and column, exit 2, not an internal error.
  if (err instanceof InputError || err instanceof UsageError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(`rule ${rule.meta.id} failed on host ${hostName}: ${msg}`, { cause: err });
}

/** Lint one host with every rule; fleet rules are prepared, not judged (see finishLint). */
export function lintHost(host: Host, options: HostLintOptions): HostLint {
  const clock = options.clock ?? (() => performance.now());
  const out: HostLint = { status: { name: host.name, release: host.os.release, status: 'ok' }, findings: [], notApplicable: [], defaultFile: (host.sources[0]?.file ?? host.name).replace(/\\/g, '/'), summaries: [], pending: [] };
  if (host.os.build !== undefined) out.status.build = host.os.build;
  const evaluated: string[] = [];
  let simulated: { value: unknown } | undefined;
  const simulate = options.simulate;
  const simulation = simulate ? () => (simulated ??= { value: simulate(host) }).value : undefined;
  for (const rule of options.rules.rules) {
    const fleetRule = rule.meta.needs?.includes('fleet') ? rule.fleet : undefined;
    // A peer rule without its two steps would be judged on this host alone, silently.
    if (rule.meta.needs?.includes('fleet') && !fleetRule) throw new Error(`rule ${rule.meta.id} needs the fleet but has no fleet step (Rule.fleet)`);
    // Every host is a peer, whatever the rule's plan on it (as in a whole-fleet run).
    if (fleetRule) out.summaries.push({ ruleId: rule.meta.id, summary: fleetRule.summary(host) });
    const setting = options.settings?.forHost(rule, host.name);
    // The fleet's size is known at the end: here a fleet rule is planned as if it had peers.
    const plan = planRule(rule, host, fleetRule ? 2 : 1, setting?.severity, simulation !== undefined);
    if (!plan.run) {
      if (!plan.off) {
        evaluated.push(rule.meta.id);
        out.notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: plan.reason });
      }
      continue;
    }
    evaluated.push(rule.meta.id);
    if (simulation && rule.meta.needs?.includes('traffic')) {
      const sim = simulation();
      if (isNoSimulation(sim)) {
        out.notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: sim.noSimulation });
        continue;
      }
    }
    const ruleOptions = setting?.options ?? { ...(rule.meta.defaultOptions ?? {}) };
    const start = options.timing ? clock() : 0;
    if (fleetRule) {
      const prepared = runRule(rule, host.name, () => {
        const p = fleetRule.prepare({ host, options: ruleOptions, ...(simulation ? { simulation } : {}) });
        return p as RuleOutcome;
      });
      if (options.timing) options.timing(rule.meta.id, clock() - start);
      out.pending.push({ ruleId: rule.meta.id, severity: plan.severity, userSet: plan.userSet, prepared });
      continue;
    }
    const ctx: RuleContext = { host, fleet: [host], options: ruleOptions };
    if (simulation) ctx.simulation = simulation;
    const outcome = checkRule(rule, host.name, ctx);
    if (options.timing) options.timing(rule.meta.id, clock() - start);
    if (!Array.isArray(outcome)) {
      out.notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: outcome.notApplicable });
      continue;
    }
    for (const report of outcome) out.findings.push(toFinding(rule, host.name, out.defaultFile, findingSeverity(plan, report), report));
  }
  out.status.rules = evaluated;
  return out;
}

/**
 * The run's result from every host's lint and the inputs that failed: fleet rules judged over
 * all hosts' summaries, findings sorted, waivers then the baseline applied. Identical to linting
 * the hosts together, whatever order the hosts arrive in.
 */
export function finishLint(hosts: readonly HostLint[], failures: readonly HostFailure[], options: FinishOptions): LintResult {
  const catalog = options.rules;
  const clock = options.clock ?? (() => performance.now());
  const sorted = [...hosts].sort((a, b) => ordinal(a.status.name, b.status.name));
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const statuses: HostStatus[] = [];
  const peers = new Map<string, FleetPeer[]>();
  for (const h of sorted) {
    for (const s of h.summaries) {
      let list = peers.get(s.ruleId);
      if (!list) peers.set(s.ruleId, (list = []));
      list.push({ host: h.status.name, summary: s.summary });
    }
  }
  for (const h of sorted) {
    statuses.push(h.status);
    for (const f of h.findings) findings.push(f);
    for (const n of h.notApplicable) notApplicable.push(n);
    for (const p of h.pending) {
      const rule = catalog.resolve(p.ruleId);
      if (!rule?.fleet) throw new Error(`fleet rule ${p.ruleId} is not in the catalog`);
      if (sorted.length < 2) {
        notApplicable.push({ ruleId: p.ruleId, host: h.status.name, reason: 'compares peers and needs at least two hosts' });
        continue;
      }
      const start = options.timing ? clock() : 0;
      const fleet = rule.fleet;
      const outcome = runRule(rule, h.status.name, () => fleet.judge(p.prepared, h.status.name, peers.get(p.ruleId) ?? []));
      if (options.timing) options.timing(p.ruleId, clock() - start);
      if (!Array.isArray(outcome)) {
        notApplicable.push({ ruleId: p.ruleId, host: h.status.name, reason: outcome.notApplicable });
        continue;
      }
      for (const report of outcome) findings.push(toFinding(rule, h.status.name, h.defaultFile, findingSeverity(p, report), report));
    }
  }

  // One status per unreadable host name (or file, when the host is unknown), listing every input
  // rejected under it: a fleet of 900 captures of three hosts is 897 entries, not one long line.
  const failed = new Map<string, InputFailure[]>();
  for (const f of failures) {
    const name = f.host ?? f.file;
    let list = failed.get(name);
    if (!list) failed.set(name, (list = []));
    list.push({ file: f.file.replace(/\\/g, '/'), message: f.error.message });
  }
  for (const [name, list] of failed) {
    list.sort((a, b) => ordinal(a.file, b.file) || ordinal(a.message, b.message));
    const more = list.length > 1 ? `; and ${list.length - 1} more (listed in failures)` : '';
    statuses.push({ name, release: 'unknown', status: 'error', error: `${list[0].message}${more}`, failures: list });
  }
  statuses.sort((a, b) => ordinal(a.name, b.name) || ordinal(a.error ?? '', b.error ?? ''));
  findings.sort(compareFindings);
  notApplicable.sort((a, b) => ordinal(a.host, b.host) || ordinal(a.ruleId, b.ruleId) || ordinal(a.reason, b.reason));

  for (const f of findings) {
    const waiver = options.waivers?.apply(f);
    if (waiver) f.suppressed = { kind: 'waiver', reason: waiver.reason };
  }
  const result: LintResult = {
    schemaVersion: 1,
    tool: { name: options.tool.name, version: options.tool.version },
    hosts: statuses,
    findings,
    notApplicable,
    summary: summarize(findings, notApplicable.length),
    housekeeping: { ...(options.waivers?.housekeeping() ?? { expiredWaivers: [], unusedWaivers: [] }), unmatchedBaseline: [] },
  };
  return options.baseline ? applyBaseline(result, options.baseline, catalog) : result;
}
