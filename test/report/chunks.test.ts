/**
 * Reports are written in pieces (src/report/lint-formats.ts): joined, the pieces are the bytes the
 * whole-string formatters wrote, and no piece grows with the fleet, so a formatter that fell back
 * to building its whole text as one string would fail here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { fixScriptChunks } from '../../src/report/fix-script.js';
import { lintResultDocument } from '../../src/report/json.js';
import { LINT_CHUNKERS, LINT_FORMATTERS, LINT_FORMAT_NAMES } from '../../src/report/lint-formats.js';
import type { ReportContext } from '../../src/report/context.js';
import { quotePs } from '../../src/engine/targets.js';
import { ctx, sampleResult } from './fixture.js';
import { expectGolden } from './golden.js';

type Chunker = (r: LintResult, c: ReportContext) => Iterable<string>;

/** Every piece-written report, with its golden file for the sample fleet. */
const REPORTS: { name: string; chunks: Chunker; golden: string; bytes?: (s: string) => string }[] = [
  { name: 'stylish', chunks: LINT_CHUNKERS.stylish, golden: 'stylish.txt' },
  { name: 'json', chunks: LINT_CHUNKERS.json, golden: 'lint.json' },
  { name: 'sarif', chunks: LINT_CHUNKERS.sarif, golden: 'lint.sarif' },
  { name: 'junit', chunks: LINT_CHUNKERS.junit, golden: 'junit.xml' },
  { name: 'github', chunks: LINT_CHUNKERS.github, golden: 'github.txt' },
  { name: 'markdown', chunks: LINT_CHUNKERS.markdown, golden: 'markdown.md' },
  { name: 'stylish-verbose-color-60', chunks: (r, c) => LINT_CHUNKERS.stylish(r, { ...c, verbose: true, color: true, width: 60 }), golden: '' },
  { name: 'fix-script', chunks: (r) => fixScriptChunks(r), golden: 'fix.ps1.txt', bytes: (s) => s.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n') },
];

const pieces = (chunks: Chunker, r: LintResult) => [...chunks(r, ctx)];
const sha = (text: string) => `${createHash('sha256').update(text).digest('hex')} ${Buffer.byteLength(text)}`;
const largest = (list: readonly string[]) => Math.max(...list.map((c) => c.length));

describe('reports in pieces', () => {
  const sample = sampleResult();
  // 200 copies of the sample: 600 readable hosts and 200 unreadable inputs; 1,000 copies for growth.
  const large = sampleResult(200);
  const larger = sampleResult(1000);

  it.each(REPORTS.filter((r) => r.golden !== ''))('$name: the pieces of the sample fleet join to its golden file', ({ chunks, golden, bytes }) => {
    const text = pieces(chunks, sample).join('');
    expectGolden(golden, bytes ? bytes(text) : text);
  });

  it('joined, the pieces of a 600-host fleet are the bytes the whole-string formatters wrote (their sha256 and size, taken before the split)', () => {
    const lines = REPORTS.map((r) => `${r.name} ${sha(pieces(r.chunks, large).join(''))}`);
    expectGolden('large-fleet.sha256.txt', `${lines.join('\n')}\n`);
  });

  it.each(REPORTS)('$name: many pieces, and none grows with the fleet', ({ chunks }) => {
    const small = pieces(chunks, large);
    const big = pieces(chunks, larger);
    expect(big.length).toBeGreaterThan(1000);
    // Five times the hosts: the largest piece stays (host names grow by a character or two) ...
    expect(largest(big)).toBeLessThanOrEqual(largest(small) * 1.1);
    // ... below one write batch, while the whole report is several.
    expect(largest(big)).toBeLessThan(64 * 1024);
  });

  it('the string formatters are the pieces joined', () => {
    for (const name of LINT_FORMAT_NAMES) expect(LINT_FORMATTERS[name](large, ctx), name).toBe(pieces(LINT_CHUNKERS[name], large).join(''));
  });

  it("json and sarif are JSON.stringify's own two-space layout", () => {
    const json = pieces(LINT_CHUNKERS.json, large).join('');
    expect(json).toBe(`${JSON.stringify(lintResultDocument(large), null, 2)}\n`);
    const sarif = pieces(LINT_CHUNKERS.sarif, large).join('');
    expect(sarif).toBe(`${JSON.stringify(JSON.parse(sarif), null, 2)}\n`);
  });

  it.each([
    ['plain names', ['HV01', "O'Brien-HV"]],
    ['a name with a control character (the whole list double-quoted)', ['HV01', 'HV\u0007X', "O'Brien-HV"]],
  ])("the fix script's closing line quotes the host list as quotePs quotes it whole: %s", (_, names) => {
    const r = sampleResult();
    const withFix = r.findings.find((f) => f.suppressed === null && f.fix)!;
    const findings = names.map((host, i) => ({ ...withFix, host, target: { ...withFix.target, id: `guid-${i}` } }));
    const sorted = [...names].sort();
    const text = pieces((x) => fixScriptChunks(x), { ...r, findings }).join('');
    expect(text).toContain(`-f $env:COMPUTERNAME, ${quotePs(sorted.join(', '))})\r\n    exit 3\r\n`);
  });

  it('a fix script that is refused writes no piece at all', () => {
    const r = sampleResult();
    // Two hosts with one computer name and nothing to tell them apart.
    const twin = r.findings.filter((f) => f.host === 'HV02' && f.suppressed === null && f.fix).map((f) => ({ ...f, host: 'hv02' }));
    const it = fixScriptChunks({ ...r, findings: [...r.findings, ...twin] })[Symbol.iterator]();
    expect(() => it.next()).toThrow(/all report the computer name 'HV02'/);
  });
});
