/**
 * Hostile input, model keys: names from exports that are also Object.prototype members
 * (`constructor`, `__proto__`, `toString`) are data. Each case goes through the real loader and
 * `lint` / `show`, and would crash (exit 2 "internal error") or drop the name without the
 * null-prototype tables of src/model/keyed.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const T = 20_000;
const GUID = '{11111111-1111-1111-1111-111111111111}';

/** A temp tree: path -> text, or bytes written as they are. */
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-keys-'));
  for (const [p, body] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, typeof body === 'string' ? body.replace(/\r?\n/g, '\r\n') : body);
  }
  return root;
}

/** Windows PowerShell 5.1 bytes: UTF-16LE with a BOM, CRLF. */
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le')]);

const vmq = (host: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: GUID, Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: host, ...extra }], null, 2);

const NIC_CLASS = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002bE10318}\\0001';
const reg = (keyword: string) => `Windows Registry Editor Version 5.00

[${NIC_CLASS}]
"NetCfgInstanceId"="${GUID}"
"DriverDesc"="NIC one"
"${keyword}"="1"
"*VMQ"="1"
`;
const regQuery = (keyword: string) => `
${NIC_CLASS}
    NetCfgInstanceId    REG_SZ    ${GUID}
    DriverDesc    REG_SZ    NIC one
    ${keyword}    REG_SZ    1
    *VMQ    REG_SZ    1
`;
const ADV_CLASS = 'ROOT/StandardCimv2/MSFT_NetAdapterAdvancedPropertySettingData';
const advJson = (keyword: string) => JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', RegistryKeyword: keyword, RegistryValue: ['1'], DisplayValue: 'On', PSComputerName: 'HV01' }], null, 2);
const advCsv = (keyword: string) => `#TYPE Microsoft.Management.Infrastructure.CimInstance#${ADV_CLASS}
"Name","InterfaceDescription","RegistryKeyword","RegistryValue","DisplayValue","PSComputerName"
"NIC1","NIC one","${keyword}","System.String[]","On","HV01"
`;
const advClixml = (keyword: string) => `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0">
      <T>Microsoft.Management.Infrastructure.CimInstance#${ADV_CLASS}</T>
      <T>Microsoft.Management.Infrastructure.CimInstance</T>
      <T>System.Object</T>
    </TN>
    <Props>
      <S N="Name">NIC1</S>
      <S N="InterfaceDescription">NIC one</S>
      <S N="RegistryKeyword">${keyword}</S>
      <Obj N="RegistryValue" RefId="1">
        <TN RefId="1"><T>System.String[]</T><T>System.Array</T><T>System.Object</T></TN>
        <LST><S>1</S></LST>
      </Obj>
      <S N="DisplayValue">On</S>
      <S N="PSComputerName">HV01</S>
    </Props>
  </Obj>
</Objs>
`;

/** A fleet of two hosts: HV01 carries the hostile file, HV02 is clean. */
function fleet(hostile: Record<string, string | Buffer>): string {
  const files: Record<string, string | Buffer> = { 'f/HV01/Get-NetAdapterVmq.json': vmq('HV01'), 'f/HV02/Get-NetAdapterVmq.json': vmq('HV02') };
  for (const [name, body] of Object.entries(hostile)) files[`f/HV01/${name}`] = body;
  return tree(files);
}

/** Lint both hosts, and the HV01 model as `show --format json` gives it. */
async function lintAndShow(root: string) {
  const lint = await cli(['lint', 'f', '--format', 'json'], root);
  const show = await cli(['show', 'f/HV01', '--format', 'json'], root);
  return { lint, show, model: show.code === 0 ? JSON.parse(show.stdout) : undefined };
}

const KEYWORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const SOURCES: [string, (k: string) => Record<string, string | Buffer>][] = [
  ['.reg NIC class key', (k) => ({ 'nic-class.reg': utf16(reg(k)) })],
  ['reg query text', (k) => ({ 'nic-class.txt': regQuery(k) })],
  ['Get-NetAdapterAdvancedProperty JSON', (k) => ({ 'Get-NetAdapterAdvancedProperty.json': advJson(k) })],
  ['Get-NetAdapterAdvancedProperty CSV', (k) => ({ 'Get-NetAdapterAdvancedProperty.csv': advCsv(k) })],
  ['Get-NetAdapterAdvancedProperty CLIXML', (k) => ({ 'Get-NetAdapterAdvancedProperty.xml': utf16(advClixml(k)) })],
];

describe('registry keywords named like Object.prototype members', () => {
  for (const [source, files] of SOURCES) {
    for (const keyword of KEYWORDS) {
      it(`${source}: keyword ${keyword} is an advanced property, and both hosts are linted`, { timeout: T }, async () => {
        const { lint, show, model } = await lintAndShow(fleet(files(keyword)));
        expect(lint.stderr).not.toMatch(/internal error/);
        expect(lint.code).toBeLessThan(2);
        expect(JSON.parse(lint.stdout).hosts.map((h: { name: string }) => h.name)).toEqual(['HV01', 'HV02']);
        expect(show.code).toBe(0);
        const adv = model.hosts[0].adapters[0].advanced;
        expect(Object.hasOwn(adv, keyword.toLowerCase())).toBe(true);
        expect(adv[keyword.toLowerCase()].keyword).toBe(keyword);
      });
    }
  }
});

