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
