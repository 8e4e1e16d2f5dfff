/**
 * What a diff or drift could not compare: a section exported on one side only, or values the
 * export format lost. Such values are unknown, which is neither a change nor a match, so they are
 * listed instead of reported.
 */
import type { Target } from '../engine/types.js';
import type { NotCompared } from './types.js';

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Notes as plain data (NotComparedNotes.toData). */
export interface NotesData {
  sections: NotCompared[];
  lost: (Omit<LostValues, 'properties'> & { properties: string[] })[];
}

interface LostValues {
  host: string;
  /** The object's id, part of the note's key. */
  id: string;
  target: Pick<Target, 'kind' | 'name'>;
  missingIn: NotCompared['missingIn'];
  properties: Set<string>;
}

/** Collects not-compared notes, one per section or per object with lost values, in a stable order. */
export class NotComparedNotes {
  private readonly sections = new Map<string, NotCompared>();
  private readonly lost = new Map<string, LostValues>();

  /** A section (an export) one side lacks. */
  section(host: string, section: string, missingIn: NotCompared['missingIn']): void {
    this.sections.set(`${host}\u0000${section}\u0000${missingIn}`, { host, section, missingIn });
  }

  /** A value of an object that the export format of one side lost. */
  lostValue(host: string, target: Target, property: string, missingIn: NotCompared['missingIn']): void {
    const key = `${host}\u0000${target.kind}\u0000${target.id}\u0000${missingIn}`;
    let entry = this.lost.get(key);
    if (!entry) this.lost.set(key, (entry = { host, id: target.id, target: { kind: target.kind, name: target.name }, missingIn, properties: new Set() }));
    entry.properties.add(property);
  }

  /** The notes as plain data, to cross a structuredClone or join another collector (addData). */
  toData(): NotesData {
    return { sections: [...this.sections.values()], lost: [...this.lost.values()].map((l) => ({ ...l, properties: [...l.properties] })) };
  }

  /** Add notes gathered by another collector (one host's check in a streamed run). */
  addData(d: NotesData): void {
    for (const n of d.sections) this.section(n.host, n.section, n.missingIn);
    for (const l of d.lost) for (const p of l.properties) this.lostValue(l.host, { ...l.target, id: l.id }, p, l.missingIn);
  }

  /** Every note, sorted by host, section and side. */
  list(): NotCompared[] {
    const lost: NotCompared[] = [...this.lost.values()].map((l) => ({
      host: l.host,
      section: `${l.target.kind} ${JSON.stringify(l.target.name)}: ${[...l.properties].sort(ordinal).join(', ')}`,
      missingIn: l.missingIn,
      reason: 'lost',
    }));
    return [...this.sections.values(), ...lost].sort(
      (x, y) => ordinal(x.host.toLowerCase(), y.host.toLowerCase()) || ordinal(x.section, y.section) || ordinal(x.missingIn, y.missingIn),
    );
  }
}
