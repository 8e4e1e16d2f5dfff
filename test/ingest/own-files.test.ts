import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import { notAnExport, OWN_DOCUMENTS, ownDocumentKind, sniffInput } from '../../src/ingest/own-files.js';
import { sniff } from '../../src/ingest/parse.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE_HOSTS = ['HV-2022', 'HV-LBFO-2012R2', 'HV-SET-2019'];

/** fixtures/sample-fleet copied to a temp folder `fleet`, plus extra files (path -> text, UTF-8). */
function sampleFleetWith(extra: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-own-'));
  cpSync(join(ROOT, 'fixtures', 'sample-fleet'), join(root, 'fleet'), { recursive: true });
  for (const [p, text] of Object.entries(extra)) {
    mkdirSync(join(root, 'fleet', p, '..'), { recursive: true });
    writeFileSync(join(root, 'fleet', p), text);
  }
  return root;
}

const traffic = JSON.stringify({ durationSeconds: 30, vnics: [{ vm: 'VM01', gbps: 5 }] }, null, 2);

describe("vmqlint's own files in a fleet folder", () => {
  it('a stray traffic.json at the fleet root is no export: the fleet stays three hosts (it used to make the root one phantom host)', () => {
    // The bug: traffic.json looked like a ConvertTo-Json export, so the fleet root became a
    // snapshot of its own and every file under it one host named "fleet".
    expect(sniff(new TextEncoder().encode(traffic)).format).toBe('json');
    const r = loadPaths(['fleet'], { cwd: sampleFleetWith({ 'traffic.json': traffic }) });
    expect(r.hosts.map((h) => h.name)).toEqual(SAMPLE_HOSTS);
    expect(r.failures).toEqual([]);
    expect(r.skipped).toEqual([
      { file: 'fleet/README.md', reason: 'not an export: documentation' },
      { file: 'fleet/traffic.json', reason: 'not an export: vmqlint traffic profile' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('own files in a host folder are listed once (skipped), not as not understood, and the host is read', () => {
    const files = {
      'HV-2022/baseline.json': JSON.stringify({ schemaVersion: 1, entries: [] }),
      'HV-2022/desired.json': JSON.stringify({ schemaVersion: 1, expect: [] }),
      'HV-2022/waivers.json': JSON.stringify({ waivers: [] }),
      'HV-2022/vmqlintrc.json': JSON.stringify({ rules: { 'vmq-disabled': 'off' }, ignore: ['**/*.bak'] }),
      'HV-2022/traffic.json': traffic,
      'HV-2022/README.md': 'Name,Enabled\nNIC1,True\n',
    };
    const r = loadPaths(['fleet'], { cwd: sampleFleetWith(files) });
    expect(r.hosts.map((h) => h.name)).toEqual(SAMPLE_HOSTS);
    expect(r.skipped.filter((s) => s.file.startsWith('fleet/HV-2022/'))).toEqual([
      { file: 'fleet/HV-2022/README.md', reason: 'not an export: documentation' },
      { file: 'fleet/HV-2022/baseline.json', reason: 'not an export: vmqlint baseline' },
      { file: 'fleet/HV-2022/desired.json', reason: 'not an export: vmqlint desired state' },
      { file: 'fleet/HV-2022/traffic.json', reason: 'not an export: vmqlint traffic profile' },
      { file: 'fleet/HV-2022/vmqlintrc.json', reason: 'not an export: vmqlint config' },
      { file: 'fleet/HV-2022/waivers.json', reason: 'not an export: vmqlint waivers' },
    ]);
    const h = r.hosts[0];
    expect(h.unknown.filter((u) => u.kind === 'file')).toEqual([]);
    expect(h.sources.map((s) => s.file)).not.toContain('fleet/HV-2022/traffic.json');
    expect(h.adapters.length).toBeGreaterThan(0);
  });

  it('a file that is no export and not ours is still listed as not understood', () => {
    const r = loadPaths(['fleet'], { cwd: sampleFleetWith({ 'HV-2022/notes.txt': 'rebooted Tuesday' }) });
    expect(r.hosts[0].unknown).toContainEqual({ kind: 'file', name: 'fleet/HV-2022/notes.txt', context: 'not a recognised export', count: 1, at: { file: 'fleet/HV-2022/notes.txt', line: 1 } });
  });

  it('a README that looks like a CSV export is documentation, not a host', () => {
    const csvLike = '"Name","InterfaceDescription","Enabled"\n"NIC1","NIC one","True"\n';
    expect(sniff(new TextEncoder().encode(csvLike)).format).toBe('csv');
    expect(sniffInput(new TextEncoder().encode(csvLike), 'fleet/README.md')).toMatchObject({ format: undefined, notExport: 'not an export: documentation' });
  });
});

describe('ownDocumentKind', () => {
  it('knows each document by its schema keys, or by a $schema that points at ours', () => {
    expect(ownDocumentKind(traffic)).toBe('vmqlint traffic profile');
    expect(ownDocumentKind('\ufeff{"$schema": "https://vmqlint.dev/schemas/desired.schema.json", "expect": []}')).toBe('vmqlint desired state');
    expect(ownDocumentKind('{"$schema": "../schemas/waivers.schema.json", "waivers": []}')).toBe('vmqlint waivers');
  });

  it('leaves exports alone: a ConvertTo-Json array, a single object, a key outside every schema', () => {
    expect(ownDocumentKind('[{"Name": "NIC1", "PSComputerName": "HV01"}]')).toBeUndefined();
    expect(ownDocumentKind('{"Name": "NIC1", "InterfaceDescription": "NIC one", "Enabled": true}')).toBeUndefined();
    expect(ownDocumentKind('{"vnics": [], "Name": "x"}')).toBeUndefined();
    expect(ownDocumentKind('{}')).toBeUndefined();
    expect(ownDocumentKind('{"vnics": ')).toBeUndefined();
  });

  it('agrees with schemas/: the required and allowed top-level keys of each document', () => {
    for (const d of OWN_DOCUMENTS) {
      const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', `${d.schema}.schema.json`), 'utf8'));
      expect(schema.additionalProperties, d.schema).toBe(false);
      expect([...d.required].sort(), d.schema).toEqual([...(schema.required ?? [])].sort());
      expect([...d.allowed].sort(), d.schema).toEqual(Object.keys(schema.properties).sort());
    }
  });
});

describe('notAnExport', () => {
  it('names config and documentation files by name, and leaves .txt (reg query, Get-NetView views) alone', () => {
    expect(notAnExport('HV01/.vmqlintrc.json', undefined)).toBe('not an export: vmqlint config');
    expect(notAnExport('fleet\\docs\\CHANGELOG.md', undefined)).toBe('not an export: documentation');
    expect(notAnExport('fleet/README', undefined)).toBe('not an export: documentation');
    expect(notAnExport('HV01/nic-class.txt', undefined)).toBeUndefined();
    expect(notAnExport('HV01/Get-NetAdapter.xml', '<Objs />')).toBeUndefined();
  });
});

describe('ownDocumentKind without parsing exports twice', () => {
  it('knows our documents whatever key comes first, and a $schema spelled with an escape', () => {
    expect(ownDocumentKind('{"entries": [], "schemaVersion": 1}')).toBe('vmqlint baseline');
    expect(ownDocumentKind('{"Name": "x", "$schema": "https://vmqlint.dev/schemas/traffic.schema.json", "vnics": []}')).toBe('vmqlint traffic profile');
    expect(ownDocumentKind('{"Name": "x", "\\u0024schema": "https://vmqlint.dev/schemas/traffic.schema.json"}')).toBe('vmqlint traffic profile');
    expect(ownDocumentKind('{"\\u0076nics": []}')).toBe('vmqlint traffic profile');
  });

  it('says an export object is none of ours from its first key', () => {
    expect(ownDocumentKind('{\r\n    "Name":  "NIC1",\r\n    "vnics":  []\r\n}')).toBeUndefined();
    expect(ownDocumentKind('{"vnics": [], "Name": "NIC1"}')).toBeUndefined();
  });
});
