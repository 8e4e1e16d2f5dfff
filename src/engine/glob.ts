/**
 * A small glob matcher for host names, target names/ids, property names and input paths:
 * `*` (anything but `/`), `?` (one character but `/`), `**` (anything, `/` included). Matching is
 * case-insensitive because Windows names (hosts, adapters, keywords, paths) are.
 */

const cache = new Map<string, RegExp>();

/** Compile a glob to an anchored, case-insensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` also matches zero folders, so `**/x` matches `x`.
        if (glob[i + 1] === '/') {
          i++;
          src += '(?:.*/)?';
        } else {
          src += '.*';
        }
      } else {
        src += '[^/]*';
      }
    } else if (c === '?') {
      src += '[^/]';
    } else {
      src += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
  }
  const re = new RegExp(`^${src}$`, 'is');
  cache.set(glob, re);
  return re;
}

/** True when `text` matches `glob` as a whole (case-insensitive). */
export function matchGlob(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
}

/** True when any of the globs matches. */
export function matchAny(globs: readonly string[], text: string): boolean {
  return globs.some((g) => matchGlob(g, text));
}
