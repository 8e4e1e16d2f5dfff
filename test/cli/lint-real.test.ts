/**
 * End to end through the real loader and the real rule catalog: each rule's documented example,
 * written to disk as Windows would export it (with its traffic profile for rules that need a
 * simulation), makes `lint` report that rule; its documented fix does not.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { runLint } from '../../src/cli/lint.js';
import { captureIo, tempDir } from './cli-helpers.js';

const rules = await loadRules();

/** Traffic rules document their profile as `traffic.json` beside the export (lint --traffic). */
const TRAFFIC = 'traffic.json';

async function lintFiles(files: Record<string, string>): Promise<{ code: number; ruleIds: string[]; err: string }> {
  const exports = Object.entries(files).filter(([n]) => n !== TRAFFIC);
  const cwd = tempDir(Object.fromEntries(exports.map(([n, t]) => [`snap/${n}`, t])));
  const traffic = files[TRAFFIC] !== undefined ? ['--traffic', join(tempDir({ [TRAFFIC]: files[TRAFFIC] }), TRAFFIC)] : [];
  const io = captureIo(cwd, { SOURCE_DATE_EPOCH: '1700000000' });
  const code = await runLint(['snap', '--no-config', '--format', 'json', ...traffic], io);
  const doc = JSON.parse(io.out.join('') || '{"findings":[]}') as { findings: { ruleId: string }[] };
  return { code, ruleIds: doc.findings.map((f) => f.ruleId), err: io.err.join('') };
}

describe('lint with the real catalog', () => {
  it('has rules', () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) {
    it(`${rule.meta.id}: the documented example fires, the documented fix does not`, async () => {
      const bad = await lintFiles(rule.meta.docs.example.files);
      expect(bad.ruleIds, bad.err).toContain(rule.meta.id);
      expect([0, 1]).toContain(bad.code);
      const good = await lintFiles(rule.meta.docs.fixed.files);
      expect(good.ruleIds, good.err).not.toContain(rule.meta.id);
    });
  }
});

describe('lint --traffic with the real simulator', () => {
  const example = rules[0].meta.docs.example.files;
  const files = { ...Object.fromEntries(Object.entries(example).map(([n, t]) => [`snap/${n}`, t])) };
  it('reports a bad profile with file, line and column (exit 2)', async () => {
    const cwd = tempDir({ ...files, 'traffic.json': '{\n  "vnics": [\n    { "vm": "VM1", "gbps": -1 }\n  ]\n}\n' });
    const io = captureIo(cwd);
    expect(await runLint(['snap', '--no-config', '--traffic', 'traffic.json'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^vmqlint: traffic\.json:3:\d+: vnics\[0\]\.gbps: /m);
  });
  it('accepts a valid profile', async () => {
    const cwd = tempDir({ ...files, 'traffic.json': '{ "durationSeconds": 5, "vnics": [] }' });
    const io = captureIo(cwd);
    expect([0, 1]).toContain(await runLint(['snap', '--no-config', '--traffic', 'traffic.json', '--format', 'json'], io));
    expect(JSON.parse(io.out.join(''))).toMatchObject({ schemaVersion: 1 });
  });
});
