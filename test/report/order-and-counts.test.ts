/** github and markdown put errors first before any cap, and count findings per rule and per host. */
import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.js';
import { formatMarkdown, MARKDOWN_MAX_ROWS } from '../../src/report/markdown.js';
import { ctx, sampleResult } from './fixture.js';

/** The sample result with the error moved behind many info findings. */
function crowded() {
  const r = sampleResult();
  const info = r.findings.find((f) => f.severity === 'info' && f.suppressed === null)!;
  const error = r.findings.find((f) => f.severity === 'error' && f.suppressed === null)!;
  const many = Array.from({ length: MARKDOWN_MAX_ROWS + 20 }, (_, i) => ({ ...info, message: `info ${i}` }));
  return { ...r, findings: [...many, ...r.findings.filter((f) => f !== error), error] };
}

describe('severity order and counts', () => {
  it('markdown keeps the error in the capped table', () => {
    const md = formatMarkdown(crowded(), ctx);
    const rows = md.split('\n').filter((l) => l.startsWith('| :'));
    expect(rows[0]).toMatch(/^\| :x: error \| `TEST-VMQ-OFF`/);
    expect(md).toContain('more findings; see the SARIF or JSON report.');
    expect(md).toMatch(/\| `TEST-HOST-INFO` \| 0 \| 1 \| 121 \| 0 \|/);
  });

  it('github annotations: errors, then warnings, then notices', () => {
    const lines = formatGithub(crowded()).split('\n').filter((l) => l.startsWith('::') && l.includes('file=fleet/'));
    const rank = lines.map((l) => (l.startsWith('::error') ? 0 : l.startsWith('::warning') ? 1 : 2));
    expect(rank[0]).toBe(0);
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(formatGithub(crowded())).toContain('vmqlint: host HV01: 0 errors, 0 warnings, 121 info, 1 suppressed');
  });
});
