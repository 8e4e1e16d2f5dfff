/**
 * Real CLIXML, read as Windows meant it (issue 9): the type name decides the class, a property
 * written twice keeps the value that says something, and objects of a mapped class are read
 * wherever they are nested. Fixtures: fixtures/clixml-quirks (byte-faithful 5.1 and 7 exports).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyRecord } from '../../src/ingest/classify.js';
import { parseClixml } from '../../src/ingest/clixml.js';
import { preferDuplicate } from '../../src/ingest/clixml-values.js';
import { loadFiles } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import type { ObjectRecord, PsField, PsValue } from '../../src/model/records.js';

const DIR = new URL('../../fixtures/clixml-quirks/', import.meta.url);
const HOST = 'HV-QUIRK-01';
const NICS = ['PCIe Slot 1 Port 1', 'PCIe Slot 4 Port 1', 'vEthernet (SET1)'];

function bytes(path: string): Buffer {
  return readFileSync(new URL(path, DIR));
}

/** Load some files of one folder as one host. */
function host(folder: string, ...files: string[]): Host {
  const r = loadFiles(files.map((f) => ({ path: f, bytes: bytes(`${folder}/${f}`) })), HOST);
  expect(r.failures).toEqual([]);
  expect(r.hosts).toHaveLength(1);
  return r.hosts[0];
}

const AT = { file: 't', line: 1 };
function rec(typeNames: string[], props: Record<string, PsValue>): ObjectRecord {
  const fields: Record<string, PsField> = {};
  for (const [name, value] of Object.entries(props)) fields[name.toLowerCase()] = { name, value, at: AT };
  return { typeNames, fields, at: AT };
}

const MO = 'System.Management.ManagementObject';
const CIM = 'Microsoft.Management.Infrastructure.CimInstance';
const WMI_NIC = { Name: 'Mellanox ConnectX-4 Lx Ethernet Adapter #2', MACAddress: 'B8:59:9F:00:00:01', GUID: '{5D7A1E9C-3F2B-4C8E-9A61-2B7E40C1D3A1}', NetConnectionID: 'SLOT 4', PhysicalAdapter: true, Speed: 25e9 };

describe('the type name is authoritative', () => {
  it.each([
    ['Get-WmiObject (ManagementObject)', [`${MO}#root\\cimv2\\Win32_NetworkAdapter`, `${MO}#root\\cimv2\\CIM_NetworkAdapter`, MO, 'System.Object']],
    ['Get-WmiObject deserialised', [`Deserialized.${MO}#root\\cimv2\\Win32_NetworkAdapter`, `Deserialized.${MO}`, 'Deserialized.System.Object']],
    ['Get-CimInstance (CimInstance)', [`${CIM}#root/cimv2/Win32_NetworkAdapter`, `${CIM}#root/cimv2/CIM_NetworkAdapter`, CIM, 'System.Object']],
    ['Export-Csv #TYPE of Get-WmiObject', [`${MO}#root\\cimv2\\Win32_NetworkAdapter`]],
  ])('%s: Win32_NetworkAdapter is Win32_NetworkAdapter, not Get-NetAdapter', (_how, typeNames) => {
    expect(classifyRecord(rec(typeNames, WMI_NIC))).toBe('Win32_NetworkAdapter');
  });

  it('a class vmqlint does not map is not guessed from its properties', () => {
    // Get-HotFix has CSName (once the mark of Get-ComputerInfo).
    expect(classifyRecord(rec([`${MO}#root\\cimv2\\Win32_QuickFixEngineering`, MO, 'System.Object'], { CSName: 'HV01', HotFixID: 'KB5035849', Description: 'Security Update' }))).toBeUndefined();
    // A NetAdapter-shaped class of another name.
    expect(classifyRecord(rec([`${CIM}#ROOT/StandardCimv2/MSFT_NetAdapterBindingSettingData`], { Name: 'SLOT 4', InterfaceGuid: '{x}', MacAddress: 'x' }))).toBeUndefined();
    expect(classifyRecord(rec(['Microsoft.HyperV.PowerShell.VMSwitchExtension', 'System.Object'], { SwitchType: 'External', Name: 'x' }))).toBeUndefined();
  });

  it('a mapped class keeps its kind through Selected. (Select-Object) and a CIM class name', () => {
    expect(classifyRecord(rec([`Selected.${CIM}#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData`, 'System.Management.Automation.PSCustomObject', 'System.Object'], { Name: 'x' }))).toBe('NetAdapterVmq');
    expect(classifyRecord({ ...rec([], { Name: 'x' }), className: 'ROOT/StandardCimv2:MSFT_NetAdapterRssSettingData' })).toBe('NetAdapterRss');
  });

  it('where the type was lost, the shape decides, and the shape traps are closed', () => {
    const lost = ['Selected.System.Management.ManagementObject', 'System.Management.Automation.PSCustomObject', 'System.Object'];
    // Get-HotFix | Select-Object | Export-Clixml (a published sample) and its CSV/JSON forms.
    expect(classifyRecord(rec(lost, { hotfixID: 'KB4515383', Description: 'Security Update', InstalledOn: '2019-09-21T00:00:00' }))).toBeUndefined();
    expect(classifyRecord(rec([], { CSName: 'HV01', HotFixID: 'KB4515383', Description: 'Security Update' }))).toBeUndefined();
    // Win32_OperatingSystem has a CSName too; it is not Get-ComputerInfo.
    expect(classifyRecord(rec([], { CSName: 'HV01', Caption: 'Microsoft Windows Server 2019 Standard', BuildNumber: '17763', OSArchitecture: '64-bit' }))).toBe('Win32_OperatingSystem');
    expect(classifyRecord(rec([], { CsName: 'HV01', OsName: 'Microsoft Windows Server 2019 Standard', OsBuildNumber: '17763' }))).toBe('ComputerInfo');
    expect(classifyRecord(rec([], { CsName: 'HV01', CsModel: 'PowerEdge R740', CsProcessors: [] }))).toBe('ComputerInfo');
    expect(classifyRecord(rec([], { CsName: 'HV01' }))).toBeUndefined();
    // Win32_NetworkAdapter: by __CLASS (Get-WmiObject | ConvertTo-Json), else by its own names.
    expect(classifyRecord(rec(lost, { ...WMI_NIC, __CLASS: 'Win32_NetworkAdapter' }))).toBe('Win32_NetworkAdapter');
    expect(classifyRecord(rec([], { ...WMI_NIC, __CLASS: 'Win32_NetworkAdapterConfiguration' }))).toBeUndefined();
    expect(classifyRecord(rec([], WMI_NIC))).toBe('Win32_NetworkAdapter');
    expect(classifyRecord(rec(lost, { Name: 'SLOT 4', InterfaceDescription: 'x', MacAddress: 'x', LinkSpeed: '25 Gbps' }))).toBe('NetAdapter');
  });
});

