/**
 * Finding locations from the model's provenance. Every location a rule reports has a line: a Loc
 * read from a format without lines gets line 1, and an object with no provenance at all falls
 * back to the host's first source file.
 */
import type { Host, Loc, LocMap } from '../../src/model/host.js';

/** The Loc with a 1-based line (formats without lines report line 0). */
export function withLine(loc: Loc): Loc {
  return loc.line >= 1 ? loc : { ...loc, line: 1 };
}

/** The first Loc of a provenance map, in the order the model recorded them. */
export function firstLoc(map: LocMap | undefined): Loc | undefined {
  if (!map) return undefined;
  for (const key of Object.keys(map)) if (map[key]) return map[key];
  return undefined;
}

/** Where to point when nothing better is known: the host's first source file, line 1. */
export function hostLoc(host: Host): Loc {
  const file = host.sources[0]?.file;
  if (file !== undefined) return { file, line: 1 };
  const own = firstLoc(host.at);
  return own ? withLine(own) : { file: host.name, line: 1 };
}

function key(l: Loc): string {
  return `${l.file}\u0000${l.line}\u0000${l.col ?? ''}\u0000${l.pointer ?? ''}`;
}

/**
 * Locations for a finding: the precise Locs given (in order, de-duplicated), else the first Loc
 * of each fallback object, else the host's first source file.
 */
export function locate(host: Host, precise: readonly (Loc | undefined)[], fallbacks: readonly (LocMap | undefined)[] = []): Loc[] {
  const out: Loc[] = [];
  const seen = new Set<string>();
  for (const l of precise) add(out, seen, l);
  if (out.length === 0) for (const m of fallbacks) add(out, seen, firstLoc(m));
  if (out.length === 0) add(out, seen, hostLoc(host));
  return out;
}

/**
 * Append a Loc (with its line) unless already there. Module-level, not a closure in locate: locate
 * runs for every finding, and a closure made per call loses its optimized code at each major GC.
 */
function add(out: Loc[], seen: Set<string>, l: Loc | undefined): void {
  if (!l) return;
  const fixed = withLine(l);
  const k = key(fixed);
  if (seen.has(k)) return;
  seen.add(k);
  out.push(fixed);
}
