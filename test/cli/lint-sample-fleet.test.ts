/**
 * The bundled fleets through the real loader, catalog, simulator and formatters, run from the
 * repository root as CI would: what `npm start` shows, and what a broken host does to a run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { captureIo, tempDir } from './cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const FLEET = 'fixtures/sample-fleet';

interface JsonFinding {
  ruleId: string;
  severity: string;
  host: string;
  target: { kind: string; name: string; id: string };
  property?: string;
  message: string;
}

async function lint(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(root, { SOURCE_DATE_EPOCH: '1700000000', ...env });
  const code = await runLint(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('lint --traffic over a fleet', () => {
  const profile = (third: string) =>
    `{\n  "durationSeconds": 20,\n  "vnics": [\n    { "vm": "VM-APP01", "gbps": 6 },\n    { "vm": "VM09", "gbps": 4 },\n    { "vm": "${third}", "gbps": 4 }\n  ]\n}\n`;

  it('simulates each host with the entries that name its own VMs', async () => {
    const file = join(tempDir({ 'traffic.json': profile('VM10') }), 'traffic.json');
    const run = await lint([FLEET, '--no-config', '--format', 'json', '--traffic', file]);
    expect(run.err).not.toMatch(/internal error/);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as { findings: JsonFinding[]; notApplicable: { ruleId: string }[] };
    const simulated = doc.findings.filter((f) => f.ruleId === 'default-queue-bottleneck' || f.ruleId === 'predicted-core-saturation');
    expect([...new Set(simulated.map((f) => f.host))].sort()).toEqual(['HV-2022', 'HV-LBFO-2012R2']);
    expect(doc.notApplicable.filter((n) => n.ruleId === 'default-queue-bottleneck')).toEqual([]);
  });

  it('reports an entry no host of the run matches at its line and column (exit 2), not as an internal error', async () => {
    const file = join(tempDir({ 'traffic.json': profile('VM10X') }), 'traffic.json');
    const run = await lint([FLEET, '--no-config', '--traffic', file]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/traffic\.json:6:\d+: unknown VM 'VM10X'.*no host of this run matches the entry/);
    expect(run.err).not.toMatch(/internal error/);
  });
});