describe.each([
  ['ps51', '5.1'],
  ['ps7', '7'],
])('fixtures/clixml-quirks/%s (PowerShell %s)', (folder, ps) => {
  it('is byte-faithful: UTF-16LE with BOM for 5.1, UTF-8 without BOM for 7, CRLF, no trailing newline', () => {
    for (const f of ['Get-NetAdapter.xml', 'Get-NetAdapterRss.xml', 'Win32_NetworkAdapter.xml', 'Get-HotFix.xml', 'Get-NetIPConfiguration.xml']) {
      const b = bytes(`${folder}/${f}`);
      const text = ps === '5.1' ? (expect([b[0], b[1]]).toEqual([0xff, 0xfe]), b.subarray(2).toString('utf16le')) : (expect(b.subarray(0, 5).toString()).toBe('<Objs'), b.toString('utf8'));
      expect(text.split('\r\n').length).toBeGreaterThan(10);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      expect(text.endsWith('</Objs>')).toBe(true);
    }
  });

  it("keeps Get-NetAdapter's Status: <Nil N=\"Status\" /> among the CIM properties, Up among the script properties", () => {
    const text = ps === '5.1' ? bytes(`${folder}/Get-NetAdapter.xml`).subarray(2).toString('utf16le') : bytes(`${folder}/Get-NetAdapter.xml`).toString('utf8');
    expect(text).toContain('<Nil N="Status" />');
    expect(text).toContain('<S N="Status">Up</S>');
    const h = host(folder, 'Get-NetAdapter.xml');
    expect(h.adapters.map((a) => [a.name, a.status])).toEqual(NICS.map((n) => [n, 'Up']));
    expect(h.unknown.filter((u) => u.name.toLowerCase() === 'status')).toEqual([]);
  });

  it('keeps the RSS Profile number of the two Profile properties, and reports nothing', () => {
    const p = parseClixml(ps === '5.1' ? bytes(`${folder}/Get-NetAdapterRss.xml`).subarray(2).toString('utf16le') : bytes(`${folder}/Get-NetAdapterRss.xml`).toString('utf8'), 'rss.xml', 'utf-8');
    expect(p.objects.map((o) => o.fields.profile.value)).toEqual([4, 4]);
    expect(p.unknown).toEqual([]);
    const h = host(folder, 'Get-NetAdapter.xml', 'Get-NetAdapterRss.xml');
    expect(h.adapters.filter((a) => a.rss).map((a) => a.rss!.profile)).toEqual(['NUMAScalingStatic', 'NUMAScalingStatic']);
  });

  it('maps Win32_NetworkAdapter onto the adapter it describes: NetConnectionID is the name, GUID the id', () => {
    const h = host(folder, 'Win32_NetworkAdapter.xml');
    expect(h.adapters.map((a) => [a.name, a.interfaceDescription, a.linkSpeedBps, a.status, a.kind])).toEqual([
      ['PCIe Slot 1 Port 1', 'Mellanox ConnectX-4 Lx Ethernet Adapter', 25e9, 'Up', 'physical'],
      ['PCIe Slot 4 Port 1', 'Mellanox ConnectX-4 Lx Ethernet Adapter #2', 25e9, 'Up', 'physical'],
      ['vEthernet (SET1)', 'Hyper-V Virtual Ethernet Adapter', 50e9, 'Up', 'host-vnic'],
    ]);
    expect(h.adapters.every((a) => /^\{?[0-9a-f-]{36}\}?$/i.test(a.id))).toBe(true);
    // The WAN Miniport has no connection: read, understood, and no adapter.
    expect(h.unknown).toEqual([]);
    expect(h.sources[0].kinds).toEqual(['Win32_NetworkAdapter']);
  });

  it('joins Win32_NetworkAdapter, Get-NetAdapter and the adapters nested in Get-NetIPConfiguration: one NIC, one adapter', () => {
    const all = host(folder, 'Get-NetAdapter.xml', 'Get-NetAdapterRss.xml', 'Win32_NetworkAdapter.xml', 'Get-HotFix.xml', 'Get-NetIPConfiguration.xml');
    const alone = host(folder, 'Get-NetAdapter.xml');
    expect(all.adapters.map((a) => a.name)).toEqual(NICS);
    expect(all.adapters.map((a) => a.id)).toEqual(alone.adapters.map((a) => a.id));
    expect(all.adapters.map((a) => a.status)).toEqual(['Up', 'Up', 'Up']);
    // Get-HotFix is listed as a class not understood, and gives the host no OS.
    const objects = all.unknown.filter((u) => u.kind === 'object').map((u) => [u.name, u.count]);
    expect(objects).toEqual([
      ['Win32_QuickFixEngineering', 2],
      ['NetIPConfiguration', 3],
    ]);
    expect(all.os.caption).toBeUndefined();
    expect(all.unknown.filter((u) => u.kind !== 'object')).toEqual([]);
  });

  it('gives a nested adapter without a host name the host of the object it is nested in', () => {
    const r = loadFiles([{ path: 'Get-NetIPConfiguration.xml', bytes: bytes(`${folder}/Get-NetIPConfiguration.xml`) }], 'export-folder');
    expect(r.hosts.map((h) => [h.name, h.adapters.length])).toEqual([[HOST, 3]]);
  });

  it('reads the MSFT_NetAdapter nested in Get-NetIPConfiguration on its own', () => {
    const h = host(folder, 'Get-NetIPConfiguration.xml');
    const alone = host(folder, 'Get-NetAdapter.xml');
    expect(h.adapters.map((a) => [a.id, a.name, a.status, a.linkSpeedBps, a.macAddress])).toEqual(alone.adapters.map((a) => [a.id, a.name, a.status, a.linkSpeedBps, a.macAddress]));
  });
});

