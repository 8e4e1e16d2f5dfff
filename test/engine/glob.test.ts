import { describe, expect, it } from 'vitest';
import { matchAny, matchGlob } from '../../src/engine/glob.js';

describe('matchGlob', () => {
  it('matches * within one path segment, case-insensitively', () => {
    expect(matchGlob('HV*', 'hv01')).toBe(true);
    expect(matchGlob('hv0?', 'HV01')).toBe(true);
    expect(matchGlob('hv0?', 'HV012')).toBe(false);
    expect(matchGlob('fleet/*.json', 'fleet/a/b.json')).toBe(false);
  });
  it('matches ** across folders, and **/ also matches no folder', () => {
    expect(matchGlob('fleet/**/*.json', 'fleet/a/b/c.json')).toBe(true);
    expect(matchGlob('**/*.json', 'c.json')).toBe(true);
    expect(matchGlob('fleet/**', 'fleet/x/y')).toBe(true);
  });
  it('treats regex characters literally', () => {
    expect(matchGlob('a.b(1)+', 'a.b(1)+')).toBe(true);
    expect(matchGlob('a.b', 'axb')).toBe(false);
    expect(matchGlob('{6e5b}', '{6E5B}')).toBe(true);
  });
  it('matchAny is true when one glob matches', () => {
    expect(matchAny(['x*', 'hv*'], 'HV9')).toBe(true);
    expect(matchAny([], 'HV9')).toBe(false);
  });
});

describe('matchGlob in linear time', () => {
  it('answers a backtracking-prone glob against a long name at once', () => {
    const glob = '*a*b'.repeat(12);
    const name = 'a'.repeat(40);
    const start = performance.now();
    expect(matchGlob(glob, name)).toBe(false);
    expect(matchGlob(glob, 'ab'.repeat(12))).toBe(true);
    expect(matchGlob('**a**a**a**a**a**a**a**a**b', 'a/'.repeat(200))).toBe(false);
    // A regular expression took more than 60 s here; the automaton takes milliseconds.
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('agrees with the specification on every small case (property)', async () => {
    const fc = (await import('fast-check')).default;
    // Reference: a memoised recursive matcher, obviously right and fine for short inputs.
    const ref = (g: string, t: string): boolean => {
      const memo = new Map<string, boolean>();
      const go = (i: number, j: number): boolean => {
        const key = `${i},${j}`;
        const hit = memo.get(key);
        if (hit !== undefined) return hit;
        let r: boolean;
        if (i === g.length) r = j === t.length;
        else if (g[i] === '*' && g[i + 1] === '*' && g[i + 2] === '/') r = go(i + 3, j) || [...Array(t.length - j).keys()].some((k) => t[j + k] === '/' && go(i + 3, j + k + 1));
        else if (g[i] === '*' && g[i + 1] === '*') r = [...Array(t.length - j + 1).keys()].some((k) => go(i + 2, j + k));
        else if (g[i] === '*') r = [...Array(t.length - j + 1).keys()].some((k) => !t.slice(j, j + k).includes('/') && go(i + 1, j + k));
        else if (g[i] === '?') r = j < t.length && t[j] !== '/' && go(i + 1, j + 1);
        else r = j < t.length && g[i].toLowerCase() === t[j].toLowerCase() && go(i + 1, j + 1);
        memo.set(key, r);
        return r;
      };
      return go(0, 0);
    };
    const globChar = fc.constantFrom('a', 'B', '/', '*', '?', '.');
    const textChar = fc.constantFrom('a', 'b', 'A', '/', '.');
    fc.assert(
      fc.property(fc.array(globChar, { maxLength: 8 }), fc.array(textChar, { maxLength: 10 }), (g, t) => {
        expect(matchGlob(g.join(''), t.join(''))).toBe(ref(g.join(''), t.join('')));
      }),
      { numRuns: 3000 },
    );
  });
});
