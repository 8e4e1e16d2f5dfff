import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawHostName, resolveHostNames, snapshotHosts } from '../../src/ingest/host-identity.js';
import { loadFiles, loadPaths } from '../../src/ingest/load.js';
import type { ObjectRecord, PsValue } from '../../src/model/records.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'identity');

function rec(fields: Record<string, PsValue>, line = 1): ObjectRecord {
  const out: ObjectRecord['fields'] = {};
  for (const [k, v] of Object.entries(fields)) out[k.toLowerCase()] = { name: k, value: v, at: { file: 'x', line } };
  return { typeNames: [], fields: out, at: { file: 'x', line } };
}

describe('resolveHostNames', () => {
  it("names a lone FQDN by the snapshot folder's name when it is the FQDN's first label (a local export gives SystemName only)", () => {
    expect(resolveHostNames(['HV-ZIP-01.contoso.local'], 'HV-ZIP-01').get('hv-zip-01.contoso.local')).toBe('HV-ZIP-01');
    expect(resolveHostNames(['HV-ZIP-01.contoso.local'], 'exports').get('hv-zip-01.contoso.local')).toBe('HV-ZIP-01.contoso.local');
    // Two FQDNs sharing the label stay two hosts, folder name or not.
    const two = resolveHostNames(['HVX.a.local', 'HVX.b.local'], 'HVX');
    expect([two.get('hvx.a.local'), two.get('hvx.b.local')]).toEqual(['HVX.a.local', 'HVX.b.local']);
  });

  it('joins a short name and the FQDN whose first label it is, case-insensitively, named by the short name', () => {
    const m = resolveHostNames(['HV01.contoso.local', 'hv01', 'HV01.CONTOSO.LOCAL']);
    expect(m.get('hv01.contoso.local')).toBe('hv01');
    expect(m.get('hv01')).toBe('hv01');
    expect(new Set(m.values()).size).toBe(1);
  });

  it('keeps two FQDNs sharing a first label apart, named by FQDN, and the bare short name apart from both', () => {
    const m = resolveHostNames(['HVX.a.local', 'HVX.b.local', 'HVX']);
    expect(m.get('hvx.a.local')).toBe('HVX.a.local');
    expect(m.get('hvx.b.local')).toBe('HVX.b.local');
    expect(m.get('hvx')).toBe('HVX');
  });

  it('keeps an FQDN with no short name in the snapshot, and never reads an IPv4 address as an FQDN', () => {
    const m = resolveHostNames(['HV02.contoso.local', '10.0.0.5', '10']);
    expect(m.get('hv02.contoso.local')).toBe('HV02.contoso.local');
    expect(m.get('10.0.0.5')).toBe('10.0.0.5');
    expect(m.get('10')).toBe('10');
  });
});

describe('rawHostName', () => {
  it('reads PSComputerName first, then CSName, ComputerName, ServerName, SystemName', () => {
    expect(rawHostName(rec({ SystemName: 'HV01.contoso.local', PSComputerName: 'HV01' }))).toBe('HV01');
    expect(rawHostName(rec({ PSComputerName: null, SystemName: 'HV01.contoso.local' }))).toBe('HV01.contoso.local');
    expect(rawHostName(rec({ PSComputerName: '', ComputerName: 'HV01' }))).toBe('HV01');
  });

  it('refuses names that are no host name: a VM GUID in SystemName, localhost, a path', () => {
    expect(rawHostName(rec({ SystemName: '5C0AD13E-8A3F-4B6A-9D1C-0E0F7A6B1C2D' }))).toBeUndefined();
    expect(rawHostName(rec({ PSComputerName: 'localhost', SystemName: 'HV01' }))).toBe('HV01');
    expect(rawHostName(rec({ SystemName: 'C:\\Windows' }))).toBeUndefined();
  });

  it('reads CimSystemProperties.ServerName when an object kept its .NET members', () => {
    const sys: PsValue = { $object: true, typeNames: ['Microsoft.Management.Infrastructure.CimSystemProperties'], fields: { servername: { name: 'ServerName', value: 'HV01.contoso.local', at: { file: 'x', line: 2 } } } };
    expect(rawHostName(rec({ Name: 'NIC1', CimSystemProperties: sys }))).toBe('HV01.contoso.local');
  });
});

describe('snapshotHosts', () => {
  it('gives one host for one machine named three ways, and counts the default for objects that name none', () => {
    const objects = [rec({ PSComputerName: 'HV01.contoso.local' }, 1), rec({ ComputerName: 'HV01' }, 2), rec({ Name: 'x' }, 3)];
    const s = snapshotHosts([{ objects }]);
    expect(s.single).toBe('HV01');
    expect(s.nameOf(objects[0])).toBe('HV01');
    expect(s.nameOf(objects[2])).toBeUndefined();
    expect(s.hosts('folder')).toEqual(['HV01', 'folder']);
  });
});