describe('a property written twice', () => {
  const OBJS = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';
  const one = (props: string, ms: string) =>
    parseClixml(`${OBJS}<Obj RefId="0"><TN RefId="0"><T>Test.Thing</T></TN><Props>${props}</Props><MS>${ms}</MS></Obj></Objs>`, 't.xml', 'utf-8');

  it.each([
    ['null, then a value', '<Nil N="Status" />', '<S N="Status">Up</S>', 'Up'],
    ['a value, then null', '<S N="Status">Up</S>', '<Nil N="Status" />', 'Up'],
    ['a number, then its name', '<U32 N="Profile">4</U32>', '<S N="Profile">NUMAStatic</S>', 4],
    ['a name, then the number', '<S N="Profile">NUMAStatic</S>', '<U32 N="Profile">4</U32>', 4],
    ['the same value twice', '<S N="Name">a</S>', '<S N="Name">a</S>', 'a'],
    ['a value, then a depth-truncated copy', '<S N="Name">a</S>', '<S N="Name">System.Object[]</S>', 'a'],
  ])('%s: keeps the value that says something, reports nothing', (_case, props, ms, kept) => {
    const p = one(props, ms);
    const f = Object.values(p.objects[0].fields)[0];
    expect(f.value).toEqual(kept);
    expect(p.unknown).toEqual([]);
  });

  it('two different values of the same kind: the first is kept and the second reported', () => {
    const p = one('<S N="Name">a</S>', '<S N="Name">b</S>');
    expect(p.objects[0].fields.name.value).toBe('a');
    expect(p.unknown.map((u) => u.context)).toEqual(['second property of the same name in Test.Thing (the first is kept)']);
    expect(preferDuplicate(1, 2)).toBe('conflict');
    expect(preferDuplicate(null, null)).toBe('first');
  });
});

