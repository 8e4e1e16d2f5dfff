import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WARNING = 'vmqlint: warning: fixtures/identity/HVX-PAIR/Get-NetAdapterVmq.xml: one snapshot names 2 hosts (HVX.a.local, HVX.b.local); each is read as its own host\n';

describe('host identity on the command line (fixtures/identity)', () => {
  it('lint warns on stderr about the folder that names two hosts, and lints three hosts', async () => {
    const r = await cli(['lint', 'fixtures/identity', '--format', 'json', '--exit-zero'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(WARNING);
    // Known non-exports are listed by show, not on every lint run.
    expect(r.stderr).not.toContain('traffic.json');
    expect(JSON.parse(r.stdout).hosts.map((h: { name: string }) => h.name)).toEqual(['HV-ID-01', 'HVX.a.local', 'HVX.b.local']);
  });

  it('show lists the warning and the files that are not exports, once each', async () => {
    const r = await cli(['show', 'fixtures/identity', '--no-color'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNING);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.includes('traffic.json'))).toEqual(['skipped: fixtures/identity/traffic.json (not an export: vmqlint traffic profile)']);
    expect(lines.filter((l) => l.includes('NOTES.md'))).toEqual(['skipped: fixtures/identity/HV-ID-01/NOTES.md (not an export: documentation)']);
    expect(lines).toContain(WARNING.replace('vmqlint: ', '').trimEnd());
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 hosts read, 4 files skipped');
  });
});
