/** Zip input works for every command: the same output as the unzipped folder, paths aside. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const root = resolve('.');
const SDDC = 'fixtures/sddc/HealthTest-CLUS01-20240401-0600';
const SDDC_ZIP = 'fixtures/sddc-zip/HealthTest-CLUS01-20240401-0600.ZIP';
const DESIRED = join(root, 'fixtures', 'diff', 'desired', 'desired.json');
const tmp = mkdtempSync(join(tmpdir(), 'vmqlint-zipcli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const same = (s: string) => s.replaceAll(SDDC_ZIP, SDDC);

describe('zip input on the command line', () => {
  const commands: [string, string[]][] = [
    ['lint', ['lint', '--no-config', '--exit-zero']],
    ['show', ['show']],
    ['fleet', ['fleet', '--no-config']],
    ['drift', ['drift', '--no-config', '--desired', DESIRED]],
  ];
  it.each(commands)('%s reads a zip as the folder it contains', async (_name, args) => {
    const folder = await cli([...args, SDDC]);
    const zip = await cli([...args, SDDC_ZIP]);
    expect(folder.stdout.length).toBeGreaterThan(0);
    expect(same(zip.stdout)).toBe(folder.stdout);
    expect(same(zip.stderr)).toBe(folder.stderr);
    expect(zip.code).toBe(folder.code);
  });

  it('simulate reads a zipped host as its folder', async () => {
    const node = 'fixtures/sample-fleet/HV-SET-2019';
    const zipPath = join(tmp, 'HV-SET-2019.zip');
    const names = readdirSync(node);
    writeFileSync(zipPath, zipSync(Object.fromEntries(names.map((n) => [n, new Uint8Array(readFileSync(join(node, n)))]))));
    const args = ['simulate', '--vms', '4', '--gbps', '2'];
    const folder = await cli([...args, node]);
    const zip = await cli([...args, zipPath]);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toContain('HV-SET-2019');
    const norm = (s: string) => s.replaceAll(node, 'X').replaceAll(zipPath, 'X');
    expect(norm(zip.stdout)).toBe(norm(folder.stdout));
    expect(zip.code).toBe(0);
  });

  it('diff compares a zip with a folder', async () => {
    const r = await cli(['diff', '--no-config', SDDC_ZIP, SDDC]);
    expect(r.stdout).toContain('No changes');
    expect(r.code).toBe(0);
  });

  it('refuses a zip with a path traversal entry with exit 2, naming the archive and the entry', async () => {
    const bad = join(tmp, 'evil.zip');
    writeFileSync(bad, zipSync({ 'ok/../../evil.xml': new TextEncoder().encode('<Objs/>') }));
    const r = await cli(['lint', '--no-config', 'evil.zip'], tmp);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain("evil.zip: entry 'ok/../../evil.xml': refused: a '..' segment (path traversal)");
  });

  it('reads a fleet folder holding one zip per host', async () => {
    const fleet = join(tmp, 'fleet');
    mkdirSync(fleet, { recursive: true });
    const files = unzipSync(new Uint8Array(readFileSync(SDDC_ZIP)));
    for (const node of ['HV-SDDC-01', 'HV-SDDC-02']) {
      const mine = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(`Node_${node}/`) && p.endsWith('.xml')).map(([p, b]) => [p.slice(p.indexOf('/') + 1), b]));
      writeFileSync(join(fleet, `${node}.zip`), zipSync(mine));
    }
    const r = await cli(['show', 'fleet'], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HV-SDDC-01');
    expect(r.stdout).toContain('HV-SDDC-02');
  });
});
