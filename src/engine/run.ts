/**
 * The lint engine: runs every enabled rule on every host and turns what rules report into
 * findings (severity from config/overrides/release, fingerprint, waiver or baseline suppression),
 * not-applicable notes and a summary. It does no I/O; the simulator comes in as a function.
 */
import { InputError, UsageError } from '../model/errors.js';
import { guestReason } from '../model/guest.js';
import type { Host, Loc, Release } from '../model/host.js';
import type { BaselineSet } from './baseline.js';
import { RuleCatalog, ordinal } from './catalog.js';
import type { RuleSettings } from './config.js';
import { fingerprint } from './fingerprint.js';
import { publicProse } from './references.js';
import { releaseList, releaseName } from './release.js';
import type { WaiverSet } from './waivers.js';
import { isNoSimulation } from './types.js';
import type {
  Finding,
  FixCommand,
  HostStatus,
  InputFailure,
  LintResult,
  LintSummary,
  NotApplicable,
  Rule,
  RuleContext,
  RuleOutcome,
  RuleReport,
  Severity,
  SeverityOrOff,
} from './types.js';

/** A file or host that could not be loaded; it is reported as a host with status "error". */
export interface HostFailure {
  host?: string;
  file: string;
  error: Error;
}

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

/** What to do with one rule on one host. */
type Plan = { run: true; severity: Severity; userSet: boolean } | { run: false; off: true } | { run: false; off: false; reason: string };

/** Severity and applicability of a rule on a host: release limits, release severities, config. */
export function planRule(rule: Rule, host: Host, fleetSize: number, configured: SeverityOrOff | undefined, hasSimulation: boolean): Plan {
  const m = rule.meta;
  if (configured === 'off') return { run: false, off: true };
  // Coverage rules describe the export and apply to any machine; the others describe a Hyper-V host.
  const guest = m.category === 'coverage' ? undefined : guestReason(host);
  if (guest) return { run: false, off: false, reason: guest };
  const release = host.os.release;
  if (m.releases && !m.releases.includes(release)) {
    const detail = release === 'unknown' ? 'the OS release was not exported' : `the host runs ${releaseName(release)}`;
    return { run: false, off: false, reason: `applies to ${releaseList(m.releases)}; ${detail}` };
  }
  const byRelease = m.severityByRelease?.[release];
  if (byRelease === 'off') return { run: false, off: false, reason: `does not apply to ${releaseName(release)}` };
  if (m.needs?.includes('traffic') && !hasSimulation) {
    return { run: false, off: false, reason: 'needs a traffic profile (lint --traffic FILE)' };
  }
  if (m.needs?.includes('fleet') && fleetSize < 2) {
    return { run: false, off: false, reason: 'compares peers and needs at least two hosts' };
  }
  return { run: true, severity: configured ?? byRelease ?? m.defaultSeverity, userSet: configured !== undefined };
}

function normalizeLocations(locs: readonly Loc[], host: Host): Loc[] {
  // GitHub code scanning drops a result without a file and a 1-based line, so every finding gets one.
  const out = locs.map((l) => {
    const loc: Loc = { file: l.file.replace(/\\/g, '/'), line: l.line >= 1 ? l.line : 1 };
    if (l.col !== undefined && l.col >= 1) loc.col = l.col;
    if (l.pointer !== undefined) loc.pointer = l.pointer;
    return loc;
  });
  if (out.length === 0) out.push({ file: (host.sources[0]?.file ?? host.name).replace(/\\/g, '/'), line: 1 });
  return out;
}

/** The severity a finding gets: the user's when set, else the rule's situational grade, else the plan's. */
function findingSeverity(plan: { severity: Severity; userSet: boolean }, r: RuleReport): Severity {
  return plan.userSet ? plan.severity : (r.severity ?? plan.severity);
}

function toFinding(rule: Rule, host: Host, severity: Severity, r: RuleReport): Finding {
  const f: Finding = {
    ruleId: rule.meta.id,
    severity,
    host: host.name,
    target: { kind: r.target.kind, name: r.target.name, id: r.target.id },
    // Users never see the project's notes: a rule's "(domain.md 1.4)" is dropped from what it says.
    message: publicProse(r.message),
    evidence: r.evidence,
    remediation: publicProse(r.remediation),
    locations: normalizeLocations(r.locations, host),
    fingerprint: fingerprint(host.name, r.target, rule.meta.id, r.property),
    suppressed: null,
  };
  if (r.property !== undefined) f.property = r.property;
  if (r.fix && r.fix.length > 0) {
    f.fix = r.fix.map((c) => {
      const fix: FixCommand = { command: c.command, disruption: c.disruption, phase: c.phase };
      if (c.merge) fix.merge = { head: c.merge.head, parameters: c.merge.parameters.map(([n, v]) => [n, v]), subject: c.merge.subject };
      if (c.vmq) fix.vmq = { adapter: c.vmq.adapter, change: c.vmq.change };
      if (c.warning !== undefined) fix.warning = c.warning;
      if (c.effect) fix.effect = structuredClone(c.effect);
      return fix;
    });
  }
  return f;
}

