import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import { isLargeNonExport } from '../../src/ingest/large-file.js';
import { safeSegments } from '../../src/ingest/zip.js';
import { zippedHost } from '../../scripts/fixtures/sets/zipped.js';

const tmp = mkdtempSync(join(tmpdir(), 'vmqlint-ziptest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Rewrite every occurrence of an entry name in a zip's bytes (local header and directory). */
function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const b = Buffer.from(zip);
  const f = Buffer.from(from, 'latin1');
  for (let i = b.indexOf(f); i >= 0; i = b.indexOf(f, i + 1)) b.write(to, i, 'latin1');
  return b;
}

function write(name: string, bytes: Uint8Array): string {
  writeFileSync(join(tmp, name), bytes);
  return name;
}

const tempTrees = () => readdirSync(tmpdir()).filter((n) => n.startsWith('vmqlint-zip-')).length;

describe('zip input', () => {
  it('reads a zipped host, with the registry from the zip inside it, and names paths inside the archive', () => {
    const before = tempTrees();
    const r = loadPaths(['fixtures/zipped/HV-ZIP-01.zip']);
    expect(r.failures).toEqual([]);
    expect(r.hosts.map((h) => h.name)).toEqual(['HV-ZIP-01']);
    const h = r.hosts[0];
    expect(h.sources.map((s) => s.file).sort()).toEqual([
      'fixtures/zipped/HV-ZIP-01.zip/Get-NetAdapter.xml',
      'fixtures/zipped/HV-ZIP-01.zip/Get-NetAdapterVmq.xml',
      'fixtures/zipped/HV-ZIP-01.zip/_Localhost/RegistryFiles.zip/hklm.reg',
    ]);
    // The stray line regedit would skip is listed with its line, and the host is still read.
    const stray = h.unknown.find((u) => u.name === 'this line is not registry syntax');
    const line = zippedHost().regText.split('\r\n').indexOf('this line is not registry syntax') + 1;
    expect(stray?.at).toMatchObject({ file: 'fixtures/zipped/HV-ZIP-01.zip/_Localhost/RegistryFiles.zip/hklm.reg', line });
    expect(JSON.stringify(h.adapters)).toContain('RegistryFiles.zip/hklm.reg');
    // Expanded trees are removed once the load is done.
    expect(tempTrees()).toBe(before);
  });

  it('gives the same host as the same files unzipped', () => {
    const dir = join(tmp, 'HV-ZIP-01');
    const { zip } = zippedHost();
    // Unzip with fflate's whole-archive reader (the nested zip too, into a folder of its name).
    const put = (p: string, bytes: Uint8Array) => {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), bytes);
    };
    for (const [p, bytes] of Object.entries(unzipSync(zip))) {
      if (p.endsWith('.zip')) for (const [q, inner] of Object.entries(unzipSync(bytes))) put(`${p}/${q}`, inner);
      else put(p, bytes);
    }
    write('HV-ZIP-01.zip', zip);
    const a = loadPaths(['HV-ZIP-01.zip'], { cwd: tmp }).hosts;
    const b = loadPaths(['HV-ZIP-01'], { cwd: tmp }).hosts;
    expect(b[0].adapters.length).toBeGreaterThan(1);
    expect(JSON.stringify(a).replaceAll('HV-ZIP-01.zip/', 'HV-ZIP-01/')).toBe(JSON.stringify(b));
  });

  it('treats a backslash in an entry name as a separator (.NET Framework 4.5 ZipFile)', () => {
    const { zip } = zippedHost();
    const name = write('backslash.zip', renameEntry(zip, '_Localhost/RegistryFiles.zip', '_Localhost\\RegistryFiles.zip'));
    const r = loadPaths([name], { cwd: tmp });
    expect(r.failures).toEqual([]);
    expect(r.hosts[0].sources.map((s) => s.file)).toContain('backslash.zip/_Localhost/RegistryFiles.zip/hklm.reg');
  });

  const hostile = (entry: string) => zipSync({ [entry]: new TextEncoder().encode('<Objs/>') });
  it.each([
    ['../evil.xml', "entry '../evil.xml': refused: a '..' segment (path traversal)"],
    ['a/../../evil.xml', "entry 'a/../../evil.xml': refused: a '..' segment (path traversal)"],
    ['/etc/evil.xml', "entry '/etc/evil.xml': refused: an absolute path"],
    ['C:/evil.xml', "entry 'C:/evil.xml': refused: an absolute path"],
  ])('refuses the entry %s, naming the archive and the entry', (entry, detail) => {
    const name = write(`hostile-${entry.replace(/[^a-z]/gi, '')}.zip`, hostile(entry));
    const r = loadPaths([name], { cwd: tmp });
    const f = r.failures.find((x) => x.file === name);
    expect(f?.error.message).toBe(`${name}: ${detail}`);
    expect(existsSync(join(tmp, 'evil.xml'))).toBe(false);
  });
  it('refuses a backslash traversal too', () => {
    const zip = renameEntry(hostile('XX/evil.xml'), 'XX/evil.xml', '..\\evil.xml');
    const name = write('hostile-bs.zip', zip);
    expect(loadPaths([name], { cwd: tmp }).failures[0].error.message).toBe(`${name}: entry '..\\evil.xml': refused: a '..' segment (path traversal)`);
  });

  it('refuses a decompression bomb by the bytes inflated, the entry count and the ratio', () => {
    const zeros = new Uint8Array(3_000_000);
    const name = write('bomb.zip', zipSync({ 'a.xml': zeros, 'b.xml': zeros }, { level: 9 }));
    const err = (limits: object) => loadPaths([name], { cwd: tmp, zipLimits: limits }).failures[0]?.error.message;
    expect(err({ maxEntryBytes: 1_000_000 })).toBe(`${name}: entry 'a.xml': declares 3000000 bytes uncompressed, over the limit of 1000000 (maxEntryBytes)`);
    expect(err({ maxTotalBytes: 4_000_000 })).toBe(`${name}: entry 'b.xml': the archives of this input inflate past 4000000 bytes in all (maxTotalBytes; a decompression bomb?)`);
    expect(err({ maxEntries: 1 })).toBe(`${name}: more than 1 zip entries in this input (limit maxEntries; a decompression bomb?)`);
    expect(err({ ratioFromBytes: 1_000_000 })).toMatch(new RegExp(`^${name}: entry 'a.xml': compression ratio over 200:1 for \\d+ bytes \\(maxRatio; a decompression bomb\\?\\)$`));
    // A size the archive lies about is caught on the bytes actually inflated.
    const lying = Buffer.from(zipSync({ 'a.xml': zeros }, { level: 9 }));
    const cd = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(1000, cd + 24);
    lying.writeUInt32LE(1000, 22);
    const liar = write('liar.zip', lying);
    expect(loadPaths([liar], { cwd: tmp }).failures[0].error.message).toBe(`${liar}: entry 'a.xml': inflates past the 1000 bytes it declares (corrupt or crafted archive)`);
  });

  it('reports a corrupt or truncated archive as an input error', () => {
    const { zip } = zippedHost();
    const name = write('truncated.zip', zip.subarray(0, zip.length - 30));
    expect(loadPaths([name], { cwd: tmp }).failures[0].error.message).toBe(`${name}: not a zip archive (no end of central directory record)`);
  });

  it('splits entry names safely', () => {
    expect(safeSegments('a\\b/./c')).toEqual(['a', 'b', 'c']);
    expect(safeSegments('a\0b')).toBe('a NUL character in the name');
  });
});

