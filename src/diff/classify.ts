/**
 * Classify one property's change: type-changed wins over reset-to-default, which wins over
 * value-changed. A registry keyword absent on one side compares as its Ndi\Params default, so a
 * deleted value shows up as reset-to-default.
 */
import type { ChangeKind, ChangeValue, Value } from './types.js';
import type { FlatProp } from './flatten.js';

/** The classified change of one property, before severity and findings are attached. */
export interface Classified {
  kind: ChangeKind;
  before: ChangeValue | null;
  after: ChangeValue | null;
  /** The driver default the comparison used, when a keyword was involved. */
  driverDefault?: string;
}

function numeric(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return undefined;
}

/** Registry data equality: numbers by value ("01" = "1" = "0x1"), text exactly. */
export function sameRegistryValue(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = numeric(a);
    const y = numeric(b);
    if (x !== undefined && y !== undefined) return x === y;
    return a.trim() === b.trim();
  }
  return canonical(a) === canonical(b);
}

/** A comparison key for a value: lists by their items, scalars by type and text. */
export function canonical(v: Value): string {
  if (Array.isArray(v)) return `list:${JSON.stringify(v)}`;
  if (v === null) return 'null';
  return `${typeof v}:${String(v)}`;
}

function side(p: FlatProp): ChangeValue {
  return p.type === undefined ? { value: p.value } : { value: p.value, type: p.type };
}

function classifyKeyword(before: FlatProp | undefined, after: FlatProp | undefined): Classified | null {
  const def = after?.defaultValue ?? before?.defaultValue;
  const withDefault = (c: Classified): Classified => (def === undefined ? c : { ...c, driverDefault: def });
  if (before && after) {
    if (before.type !== undefined && after.type !== undefined && before.type !== after.type) {
      return withDefault({ kind: 'type-changed', before: side(before), after: side(after) });
    }
    if (sameRegistryValue(before.value, after.value)) return null;
    const reset = def !== undefined && sameRegistryValue(after.value, def) && !sameRegistryValue(before.value, def);
    return withDefault({ kind: reset ? 'reset-to-default' : 'value-changed', before: side(before), after: side(after) });
  }
  if (before) {
    if (def === undefined) return { kind: 'removed', before: side(before), after: null };
    if (sameRegistryValue(before.value, def)) return null;
    return withDefault({ kind: 'reset-to-default', before: side(before), after: { value: def } });
  }
  if (after) {
    if (def === undefined) return { kind: 'added', before: null, after: side(after) };
    if (sameRegistryValue(after.value, def)) return null;
    return withDefault({ kind: 'value-changed', before: { value: def }, after: side(after) });
  }
  return null;
}

function sameModelValue(a: FlatProp, b: FlatProp): boolean {
  if (a.cmp !== undefined || b.cmp !== undefined) return (a.cmp ?? canonical(a.value)) === (b.cmp ?? canonical(b.value));
  return canonical(a.value) === canonical(b.value);
}

/** Classify the change of one property; null when nothing changed. */
export function classifyProp(before: FlatProp | undefined, after: FlatProp | undefined): Classified | null {
  if ((before ?? after)?.registry) return classifyKeyword(before, after);
  if (before && after) {
    if (sameModelValue(before, after)) return null;
    return { kind: after.kind ?? before.kind ?? 'value-changed', before: side(before), after: side(after) };
  }
  const only = before ?? after;
  if (!only) return null;
  // A newly reported team membership or weight is still that kind of change; a name is not a rename.
  const special = only.kind !== undefined && only.kind !== 'renamed' ? only.kind : undefined;
  if (before) return { kind: special ?? 'removed', before: side(before), after: null };
  return { kind: special ?? 'added', before: null, after: side(after!) };
}