describe('model JSON with keys named like Object.prototype members', () => {
  it('round-trips advanced keywords constructor and __proto__ through show and lint', { timeout: T }, async () => {
    const root = fleet({ 'Get-NetAdapterAdvancedProperty.json': JSON.stringify([...JSON.parse(advJson('constructor')), ...JSON.parse(advJson('__proto__'))]) });
    const show = await cli(['show', 'f/HV01', '--format', 'json'], root);
    expect(show.code).toBe(0);
    writeFileSync(join(root, 'model.json'), show.stdout);
    const lint = await cli(['lint', 'model.json', '--format', 'json'], root);
    expect(lint.stderr).not.toMatch(/internal error/);
    expect(lint.code).toBeLessThan(2);
    const again = await cli(['show', 'model.json', '--format', 'json'], root);
    expect(again.code).toBe(0);
    expect(Object.keys(JSON.parse(again.stdout).hosts[0].adapters[0].advanced)).toEqual(expect.arrayContaining(['constructor', '__proto__']));
  });

  it('rejects a "__proto__" member in a host document with its line (it never becomes the prototype)', { timeout: T }, async () => {
    const root = fleet({});
    const show = await cli(['show', 'f/HV01', '--format', 'json'], root);
    const text = show.stdout.replace('"release"', '"__proto__": { "name": "EVIL", "extra": 1 },\n      "release"');
    writeFileSync(join(root, 'model.json'), text);
    const lint = await cli(['lint', 'model.json', '--format', 'json'], root);
    expect(lint.stdout).not.toMatch(/EVIL/);
    expect(lint.stderr).not.toMatch(/internal error/);
    expect(lint.stderr).toMatch(/model\.json:\d+:\d+: model document \/hosts\/0\/os must NOT have additional properties/);
    expect(lint.code).toBe(2);
  });

  it('a host whose name sits only in a "__proto__" member is not linted under it', { timeout: T }, async () => {
    const root = fleet({});
    const doc = JSON.parse((await cli(['show', 'f/HV01', '--format', 'json'], root)).stdout);
    const { name: _name, ...rest } = doc.hosts[0];
    const text = JSON.stringify({ ...doc, hosts: [rest] }, null, 2).replace('"release"', '"__proto__": { "name": "EVIL" },\n      "release"');
    writeFileSync(join(root, 'model.json'), text);
    const lint = await cli(['lint', 'model.json', '--format', 'json'], root);
    expect(lint.stdout).not.toMatch(/EVIL/);
    expect(lint.stderr).toMatch(/model\.json:\d+:\d+: model document/);
    expect(lint.code).toBe(2);
  });
});

describe('properties named like Object.prototype members are listed, not dropped', () => {
  it('JSON: __proto__, constructor, toString members are not understood and listed', { timeout: T }, async () => {
    const text = vmq('HV01').replace('"Enabled"', '"__proto__": 5, "constructor": 3, "toString": 1, "Enabled"');
    const lint = await cli(['lint', 'f', '--format', 'json'], fleet({ 'Get-NetAdapterVmq.json': text }));
    expect(lint.code).toBeLessThan(2);
    const f = JSON.parse(lint.stdout).findings.find((x: { ruleId: string }) => x.ruleId === 'input-not-understood');
    expect(f.evidence.items.map((i: { name: string }) => i.name)).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('CSV: a __proto__ column is listed as not understood', { timeout: T }, async () => {
    const csv = `#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData
"Name","InterfaceDescription","Enabled","BaseProcessorNumber","__proto__","constructor","PSComputerName"
"NIC1","NIC one","True","2","x","y","HV01"
`;
    const root = tree({ 'f/HV01/Get-NetAdapterVmq.csv': csv, 'f/HV02/Get-NetAdapterVmq.json': vmq('HV02') });
    const lint = await cli(['lint', 'f', '--format', 'json'], root);
    expect(lint.code).toBeLessThan(2);
    const f = JSON.parse(lint.stdout).findings.find((x: { ruleId: string }) => x.ruleId === 'input-not-understood');
    expect(f.evidence.items.map((i: { name: string }) => i.name)).toEqual(['__proto__', 'constructor']);
  });
});

describe('other commands over keywords named like Object.prototype members', () => {
  it('diff, show text and fleet handle constructor and __proto__ keywords', { timeout: T }, async () => {
    const before = (v: string) => JSON.stringify(['constructor', '__proto__', 'toString'].map((k) => ({ ...JSON.parse(advJson(k))[0], RegistryValue: [v] })), null, 2);
    const root = tree({
      'a/HV01/Get-NetAdapterVmq.json': vmq('HV01'),
      'a/HV01/Get-NetAdapterAdvancedProperty.json': before('1'),
      'b/HV01/Get-NetAdapterVmq.json': vmq('HV01'),
      'b/HV01/Get-NetAdapterAdvancedProperty.json': before('2'),
    });
    const diff = await cli(['diff', 'a/HV01', 'b/HV01', '--format', 'json'], root);
    expect(diff.stderr).not.toMatch(/internal error/);
    expect(diff.code).toBeLessThan(2);
    expect(diff.stdout).toMatch(/constructor/);
    expect(diff.stdout).toMatch(/__proto__/);
    const show = await cli(['show', 'a/HV01'], root);
    expect(show.code).toBe(0);
    const fleetRun = await cli(['fleet', 'a', 'b'], root);
    expect(fleetRun.stderr).not.toMatch(/internal error/);
  });
});

