/**
 * "Did you mean" for a mistyped name: the closest known name by edit distance, offered only when
 * it is close enough that the guess is more likely help than noise.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  // Three rows suffice for the swap rule; names are short, so no early exit is needed.
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/**
 * The known name closest to `given`, or undefined when none is close: at most a third of the
 * longer name's length in edits (at least 1, at most 3). Ties go to the first in `known`'s order,
 * so the answer is deterministic.
 */
export function closestName(given: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(given, name);
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(given.length, name.length) / 3)));
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean 'X'?` when a known name is close to `given`, else ''. */
export function didYouMean(given: string, known: Iterable<string>): string {
  const name = closestName(given, known);
  return name === undefined ? '' : `; did you mean '${name}'?`;
}
