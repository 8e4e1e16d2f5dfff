import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changesAtOrAbove, gateExitCode } from '../../src/cli/diff-common.js';
import { runDiff } from '../../src/cli/diff.js';
import { ungatedRules } from '../../src/diff/gate.js';
import type { DiffResult } from '../../src/diff/types.js';
import type { RuleMeta } from '../../src/engine/types.js';
import { formatDiffMarkdown } from '../../src/report/diff-markdown.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { captureIo, tempDir } from './cli-helpers.js';

const result = (severity: 'error' | 'warning' | 'info', unattributed: boolean): DiffResult => ({
  schemaVersion: 1,
  mode: 'diff',
  changes: [],
  hosts: [
    {
      host: 'HV01',
      status: 'changed',
      changes: 0,
      introduced: [{ ruleId: 'team-processor-overlap', severity, target: { kind: 'team', name: 'T', id: 'a+b' }, message: 'm', fingerprint: 'f1' }],
      resolved: [],
      unattributed: unattributed ? ['f1'] : [],
    },
  ],
  notCompared: [],
  summary: { changes: 0, hostsCompared: 1, hostsChanged: 1, byKind: {}, bySeverity: { error: 0, warning: 0, info: 0 }, introduced: 1, resolved: 0, ignored: 0 },
});

describe('diff gate', () => {
  it('fails on a new finding no change explains, at or above --fail-on', () => {
    expect(changesAtOrAbove(result('error', true), 'error')).toBe(1);
    expect(changesAtOrAbove(result('warning', true), 'error')).toBe(0);
    expect(changesAtOrAbove(result('error', true), 'none')).toBe(0);
  });

  it('does not count an explained finding twice (its change carries it)', () => {
    expect(changesAtOrAbove(result('error', false), 'error')).toBe(0);
  });
});

describe('diff gate and verdict agree', () => {
  const coverage = { id: 'input-not-understood', category: 'coverage' } as RuleMeta;
  const teaming = { id: 'team-processor-overlap', category: 'teaming' } as RuleMeta;
  const withRule = (ruleId: string): DiffResult => {
    const r = result('info', true);
    r.hosts[0].introduced[0].ruleId = ruleId;
    return r;
  };

  it('does not fail on a coverage finding: it describes the export, not the host', () => {
    expect(changesAtOrAbove(withRule('input-not-understood'), 'info', [coverage, teaming])).toBe(0);
    expect(formatDiffText(withRule('input-not-understood'), { color: false, ungated: ungatedRules([coverage, teaming]) })).toMatch(/\nNo changes\.\n$/);
  });

  it('names the unexplained finding in stderr and the verdict, never "No changes." with exit 1', () => {
    const r = withRule('team-processor-overlap');
    const io = captureIo(tempDir());
    expect(gateExitCode(r, 'info', io, { one: 'change', many: 'changes' }, [coverage, teaming])).toBe(1);
    expect(io.err.join('')).toBe("vmqlint: 0 changes and 1 finding no change explains at or above 'info'\n");
    const text = formatDiffText(r, { color: false, ungated: ungatedRules([coverage, teaming]) });
    expect(text).not.toContain('No changes.');
    expect(text).toMatch(/\n0 changes and 1 new finding no change explains \(listed above\)\.\n$/);
  });

  it('markdown: the verdict counts an unexplained finding, not a coverage one', () => {
    const ungated = ungatedRules([coverage, teaming]);
    expect(formatDiffMarkdown(withRule('team-processor-overlap'), ungated).startsWith('## :information_source: vmqlint diff')).toBe(true);
    expect(formatDiffMarkdown(withRule('input-not-understood'), ungated).startsWith('## :white_check_mark: vmqlint diff')).toBe(true);
  });

  it('exits 0 on one host exported as CLIXML and as depth-2 JSON', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const io = captureIo(root);
    const code = await runDiff([join(root, 'fixtures/same-host/clixml-5.1'), join(root, 'fixtures/same-host/json-5.1'), '--no-config'], io);
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(io.out.join('')).toContain('introduces input-not-understood');
    expect(io.out.join('')).toMatch(/\nNo changes\.\n$/);
  });
});
