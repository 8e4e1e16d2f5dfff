/**
 * Pair hosts (by lower-cased name) and the objects inside them (by the hardware-anchored target id
 * of src/engine/targets.ts, then by the strongest identity both sides carry), so a renamed adapter
 * is one object with a new name, never a removal plus an addition.
 */
import type { Host } from '../model/host.js';
import { UsageError } from '../model/errors.js';
import type { FlatHost, FlatTarget } from './flatten.js';

/** Two sides of one thing; a side is absent when the thing was added or removed. */
export interface Pair<T> {
  before?: T;
  after?: T;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexHosts(hosts: readonly Host[], side: string): Map<string, Host> {
  const map = new Map<string, Host>();
  for (const h of hosts) {
    const key = h.name.toLowerCase();
    if (map.has(key)) throw new UsageError(`host '${h.name}' appears more than once in the ${side} input`);
    map.set(key, h);
  }
  return map;
}

/** Pair hosts by lower-cased name, sorted by that name. */
export function matchHosts(before: readonly Host[], after: readonly Host[]): Pair<Host>[] {
  const b = indexHosts(before, 'before');
  const a = indexHosts(after, 'after');
  const names = [...new Set([...b.keys(), ...a.keys()])].sort(ordinal);
  return names.map((n) => ({ before: b.get(n), after: a.get(n) }));
}

/**
 * True when two objects are the same by the strongest identity attribute both carry: a GUID on
 * both sides decides alone, so two different NICs that share a name stay two NICs.
 */
function sameIdentity(x: FlatTarget, y: FlatTarget): boolean {
  for (const [attr, value] of x.identity) {
    const other = y.identity.find(([a]) => a === attr)?.[1];
    if (value !== undefined && other !== undefined) return value === other;
  }
  return false;
}

/** Pair the objects of two flattened hosts; the result is sorted by kind, then id. */
export function matchTargets(before: FlatHost | undefined, after: FlatHost | undefined): Pair<FlatTarget>[] {
  const pairs: Pair<FlatTarget>[] = [];
  const restBefore = new Map(before?.targets ?? []);
  const restAfter = new Map(after?.targets ?? []);
  for (const [key, b] of [...restBefore].sort(([x], [y]) => ordinal(x, y))) {
    const a = restAfter.get(key);
    if (a) {
      pairs.push({ before: b, after: a });
      restBefore.delete(key);
      restAfter.delete(key);
    }
  }
  for (const [key, b] of [...restBefore].sort(([x], [y]) => ordinal(x, y))) {
    const candidate = [...restAfter]
      .sort(([x], [y]) => ordinal(x, y))
      .find(([, a]) => a.target.kind === b.target.kind && sameIdentity(b, a));
    if (candidate) {
      pairs.push({ before: b, after: candidate[1] });
      restBefore.delete(key);
      restAfter.delete(candidate[0]);
    }
  }
  for (const b of restBefore.values()) pairs.push({ before: b });
  for (const a of restAfter.values()) pairs.push({ after: a });
  const keyOf = (p: Pair<FlatTarget>): string => {
    const t = (p.after ?? p.before)!.target;
    return `${t.kind}\u0000${t.id}`;
  };
  return pairs.sort((x, y) => ordinal(keyOf(x), keyOf(y)));
}
