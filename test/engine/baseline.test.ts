import { describe, expect, it } from 'vitest';
import { BaselineSet, buildBaseline, serializeBaseline, validateBaseline } from '../../src/engine/baseline.js';
import { fingerprint } from '../../src/engine/fingerprint.js';
import { applyBaseline, lintHosts } from '../../src/engine/run.js';
import { InputError } from '../../src/model/errors.js';
import { makeAdapter, makeHost, testRules } from './helpers.js';

const tool = { name: 'vmqlint', version: '1' };

describe('baseline', () => {
  const hosts = [makeHost('HV2', '2019', [makeAdapter('B', 'id-b', false)]), makeHost('HV1', '2019', [makeAdapter('A', 'id-a', false)])];
  const result = lintHosts(hosts, [], { rules: testRules, tool });

  it('builds sorted entries, skips waived findings, and round-trips through its schema', () => {
    const waived = result.findings.map((f, i) => (i === 0 ? { ...f, suppressed: { kind: 'waiver' as const, reason: 'r' } } : f));
    const doc = buildBaseline(waived);
    expect(doc.entries.map((e) => `${e.host} ${e.ruleId} ${e.target}`)).toEqual(['HV1 TEST-VMQ-OFF adapter A', 'HV2 TEST-HOST-INFO host HV2', 'HV2 TEST-VMQ-OFF adapter B']);
    const text = serializeBaseline(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(validateBaseline(JSON.parse(text), 'b.json')).toEqual(doc);
  });

  it('keeps a waiver on a finding the baseline also lists, and notes that it is in the baseline', () => {
    const set = new BaselineSet('b.json', buildBaseline(result.findings).entries);
    const waived = { ...result, findings: result.findings.map((f, i) => (i === 0 ? { ...f, suppressed: { kind: 'waiver' as const, reason: 'r' } } : f)) };
    const after = applyBaseline(waived, set);
    expect(after.findings[0].suppressed).toEqual({ kind: 'waiver', reason: 'r', inBaseline: true });
    expect(after.findings.slice(1).every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
  });

  it('matches by fingerprint, so a renamed adapter stays baselined', () => {
    const set = new BaselineSet('b.json', buildBaseline(result.findings).entries);
    const renamed = lintHosts([makeHost('HV1', '2019', [makeAdapter('Renamed', 'id-a', false)])], [], { rules: testRules, tool, baseline: set });
    expect(renamed.findings.filter((f) => f.ruleId === 'TEST-VMQ-OFF').map((f) => f.suppressed)).toEqual([{ kind: 'baseline' }]);
    expect(renamed.housekeeping?.unmatchedBaseline.map((e) => e.host)).toEqual(['HV2', 'HV2']);
  });

  it('matches entries written under a renamed rule\'s retired id (README: baselines survive upgrades)', () => {
    // TEST-VMQ-OFF was OLD-VMQ: a baseline from before the rename hashed the old id.
    const old = { fingerprint: fingerprint('HV1', { kind: 'adapter', name: 'A', id: 'id-a' }, 'OLD-VMQ', 'vmq.enabled'), ruleId: 'OLD-VMQ', host: 'HV1', target: 'adapter A', message: 'VMQ off' };
    const after = lintHosts([makeHost('HV1', '2019', [makeAdapter('A', 'id-a', false)])], [], { rules: testRules, tool, baseline: new BaselineSet('b.json', [old]) });
    expect(after.findings.filter((f) => f.ruleId === 'TEST-VMQ-OFF').map((f) => f.suppressed)).toEqual([{ kind: 'baseline' }]);
    expect(after.housekeeping?.unmatchedBaseline).toEqual([]);
  });

  it('rejects a malformed file, naming the key', () => {
    expect(() => validateBaseline({ schemaVersion: 2, entries: [] }, 'b.json')).toThrow(InputError);
    expect(() => validateBaseline({ schemaVersion: 1, entries: [{ fingerprint: 'xyz', ruleId: 'R', host: 'h', target: 't', message: 'm' }] }, 'b.json')).toThrow(
      'b.json: entries[0].fingerprint: expected text matching ^[0-9a-f]{64}$',
    );
  });
});
