import { describe, expect, it } from 'vitest';
import { formatTiming } from '../../src/report/timing.js';

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