describe('Get-SDDCDiagnosticInfo bundles', () => {
  for (const path of ['fixtures/sddc/HealthTest-CLUS01-20240401-0600', 'fixtures/sddc-zip/HealthTest-CLUS01-20240401-0600.ZIP']) {
    it(`reads one host per Node_ folder: ${path}`, () => {
      const r = loadPaths([path]);
      expect(r.failures).toEqual([]);
      expect(r.hosts.map((h) => h.name)).toEqual(['HV-SDDC-01', 'HV-SDDC-02']);
      for (const h of r.hosts) {
        expect(h.adapters.filter((a) => a.kind === 'physical')).toHaveLength(2);
        expect(h.sources.map((s) => s.file)).toEqual([`${path}/Node_${h.name}/GetNetAdapter.xml`, `${path}/Node_${h.name}/GetNetAdapterVmq.xml`]);
      }
      expect(r.skipped).toEqual([
        { file: `${path}/GetClusterNode.XML`, reason: 'Get-SDDCDiagnosticInfo: cluster-level, not under a Node_<name> folder' },
        { file: `${path}/Node_HV-SDDC-01/GetNetAdapterVmq.txt`, reason: 'Get-SDDCDiagnosticInfo: Format-Table view of the .xml beside it (the CLIXML is read)' },
        { file: `${path}/Node_HV-SDDC-02/GetNetAdapterVmq.txt`, reason: 'Get-SDDCDiagnosticInfo: Format-Table view of the .xml beside it (the CLIXML is read)' },
      ]);
    });
  }
});

describe('large files that are no export', () => {
  it('are listed as not recognised from their first bytes, never read whole', () => {
    const dir = join(tmp, 'HV-BIG');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Get-NetAdapter.xml'), readFileSync('fixtures/sddc/HealthTest-CLUS01-20240401-0600/Node_HV-SDDC-01/GetNetAdapter.xml'));
    // 40 MB of binary (an ETW trace stands in): over the threshold, no export in its head.
    const bin = Buffer.alloc(40 * 1024 * 1024, 0x8f);
    writeFileSync(join(dir, 'trace.etl'), bin);
    const r = loadPaths(['HV-BIG'], { cwd: tmp });
    expect(r.failures).toEqual([]);
    expect(r.skipped).toEqual([{ file: 'HV-BIG/trace.etl', reason: 'not a recognised export' }]);
    expect(r.hosts[0].unknown.find((u) => u.kind === 'file')?.name).toBe('HV-BIG/trace.etl');
    // The decision is made on the head alone: large, no export there.
    expect(isLargeNonExport(join(dir, 'trace.etl'))).toBe(true);
    expect(isLargeNonExport(join(dir, 'Get-NetAdapter.xml'))).toBe(false);
    const bigXml = join(tmp, 'big.xml');
    writeFileSync(bigXml, Buffer.concat([readFileSync(join(dir, 'Get-NetAdapter.xml')), bin]));
    expect(isLargeNonExport(bigXml)).toBe(false);
  });
});
