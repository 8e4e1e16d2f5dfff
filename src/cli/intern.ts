/**
 * Shared copies of the short strings a fleet's outcomes repeat host after host (rule ids,
 * severities, reasons, property names): each outcome arrives as a copy (a worker's message, a
 * cache entry), so without this every host would hold its own copy of each.
 */

/** Strings up to this length are shared; longer ones (messages) are mostly unique. */
const SHORT = 96;

/** Replace, in place, every short string in `value` (objects and arrays, any depth) by the table's copy. */
export function internStrings<T>(value: T, table: Map<string, string>): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.length > SHORT) return v;
      const seen = table.get(v);
      if (seen !== undefined) return seen;
      table.set(v, v);
      return v;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = visit(v[i]);
      return v;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = visit(o[k]);
      return o;
    }
    return v;
  };
  return visit(value) as T;
}
