/** Every diff, drift and fleet format against its golden file (UPDATE_GOLDEN=1 rewrites them). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/engine/types.js';
import { formatDiffGithub, formatDiffJunit } from '../../src/report/diff-ci.js';
import { formatDiffJson } from '../../src/report/diff-json.js';
import { formatDiffMarkdown } from '../../src/report/diff-markdown.js';
import { formatDiffSarif } from '../../src/report/diff-sarif.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { formatFleetJson } from '../../src/report/fleet-json.js';
import { formatFleetMarkdown } from '../../src/report/fleet-markdown.js';
import { formatFleetText } from '../../src/report/fleet-text.js';
import { goldenFiles } from '../helpers/golden.js';
import { stubLint } from './hosts.js';
import { validateSarif } from './sarif-schema.js';
import { diffScenario, driftScenario, fleetScenario } from './scenario.js';

const expectGolden = goldenFiles(join(import.meta.dirname, 'golden'));

const tool = { name: 'vmqlint', version: '0.0.0-test' };
const ctx = { color: false, rules: [] };

function lintResult(findings: Finding[], hosts: string[]): LintResult {
  return {
    schemaVersion: 1,
    tool,
    hosts: hosts.map((name) => ({ name, release: '2019', status: 'ok' })),
    findings,
    notApplicable: [],
    summary: { error: 0, warning: 0, info: 0, baselined: 0, waived: 0, notApplicable: 0 },
  };
}

describe('diff formats', () => {
  const { after, result } = diffScenario();

  it('text', () => expectGolden('diff.txt', formatDiffText(result, { color: false })));
  it('text in colour', () => {
    const text = formatDiffText(result, { color: true });
    expect(text).toContain('\u001b[');
    expectGolden('diff.color.txt', text);
  });
  it('json', () => expectGolden('diff.json', formatDiffJson(result)));
  it('github: annotations errors first, then the plan line', () => {
    const text = formatDiffGithub(result);
    const rank = text.split('\n').filter((l) => l.startsWith('::')).map((l) => (l.startsWith('::error') ? 0 : l.startsWith('::warning') ? 1 : 2));
    expect(rank.length).toBe(result.changes.length);
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expectGolden('diff.github.txt', text);
  });
  it('junit: a failure per change', () => {
    const text = formatDiffJunit(result);
    expect((text.match(/<failure /g) ?? []).length).toBe(result.changes.length);
    expectGolden('diff.junit.xml', text);
  });
  it('markdown', () => expectGolden('diff.md', formatDiffMarkdown(result)));
  it('sarif holds the introduced findings only and is valid SARIF 2.1.0', () => {
    const text = formatDiffSarif(result, { tool, after: lintResult(stubLint(after), after.map((h) => h.name)) }, ctx);
    const log = JSON.parse(text) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0].results.map((r) => r.ruleId)).toEqual(['vmq-disabled', 'team-processor-overlap', 'too-many-vnics']);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expectGolden('diff.sarif', text);
  });
  it('json is the same bytes on every run', () => expect(formatDiffJson(diffScenario().result)).toBe(formatDiffJson(result)));
});

describe('drift formats', () => {
  const result = driftScenario();
  it('text', () => expectGolden('drift.txt', formatDiffText(result, { color: false })));
  it('json', () => expectGolden('drift.json', formatDiffJson(result)));
  it('github: each mismatch where its value was read', () => {
    const text = formatDiffGithub(result);
    expect(text).toMatch(/^::(error|warning|notice) file=/m);
    expectGolden('drift.github.txt', text);
  });
  it('junit', () => {
    const text = formatDiffJunit(result);
    expect((text.match(/<failure /g) ?? []).length).toBe(result.changes.length + (result.unmatched?.length ?? 0));
    expectGolden('drift.junit.xml', text);
  });
  it('markdown', () => expectGolden('drift.md', formatDiffMarkdown(result)));
  it('sarif reports each mismatch and is valid SARIF 2.1.0', () => {
    const text = formatDiffSarif(result, { tool, sourceOf: (h) => `${h}/Get-NetAdapter.json` }, ctx);
    const log = JSON.parse(text) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0].results.length).toBe(result.changes.length);
    expect(new Set(log.runs[0].results.map((r) => r.ruleId))).toEqual(new Set(['desired-mismatch']));
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expectGolden('drift.sarif', text);
  });
});

describe('fleet formats', () => {
  const result = fleetScenario();
  it('text', () => expectGolden('fleet.txt', formatFleetText(result, { color: false })));
  it('text in colour', () => expectGolden('fleet.color.txt', formatFleetText(result, { color: true })));
  it('text against a golden host', () => expectGolden('fleet-golden.txt', formatFleetText(fleetScenario('HV01'), { color: false })));
  it('json', () => expectGolden('fleet.json', formatFleetJson(result)));
  it('markdown', () => expectGolden('fleet.md', formatFleetMarkdown(result)));
});

describe('empty results', () => {
  it('say there is nothing to report', () => {
    const { before } = diffScenario();
    const none = formatDiffText({ ...diffScenario().result, changes: [], hosts: before.map((h) => ({ host: h.name, status: 'unchanged', changes: 0, introduced: [], resolved: [], unattributed: [] })), notCompared: [], summary: { changes: 0, hostsCompared: 3, hostsChanged: 0, byKind: {}, bySeverity: { error: 0, warning: 0, info: 0 }, introduced: 0, resolved: 0, ignored: 0 } }, { color: false });
    expect(none).toBe('No changes.\n');
  });
});
