/** JSON written piece by piece is JSON.stringify(value, null, 2), byte for byte, whatever the value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonRenderedArray, JsonStreamedArray, jsonChunks, jsonChunksAsync, jsonElement, streamedArray } from '../../src/report/json-stream.js';

/** The value with every array (chosen by `pick`) replaced by a streamed one. */
function streamArrays(v: unknown, pick: () => boolean): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => streamArrays(x, pick));
    return pick() ? streamedArray(items) : items;
  }
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, streamArrays(x, pick)]));
  return v;
}

const joined = (v: unknown) => [...jsonChunks(v)].join('');

describe('jsonChunks', () => {
  it('writes what JSON.stringify(value, null, 2) writes, with any arrays streamed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), (value, picks) => {
        let i = 0;
        const streamed = streamArrays(value, () => picks[i++ % picks.length]);
        expect(joined(streamed)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON.stringify leaves out, writes null where it does, and keeps toJSON', () => {
    const date = new Date(Date.UTC(2026, 0, 2));
    const value = { a: undefined, b: [undefined, () => 1, 2], c: { d: [] as unknown[], e: {} }, f: date, g: 'line\nbreak "quoted" \u2028' };
    const expected = JSON.stringify(value, null, 2);
    expect(joined({ ...value, b: streamedArray(value.b), c: { d: streamedArray([]), e: {} } })).toBe(expected);
    expect(joined({ a: undefined, b: undefined })).toBe('{}');
    expect(joined({ a: undefined, s: streamedArray([1]) })).toBe('{\n  "s": [\n    1\n  ]\n}');
  });

  it('writes a streamed array an element a piece, reading its items only as it goes', () => {
    const seen: number[] = [];
    const items = streamedArray([1, 2, 3], (n) => {
      seen.push(n);
      return { n };
    });
    const it = jsonChunks({ list: items });
    expect(it.next().value).toBe('{\n  "list": ');
    expect(seen).toEqual([]);
    expect(it.next().value).toBe('[\n    {\n      "n": 1\n    }');
    expect(seen).toEqual([1]);
    expect([...it]).toEqual([',\n    {\n      "n": 2\n    }', ',\n    {\n      "n": 3\n    }', '\n  ]', '\n}']);
    expect(new JsonStreamedArray([]).items).toEqual([]);
  });
});

describe('jsonChunksAsync', () => {
  it('writes a document whose array elements come written and late as JSON.stringify writes it whole', async () => {
    const items = [{ name: 'a', list: [1, { x: 'é\n' }] }, 'two', null, { empty: [] }];
    for (const elements of [items, []]) {
      async function* late(): AsyncGenerator<string> {
        for (const item of elements) {
          await new Promise((r) => setImmediate(r));
          yield jsonElement(item, 2);
        }
      }
      const doc = { schemaVersion: 1, inner: { hosts: new JsonRenderedArray(late()), after: true } };
      let text = '';
      for await (const piece of jsonChunksAsync(doc)) text += piece;
      expect(text).toBe(JSON.stringify({ schemaVersion: 1, inner: { hosts: elements, after: true } }, null, 2));
    }
  });
});
