/** The example traffic profile the README uses fits the bundled host it names. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { captureIo } from './cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');

describe('fixtures/traffic/hv-lbfo-2012r2.json', () => {
  it('lints the bundled host under it, and the simulation rules find what it was made to show', async () => {
    const io = captureIo(root, { SOURCE_DATE_EPOCH: '1700000000' });
    const code = await runLint(['fixtures/sample-fleet/HV-LBFO-2012R2', '--no-config', '--format', 'json', '--traffic', 'fixtures/traffic/hv-lbfo-2012r2.json'], io);
    expect(io.err.join('')).not.toMatch(/internal error|unknown VM/);
    expect(code).toBe(1);
    const doc = JSON.parse(io.out.join('')) as { findings: { ruleId: string }[] };
    const rules = new Set(doc.findings.map((f) => f.ruleId));
    expect(rules.has('vmq-queue-waste') || rules.has('default-queue-bottleneck')).toBe(true);
  });
});
