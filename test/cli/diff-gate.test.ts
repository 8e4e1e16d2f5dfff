import { describe, expect, it } from 'vitest';
import { changesAtOrAbove } from '../../src/cli/diff-common.js';
import type { DiffResult } from '../../src/diff/types.js';

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
