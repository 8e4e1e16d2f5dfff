/** Sizes for the hostile suite: 1/100 by default, the full sizes with VMQLINT_HOSTILE_FULL=1. */
export const FULL = process.env.VMQLINT_HOSTILE_FULL === '1';

/** `n` at full scale, n/100 (at least `min`) by default. */
export function scaled(n: number, min = 1): number {
  return FULL ? n : Math.max(min, Math.round(n / 100));
}
