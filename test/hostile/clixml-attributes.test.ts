/**
 * Hostile CLIXML: one start tag with a huge number of attributes. The duplicate-attribute check
 * was pairwise (50,000 attributes took 8 s, 200,000 more than 60 s); it must stay linear.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { scanXml } from '../../src/ingest/clixml-scan.js';
import { FULL, scaled } from './scale.js';

/** `<Objs a0="x" a1="x" ... />` with `n` attributes (and `dup` repeated at the end when given). */
function manyAttributes(n: number, dup?: string): string {
  const parts: string[] = ['<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"'];
  for (let i = 0; i < n; i++) parts.push(` a${i}="x"`);
  if (dup) parts.push(` ${dup}="y"`);
  parts.push(' />');
  return parts.join('');
}

describe('hostile CLIXML: attributes on one element', () => {
  // The default run uses the issue's 50,000 attributes (not 1/100): at 2,000 the quadratic check
  // still ends in a few ms, and this input is only 0.5 MB. Full: 200,000.
  const n = FULL ? 200_000 : 50_000;

  it(`checks ${n} distinct attributes in linear time`, () => {
    const text = manyAttributes(n);
    const t0 = performance.now();
    scanXml(text, 'many.xml');
    const ms = performance.now() - t0;
    // Linear: ~1 µs per attribute here; the pairwise check took 8 s for 50,000.
    expect(ms).toBeLessThan(FULL ? 4000 : 1500);
  }, 20_000);

  it('still refuses a duplicate attribute past the first few, with its position', () => {
    const text = manyAttributes(scaled(50_000, 20), 'a7');
    let err: unknown;
    try {
      scanXml(text, 'dup.xml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/dup\.xml:1:\d+.*second 'a7'/);
  }, 20_000);

  it('refuses a duplicate among the first few attributes (the in-place comparison)', () => {
    expect(() => scanXml('<Objs a="1" b="2" a="3" />', 'small.xml')).toThrow(/small\.xml:1:19.*second 'a'/);
  }, 5_000);

  it('refuses a tag exactly when some attribute name repeats (any count, either side of the set threshold)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'RefId', 'N', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'y'), { maxLength: 30 }), (names) => {
        const text = `<Objs${names.map((n, i) => ` ${n}="${i}"`).join('')} />`;
        const repeats = new Set(names).size !== names.length;
        let threw = false;
        try {
          scanXml(text, 'p.xml');
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).detail).toMatch(/expected each attribute once/);
          threw = true;
        }
        expect(threw).toBe(repeats);
      }),
      { numRuns: 300 },
    );
  }, 20_000);
});
