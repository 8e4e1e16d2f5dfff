/**
 * A Get-NetView bundle as support engineers hand it over: `msdbg.<HOST>.zip`, the registry zipped
 * once more inside it (`_Localhost/RegistryFiles.zip`). It must give the same findings as the
 * unzipped tree.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const TREE = 'fixtures/netview/ps51/msdbg.HV-LBFO-2012R2';
const tmp = mkdtempSync(join(tmpdir(), 'vmqlint-netview-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** The tree zipped as Get-NetView does: RegistryFiles/ becomes RegistryFiles.zip inside the bundle. */
function bundle(): string {
  const entries: Record<string, Uint8Array> = {};
  const registry: Record<string, Uint8Array> = {};
  for (const f of files(TREE)) {
    const rel = relative(TREE, f).split('\\').join('/');
    if (rel.startsWith('_Localhost/RegistryFiles/')) registry[rel.slice('_Localhost/RegistryFiles/'.length)] = readFileSync(f);
    else entries[rel] = readFileSync(f);
  }
  expect(Object.keys(registry).length).toBeGreaterThan(0);
  entries['_Localhost/RegistryFiles.zip'] = zipSync(registry);
  const path = join(tmp, 'msdbg.HV-LBFO-2012R2.zip');
  writeFileSync(path, zipSync(entries));
  return path;
}

describe('a zipped Get-NetView bundle with the registry zipped inside it', () => {
  it('lints to the same findings as the unzipped tree', async () => {
    const zip = bundle();
    const folder = JSON.parse((await cli(['lint', '--no-config', '--exit-zero', '--format', 'json', TREE])).stdout);
    const zipped = JSON.parse((await cli(['lint', '--no-config', '--exit-zero', '--format', 'json', zip])).stdout);
    const key = (f: { ruleId: string; host: string; target: { name: string }; severity: string; fingerprint: string }) => `${f.host} ${f.ruleId} ${f.target.name} ${f.severity} ${f.fingerprint}`;
    expect(zipped.hosts).toEqual(folder.hosts);
    expect(zipped.findings.map(key)).toEqual(folder.findings.map(key));
    // The registry was read from the inner zip: the VMSMP value it holds is there.
    const shown = await cli(['show', zip]);
    expect(shown.stdout).toContain('BelowTenGigVmqEnabled=1');
    expect(shown.stdout).toContain('RegistryFiles.zip/');
  });
});