describe('objects nested in an object graph', () => {
  const OBJS = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';
  const ADAPTER_TN = `<TN RefId="0"><T>${CIM}#ROOT/StandardCimv2/MSFT_NetAdapter</T><T>${CIM}</T><T>System.Object</T></TN>`;
  const adapter = (ref: number, n = '') => `<Obj${n} RefId="${ref}">${ref === 0 ? ADAPTER_TN : '<TNRef RefId="0" />'}<Props><S N="Name">SLOT 4</S><S N="InterfaceGuid">{5D7A1E9C-3F2B-4C8E-9A61-2B7E40C1D3A1}</S></Props></Obj>`;
  const ipconfig = (ref: number, inner: string) => `<Obj RefId="${ref}"><TN RefId="9"><T>NetIPConfiguration</T><T>System.Object</T></TN><Props><S N="InterfaceAlias">SLOT 4</S>${inner}</Props></Obj>`;

  it('reads a known class at any depth, once per object (a Ref to a top-level adapter is not a second record)', () => {
    const p = parseClixml(`${OBJS}${adapter(0)}${ipconfig(1, '<Ref N="NetAdapter" RefId="0" />')}</Objs>`, 't.xml', 'utf-8');
    expect(p.objects.map((o) => o.className ?? o.typeNames[0])).toEqual(['MSFT_NetAdapter', 'NetIPConfiguration']);
    const q = parseClixml(`${OBJS}${ipconfig(1, `<Obj N="Wrapper" RefId="2"><TN RefId="3"><T>System.Collections.Hashtable</T></TN><DCT><En><S N="Key">a</S><Obj N="Value" RefId="4"><TN RefId="5"><T>System.Object[]</T></TN><LST>${adapter(0)}</LST></Obj></En></DCT></Obj>`)}</Objs>`, 't.xml', 'utf-8');
    expect(q.objects.map((o) => o.className ?? o.typeNames[0])).toEqual(['NetIPConfiguration', 'MSFT_NetAdapter']);
    expect(q.objects[1].at.pointer).toBe("/Objs/Obj[1]/Props/Obj[@N='Wrapper']/DCT/En[1]/Obj[@N='Value']");
  });

  const LIST_OF_VNICS = 'System.Collections.Generic.List`1[[Microsoft.HyperV.PowerShell.VMNetworkAdapter]]';
  it('leaves a vNIC nested in Get-VM where it is: vNICs have no join, so it would be counted twice', () => {
    const vnic = '<Obj RefId="2"><TN RefId="3"><T>Microsoft.HyperV.PowerShell.VMNetworkAdapter</T><T>System.Object</T></TN><Props><S N="Name">Network Adapter</S><S N="VMName">VM-A</S><B N="IsManagementOs">false</B></Props></Obj>';
    const vm = `<Obj RefId="0"><TN RefId="1"><T>Microsoft.HyperV.PowerShell.VirtualMachine</T><T>System.Object</T></TN><Props><S N="Name">VM-A</S><Obj N="NetworkAdapters" RefId="1"><TN RefId="2"><T>${LIST_OF_VNICS}</T></TN><LST>${vnic}</LST></Obj></Props></Obj>`;
    const p = parseClixml(`${OBJS}${vm}</Objs>`, 't.xml', 'utf-8');
    expect(p.objects.map((o) => o.typeNames[0])).toEqual(['Microsoft.HyperV.PowerShell.VirtualMachine']);
  });

  it('merges a nested adapter with the same adapter exported at top level', () => {
    const text = `${OBJS}${adapter(0)}${ipconfig(1, adapter(5, ' N="NetAdapter"').replace('RefId="5"><TNRef RefId="0" />', `RefId="5">${ADAPTER_TN.replace('RefId="0"', 'RefId="6"')}`))}</Objs>`;
    const r = loadFiles([{ path: 'a.xml', bytes: new TextEncoder().encode(text) }], 'HV01');
    expect(r.failures).toEqual([]);
    expect(r.hosts[0].adapters.map((a) => a.name)).toEqual(['SLOT 4']);
  });
});
