/**
 * Which changes are noise: link and operational state, statistics, counters and timestamps move
 * on their own and say nothing about configuration drift. `diff.ignore` in the config adds globs.
 * (Interface indexes are not here: ingest never reads them, so there is nothing to ignore.)
 */
import type { Target, TargetKind } from '../engine/types.js';
import { matchGlob } from '../engine/glob.js';

/** Property globs ignored unless noise is asked for (case-insensitive; `*` any run, `?` one char). */
export const DEFAULT_NOISE: readonly string[] = [
  'status',
  '*.operationalStatus',
  'numberVmqAllocated',
  '*statistic*',
  '*counter*',
  '*timestamp*',
  '*linkState*',
  '*mediaConnectState*',
];

const KINDS: readonly TargetKind[] = ['host', 'adapter', 'team', 'switch', 'vnic'];

/** Decides whether a (target, property) is ignored. */
export type IgnoreFn = (target: Pick<Target, 'kind'>, property: string) => boolean;

/**
 * Build the ignore test from globs (src/engine/glob.ts syntax). A glob may be scoped to one kind
 * of object with a prefix, e.g. `vnic:status`; otherwise it applies to every kind.
 */
export function ignoreFilter(opts: { extra?: readonly string[]; includeNoise?: boolean } = {}): IgnoreFn {
  const globs = [...(opts.includeNoise ? [] : DEFAULT_NOISE), ...(opts.extra ?? [])];
  const tests = globs.map((g) => {
    const colon = g.indexOf(':');
    const prefix = colon > 0 ? g.slice(0, colon).toLowerCase() : '';
    const scoped = (KINDS as readonly string[]).includes(prefix);
    const glob = scoped ? g.slice(colon + 1) : g;
    return (kind: TargetKind, property: string): boolean => (!scoped || kind === prefix) && matchGlob(glob, property);
  });
  return (target, property) => tests.some((t) => t(target.kind, property));
}
