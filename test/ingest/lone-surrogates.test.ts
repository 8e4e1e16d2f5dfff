/**
 * The lone-surrogate checks against plain definitions: offsets of unpaired surrogates in UTF-16
 * bytes (either byte order, after a BOM or not, odd trailing byte, odd offset in the buffer), and
 * strings holding one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, keptSurrogates, loneSurrogateOffsets } from '../../src/ingest/lone-surrogates.js';
import { parseClixml } from '../../src/ingest/clixml.js';

/** Code units biased towards surrogates, so pairs, lone halves and reversed pairs all occur. */
const unit = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x41, 0xd7ff, 0xe000, 0xd8ff, 0xdcff));

/** Unit k is lone when it is a high surrogate not followed by a low one, or a low one not preceded by a high one that pairs with it. */
function expectedOffsets(units: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    if (u >= 0xd800 && u <= 0xdbff) {
      if (k + 1 < units.length && units[k + 1] >= 0xdc00 && units[k + 1] <= 0xdfff) k++;
      else out.push(k);
    } else if (u >= 0xdc00 && u <= 0xdfff) out.push(k);
  }
  return out;
}

describe('lone surrogates', () => {
  it('finds the unpaired surrogates in UTF-16 bytes, either byte order', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (units, bigEndian, bom, oddByte, oddStart) => {
        const skip = bom ? 2 : 0;
        // At an odd offset in its buffer (a slice of a pooled Buffer), the bytes cannot be read as 16-bit units directly.
        const length = skip + units.length * 2 + (oddByte ? 1 : 0);
        const bytes = oddStart ? new Uint8Array(length + 1).subarray(1) : new Uint8Array(length);
        units.forEach((u, k) => {
          bytes[skip + 2 * k + (bigEndian ? 0 : 1)] = u >> 8;
          bytes[skip + 2 * k + (bigEndian ? 1 : 0)] = u & 0xff;
        });
        if (oddByte) bytes[bytes.length - 1] = 0xd8;
        expect(loneSurrogateOffsets(bytes, bigEndian, skip)).toEqual(expectedOffsets(units));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells a string with a lone surrogate from one with pairs or none', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), (units) => {
        expect(hasLoneSurrogate(String.fromCharCode(...units))).toBe(expectedOffsets(units).length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the field holding one, nested fields by their path', () => {
    const text =
      '<Objs xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter</T></TN>' +
      '<Props><S N="Name">ok</S><Obj N="Inner" RefId="1"><MS><S N="Deep">a_xD800_b</S><S N="Fine">x</S></MS></Obj><S N="Pair">_xD83D__xDE00_</S></Props></Obj></Objs>';
    expect(keptSurrogates(parseClixml(text, 't.xml', 'utf-8')).map((i) => i.what)).toEqual(['MSFT_NetAdapter.Inner.Deep']);
  });
});
