/**
 * Hostile input, silently dropped: unknown VMSMP values (counted as mapped before) and lone
 * UTF-16 surrogates in names and values (replaced or kept without a word) are listed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const T = 20_000;
const GUID = '{11111111-1111-1111-1111-111111111111}';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-dropped-'));
  for (const [p, body] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, typeof body === 'string' ? body.replace(/\r?\n/g, '\r\n') : body);
  }
  return root;
}

/** UTF-16LE with a BOM and CRLF; `raw` code units are spliced in where the text has `@@`. */
function utf16(text: string, raw: number[] = []): Buffer {
  const [before, after = ''] = text.replace(/\r?\n/g, '\r\n').split('@@');
  const units = Buffer.alloc(raw.length * 2);
  raw.forEach((u, i) => units.writeUInt16LE(u, i * 2));
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(before, 'utf16le'), units, Buffer.from(after, 'utf16le')]);
}

const vmq = (name = 'NIC1') =>
  JSON.stringify([{ Name: name, InterfaceDescription: 'NIC one', InterfaceGuid: GUID, Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' }], null, 2);

async function lint(root: string) {
  const r = await cli(['lint', 'HV01', '--format', 'json'], root);
  expect(r.stderr).not.toMatch(/internal error/);
  return JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; evidence: Record<string, unknown> }[] };
}

describe('VMSMP parameters vmqlint does not read', () => {
  const vmsmp = `Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters]
"BelowTenGigVmqEnabled"=dword:00000001
"TenGigVmqEnabled"="two"
"SomethingNew"=dword:00000005
`;
  it('are listed as not understood, and a known one with no number is invalid, not absent', { timeout: T }, async () => {
    const root = tree({ 'HV01/Get-NetAdapterVmq.json': vmq(), 'HV01/vmsmp.reg': utf16(vmsmp) });
    const doc = await lint(root);
    const items = doc.findings
      .filter((f) => f.ruleId === 'input-not-understood' && f.evidence.context === 'VMSMP\\Parameters')
      .flatMap((f) => (f.evidence.items as { name: string; line: number }[]).map((i) => `${i.name}@${i.line}`));
    expect(items.sort()).toEqual(['SomethingNew@6', 'TenGigVmqEnabled two is not a valid value (not a number)@5']);
    const show = JSON.parse((await cli(['show', 'HV01', '--format', 'json'], root)).stdout).hosts[0];
    expect(show.vmsmp).toMatchObject({ belowTenGigVmqEnabled: 1, invalid: { tenGigVmqEnabled: { value: 'two', reason: 'not a number' } } });
    expect(show.vmsmp.tenGigVmqEnabled).toBeUndefined();
    const source = show.sources.find((s: { file: string }) => s.file === 'HV01/vmsmp.reg');
    expect(source).toMatchObject({ propertiesMapped: 2, propertiesUnknown: 1 });
  });
});

describe('lone UTF-16 surrogates', () => {
  const lossyOf = (doc: Awaited<ReturnType<typeof lint>>) =>
    doc.findings.filter((f) => f.ruleId === 'input-not-understood' && f.message.includes('lost by the export format')).flatMap((f) => f.evidence.items as { what: string; reason: string; line: number }[]);

  it('JSON: a \\ud800 escape in a name is kept and listed', { timeout: T }, async () => {
    const root = tree({ 'HV01/Get-NetAdapterVmq.json': vmq('NIC\\ud800').replace('NIC\\\\ud800', 'NIC\\ud800') });
    const items = lossyOf(await lint(root));
    expect(items).toEqual([expect.objectContaining({ what: expect.stringMatching(/\.Name$/), reason: expect.stringMatching(/lone UTF-16 surrogate/), line: 3 })]);
  });

  it('JSON: a lone low surrogate in a property name is listed', { timeout: T }, async () => {
    const root = tree({ 'HV01/Get-NetAdapterVmq.json': vmq().replace('"Enabled"', '"X\\udc00": 1, "Enabled"') });
    const items = lossyOf(await lint(root));
    expect(items.map((i) => i.what)).toEqual([expect.stringMatching(/X\udc00 \(property name\)$/)]);
  });

  it('CLIXML (UTF-16LE): a raw lone surrogate the decoder replaces is listed with its line', { timeout: T }, async () => {
    const clixml = `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0">
      <T>Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData</T>
      <T>Microsoft.Management.Infrastructure.CimInstance</T>
    </TN>
    <Props>
      <S N="Name">NIC@@1</S>
      <S N="InterfaceDescription">NIC one</S>
      <S N="InterfaceGuid">${GUID}</S>
      <B N="Enabled">true</B>
      <U8 N="BaseProcessorNumber">2</U8>
      <S N="PSComputerName">HV01</S>
    </Props>
  </Obj>
</Objs>
`;
    const root = tree({ 'HV01/Get-NetAdapterVmq.xml': utf16(clixml, [0xd800]) });
    const items = lossyOf(await lint(root));
    expect(items).toEqual([expect.objectContaining({ reason: expect.stringMatching(/replaced by U\+FFFD/), line: 8 })]);
  });

  it('CLIXML: an _xD800_ escape is kept and listed', { timeout: T }, async () => {
    const clixml = `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0">
      <T>Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData</T>
    </TN>
    <Props>
      <S N="Name">NIC_xD800_1</S>
      <S N="InterfaceDescription">NIC one</S>
      <S N="PSComputerName">HV01</S>
    </Props>
  </Obj>
</Objs>
`;
    const items = lossyOf(await lint(tree({ 'HV01/Get-NetAdapterVmq.xml': utf16(clixml) })));
    expect(items).toEqual([expect.objectContaining({ what: expect.stringMatching(/\.Name$/), reason: expect.stringMatching(/lone UTF-16 surrogate/), line: 7 })]);
  });
});
