/**
 * The text of the progress line a long run shows on a terminal:
 * `vmqlint: 412/1000 hosts, 13.2 hosts/s, ETA 44 s`. Pure; src/cli/progress.ts decides when and
 * where to draw it.
 */

/** `44 s`, `3 min 05 s`, `2 h 07 min`: whole seconds rounded up, so an ETA never reads 0 early. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const minutes = Math.ceil(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * The line for `done` of `total` units after `elapsedMs`. The rate and the ETA are left out until
 * they mean something (nothing done yet, or no time measured), and the ETA once everything is done.
 */
export function formatProgressLine(done: number, total: number, elapsedMs: number, unit = 'hosts'): string {
  const shown = Math.min(Math.max(0, done), total);
  const head = `vmqlint: ${shown}/${total} ${unit}`;
  if (shown === 0 || !(elapsedMs > 0)) return head;
  const rate = shown / (elapsedMs / 1000);
  const eta = shown < total ? `, ETA ${formatEta((total - shown) / rate)}` : '';
  return `${head}, ${rate.toFixed(1)} ${unit}/s${eta}`;
}
