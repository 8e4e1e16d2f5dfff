import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClixml } from '../../src/ingest/clixml.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { InputError } from '../../src/model/errors.js';

const OBJS = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';

function hex4(c: number): string {
  return `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
}

/**
 * PowerShell's string encoding as MS-PSRP 2.2.5.3.2 describes it: characters XML cannot carry (C0
 * controls, lone surrogates, U+FFFE/U+FFFF) and CR/LF/TAB become `_xHHHH_`, and an underscore that
 * starts `_x` is itself escaped; then ordinary XML escaping.
 */
function encodePs(s: string, attribute: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += hex4(c);
    } else if (c === 0x5f && s[i + 1] === 'x') {
      out += hex4(c);
    } else if (c === 0x26) {
      out += '&amp;';
    } else if (c === 0x3c) {
      out += '&lt;';
    } else if (c === 0x3e) {
      out += '&gt;';
    } else if (attribute && c === 0x22) {
      out += '&quot;';
    } else {
      out += s[i];
    }
  }
  return out;
}

/** Strings rich in what the encodings must get right. */
const tricky = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('_x', '_x005F_', '_x000D_', '_X000d_', '__x', '_', 'x0041_', '&', '&amp;', '<', '>', '"', "'", '\r\n', '\t', '\u0000', '\u001f', '\uFFFE', '\uD800', '\uDC00', '\uD83D\uDE00', ']]>', ' ', 'é€'),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('CLIXML string escaping round-trips', () => {
  it('any property name and string value survive PowerShell encoding and our decoding', () => {
    fc.assert(
      fc.property(tricky, tricky, (name, value) => {
        const text = `${OBJS}\r\n  <Obj RefId="0">\r\n    <MS>\r\n      <S N="${encodePs(name, true)}">${encodePs(value, false)}</S>\r\n    </MS>\r\n  </Obj>\r\n</Objs>`;
        const fields = Object.values(parseClixml(text, 'p.xml', 'utf-8').objects[0].fields);
        expect(fields).toHaveLength(1);
        expect(fields[0].name).toBe(name);
        expect(fields[0].value).toBe(value);
        expect(fields[0].at).toEqual({ file: 'p.xml', line: 4, col: 7, pointer: expect.stringMatching(/^\/Objs\/Obj\[1\]\/MS\/S\[@N=/) });
      }),
      { numRuns: 500 },
    );
  });
});

const DIR = new URL('../../fixtures/parsers/clixml/', import.meta.url);
const SEEDS = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((f) => decodeBytes(readFileSync(new URL(f, DIR))).text);

const FRAGMENTS = [
  '<', '>', '</', '/>', '&', '&amp;', '&#0;', '&#x41;', '"', "'", '=', ' ', '\r\n', '\u0001', '_x00', '_x0041_', 'N',
  '<S N="x">', '</S>', '<S>', '<Obj RefId="1">', '</Obj>', '<Ref RefId="99" />', '<Ref N="r" RefId="0" />', '<TNRef RefId="42" />',
  '<TN RefId="0"><T>A</T></TN>', '<LST>', '</LST>', '<DCT><En><S N="Key">k</S></En></DCT>', '<Props>', '</Props>', '<MS>', '</MS>',
  '<By N="b">300</By>', '<B N="b">maybe</B>', '<U64 N="u">99999999999999999999</U64>', '<PR N="p"><AV>a</AV></PR>', '<Frob N="f" />',
  '<!--', '-->', '<!-- c -->', '<![CDATA[', ']]>', '<![CDATA[x]]>', '<!DOCTYPE x>', '<?pi?>', '<constructor/>', '<toString/>', '<__proto__/>',
];

type Mutation = (s: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, len]): Mutation => (s) => s.slice(0, at % (s.length + 1)) + s.slice((at % (s.length + 1)) + len)),
  fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)).map(([at, frag]): Mutation => (s) => s.slice(0, at % (s.length + 1)) + frag + s.slice(at % (s.length + 1))),
  fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 200 })).map(([from, to, len]): Mutation => (s) => {
    const a = from % (s.length + 1);
    const b = to % (s.length + 1);
    return s.slice(0, b) + s.slice(a, a + len) + s.slice(b);
  }),
  fc.nat().map((at): Mutation => (s) => s.slice(0, at % (s.length + 1))),
);

describe('mutated CLIXML', () => {
  it('either parses to JSON-safe records or throws an InputError with a position inside the text', () => {
    fc.assert(
      fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const text = mutations.reduce((s, m) => m(s), SEEDS[seed]);
        try {
          const parsed = parseClixml(text, 'm.xml', 'utf-8');
          expect(() => JSON.stringify(parsed)).not.toThrow();
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          const err = e as InputError;
          expect(err.message).toMatch(/^m\.xml:\d+:\d+: \S/);
          expect(err.line).toBeGreaterThanOrEqual(1);
          expect(err.col).toBeGreaterThanOrEqual(1);
          expect(err.line).toBeLessThanOrEqual(text.split('\n').length);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
