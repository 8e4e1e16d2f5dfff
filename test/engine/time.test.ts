import { describe, expect, it } from 'vitest';
import { isExpired, isIsoDate, resolveToday } from '../../src/engine/time.js';
import { UsageError } from '../../src/model/errors.js';

describe('resolveToday', () => {
  const clock = () => Date.UTC(2030, 0, 2, 12);
  it('prefers --now, then SOURCE_DATE_EPOCH, then the clock', () => {
    expect(resolveToday('2025-03-01', '0', clock)).toBe('2025-03-01');
    expect(resolveToday(undefined, '86400', clock)).toBe('1970-01-02');
    expect(resolveToday(undefined, undefined, clock)).toBe('2030-01-02');
    expect(resolveToday(undefined, '', clock)).toBe('2030-01-02');
  });
  it('takes a date-time with a zone and uses its UTC day', () => {
    expect(resolveToday('2025-03-01T23:30:00-02:00', undefined, clock)).toBe('2025-03-02');
  });
  it('rejects bad values as usage errors', () => {
    expect(() => resolveToday('2025-02-30', undefined, clock)).toThrow(UsageError);
    expect(() => resolveToday('yesterday', undefined, clock)).toThrow(/--now/);
    expect(() => resolveToday(undefined, '1.5', clock)).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

describe('isExpired', () => {
  it('keeps a waiver through its last day (UTC) and expires it the day after', () => {
    expect(isExpired('2025-01-31', '2025-01-31')).toBe(false);
    expect(isExpired('2025-01-31', '2025-02-01')).toBe(true);
  });
  it('isIsoDate checks the calendar', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
});
