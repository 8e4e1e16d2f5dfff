/**
 * Round axis ticks for the HTML charts: a step of 1, 2, 3 or 5 x 10^n starting at 0, chosen so the
 * axis has 4 to 8 ticks and as close to 5 as it can (a 120 s run reads 0, 30, 60, 90, 120; a
 * 1,000 s one 0, 200 ... 1,000). Ties go to the finer step.
 */

const MANTISSAS = [1, 2, 3, 5];

function tickCount(span: number, step: number): number {
  return Math.floor(span / step + 1e-9) + 1;
}

/** The round step for a span (see the module comment). */
export function roundStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const base = Math.floor(Math.log10(span)) - 2;
  let best: { step: number; score: number } | undefined;
  for (let exp = base; exp <= base + 3; exp++) {
    for (const m of MANTISSAS) {
      const step = Number((m * 10 ** exp).toPrecision(12));
      const n = tickCount(span, step);
      if (n < 4 || n > 8) continue;
      const score = Math.abs(n - 5);
      if (best === undefined || score < best.score) best = { step, score };
    }
  }
  return best?.step ?? Number((10 ** Math.floor(Math.log10(span))).toPrecision(12));
}

/** The tick values 0, step, 2 step ... up to the span, each rounded to the step's precision. */
export function roundTicks(span: number): number[] {
  const step = roundStep(span);
  const out: number[] = [];
  for (let k = 0; k * step <= span + 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}
