/**
 * Round axis ticks for the HTML charts: a step of 1, 2 or 5 x 10^n, the smallest that gives at most
 * eight ticks over the span (so 4 to 8 ticks for any span), starting at 0.
 */

/** The 1-2-5 x 10^n step for a span: the smallest with at most eight ticks (0 included). */
export function roundStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  let exp = Math.floor(Math.log10(span / 8));
  for (;;) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      if (Math.floor(span / step + 1e-9) + 1 <= 8) return Number(step.toPrecision(12));
    }
    exp++;
  }
}

/** The tick values 0, step, 2 step ... up to the span, each rounded to the step's precision. */
export function roundTicks(span: number): number[] {
  const step = roundStep(span);
  const out: number[] = [];
  for (let k = 0; k * step <= span + 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}