/** Ordinal order by host, rule, target id, property; message and fingerprint break ties. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    ordinal(a.host, b.host) ||
    ordinal(a.ruleId, b.ruleId) ||
    ordinal(a.target.id, b.target.id) ||
    ordinal(a.property ?? '', b.property ?? '') ||
    ordinal(a.message, b.message) ||
    ordinal(a.fingerprint, b.fingerprint)
  );
}

/** Counts of unsuppressed findings by severity, plus suppressed and not-applicable counts. */
export function summarize(findings: readonly Finding[], notApplicable: number): LintSummary {
  const s: LintSummary = { error: 0, warning: 0, info: 0, baselined: 0, waived: 0, notApplicable };
  for (const f of findings) {
    if (f.suppressed?.kind === 'baseline') s.baselined++;
    else if (f.suppressed?.kind === 'waiver') s.waived++;
    else s[f.severity]++;
  }
  return s;
}

function hostStatus(host: Host, rules: string[]): HostStatus {
  const s: HostStatus = { name: host.name, release: host.os.release, status: 'ok', rules };
  if (host.os.build !== undefined) s.build = host.os.build;
  return s;
}

/** Lint hosts; failures (inputs that did not load) become hosts with status "error". */
export function lintHosts(hosts: readonly Host[], failures: readonly HostFailure[], options: LintOptions): LintResult {
  const catalog = options.rules instanceof RuleCatalog ? options.rules : new RuleCatalog(options.rules);
  const clock = options.clock ?? (() => performance.now());
  const sortedHosts = [...hosts].sort((a, b) => ordinal(a.name, b.name));
  const statuses: HostStatus[] = [];
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];

  for (const host of sortedHosts) {
    const evaluated: string[] = [];
    let simulated: { value: unknown } | undefined;
    const simulate = options.simulate;
    const simulation = simulate ? () => (simulated ??= { value: simulate(host) }).value : undefined;
    for (const rule of catalog.rules) {
      const setting = options.settings?.forHost(rule, host.name);
      const plan = planRule(rule, host, sortedHosts.length, setting?.severity, simulation !== undefined);
      if (!plan.run) {
        if (!plan.off) {
          evaluated.push(rule.meta.id);
          notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: plan.reason });
        }
        continue;
      }
      evaluated.push(rule.meta.id);
      if (simulation && rule.meta.needs?.includes('traffic')) {
        const sim = simulation();
        if (isNoSimulation(sim)) {
          notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: sim.noSimulation });
          continue;
        }
      }
      const ctx: RuleContext = { host, fleet: sortedHosts, options: setting?.options ?? { ...(rule.meta.defaultOptions ?? {}) } };
      if (simulation) ctx.simulation = simulation;
      const start = options.timing ? clock() : 0;
      let outcome: RuleOutcome;
      try {
        outcome = rule.check(ctx);
      } catch (err) {
        // A rule that fails on the user's input (a traffic profile that does not fit the host)
        // reports that input as it stands: file, line and column, exit 2, not an internal error.
        if (err instanceof InputError || err instanceof UsageError) throw err;
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`rule ${rule.meta.id} failed on host ${host.name}: ${msg}`, { cause: err });
      }
      if (options.timing) options.timing(rule.meta.id, clock() - start);
      if (!Array.isArray(outcome)) {
        notApplicable.push({ ruleId: rule.meta.id, host: host.name, reason: publicProse(outcome.notApplicable) });
        continue;
      }
      for (const report of outcome) findings.push(toFinding(rule, host, findingSeverity(plan, report), report));
    }
    statuses.push(hostStatus(host, evaluated));
  }

  // One status per unreadable host name (or file, when the host is unknown), listing every input
  // rejected under it: a fleet of 900 captures of three hosts is 897 entries, not one long line.
  const failed = new Map<string, InputFailure[]>();
  for (const f of failures) {
    const name = f.host ?? f.file;
    failed.set(name, [...(failed.get(name) ?? []), { file: f.file.replace(/\\/g, '/'), message: f.error.message }]);
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
