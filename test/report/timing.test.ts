import { describe, expect, it } from 'vitest';
import { formatPhaseSummary, formatTiming } from '../../src/report/timing.js';

describe('formatTiming', () => {
  it("prints ESLint's TIMING table: slowest first, the alignment row's pipes under the column pipes", () => {
    const text = formatTiming(
      [
        { ruleId: 'fast-rule', ms: 1, runs: 2 },
        { ruleId: 'slow', ms: 3, runs: 2 },
      ],
      2,
    );
    expect(text).toBe(
      [
        'Rule      | Time (ms) | Per host (ms) | Relative',
        ':---------|----------:|--------------:|--------:',
        'slow      |     3.000 |        1.5000 |    75.0%',
        'fast-rule |     1.000 |        0.5000 |    25.0%',
        '2 rules on 2 hosts: 4.000 ms in rules',
        '',
      ].join('\n'),
    );
    const [head, sep] = text.split('\n');
    expect([...sep].map((c, i) => (c === '|' ? i : -1)).filter((i) => i >= 0)).toEqual([...head].map((c, i) => (c === '|' ? i : -1)).filter((i) => i >= 0));
  });
});

describe('formatPhaseSummary', () => {
  it('lists each phase with its share of the wall time, the rest as other, then rate, memory and cache', () => {
    const text = formatPhaseSummary({
      wallMs: 80_000,
      hosts: 1000,
      phases: [
        { phase: 'discover', ms: 120.04 },
        { phase: 'read+parse', ms: 36_000 },
        { phase: 'assemble', ms: 9_000 },
        { phase: 'lint rules', ms: 20_000 },
        { phase: 'fleet rules', ms: 400 },
        { phase: 'report writing', ms: 2_480 },
      ],
      cache: { hits: 940, misses: 60 },
      maxRssKiB: 1_960_000,
    });
    expect(text).toBe(
      [
        'Phase          | Time (ms) | Share of wall',
        ':--------------|----------:|-------------:',
        'discover       |     120.0 |          0.2%',
        'read+parse     |  36,000.0 |         45.0%',
        'assemble       |   9,000.0 |         11.3%',
        'lint rules     |  20,000.0 |         25.0%',
        'fleet rules    |     400.0 |          0.5%',
        'report writing |   2,480.0 |          3.1%',
        'other          |  12,000.0 |         15.0%',
        '1000 hosts in 80.0 s; 12.5 hosts/s; peak RSS 1,914 MiB; cache 940 hits, 60 misses (94.0% hits)',
        '',
      ].join('\n'),
    );
    const [head, sep] = text.split('\n');
    expect([...sep].map((c, i) => (c === '|' ? i : -1)).filter((i) => i >= 0)).toEqual([...head].map((c, i) => (c === '|' ? i : -1)).filter((i) => i >= 0));
  });

  it('has no other row when the phases fill the wall time, or when workers ran them', () => {
    const full = formatPhaseSummary({ wallMs: 1000, hosts: 1, phases: [{ phase: 'lint rules', ms: 1000 }] });
    expect(full).toBe(['Phase      | Time (ms) | Share of wall', ':----------|----------:|-------------:', 'lint rules |   1,000.0 |        100.0%', '1 host in 1.0 s; 1.0 hosts/s', ''].join('\n'));
    const workers = formatPhaseSummary({ wallMs: 10_000, hosts: 40, jobs: 2, phases: [{ phase: 'read+parse', ms: 12_000 }, { phase: 'lint rules', ms: 5_000 }] });
    expect(workers).toContain('read+parse |  12,000.0 |        120.0%');
    expect(workers).not.toContain('other');
    expect(workers.trimEnd().split('\n').at(-1)).toBe('40 hosts in 10.0 s; 4.0 hosts/s; 2 jobs (phase times are summed over them)');
  });

  it('says one cache hit and one miss in the singular, and nothing about rate for no wall time', () => {
    const text = formatPhaseSummary({ wallMs: 0, hosts: 0, phases: [{ phase: 'discover', ms: 0 }], cache: { hits: 1, misses: 1 } });
    expect(text).toContain('discover |       0.0 |             -');
    expect(text.trimEnd().split('\n').at(-1)).toBe('0 hosts in 0.0 s; cache 1 hit, 1 miss (50.0% hits)');
    expect(formatPhaseSummary({ wallMs: 5, hosts: 0, phases: [], cache: { hits: 0, misses: 0 } })).toContain('cache 0 hits, 0 misses\n');
  });
});
