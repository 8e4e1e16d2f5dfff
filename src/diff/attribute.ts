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
import type { Change, FindingRef } from './types.js';

/** Lints a set of hosts; the CLI passes the engine's runner, tests pass their own. */
export type LintFn = (hosts: Host[]) => Finding[];

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

/** The changes a finding belongs to, by the most specific tier that has any. */
function owners(f: FindingRef, changes: Change[], flat: FlatHost | undefined): Change[] {
  const prop = f.property?.toLowerCase();
  const onTarget = changes.filter((c) => changeIds(c).includes(f.target.id));
  if (prop !== undefined) {
    const exact = onTarget.filter((c) => c.property.toLowerCase() === prop);
    if (exact.length > 0) return exact;
  }
  if (onTarget.length > 0) return onTarget;
  const related = new Set(flat?.targets.get(targetKey(f.target))?.related.map((id) => id.toLowerCase()) ?? []);
  const onParts = changes.filter((c) => changeIds(c).some((id) => related.has(id.toLowerCase())));
  if (onParts.length > 0) return onParts;
  return changes.filter((c) => c.target.kind === 'host');
}

/**
 * Run `lint` on both sides, attach introduced/resolved findings to `changes` (setting their
 * severity) and return the findings per lower-cased host name.
 */
export function attributeFindings(
  changes: Change[],
  before: { hosts: Host[]; flat: Map<string, FlatHost> },
  after: { hosts: Host[]; flat: Map<string, FlatHost> },
  lint: LintFn,
): Map<string, HostFindings> {
  const old = byHost(lint(before.hosts));
  const now = byHost(lint(after.hosts));
  const result = new Map<string, HostFindings>();
  const hosts = [...new Set([...old.keys(), ...now.keys()])].sort(ordinal);
  for (const host of hosts) {
    const was = old.get(host) ?? new Map<string, Finding>();
    const is = now.get(host) ?? new Map<string, Finding>();
    const introduced = [...is.values()].filter((f) => !was.has(f.fingerprint)).map(toRef).sort(compareRefs);
    const resolved = [...was.values()].filter((f) => !is.has(f.fingerprint)).map(toRef).sort(compareRefs);
    const hostChanges = changes.filter((c) => c.host.toLowerCase() === host);
    const unattributed: string[] = [];
    for (const ref of introduced) {
      const to = owners(ref, hostChanges, after.flat.get(host));
      if (to.length === 0) unattributed.push(ref.fingerprint);
      for (const c of to) {
        c.introduces.push(ref);
        c.severity = maxSeverity(c.severity, ref.severity);
      }
    }
    for (const ref of resolved) {
      const to = owners(ref, hostChanges, before.flat.get(host));
      if (to.length === 0) unattributed.push(ref.fingerprint);
      for (const c of to) c.resolves.push(ref);
    }
    if (introduced.length > 0 || resolved.length > 0) result.set(host, { introduced, resolved, unattributed: unattributed.sort(ordinal) });
  }
  for (const c of changes) {
    c.introduces.sort(compareRefs);
    c.resolves.sort(compareRefs);
  }
  return result;
}
