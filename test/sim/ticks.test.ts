/** Round time-axis ticks for the HTML charts (src/report/ticks.ts). */
import { describe, expect, it } from 'vitest';
import { roundStep, roundTicks } from '../../src/report/ticks.js';

describe('roundTicks', () => {
  it('gives round steps from 0, as close to five ticks as it can', () => {
    expect(roundTicks(120)).toEqual([0, 30, 60, 90, 120]);
    expect(roundTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(roundTicks(0.5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(roundTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('gives 4 to 8 ticks for every span, each a multiple of a 1-2-3-5 x 10^n step', () => {
    for (let span = 0.3; span < 5000; span *= 1.07) {
      const ticks = roundTicks(span);
      expect(ticks.length, `span ${span}`).toBeGreaterThanOrEqual(4);
      expect(ticks.length, `span ${span}`).toBeLessThanOrEqual(8);
      const step = roundStep(span);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 3, 5]).toContain(Number(mantissa.toPrecision(6)));
      expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(span + 1e-9);
    }
  });
});
