/**
 * Array helpers for data-sized lists. `target.push(...items)` and `Math.max(...items)` pass every
 * item as a call argument, and a list from a hostile export (130,000 not-understood properties)
 * overflows the call stack; these loop instead.
 */

/** Append every item of `items` to `target`; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The least number of `items`, or Infinity when there is none (as Math.min()). */
export function minOf(items: Iterable<number>): number {
  let min = Infinity;
  for (const n of items) if (n < min || Number.isNaN(n)) min = n;
  return min;
}

/** The greatest number of `items`, or -Infinity when there is none (as Math.max()). */
export function maxOf(items: Iterable<number>): number {
  let max = -Infinity;
  for (const n of items) if (n > max || Number.isNaN(n)) max = n;
  return max;
}
