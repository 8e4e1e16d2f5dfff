/**
 * Strings kept in process-wide caches must not pin the file they were read from: V8 represents a
 * slice of 13 or more characters as a view into the whole text, so caching one member name of a
 * 350 KB export would keep all 350 KB alive for the life of the process.
 */

/** The same characters, in a string of their own (never a view into a larger text). */
export function detached(s: string): string {
  // Concatenation then slice yields a flat copy (or a view of that small copy), not of the source.
  return (' ' + s).slice(1);
}
