/**
 * The flow hash: which queue, team member and indirection-table entry a flow lands on. A fixed
 * seed (parameter hashSeed) makes two runs of the same input give the same answer.
 */
const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a of a string (a vNIC id), 32 bits. */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finaliser: a well-mixed 32-bit hash of a 32-bit key. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
