/** PackedBytes keeps each item's bytes exactly, across block boundaries and for items larger than a block. */
import { describe, expect, it } from 'vitest';
import { PackedBytes } from '../../src/cli/packed-bytes.js';

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe('PackedBytes', () => {
  it('gives back every item as put, whatever its size, after the source buffers change', () => {
    const store = new PackedBytes();
    const sizes = [0, 1, 3000, 700_000, 400_000, 1 << 20, 3 << 20, 5, 1_048_000, 100];
    const items = sizes.map((n, i) => bytes(n, i));
    const refs = items.map((b) => store.put(b));
    // The store copied: changing what was put changes nothing kept.
    for (const b of items) b.fill(7);
    sizes.forEach((n, i) => expect(Buffer.compare(store.get(refs[i]), Buffer.from(bytes(n, i)))).toBe(0));
    // Items share blocks: far less than one block each.
    expect(store.size).toBeLessThan(sizes.length << 20);
  });

  it('holds about the bytes put, not a zlib output chunk per item', () => {
    const store = new PackedBytes();
    for (let i = 0; i < 1000; i++) store.put(bytes(3400, i));
    expect(store.size).toBeLessThanOrEqual(4 << 20);
  });
});
