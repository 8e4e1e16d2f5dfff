/**
 * A small glob matcher for host names, target names/ids, property names and input paths:
 * `*` (anything but `/`), `?` (one character but `/`), `**` (anything, `/` included), `**\/` (zero
 * or more folders). Matching is case-insensitive because Windows names (hosts, adapters,
 * keywords, paths) are.
 *
 * Globs come from users' configs and waivers and are matched against names from exports, so the
 * matcher must never backtrack: a glob compiles to a small automaton that is run over the text with
 * a set of live states, O(text x glob) whatever the pattern (a regular expression of `*a*a*a...`
 * against a long name took minutes).
 */

/** One step of a compiled glob. */
type Token =
  | { kind: 'char'; ch: string }
  | { kind: 'one' } // ?
  | { kind: 'star' } // * : any run without '/'
  | { kind: 'any' } // ** : any run
  // **/ compiles to dirs, any, char '/': dirs may skip the group whole (zero folders).
  | { kind: 'dirs' };

const cache = new Map<string, Token[]>();

function compile(glob: string): Token[] {
  const hit = cache.get(glob);
  if (hit) return hit;
  const tokens: Token[] = [];
  const g = glob.toLowerCase();
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') {
          i++;
          tokens.push({ kind: 'dirs' }, { kind: 'any' }, { kind: 'char', ch: '/' });
        } else {
          tokens.push({ kind: 'any' });
        }
      } else {
        // `**` runs were handled above; consecutive single stars are one star.
        if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      }
    } else if (c === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'char', ch: c });
    }
  }
  cache.set(glob, tokens);
  return tokens;
}

/** Add state `i` and every state reachable from it without consuming text. */
function close(tokens: readonly Token[], live: Uint8Array, i: number): void {
  if (i > tokens.length || live[i]) return;
  live[i] = 1;
  const t = tokens[i];
  if (t === undefined || t.kind === 'char' || t.kind === 'one') return;
  if (t.kind === 'dirs') {
    // Into the group (any run, then '/'), or past it: `**/x` matches `x`.
    close(tokens, live, i + 1);
    close(tokens, live, i + 3);
    return;
  }
  close(tokens, live, i + 1); // star and any may match nothing
}

/** True when `text` matches `glob` as a whole (case-insensitive), in time linear in the text. */
export function matchGlob(glob: string, text: string): boolean {
  const tokens = compile(glob);
  const s = text.toLowerCase();
  let live = new Uint8Array(tokens.length + 1);
  close(tokens, live, 0);
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    const next = new Uint8Array(tokens.length + 1);
    let any = false;
    for (let i = 0; i < tokens.length; i++) {
      if (!live[i]) continue;
      const t = tokens[i];
      if (t.kind === 'char') {
        if (t.ch === c) close(tokens, next, i + 1);
      } else if (t.kind === 'one') {
        if (c !== '/') close(tokens, next, i + 1);
      } else if (t.kind === 'star') {
        if (c !== '/') close(tokens, next, i);
      } else if (t.kind === 'any') {
        close(tokens, next, i);
      }
      // dirs consumes nothing itself: its 'any' and '/' states do.
    }
    for (let i = 0; i <= tokens.length; i++) if (next[i]) any = true;
    if (!any) return false;
    live = next;
  }
  return live[tokens.length] === 1;
}

/** True when any of the globs matches. */
export function matchAny(globs: readonly string[], text: string): boolean {
  return globs.some((g) => matchGlob(g, text));
}
