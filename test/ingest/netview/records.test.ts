import { describe, expect, it } from 'vitest';
import { fileRecords } from '../../../src/ingest/netview/records.js';
import { toLines } from '../../../src/ingest/netview/text.js';
import { COLUMN_CUT } from '../../../src/ingest/netview/values.js';

const head = (cmd: string) => ['admin @ HV01:', `PS C:\\Windows\\system32> ${cmd}`];
const read = (lines: string[]) => fileRecords(toLines(lines.join('\r\n')), 'f.txt');

describe('Get-NetView file records', () => {
  it('prefers the fl * view and takes the class from its CimClass line', () => {
    const r = read([
      ...head('Get-NetAdapterVmq -Name "SLOT 2" -IncludeHidden'),
      '',
      'Name   InterfaceDescription Enabled',
      '----   -------------------- -------',
      'SLOT 2 Mellanox Conn...#2   True',
      '',
      ...head('Get-NetAdapterVmq -Name "SLOT 2" -IncludeHidden | Format-List -Property *'),
      '',
      'Name                 : SLOT 2',
      'InterfaceDescription : Mellanox ConnectX-4 Lx Ethernet Adapter #2',
      'Enabled              : True',
      'CimClass             : ROOT/StandardCimv2:MSFT_NetAdapterVmqSettingData',
      '',
    ]);
    expect(r.hosts).toEqual(['HV01']);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0].view).toBe('list');
    expect(r.objects[0].record.className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(r.objects[0].record.typeNames).toEqual(['Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData']);
    expect(r.objects[0].record.fields.interfacedescription.value).toBe('Mellanox ConnectX-4 Lx Ethernet Adapter #2');
    expect(r.lossy).toEqual([]);
  });

  it('reads a table-only file, its cut cells lossy where they were read', () => {
    const r = read([
      ...head('Get-NetAdapterVmq'),
      '',
      'Name                           InterfaceDescription              Enabled BaseVmqProcessor MaxProcessors NumberOfReceiveQ',
      '                                                                                                        ueues',
      '----                           --------------------              ------- ---------------- ------------- ----------------',
      'Embedded LOM 1 Port 3          HPE Ethernet 1Gb 4-port 331i...#2 False   0:0              16',
    ]);
    const rec = r.objects[0].record;
    expect(r.objects[0].view).toBe('table');
    expect(rec.className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(rec.fields.interfacedescription.value).toEqual({ $lossy: COLUMN_CUT, text: 'HPE Ethernet 1Gb 4-port 331i...#2' });
    expect(rec.fields.numberofreceivequeues.value).toBeNull();
    expect(rec.fields.basevmqprocessor).toMatchObject({ value: '0:0', at: { file: 'f.txt', line: 7, col: 74 } });
    expect(r.lossy).toEqual([{ what: 'MSFT_NetAdapterVmqSettingData.InterfaceDescription', reason: COLUMN_CUT, at: { file: 'f.txt', line: 7, col: 32 } }]);
  });

  it('fills what fl * cut from the RSS default list view', () => {
    const r = read([
      ...head('Get-NetAdapterRss -Name "S3" -IncludeHidden'),
      '',
      'Name                                            : S3',
      'RssProcessorArray: [Group:Number/NUMA Distance] : 0:2/0  0:4/0  0:6/0  0:8/0  0:10/0',
      'IndirectionTable: [Group:Number]                : ',
      '',
      ...head('Get-NetAdapterRss -Name "S3" -IncludeHidden | Format-List -Property *'),
      '',
      'Name              : S3',
      'RssProcessorArray : {MSFT_NetAdapter_RssProcessor, MSFT_NetAdapter_RssProcessor, MSFT_NetAdapter_RssProcessor, MSFT_NetAdapter_RssProcessor...}',
      'IndirectionTable  : {}',
    ]);
    const f = r.objects[0].record.fields;
    expect(f.rssprocessorarray.value).toEqual(['0:2/0', '0:4/0', '0:6/0', '0:8/0', '0:10/0']);
    expect(f.rssprocessorarray.name).toBe('RssProcessorArray');
    expect(f.rssprocessorarray.at.line).toBe(5); // where the default view printed it
    expect(f.indirectiontable.value).toEqual([]);
    expect(r.lossy).toEqual([]);
  });

  it('lists failed commands and commands it has no reader for; reads nothing from them', () => {
    const r = read([...head('Get-NetAdapterSriov -Name "NIC3"'), '[Unavailable]', 'error text', ...head('ipconfig'), '', 'Windows IP Configuration']);
    expect(r.objects).toEqual([]);
    expect(r.unknown.map((u) => [u.name, u.context, u.at.line])).toEqual([
      ['Get-NetAdapterSriov -Name "NIC3"', 'Get-NetView command status [Unavailable]', 1],
      ['ipconfig', 'Get-NetView command whose output vmqlint does not read', 5],
    ]);
  });
});
