/**
 * Findings as the engine completes them from rule reports: plan (severity and applicability of a
 * rule on a host), location, fingerprint, order and counts.
 */
import { guestReason } from '../model/guest.js';
import type { Host, Loc } from '../model/host.js';
import { ordinal } from './catalog.js';
import { fingerprint } from './fingerprint.js';
import { releaseList, releaseName } from './release.js';
import type { Finding, FixCommand, LintSummary, Rule, RuleReport, Severity, SeverityOrOff } from './types.js';

/** What to do with one rule on one host. */
export type Plan = { run: true; severity: Severity; userSet: boolean } | { run: false; off: true } | { run: false; off: false; reason: string };

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

/** Locations as reports show them: `/` separators, 1-based lines, never none. */
export function normalizeLocations(locs: readonly Loc[], defaultFile: string): Loc[] {
  // GitHub code scanning drops a result without a file and a 1-based line, so every finding gets one.
  const out: Loc[] = [];
  for (const l of locs) out.push(normalizeLocation(l));
  if (out.length === 0) out.push({ file: defaultFile.replace(/\\/g, '/'), line: 1 });
  return out;
}

// normalizeLocation and copyFix are module-level, not callbacks made in each call: they run for
// every finding, and a closure made per call loses its optimized code at each major GC.

function normalizeLocation(l: Loc): Loc {
  const loc: Loc = { file: l.file.replace(/\\/g, '/'), line: l.line >= 1 ? l.line : 1 };
  if (l.col !== undefined && l.col >= 1) loc.col = l.col;
  if (l.pointer !== undefined) loc.pointer = l.pointer;
  return loc;
}

/** A finding's own copy of a rule's fix command, with only the fields it has. */
function copyFix(c: FixCommand): FixCommand {
  const fix: FixCommand = { command: c.command, disruption: c.disruption, phase: c.phase };
  if (c.merge) {
    const parameters: [string, string][] = [];
    for (const [n, v] of c.merge.parameters) parameters.push([n, v]);
    fix.merge = { head: c.merge.head, parameters, subject: c.merge.subject };
  }
  if (c.vmq) fix.vmq = { adapter: c.vmq.adapter, change: c.vmq.change };
  if (c.warning !== undefined) fix.warning = c.warning;
  if (c.effect) fix.effect = structuredClone(c.effect);
  return fix;
}

/** The severity a finding gets: the user's when set, else the rule's situational grade, else the plan's. */
export function findingSeverity(plan: { severity: Severity; userSet: boolean }, r: RuleReport): Severity {
  return plan.userSet ? plan.severity : (r.severity ?? plan.severity);
}

/** A rule report completed as a finding of `hostName` (defaultFile: where a finding without a location points). */
export function toFinding(rule: Rule, hostName: string, defaultFile: string, severity: Severity, r: RuleReport): Finding {
  const f: Finding = {
    ruleId: rule.meta.id,
    severity,
    host: hostName,
    target: { kind: r.target.kind, name: r.target.name, id: r.target.id },
    // Users never see the project's research notes: a citation of them in a rule is dropped from what it says.
    message: r.message,
    evidence: r.evidence,
    remediation: r.remediation,
    locations: normalizeLocations(r.locations, defaultFile),
    fingerprint: fingerprint(hostName, r.target, rule.meta.id, r.property),
    suppressed: null,
  };
  if (r.property !== undefined) f.property = r.property;
  if (r.fix && r.fix.length > 0) {
    const fix: FixCommand[] = [];
    for (const c of r.fix) fix.push(copyFix(c));
    f.fix = fix;
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