describe('loading fixtures/identity', () => {
  const r = loadPaths([FIXTURE], { cwd: join(FIXTURE, '..', '..') });

  it('reads one remotely exported host as one host, whatever field names it', () => {
    expect(r.failures).toEqual([]);
    expect(r.hosts.map((h) => h.name)).toEqual(['HV-ID-01', 'HVX.a.local', 'HVX.b.local']);
    const h = r.hosts[0];
    expect(h.sources.map((s) => s.file.split('/').at(-1))).toEqual([
      'Get-NetAdapter.xml',
      'Get-NetAdapterAdvancedProperty.xml',
      'Get-NetAdapterVmq.xml',
      'Get-VMNetworkAdapter.xml',
      'Get-VMSwitch.xml',
      'Win32_Processor.xml',
    ]);
    // Each source joined the same adapters: VMQ (ServerName only) and keywords (SystemName only).
    const physical = h.adapters.filter((a) => a.kind === 'physical');
    expect(physical.map((a) => a.name)).toEqual(['PCIe Slot 1 Port 1', 'PCIe Slot 4 Port 1']);
    expect(physical.every((a) => a.vmq?.enabled === true && a.advanced['*vmq'] !== undefined)).toBe(true);
    expect(h.adapters).toHaveLength(3);
    expect(h.switches.map((s) => s.name)).toEqual(['SET1']);
    expect(h.vnics).toHaveLength(3);
    expect(h.processors.logical).toBe(16);
  });

  it('keeps two machines with one short name apart, named by FQDN, and warns about that folder', () => {
    const [a, b] = r.hosts.slice(1);
    for (const h of [a, b]) {
      expect(h.adapters.map((x) => x.name)).toEqual(['PCIe Slot 1 Port 1', 'PCIe Slot 4 Port 1']);
      expect(h.sources.map((s) => s.objects)).toEqual([2]);
    }
    expect(r.warnings).toEqual([
      {
        file: 'fixtures/identity/HVX-PAIR/Get-NetAdapterVmq.xml',
        message: 'fixtures/identity/HVX-PAIR/Get-NetAdapterVmq.xml: one snapshot names 2 hosts (HVX.a.local, HVX.b.local); each is read as its own host',
      },
    ]);
  });

  it('was written as Windows PowerShell 5.1 writes CLIXML: UTF-16LE with a BOM, CRLF', () => {
    const bytes = readFileSync(join(FIXTURE, 'HV-ID-01', 'Get-NetAdapter.xml'));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text).toContain('<S N="PSComputerName">HV-ID-01.contoso.local</S>');
    expect(text).toContain('\r\n');
    const vmq = readFileSync(join(FIXTURE, 'HV-ID-01', 'Get-NetAdapterVmq.xml')).subarray(2).toString('utf16le');
    expect(vmq).toContain('<T>Selected.Microsoft.Management.Infrastructure.CimInstance</T>');
    expect(vmq).not.toContain('N="PSComputerName"');
    expect(vmq).not.toContain('N="SystemName"');
    expect(vmq).toContain('<S N="ServerName">HV-ID-01.contoso.local</S>');
  });

  it('splits a file that names an FQDN and an unrelated short name into two hosts, with a warning', () => {
    const json = JSON.stringify([
      { Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, PSComputerName: 'HV01.contoso.local' },
      { Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, PSComputerName: 'HV02' },
    ]);
    const out = loadFiles([{ path: 'vmq.json', bytes: new TextEncoder().encode(json) }], 'snap');
    expect(out.hosts.map((h) => h.name)).toEqual(['HV01.contoso.local', 'HV02']);
    expect(out.warnings?.map((w) => w.message)).toEqual(['vmq.json: one snapshot names 2 hosts (HV01.contoso.local, HV02); each is read as its own host']);
  });
});

describe('CimSystemProperties.ServerName names a host that carries its name nowhere else', () => {
  it('CLIXML: from __ClassMetadata, and through a Ref to it in later objects', async () => {
    const { unzipSync } = await import('fflate');
    const { readFileSync: read } = await import('node:fs');
    const zip = unzipSync(read(join(import.meta.dirname, '..', '..', 'fixtures', 'zipped', 'HV-ZIP-01.zip')));
    const xml = new TextDecoder('utf-16le').decode(zip['Get-NetAdapterVmq.xml']).replace(/^\uFEFF/, '');
    // No SystemName; the second object's class metadata is a Ref to the first's, as PowerShell writes it.
    let objects = 0;
    const stripped = xml
      .replace(/\s*<S N="SystemName">[^<]*<\/S>/g, '')
      .replace(/<Obj N="__ClassMetadata" RefId="(\d+)">[\s\S]*?<\/LST>\s*<\/Obj>/g, (whole) => (objects++ === 0 ? whole : '<Ref N="__ClassMetadata" RefId="1" />'));
    expect(objects).toBe(2);
    const out = loadFiles([{ path: 'Get-NetAdapterVmq.xml', bytes: new TextEncoder().encode(stripped) }], 'exports');
    expect(out.failures).toEqual([]);
    expect(out.hosts.map((h) => h.name)).toEqual(['HV-ZIP-01']);
    expect(out.hosts[0].adapters).toHaveLength(2);
  });

  it('JSON: from the CimSystemProperties member', () => {
    const json = JSON.stringify([
      { Name: 'NIC1', InterfaceDescription: 'X710', Enabled: true, BaseProcessorNumber: 2, CimSystemProperties: { Namespace: 'ROOT/StandardCimv2', ServerName: 'HV-JSON-07', ClassName: 'MSFT_NetAdapterVmqSettingData', Path: null } },
    ]);
    const out = loadFiles([{ path: 'vmq.json', bytes: new TextEncoder().encode(json) }], 'exports');
    expect(out.hosts.map((h) => h.name)).toEqual(['HV-JSON-07']);
  });
});
