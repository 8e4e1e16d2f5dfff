import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-show-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const vmq = JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' }], null, 2);

describe('vmqlint show', () => {
  it('prints the text summary without colour when asked, exit 0', async () => {
    const root = tree({ 'HV01/vmq.json': vmq });
    const r = await cli(['show', 'HV01', '--no-color'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('HV01\n');
    expect(r.stdout).toContain('  NIC1 (NIC one)  physical, ?\n    VMQ on  base 0:2  max ?  MaxProcessors 4  queues 8  LPs 2-5');
    expect(r.stdout).toContain('  HV01/vmq.json  json (PowerShell 7), utf-8: 1 objects, 7 properties mapped, 0 not understood [NetAdapterVmq]');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 host read');
  });

  it('writes the model JSON to a file and reads it back as input', async () => {
    const root = tree({ 'HV01/vmq.json': vmq });
    const first = await cli(['show', 'HV01', '--format', 'json=out/model.json'], root);
    expect(first.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(root, 'out/model.json'), 'utf8'));
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: 'vmqlint' }, hosts: [{ name: 'HV01' }] });
    const again = await cli(['show', 'out/model.json', '--format', 'json'], root);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).hosts).toEqual(doc.hosts);
  });

  it('still writes the model file with the hosts that could be read when it exits 2 (README says so)', async () => {
    const root = tree({ 'fleet/HV01/vmq.json': vmq, 'fleet/HV02/vmq.json': '[{"Name": }]' });
    const r = await cli(['show', 'fleet', '--format', 'json=out/model.json'], root);
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(join(root, 'out/model.json'), 'utf8')).hosts.map((h: { name: string }) => h.name)).toEqual(['HV01']);
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'inputs.md'), 'utf8')).toContain('model is still written with those hosts');
  });

  it('exits 2 with file:line:col on stderr for a malformed input, and still shows the good host', async () => {
    const root = tree({ 'fleet/HV01/vmq.json': vmq, 'fleet/HV02/vmq.json': '[{"Name": }]' });
    const r = await cli(['show', 'fleet', '--no-color'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vmqlint: fleet\/HV02\/vmq\.json:1:11: expected a JSON value, found '}'/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain('HV01\n');
    expect(r.stdout).toContain('1 host read, 1 failed');
  });

  it('exits 2 for a path with no recognised export', async () => {
    const root = tree({ 'x/readme.txt': 'hello' });
    const r = await cli(['show', 'x'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vmqlint: x: no recognised export found');
  });

  it('exits 2 on an unknown format name', async () => {
    const root = tree({ 'HV01/vmq.json': vmq });
    const r = await cli(['show', 'HV01', '--format', 'yaml'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown format 'yaml'");
  });
});

describe('vmqlint show on the bundled fixtures', () => {
  const root = new URL('../../', import.meta.url).pathname;

  it('reads the good host of a broken fleet, names the bad file and line, and exits 2', async () => {
    const r = await cli(['show', 'fixtures/broken-fleet', '--no-color'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("vmqlint: fixtures/broken-fleet/HV-BROKEN-01/Get-NetAdapterVmq.xml:129:14: expected a closing quote for attribute 'N' before end of input\n");
    expect(r.stdout).toContain('HV-GOOD-02\n');
    expect(r.stdout).toContain('skipped: fixtures/broken-fleet/HV-GOOD-02/notes.txt (not a recognised export)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 host read, 1 failed, 2 files skipped');
  });

  it('splits files that hold several hosts', async () => {
    const r = await cli(['show', 'fixtures/multi-host', '--format', 'json'], root);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.hosts.map((h: { name: string }) => h.name)).toEqual(['HV-MULTI-01', 'HV-MULTI-02']);
    expect(doc.hosts.every((h: { adapters: unknown[] }) => h.adapters.length > 0)).toBe(true);
  });

  it('prints the same bytes twice', async () => {
    const a = await cli(['show', 'fixtures/sample-fleet', '--format', 'json'], root);
    const b = await cli(['show', 'fixtures/sample-fleet', '--format', 'json'], root);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});
