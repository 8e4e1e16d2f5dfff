/** Pieces the diff, drift and fleet formatters share: change symbols, value text, labels. */
import type { Change, ChangeKind, ChangeValue, DiffResult, FindingRef, NotCompared, Value } from '../diff/types.js';
import type { Target } from '../engine/types.js';
import { plural } from './common.js';

/** `+` for something new, `-` for something gone, `~` for a change in place. */
export function changeSymbol(c: Change): '+' | '-' | '~' {
  if (c.kind === 'added' || c.kind === 'vnic-added' || c.kind === 'host-added') return '+';
  if (c.kind === 'removed' || c.kind === 'vnic-removed' || c.kind === 'host-removed') return '-';
  return '~';
}

/** A change that creates or deletes a whole object rather than one of its properties. */
export function isObjectChange(c: Change): boolean {
  return c.property === 'exists';
}

/** A value as a plan shows it: strings quoted, lists bracketed, nothing as `(none)`. */
export function valueText(v: Value): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** One side of a change; the registry type only where it changed. */
export function sideText(side: ChangeValue | null, withType: boolean): string {
  if (side === null) return '(none)';
  return withType && side.type !== undefined ? `${valueText(side.value)} (${side.type})` : valueText(side.value);
}

/** `adapter "SLOT 2 Port 1"`. */
export function targetText(t: Pick<Target, 'kind' | 'name'>): string {
  return `${t.kind} ${JSON.stringify(t.name)}`;
}

/** `reset to default`, `team membership changed`; empty for a plain value change. */
export function kindLabel(kind: ChangeKind): string {
  return kind === 'value-changed' ? '' : kind.replace(/-/g, ' ');
}

/** The notes after a change: its kind, the driver version move, the expectation. */
export function changeNotes(c: Change): string[] {
  const notes: string[] = [];
  // Every drift change is a desired-state mismatch; saying so on each line adds nothing.
  const label = c.kind === 'desired-mismatch' ? '' : kindLabel(c.kind);
  if (label && !isObjectChange(c)) notes.push(label);
  if (c.kind === 'reset-to-default' || c.kind === 'type-changed') {
    if (c.driverVersion) notes.push(`driver ${c.driverVersion.before ?? '?'} -> ${c.driverVersion.after ?? '?'}`);
    else if (c.kind === 'type-changed' && c.driverDefault !== undefined) notes.push(`driver default ${JSON.stringify(c.driverDefault)}`);
  }
  if (c.expectation !== undefined) notes.push(`expected by: ${c.expectation}`);
  return notes;
}

/** Registry types are shown where they are the difference: a type change, or a drift on type. */
export function showTypes(c: Change): boolean {
  if (c.kind === 'type-changed') return true;
  return c.before?.type !== undefined && c.after?.type !== undefined && c.before.type !== c.after.type;
}

/** `property: before -> after` (or just the value for an added or removed property). */
export function changeBody(c: Change): string {
  if (isObjectChange(c)) return '';
  const withType = showTypes(c);
  if (c.kind === 'added' && c.after !== null) return `${c.property}: ${sideText(c.after, withType)}`;
  if (c.kind === 'removed' && c.before !== null) return `${c.property}: ${sideText(c.before, withType)}`;
  return `${c.property}: ${sideText(c.before, withType)} -> ${sideText(c.after, withType)}`;
}

/** `team-processor-overlap on TEAM1 (warning)`. */
export function findingText(f: FindingRef): string {
  return `${f.ruleId} on ${f.target.name} (${f.severity})`;
}

/** The closing line: `Plan: 3 changes on 1 host (1 error, ...); introduces 1 finding, resolves 0.` */
export function diffSummaryLine(r: DiffResult): string {
  const s = r.summary;
  const hosts = r.hosts.filter((h) => h.changes > 0).length;
  const what = r.mode === 'drift' ? plural(s.changes, 'mismatch', 'mismatches') : plural(s.changes, 'change');
  const sev = `${plural(s.bySeverity.error, 'error')}, ${plural(s.bySeverity.warning, 'warning')}, ${s.bySeverity.info} info`;
  const findings = r.mode === 'diff' ? `; introduces ${plural(s.introduced, 'finding')}, resolves ${s.resolved}` : '';
  const ignored = s.ignored > 0 ? `; ${s.ignored} ignored` : '';
  return `${r.mode === 'drift' ? 'Drift' : 'Plan'}: ${what} on ${plural(hosts, 'host')} (${sev})${findings}${ignored}.`;
}

/** Why something was not compared: `missing in after`, `lost by the before export's format`. */
export function notComparedWhy(n: NotCompared, mode: DiffResult['mode']): string {
  if (n.reason === 'lost') return mode === 'drift' ? "lost by the export's format" : `lost by the ${n.missingIn} export's format`;
  return mode === 'drift' ? 'not exported' : `missing in ${n.missingIn}`;
}

/**
 * The changes of each host (by lower-cased name), in the result's order: grouped once, so a plan of
 * 10,000 hosts does not scan every change for every host.
 */
export function changesByHost(r: DiffResult): (host: string) => Change[] {
  const by = new Map<string, Change[]>();
  for (const c of r.changes) {
    const key = c.host.toLowerCase();
    const list = by.get(key);
    if (list) list.push(c);
    else by.set(key, [c]);
  }
  return (host) => by.get(host.toLowerCase()) ?? [];
}
