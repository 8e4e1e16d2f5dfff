/**
 * "Today" for waiver expiry. It comes from `--now` or SOURCE_DATE_EPOCH when given, so a test or a
 * CI rerun of the same inputs decides expiry the same way; only without both is the clock read.
 */
import { UsageError } from '../model/errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True when `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Today's UTC date (YYYY-MM-DD). `now` is the `--now` value (a date, or a date-time with a zone);
 * `sourceDateEpoch` is SOURCE_DATE_EPOCH (seconds); `clock` is read only when neither is given.
 */
export function resolveToday(now: string | undefined, sourceDateEpoch: string | undefined, clock: () => number = Date.now): string {
  if (now !== undefined) {
    if (isIsoDate(now)) return now;
    if (DATE_TIME.test(now)) {
      const ms = Date.parse(now);
      if (!Number.isNaN(ms)) return utcDay(ms);
    }
    throw new UsageError(`--now: expected a date YYYY-MM-DD or a date-time with a zone (2025-01-31T12:00:00Z), got '${now}'`);
  }
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== '') {
    if (!/^\d{1,12}$/.test(sourceDateEpoch)) {
      throw new UsageError(`SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, got '${sourceDateEpoch}'`);
    }
    return utcDay(Number(sourceDateEpoch) * 1000);
  }
  return utcDay(clock());
}

/** True once the waiver's last day (`expires`, inclusive, UTC) is over. */
export function isExpired(expires: string, today: string): boolean {
  // Both are YYYY-MM-DD, so ordinal order is date order.
  return today > expires;
}
