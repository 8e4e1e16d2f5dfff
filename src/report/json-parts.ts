/**
 * Pieces the lint and the diff/drift JSON documents write alike: a target, a fix command and a
 * location, each with its keys in the published order, so the two schemas cannot drift apart.
 */
import type { FixCommand, Target } from '../engine/types.js';
import type { Loc } from '../model/host.js';

/** `{ kind, name, id }`. */
export function targetJson(t: Target): Record<string, unknown> {
  return { kind: t.kind, name: t.name, id: t.id };
}

/** `{ command, disruption, phase }`; the fix script's merge hints are not part of the document. */
export function fixJson(f: FixCommand): Record<string, unknown> {
  return { command: f.command, disruption: f.disruption, phase: f.phase };
}

/** `{ file, line }`, then `col` and `pointer` when known. */
export function locationJson(l: Loc): Record<string, unknown> {
  const o: Record<string, unknown> = { file: l.file, line: l.line };
  if (l.col !== undefined) o.col = l.col;
  if (l.pointer !== undefined) o.pointer = l.pointer;
  return o;
}
