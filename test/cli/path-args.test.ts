import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPathArgs } from '../../src/cli/path-args.js';
import { runLint } from '../../src/cli/lint.js';
import { captureIo, tempDir } from './cli-helpers.js';

describe('path arguments with wildcards (PowerShell does not expand them)', () => {
  it('expands * and ? per segment, case-insensitively, sorted; keeps existing paths and non-matches as typed', () => {
    const cwd = tempDir();
    for (const d of ['hosts/HV02', 'hosts/hv01', 'hosts/SQL01', 'hosts/.git']) mkdirSync(join(cwd, d), { recursive: true });
    writeFileSync(join(cwd, 'hosts', 'HV02', 'a.xml'), '');
    expect(expandPathArgs(['hosts/HV*'], cwd)).toEqual(['hosts/HV02', 'hosts/hv01']);
    expect(expandPathArgs(['hosts\\hv0?\\a.xml'], cwd)).toEqual(['hosts/HV02/a.xml']);
    expect(expandPathArgs(['hosts/*'], cwd)).toEqual(['hosts/HV02', 'hosts/SQL01', 'hosts/hv01']);
    expect(expandPathArgs(['hosts', 'nothing*'], cwd)).toEqual(['hosts', 'nothing*']);
  });

  it('lint reads the hosts a glob names', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const io = captureIo(root, { SOURCE_DATE_EPOCH: '1700000000' });
    const code = await runLint(['fixtures/sample-fleet/HV-*-2*', '--no-config', '--format', 'json', '--exit-zero'], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.out.join('')).hosts.map((h: { name: string }) => h.name)).toEqual(['HV-LBFO-2012R2', 'HV-SET-2019']);
  });
});
