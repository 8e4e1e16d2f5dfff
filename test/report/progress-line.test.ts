import { describe, expect, it } from 'vitest';
import { formatEta, formatProgressLine } from '../../src/report/progress-line.js';

describe('formatProgressLine', () => {
  it('shows done/total, the rate and the ETA from the elapsed time', () => {
    // 412 hosts in 31.2 s: 13.2 hosts/s; 588 left take 44.5 s, shown rounded up.
    expect(formatProgressLine(412, 1000, 31_200)).toBe('vmqlint: 412/1000 hosts, 13.2 hosts/s, ETA 45 s');
    expect(formatProgressLine(1, 4, 2000)).toBe('vmqlint: 1/4 hosts, 0.5 hosts/s, ETA 6 s');
  });

  it('leaves the rate and ETA out before anything is done or any time has passed', () => {
    expect(formatProgressLine(0, 1000, 5000)).toBe('vmqlint: 0/1000 hosts');
    expect(formatProgressLine(3, 1000, 0)).toBe('vmqlint: 3/1000 hosts');
  });

  it('has no ETA once everything is done, and clamps a count beyond the total', () => {
    expect(formatProgressLine(10, 10, 4000)).toBe('vmqlint: 10/10 hosts, 2.5 hosts/s');
    expect(formatProgressLine(12, 10, 4000)).toBe('vmqlint: 10/10 hosts, 2.5 hosts/s');
  });

  it('names what it counts', () => {
    expect(formatProgressLine(2, 8, 1000, 'snapshots')).toBe('vmqlint: 2/8 snapshots, 2.0 snapshots/s, ETA 3 s');
  });
});

describe('formatEta', () => {
  it('rounds up to whole seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatEta(0)).toBe('0 s');
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(59.5)).toBe('1 min 00 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3599)).toBe('59 min 59 s');
    expect(formatEta(3600)).toBe('1 h 00 min');
    expect(formatEta(7601)).toBe('2 h 07 min');
  });
});
