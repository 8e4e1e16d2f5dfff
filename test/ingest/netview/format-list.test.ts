import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormatList, separatorColumn } from '../../../src/ingest/netview/format-list.js';
import { toLines } from '../../../src/ingest/netview/text.js';
import { collectionItems, ENUMERATION_CUT, listValue, OBJECT_AS_TEXT } from '../../../src/ingest/netview/values.js';

const fl = (text: string, width?: number) => parseFormatList(toLines(text), { width });

describe('Format-List', () => {
  it('reads padded labels and empty values', () => {
    const { objects } = fl('\r\n\r\nName                   : TeamBlue\r\nMembers                : {Ethernet 10, Ethernet 9}\r\nNotes                  : \r\nStatus                 : Up\r\n\r\n\r\n');
    expect(objects).toHaveLength(1);
    expect(objects[0].fields.map((f) => [f.label, f.value])).toEqual([
      ['Name', 'TeamBlue'],
      ['Members', '{Ethernet 10, Ethernet 9}'],
      ['Notes', ''],
      ['Status', 'Up'],
    ]);
    expect(objects[0].fields[1]).toMatchObject({ line: 4, col: 26 });
  });

  it('splits at the padded separator column, not at colons inside labels (real Get-NetAdapterRss view, formats.md 6.4)', () => {
    const text = [
      'Name                                            : Slot0A x8',
      'InterfaceDescription                            : Mellanox ConnectX-3 Pro Ethernet Adapter',
      'BaseProcessor: [Group:Number]                   : 0:0',
      'MaxProcessor: [Group:Number]                    : 1:38',
      'RssProcessorArray: [Group:Number/NUMA Distance] : 0:0/0  0:2/0  0:4/0  0:6/0  0:8/0  0:10/0  0:12/0  0:14/0',
      '                                                  0:16/0  1:0/32767  1:2/32767',
      'IndirectionTable: [Group:Number]                : 0:0\t0:2\t0:4\t0:6\t0:8\t0:10\t0:12\t0:14',
    ].join('\r\n');
    const f = fl(text).objects[0].fields;
    expect(f.map((x) => x.label)).toEqual(['Name', 'InterfaceDescription', 'BaseProcessor: [Group:Number]', 'MaxProcessor: [Group:Number]', 'RssProcessorArray: [Group:Number/NUMA Distance]', 'IndirectionTable: [Group:Number]']);
    expect(f[2].value).toBe('0:0');
    expect(f[4].value).toBe('0:0/0  0:2/0  0:4/0  0:6/0  0:8/0  0:10/0  0:12/0  0:14/0\n0:16/0  1:0/32767  1:2/32767');
    expect(f[5].value.split('\t')).toHaveLength(8);
  });

  it('joins a value wrapped by the width without a line break, and keeps a real line break otherwise', () => {
    const text = 'Caption : MSFT_NetAdapterAdvancedPropertySettingData \'Intel(R) Eth\n          ernet Network Adapter E810-XXV-2\'\nNote    : first\n          second';
    const f = fl(text, 62).objects[0].fields;
    expect(f[0].value).toBe("MSFT_NetAdapterAdvancedPropertySettingData 'Intel(R) Ethernet Network Adapter E810-XXV-2'");
    expect(f[1].value).toBe('first\nsecond');
  });

  it('separates objects at blank lines and at a change of padding', () => {
    const { objects } = fl('A  : 1\nBB : 2\n\nA  : 3\nBB : 4\nLonger : 5\n');
    expect(objects.map((o) => o.fields.map((f) => f.value))).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('returns lines that are no field as stray', () => {
    expect(fl('just text\nA : 1').stray.map((l) => l.text)).toEqual(['just text']);
    expect(separatorColumn('no separator here')).toBe(-1);
  });

  it('round-trips any object PowerShell would print (fast-check)', () => {
    const label = fc.stringMatching(/^[A-Za-z][A-Za-z0-9():[\]/ ]{0,30}[A-Za-z0-9)\]]$/).filter((s) => !s.includes(' : ') && !/ {2}/.test(s) && !/ :$/.test(s));
    const value = fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/);
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(label, fc.option(value, { nil: '' })), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }), (objs) => {
        const lines: string[] = ['', ''];
        for (const o of objs) {
          const w = Math.max(...o.map(([l]) => l.length));
          for (const [l, v] of o) lines.push(`${l.padEnd(w)} : ${v}`);
          lines.push('');
        }
        const parsed = fl(lines.join('\r\n')).objects.map((o) => o.fields.map((f) => [f.label, f.value]));
        expect(parsed).toEqual(objs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Format-List values', () => {
  it('reads collections, and marks the ones cut after four items (5.1 `...`, 7 `…`) as lossy', () => {
    expect(listValue('Members', '{Ethernet 10, Ethernet 9}')).toEqual(['Ethernet 10', 'Ethernet 9']);
    expect(listValue('RegistryValue', '{1}')).toEqual(['1']);
    expect(listValue('X', '{}')).toEqual([]);
    expect(listValue('ValidRegistryValues', '{256, 512, 1024, 2048...}')).toEqual({ $lossy: ENUMERATION_CUT, text: '{256, 512, 1024, 2048...}' });
    expect(listValue('ValidRegistryValues', '{256, 512, 1024, 2048\u2026}')).toMatchObject({ $lossy: ENUMERATION_CUT });
    expect(collectionItems('{a, b, c, d...}')).toEqual({ items: ['a', 'b', 'c', 'd'], cut: true });
  });

  it('keeps a braced GUID, plumbing and plain text as strings; empty is null', () => {
    expect(listValue('InterfaceGuid', '{44A7AFA5-1066-4D72-8E26-909ACA6541C0}')).toBe('{44A7AFA5-1066-4D72-8E26-909ACA6541C0}');
    expect(listValue('CimSystemProperties', 'Microsoft.Management.Infrastructure.CimSystemProperties')).toBe('Microsoft.Management.Infrastructure.CimSystemProperties');
    expect(listValue('Name', 'SLOT 3 Port 1')).toBe('SLOT 3 Port 1');
    expect(listValue('Name', '')).toBeNull();
  });

  it('marks an object printed as its type name as lossy', () => {
    expect(listValue('VlanSetting', 'Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting')).toEqual({ $lossy: OBJECT_AS_TEXT, text: 'Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting' });
  });
});
