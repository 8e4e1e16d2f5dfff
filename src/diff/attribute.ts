/**
 * Tie lint findings to the changes that introduce or resolve them. Findings appear and disappear
 * by fingerprint; a finding goes to the changes on its own target (its property first), else to
 * changes on the parts of its team or switch, else to host-level changes; one that fits none is
 * still listed for its host.
 */
import type { Host } from '../model/host.js';
import type { Finding, Severity } from '../engine/types.js';
import type { FlatHost } from './flatten.js';
import { targetKey } from './flatten.js';
import { revertChange } from './revert.js';
import type { Change, FindingRef } from './types.js';

/** Lints a set of hosts; the CLI passes the engine's runner, tests pass their own. */
export type LintFn = (hosts: readonly Host[]) => Finding[];

/** Findings that appeared and disappeared on one host. */
export interface HostFindings {
  introduced: FindingRef[];
  resolved: FindingRef[];
  unattributed: string[];
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toRef(f: Finding): FindingRef {
  const ref: FindingRef = { ruleId: f.ruleId, severity: f.severity, target: f.target, message: f.message, fingerprint: f.fingerprint };
  if (f.property !== undefined) ref.property = f.property;
  return ref;
}

/** Sort order of finding references: rule, target, fingerprint. */
export function compareRefs(a: FindingRef, b: FindingRef): number {
  return ordinal(a.ruleId, b.ruleId) || ordinal(a.target.name, b.target.name) || ordinal(a.fingerprint, b.fingerprint);
}

function byHost(findings: Finding[]): Map<string, Map<string, Finding>> {
  const map = new Map<string, Map<string, Finding>>();
  for (const f of findings) {
    if (f.suppressed) continue; // baselined or waived: already accepted, so no change owns it
    const host = f.host.toLowerCase();
    let m = map.get(host);
    if (!m) map.set(host, (m = new Map()));
    m.set(f.fingerprint, f);
  }
  return map;
}

function changeIds(c: Change): string[] {
  return c.targetBefore ? [c.target.id, c.targetBefore.id] : [c.target.id];
}

/** Who may own a finding: candidates to try by undoing them, and the owners when no trial decides. */
interface Owners {
  candidates: Change[];
  fallback: Change[];
}

/**
 * The changes a finding may belong to, most specific first: the change of its own property; the
 * changes on its target or on the parts of its team or switch; else any change on the host, with
 * host-level changes as the fallback. A rename changes no behaviour, so it owns a finding only
 * when nothing else on the target changed.
 */
function owners(f: FindingRef, changes: Change[], flat: FlatHost | undefined): Owners {
  const prop = f.property?.toLowerCase();
  const related = new Set([f.target.id.toLowerCase(), ...(flat?.targets.get(targetKey(f.target))?.related.map((id) => id.toLowerCase()) ?? [])]);
  const near = f.target.kind === 'host' ? [] : changes.filter((c) => changeIds(c).some((id) => related.has(id.toLowerCase())));
  if (prop !== undefined) {
    const exact = near.filter((c) => changeIds(c).includes(f.target.id) && c.property.toLowerCase() === prop);
    if (exact.length > 0) return { candidates: exact, fallback: exact };
  }
  const causal = near.filter((c) => c.kind !== 'renamed');
  if (causal.length > 0) return { candidates: causal, fallback: causal };
  if (near.length > 0) return { candidates: near, fallback: near };
  return { candidates: changes.filter((c) => c.kind !== 'renamed'), fallback: changes.filter((c) => c.target.kind === 'host') };
}

/** Lint runs the attribution may spend undoing single changes, per diff. */
export const DEFAULT_TRIAL_BUDGET = 256;

/** The trial budget shared by every host of one diff (attribution spends it in host-name order). */
export interface TrialBudget {
  left: number;
  /** Set when a trial was refused because nothing was left (a streamed diff checks an entry computed ahead with it). */
  short?: boolean;
}

/** What attributing one host's findings needs; the host's models only, never the fleet's. */
export interface HostAttribution {
  /** Lower-cased host name. */
  host: string;
  /** Unsuppressed findings of the host in the fleet-wide lint of each side, by fingerprint. */
  was: Map<string, Finding>;
  is: Map<string, Finding>;
  /** The host's changes, sorted (compareChanges). */
  changes: Change[];
  beforeHost?: Host;
  afterHost?: Host;
  flatBefore?: FlatHost;
  flatAfter?: FlatHost;
  /** Lints the given host alone (a trial). */
  alone: (host: Host) => Finding[];
  budget: TrialBudget;
}

/** Unsuppressed findings per lower-cased host name, by fingerprint. */
export function findingsByHost(findings: Finding[]): Map<string, Map<string, Finding>> {
  return byHost(findings);
}

/**
 * Attach one host's introduced/resolved findings to its changes (setting their severity); undefined
 * when nothing appeared or disappeared. When several changes could own a finding, each is undone
 * alone on a copy of the after host and linted again: the ones whose undo brings a resolved
 * finding back, or makes an introduced one go, own it. If none does alone (the changes cause it
 * together), the finding needs peers to arise, or the trial budget is spent, every candidate owns it.
 */
export function attributeHost(a: HostAttribution): HostFindings | undefined {
  const { host, was, is, changes: hostChanges, beforeHost, afterHost, budget } = a;
  const introduced = [...is.values()].filter((f) => !was.has(f.fingerprint)).map(toRef).sort(compareRefs);
  const resolved = [...was.values()].filter((f) => !is.has(f.fingerprint)).map(toRef).sort(compareRefs);

  // Trials lint the one host alone, so a trial costs one host however large the fleet; findings
  // of rules that compare peers do not arise alone, and keep the candidates they have.
  const alone = (h: Host): Set<string> => new Set([...(byHost(a.alone(h)).get(host)?.keys() ?? [])]);
  let baseline: Set<string> | undefined;
  /** Fingerprints on this host once `c` alone is undone; null when that cannot be tried. */
  const trials = new Map<Change, Set<string> | null>();
  const without = (c: Change): Set<string> | null => {
    if (trials.has(c)) return trials.get(c)!;
    if (!afterHost) return null;
    if (budget.left <= 0) {
      budget.short = true;
      return null;
    }
    const reverted = revertChange(afterHost, beforeHost, c);
    let fps: Set<string> | null = null;
    if (reverted) {
      budget.left--;
      fps = alone(reverted);
    }
    trials.set(c, fps);
    return fps;
  };
  const decide = (ref: FindingRef, who: Owners, appeared: boolean): Change[] => {
    if (who.candidates.length <= 1 && who.candidates === who.fallback) return who.candidates;
    if (appeared && afterHost) {
      baseline ??= alone(afterHost);
      if (!baseline.has(ref.fingerprint)) return who.fallback;
    }
    const owning = who.candidates.filter((c) => {
      const fps = without(c);
      return fps !== null && fps.has(ref.fingerprint) !== appeared;
    });
    return owning.length > 0 ? owning : who.fallback;
  };

  const unattributed: string[] = [];
  for (const ref of introduced) {
    const to = decide(ref, owners(ref, hostChanges, a.flatAfter), true);
    if (to.length === 0) unattributed.push(ref.fingerprint);
    for (const c of to) {
      c.introduces.push(ref);
      c.severity = maxSeverity(c.severity, ref.severity);
    }
  }
  for (const ref of resolved) {
    const to = decide(ref, owners(ref, hostChanges, a.flatBefore), false);
    if (to.length === 0) unattributed.push(ref.fingerprint);
    for (const c of to) c.resolves.push(ref);
  }
  for (const c of hostChanges) {
    c.introduces.sort(compareRefs);
    c.resolves.sort(compareRefs);
  }
  return introduced.length > 0 || resolved.length > 0 ? { introduced, resolved, unattributed: unattributed.sort(ordinal) } : undefined;
}

/**
 * Run `lint` on both sides, attach introduced/resolved findings to `changes` (setting their
 * severity) and return the findings per lower-cased host name (attributeHost, host by host).
 */
export function attributeFindings(
  changes: Change[],
  before: { hosts: readonly Host[]; flat: Map<string, FlatHost> },
  after: { hosts: readonly Host[]; flat: Map<string, FlatHost> },
  lint: LintFn,
  opts: { trialBudget?: number } = {},
): Map<string, HostFindings> {
  const old = byHost(lint(before.hosts));
  const now = byHost(lint(after.hosts));
  const budget: TrialBudget = { left: opts.trialBudget ?? DEFAULT_TRIAL_BUDGET };
  const result = new Map<string, HostFindings>();
  const hosts = [...new Set([...old.keys(), ...now.keys()])].sort(ordinal);
  for (const host of hosts) {
    const f = attributeHost({
      host,
      was: old.get(host) ?? new Map<string, Finding>(),
      is: now.get(host) ?? new Map<string, Finding>(),
      changes: changes.filter((c) => c.host.toLowerCase() === host),
      beforeHost: before.hosts.find((h) => h.name.toLowerCase() === host),
      afterHost: after.hosts.find((h) => h.name.toLowerCase() === host),
      flatBefore: before.flat.get(host),
      flatAfter: after.flat.get(host),
      alone: (h) => lint([h]),
      budget,
    });
    if (f) result.set(host, f);
  }
  for (const c of changes) {
    c.introduces.sort(compareRefs);
    c.resolves.sort(compareRefs);
  }
  return result;
}
