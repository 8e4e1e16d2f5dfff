/**
 * Name-keyed tables that hold names from exports (registry keywords, property names). A plain
 * object literal inherits `constructor`, `toString` and a `__proto__` setter, so a keyword spelled
 * like one of them would read an inherited function or replace the prototype. Every table filled
 * from data is made with `keyedTable` and read and written through `ownEntry` / `setEntry`, which
 * see own properties only, so they stay safe on objects that came back from JSON.parse or
 * structuredClone with the ordinary prototype.
 */

/** An empty table with no prototype: no inherited names, `__proto__` is an ordinary key. */
export function keyedTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The table's own entry for `key`, never an inherited member. */
export function ownEntry<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Store `value` under `key` as an own property, even when the key is `__proto__`. */
export function setEntry<T>(table: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

/** A table with no prototype holding the same own entries, in the same order. */
export function toKeyedTable<T>(table: Record<string, T>): Record<string, T> {
  const out = keyedTable<T>();
  for (const key of Object.keys(table)) setEntry(out, key, table[key]);
  return out;
}
