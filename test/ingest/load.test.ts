import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';

/** A temp tree: path -> text (written as UTF-8 with CRLF). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-load-'));
  for (const [p, text] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text.replace(/\n/g, '\r\n'));
  }
  return root;
}

const vmq = (host: string) =>
  JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: host }], null, 2);

describe('loadPaths', () => {
  it('treats a folder with an export at its top level as one snapshot', () => {
    const root = tree({ 'HV01/Get-NetAdapterVmq.json': vmq('HV01'), 'HV01/notes.txt': 'hello' });
    const r = loadPaths(['HV01'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
    expect(r.skipped).toEqual([{ file: 'HV01/notes.txt', reason: 'not a recognised export' }]);
    expect(r.hosts[0].unknown).toContainEqual({ kind: 'file', name: 'HV01/notes.txt', context: 'not a recognised export', count: 1, at: { file: 'HV01/notes.txt', line: 1 } });
    expect(r.failures).toEqual([]);
  });

  it('treats a folder without top-level exports as a fleet of child snapshots', () => {
    const root = tree({ 'fleet/HV01/vmq.json': vmq(''), 'fleet/HV02/vmq.json': vmq(''), 'fleet/README.md': '# notes' });
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.hosts[0].sources.map((s) => s.file)).toEqual(['fleet/HV01/vmq.json']);
  });

  it('reports a host whose file is malformed and still reads the others', () => {
    const root = tree({ 'fleet/HV01/vmq.json': vmq('HV01'), 'fleet/HV02/vmq.json': '[{"Name": "NIC1",\n  "Enabled": tru }]' });
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].host).toBe('HV02');
    expect(r.failures[0].error.message).toBe("fleet/HV02/vmq.json:2:17: expected 'true', found ' '");
  });

  it('splits a file naming several hosts', () => {
    const both = JSON.stringify([JSON.parse(vmq('HV01'))[0], JSON.parse(vmq('HV02'))[0]], null, 2);
    const root = tree({ 'cluster.json': both });
    const r = loadPaths(['cluster.json'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.hosts.every((h) => h.adapters.length === 1)).toBe(true);
  });

  it('names a host after its file when no object names one', () => {
    const root = tree({ 'HV07.json': vmq('') });
    expect(loadPaths(['HV07.json'], { cwd: root }).hosts.map((h) => h.name)).toEqual(['HV07']);
  });

  it('fails a path that holds no recognised export, or does not exist', () => {
    const root = tree({ 'empty/readme.txt': 'nothing here' });
    const r = loadPaths(['empty', 'missing'], { cwd: root });
    expect(r.hosts).toEqual([]);
    expect(r.failures.map((f) => f.error.message)).toEqual([
      expect.stringMatching(/^empty: no recognised export found/),
      'missing: no such file or folder',
    ]);
  });

  it('leaves out ignored files', () => {
    const root = tree({ 'HV01/vmq.json': vmq('HV01'), 'HV01/old/vmq.json': vmq('HV01') });
    const r = loadPaths(['HV01'], { cwd: root, ignore: (p) => p.includes('/old/') });
    expect(r.hosts[0].sources.map((s) => s.file)).toEqual(['HV01/vmq.json']);
  });
});

describe('two snapshots of one host', () => {
  it('are not merged: the first is read, the second reported', () => {
    const root = tree({ 'fleet/a/HV01/vmq.json': vmq('HV01'), 'fleet/b/HV01/vmq.json': vmq('HV01'), 'fleet/c/HV02/vmq.json': vmq('HV02') });
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => [h.name, h.sources.map((s) => s.file)])).toEqual([
      ['HV01', ['fleet/a/HV01/vmq.json']],
      ['HV02', ['fleet/c/HV02/vmq.json']],
    ]);
    expect(r.failures.map((f) => [f.host, f.error.message])).toEqual([
      ['HV01', "fleet/b/HV01/vmq.json: host 'HV01' was already read from fleet/a/HV01/vmq.json; two snapshots of one host are not merged (compare them with vmqlint diff)"],
    ]);
  });
});
