/**
 * The diff, drift, fleet and show text reports are written in pieces (issue 11): joined, the
 * pieces are the bytes the whole-string formatters wrote (their sha256 and size over the large
 * scenarios, taken before the split), every piece is whole lines (so escaping piece by piece is
 * escaping the whole), and a piece is a host, a row or a section: none holds the whole report.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffGithubChunks, diffJunitChunks, formatDiffGithub, formatDiffJunit } from '../../src/report/diff-ci.js';
import { diffMarkdownChunks, formatDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffTextChunks, formatDiffText } from '../../src/report/diff-text.js';
import { fleetMarkdownChunks, formatFleetMarkdown } from '../../src/report/fleet-markdown.js';
import { fleetTextChunks, formatFleetText } from '../../src/report/fleet-text.js';
import { goldenFiles } from '../helpers/golden.js';
import { largeDiff, largeDrift } from './large-scenario.js';
import { CASES, inputs, showCases } from './report-cases.js';

const expectGolden = goldenFiles(join(import.meta.dirname, 'golden'));
const sha = (text: string) => `${createHash('sha256').update(text).digest('hex')} ${Buffer.byteLength(text)}`;
const largest = (list: readonly string[]) => Math.max(...list.map((c) => c.length));

describe('diff, drift, fleet and show text in pieces', () => {
  // 200 copies of each scenario: 600 hosts a diff, 400 a drift, 600 host columns a fleet.
  const large = inputs(200);

  it('joined, the pieces are the bytes the whole-string formatters wrote (their sha256 and size, taken before the split)', () => {
    const lines = CASES.map((c) => `${c.name}: ${sha([...c.chunks(large)].join(''))}`);
    for (const c of showCases()) lines.push(`${c.name}: ${sha([...c.chunks].join(''))}`);
    expectGolden('large.sha256.txt', `${lines.join('\n')}\n`);
  });

  it('hostile host names are escaped in every piece, as in the whole text', () => {
    for (const c of CASES.filter((x) => !x.name.includes('junit') && !x.name.includes('github'))) {
      const text = [...c.chunks(large)].join('');
      expect(text, c.name).toMatch(/\\x1B\\?\]0;pwned\\x07/);
      // No bell, no screen clear, no title sequence, no line a CI runner would take as a command.
      expect(text, c.name).not.toMatch(/\u0007|\u001b\[2J|\u001b\]|^\s*::/m);
    }
  });

  it('every piece is whole lines, and there are pieces for hosts or rows, not one for the report', () => {
    for (const c of [...CASES.map((x) => ({ name: x.name, chunks: x.chunks(large) })), ...showCases()]) {
      const pieces = [...c.chunks];
      for (const p of pieces) expect(p.endsWith('\n'), c.name).toBe(true);
      expect(pieces.length, c.name).toBeGreaterThan(c.name.startsWith('show') ? 1 : 40);
    }
  });

  it('no piece of a diff or drift report grows with the fleet: a host, a change or a suite at a time', () => {
    // The fleet cases are not among these: only the diff and drift scenarios are built larger.
    const larger = { ...large, diff: largeDiff(1000), drift: largeDrift(1000) };
    for (const c of CASES.filter((x) => !x.name.startsWith('fleet'))) {
      const small = [...c.chunks(large)];
      const big = [...c.chunks(larger)];
      expect(big.length, c.name).toBeGreaterThan(small.length * 4);
      // Five times the hosts: the largest piece stays (host names grow by a character) ...
      expect(largest(big), c.name).toBeLessThanOrEqual(largest(small) * 1.1);
      // ... far below one write batch, while the whole report is many.
      expect(largest(big), c.name).toBeLessThan(16 * 1024);
    }
  });

  it('a fleet table is a piece a row: a row grows with the host columns, never with the rows', () => {
    const { fleet } = large;
    const table = [...fleetTextChunks(fleet, { color: false })];
    // The header, a piece a row, the legend and the summary.
    expect(table.length).toBe(fleet.rows.length + 3);
    for (const p of table.slice(0, -2)) expect(p.split('\n').length, p.slice(0, 40)).toBe(2);
    const transposed = [...fleetTextChunks(fleet, { color: false, width: 80 })];
    expect(transposed.length).toBe(fleet.rows.length + 2);
    for (const p of transposed.slice(0, -2)) expect(p.split('\n').length).toBe(fleet.hosts.length + 2);
    const md = [...fleetMarkdownChunks(fleet)];
    expect(md.length).toBe(fleet.rows.length + 3);
  });

  it('the string formatters are the pieces joined', () => {
    const { diff, drift, fleet } = large;
    for (const r of [diff, drift]) {
      expect(formatDiffText(r, { color: true })).toBe([...diffTextChunks(r, { color: true })].join(''));
      expect(formatDiffMarkdown(r)).toBe([...diffMarkdownChunks(r)].join(''));
      expect(formatDiffGithub(r)).toBe([...diffGithubChunks(r)].join(''));
      expect(formatDiffJunit(r)).toBe([...diffJunitChunks(r)].join(''));
    }
    expect(formatFleetText(fleet, { color: true, width: 80 })).toBe([...fleetTextChunks(fleet, { color: true, width: 80 })].join(''));
    expect(formatFleetMarkdown(fleet)).toBe([...fleetMarkdownChunks(fleet)].join(''));
  });

  it('junit counts its totals before the first suite, as the suites add up', () => {
    const xml = [...diffJunitChunks(large.diff)].join('');
    const root = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml)!;
    const suites = [...xml.matchAll(/<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)"/g)];
    expect(Number(root[1])).toBe(suites.reduce((n, m) => n + Number(m[1]), 0));
    expect(Number(root[2])).toBe(suites.reduce((n, m) => n + Number(m[2]), 0));
    expect(Number(root[2])).toBe(large.diff.changes.length);
    // No suite at all still leaves the empty line between the root's tags.
    const empty = { ...large.diff, hosts: [], changes: [], unmatched: [] };
    expect([...diffJunitChunks(empty)].join('')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vmqlint diff" tests="0" failures="0" errors="0">\n\n</testsuites>\n');
  });
});
