import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cimClassName, looksLikeClixml, parseClixml } from '../../src/ingest/clixml.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import type { ObjectRecord, ParsedFile, PsField, PsObject, PsValue } from '../../src/model/records.js';
import { inputErrorOf } from './parser-helpers.js';

const DIR = new URL('../../fixtures/parsers/clixml/', import.meta.url);

function bytesOf(name: string): Buffer {
  return readFileSync(new URL(name, DIR));
}

function load(name: string): ParsedFile {
  const { text, encoding } = decodeBytes(bytesOf(name));
  return parseClixml(text, name, encoding);
}

const OBJS = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';

/** A one-object document whose Props hold `props` (LF line ends, 2-space indent). */
function doc(props: string, extra = ''): string {
  return `${OBJS}\n  <Obj RefId="0">\n    <TN RefId="0">\n      <T>Test.Thing</T>\n      <T>System.Object</T>\n    </TN>\n    <Props>\n${props}\n    </Props>\n${extra}  </Obj>\n</Objs>`;
}

function parse(text: string): ParsedFile {
  return parseClixml(text, 't.xml', 'utf-8');
}

function field(r: ObjectRecord | PsObject, key: string): PsField {
  const f = r.fields[key];
  if (!f) throw new Error(`no field ${key}; have ${Object.keys(r.fields).join(', ')}`);
  return f;
}

function obj(v: PsValue): PsObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('$object' in v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return v;
}

describe('Windows PowerShell 5.1 fixtures (UTF-16LE with BOM, CRLF)', () => {
  it('are real 5.1 bytes: BOM FF FE, UTF-16LE, CRLF, 2-space indent, no trailing newline', () => {
    const bytes = bytesOf('ps51-vmq.xml');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    const { text, encoding } = decodeBytes(bytes);
    expect(encoding).toBe('utf-16le-bom');
    expect(text.split('\r\n')[1]).toBe('  <Obj RefId="0">');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('</Objs>')).toBe(true);
  });

  it('reads Get-NetAdapterVmq: one record per object, class from the first type name, TNRef resolved', () => {
    const p = load('ps51-vmq.xml');
    expect(p.format).toBe('clixml');
    expect(p.encoding).toBe('utf-16le-bom');
    expect(p.psVersion).toBe('5.1');
    expect(p.objects).toHaveLength(2);
    const [a, b] = p.objects;
    expect(a.className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(b.className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(a.typeNames).toHaveLength(10);
    expect(a.typeNames[0]).toBe('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData');
    expect(b.typeNames).toEqual(a.typeNames);
    expect(a.at).toEqual({ file: 'ps51-vmq.xml', line: 2, col: 3, pointer: '/Objs/Obj[1]' });
    expect(b.at).toEqual({ file: 'ps51-vmq.xml', line: 90, col: 3, pointer: '/Objs/Obj[2]' });
    expect(field(a, 'name').value).toBe('SLOT 3 Port 1');
    expect(field(b, 'name').value).toBe('SLOT 3 Port 2');
    expect(field(a, 'baseprocessornumber').value).toBe(2);
    expect(field(a, 'baseprocessorgroup').value).toBe(0);
    expect(field(a, 'enabled').value).toBe(true);
    expect(field(a, 'lookaheadsplitsupported').value).toBe(false);
    expect(field(a, 'pscomputername').value).toBeNull();
    expect(field(a, 'numberofreceivequeues')).toEqual({
      name: 'NumberOfReceiveQueues',
      value: 63,
      at: { file: 'ps51-vmq.xml', line: 37, col: 7, pointer: "/Objs/Obj[1]/Props/U32[@N='NumberOfReceiveQueues']" },
    });
    expect(field(b, 'numberofreceivequeues').at.line).toBe(114);
    // __ClassMetadata is schema, not a property; MiXml appears only in the first object and is never required.
    expect(Object.keys(a.fields)).not.toContain('__classmetadata');
    expect(Object.keys(b.fields)).not.toContain('__classmetadata');
    expect(Object.keys(a.fields)).toHaveLength(25);
    expect(p.lossy).toEqual([]);
    expect(p.unknown).toEqual([]);
  });

  it('reads Get-NetAdapterAdvancedProperty: string arrays stay strings, "0007" stays "0007"', () => {
    const p = load('ps51-advanced-property.xml');
    expect(p.objects.map((o) => o.className)).toEqual(['MSFT_NetAdapterAdvancedPropertySettingData', 'MSFT_NetAdapterAdvancedPropertySettingData']);
    const [vmq, rss] = p.objects;
    expect(field(vmq, 'registrykeyword').value).toBe('*VMQ');
    expect(field(vmq, 'registryvalue').value).toEqual(['1']);
    expect(field(vmq, 'registryvalue').at).toEqual({ file: 'ps51-advanced-property.xml', line: 37, col: 7, pointer: "/Objs/Obj[1]/Props/Obj[@N='RegistryValue']" });
    expect(field(vmq, 'validdisplayvalues').value).toEqual(['Disabled', 'Enabled']);
    expect(field(vmq, 'validregistryvalues').value).toEqual(['0', '1']);
    expect(field(rss, 'defaultregistryvalue')).toEqual({
      name: 'DefaultRegistryValue',
      value: '0007',
      at: { file: 'ps51-advanced-property.xml', line: 123, col: 7, pointer: "/Objs/Obj[2]/Props/S[@N='DefaultRegistryValue']" },
    });
    expect(field(rss, 'registryvalue').value).toEqual(['8']);
    expect(field(rss, 'validregistryvalues').value).toEqual(['1', '2', '4', '8', '16']);
    expect(field(rss, 'numericparametermaxvalue').value).toBeNull();
    expect(field(rss, 'displayparametertype').value).toBe(5);
    expect(field(rss, 'pscomputername').value).toBe('HV01');
    // A CIM Caption is `Class 'description'`: real text at depth 1, not a truncation.
    expect(field(vmq, 'caption').value).toBe("MSFT_NetAdapterAdvancedPropertySettingData 'Intel(R) Ethernet Network Adapter E810-XXV-2'");
    expect(p.lossy).toEqual([]);
  });

  it('reports RSS arrays truncated by the default -Depth 2 as lossy, once per property', () => {
    const p = load('ps51-rss-depth2.xml');
    const [r] = p.objects;
    const lossyItem = { $lossy: 'truncated by Export-Clixml -Depth', text: 'MSFT_NetAdapter_RssProcessor' };
    expect(field(r, 'rssprocessorarray').value).toEqual([lossyItem, lossyItem]);
    expect(field(r, 'indirectiontable').value).toEqual([lossyItem, lossyItem, lossyItem, lossyItem]);
    expect(field(r, 'ciminstanceproperties').value).toEqual({
      $lossy: 'truncated by Export-Clixml -Depth',
      text: 'Microsoft.Management.Infrastructure.CimInstance[]',
    });
    expect(field(r, 'profile').value).toBe(1);
    expect(field(r, 'numanode').value).toBe(65535);
    expect(p.lossy.map((l) => [l.what, l.at.line, l.at.pointer])).toEqual([
      ['IndirectionTable', 29, "/Objs/Obj[1]/Props/Obj[@N='IndirectionTable']"],
      ['RssProcessorArray', 49, "/Objs/Obj[1]/Props/Obj[@N='RssProcessorArray']"],
      ['CimInstanceProperties', 56, "/Objs/Obj[1]/Props/S[@N='CimInstanceProperties']"],
    ]);
    expect(p.lossy[0].reason).toBe('truncated by Export-Clixml -Depth: 4 values were written as ToString text');
  });

  it('reads RSS processors exported with -Depth 3 as embedded CIM objects with positions', () => {
    const p = load('ps51-rss-depth3.xml');
    const procs = field(p.objects[0], 'rssprocessorarray').value as PsValue[];
    expect(procs).toHaveLength(3);
    const third = obj(procs[2]);
    expect(cimClassName(third.typeNames)).toBe('MSFT_NetAdapter_RssProcessor');
    expect(third.typeNames).toEqual(obj(procs[0]).typeNames);
    expect(field(third, 'processorgroup').value).toBe(1);
    expect(field(third, 'processornumber').value).toBe(0);
    expect(field(third, 'preferenceindex')).toEqual({
      name: 'PreferenceIndex',
      value: 32767,
      at: {
        file: 'ps51-rss-depth3.xml',
        line: 57,
        col: 15,
        pointer: "/Objs/Obj[1]/Props/Obj[@N='RssProcessorArray']/LST/Obj[3]/Props/U16[@N='PreferenceIndex']",
      },
    });
    expect(p.lossy).toEqual([]);
  });
});

describe('PowerShell 7 fixtures (UTF-8 without BOM)', () => {
  it('reads Hyper-V .NET objects: no CIM class, enums as objects, escapes decoded', () => {
    const bytes = bytesOf('ps7-hyperv.xml');
    expect(bytes[0]).toBe(0x3c);
    const p = load('ps7-hyperv.xml');
    expect(p.encoding).toBe('utf-8');
    expect(p.psVersion).toBe('7');
    const [sw, nic] = p.objects;
    expect(sw.className).toBeUndefined();
    expect(sw.typeNames).toEqual(['Microsoft.HyperV.PowerShell.VMSwitch', 'Microsoft.HyperV.PowerShell.VirtualizationObject', 'System.Object']);
    expect(field(sw, 'switchtype').value).toEqual({ $enum: true, name: 'External', value: 2 });
    expect(field(sw, 'bandwidthreservationmode').value).toEqual({ $enum: true, name: 'Weight', value: 1 });
    expect(field(sw, 'notes').value).toBe('Uplinks: SLOT 3 Port 1 + 2\r\nticket _x0041_ kept literally');
    expect(field(sw, 'id').value).toBe('2d6a0c3e-58b4-4f4e-9d0e-3c5b1a7f9e21');
    expect(field(sw, 'netadapterinterfacedescriptions').value).toEqual([
      'Intel(R) Ethernet Controller X710 for 10GbE SFP+',
      'Intel(R) Ethernet Controller X710 for 10GbE SFP+ #2',
    ]);
    expect(field(sw, 'defaultqueuevmmqqueuepairs').value).toBe(16);
    expect(field(sw, 'bandwidthpercentage').value).toBeNull();
    expect(nic.className).toBeUndefined();
    expect(nic.typeNames[0]).toBe('Microsoft.HyperV.PowerShell.VMNetworkAdapter');
    expect(field(nic, 'vmqweight').value).toBe(100);
    expect(field(nic, 'macaddressspoofing').value).toEqual({ $enum: true, name: 'Off', value: 1 });
    expect(field(nic, 'status').value).toEqual(['Ok']);
    const vlan = obj(field(nic, 'vlansetting').value);
    expect(field(vlan, 'accessvlanid').value).toBe(120);
    expect(field(vlan, 'operationmode').value).toBe('Access');
    // VlanSetting.ParentAdapter points back at the adapter being written: a cycle, kept JSON-safe.
    expect(field(vlan, 'parentadapter').value).toEqual({ $lossy: 'cyclic reference', text: 'RefId 5' });
    expect(() => JSON.stringify(p)).not.toThrow();
    expect(p.lossy.map((l) => [l.what, l.reason])).toEqual([
      ['Extensions', 'truncated by Export-Clixml -Depth: 2 values were written as ToString text'],
      ['ParentAdapter', 'cyclic reference to RefId 5, not expanded'],
    ]);
  });

  it('reads a top-level list: each object item is a record; every primitive element; DCT; Ref', () => {
    const p = load('ps7-misc.xml');
    expect(p.objects).toHaveLength(2);
    const [snap, table] = p.objects;
    expect(snap.at).toEqual({ file: 'ps7-misc.xml', line: 9, col: 7, pointer: '/Objs/Obj[1]/LST/Obj[1]' });
    const values = Object.fromEntries(Object.values(snap.fields).map((f) => [f.name, f.value]));
    expect(values).toEqual({
      Host: 'HV01',
      Separator: ':',
      Byte: 255,
      SByte: -128,
      Int16: -32768,
      UInt16: 65535,
      Int32: -2147483648,
      UInt32: 4294967295,
      Int64: -9007199254740991,
      ProcessorAffinityMask: '18446744073709551615',
      SafeMask: 4294967296,
      Double: 1.5e300,
      NotANumber: 'NaN',
      Single: 0.25,
      Decimal: '79228162514264337593543950335',
      Price: 12.5,
      Flag: true,
      Captured: '2024-03-01T09:15:42.1234567+01:00',
      Uptime: 'P12DT3H4M5.5S',
      Guid: '5d7a1e9c-3f2b-4c8e-9a61-2b7e40c1d3a1',
      Source: 'https://hv01.contoso.local/export?a=1&b=2',
      DriverVersion: '1.12.123.0',
      Bytes: 'AQID/w==',
      Nothing: null,
      Empty: '',
      Spaces: '  padded  ',
      Markup: '<b> & "q" \'a\' é€',
      'Multi Word': 'tab\tend',
      Script: 'Get-NetAdapterVmq | Where-Object Enabled',
      Secret: '01000000d08c9ddf0115d1118c7a00c04fc297eb',
    });
    expect(field(snap, 'multi word').at.pointer).toBe("/Objs/Obj[1]/LST/Obj[1]/MS/S[@N='Multi Word']");
    expect(table.typeNames).toEqual(['System.Collections.Hashtable', 'System.Object']);
    expect(field(table, 'numberofreceivequeues').value).toBe(63);
    expect(field(table, 'numberofreceivequeues').at).toEqual({ file: 'ps7-misc.xml', line: 55, col: 13, pointer: "/Objs/Obj[1]/LST/Obj[2]/DCT/En[1]/U32[@N='Value']" });
    const team = obj(field(table, 'team').value);
    expect(field(team, 'teamingmode').value).toBe('SwitchIndependent');
    expect(field(table, '7').name).toBe('7');
    expect(field(table, '7').value).toBe(team);
    expect(p.unknown).toEqual([
      { kind: 'value', name: '<S>', context: 'list item that is not an object', count: 1, at: { file: 'ps7-misc.xml', line: 73, col: 7, pointer: '/Objs/Obj[1]/LST/S[1]' } },
    ]);
  });
});

describe('broken fixtures fail with file:line:col and what was expected', () => {
  it.each([
    ['broken-truncated.xml', "broken-truncated.xml:95:28: expected '>' to end <Nil>, found end of input"],
    ['broken-mismatched.xml', 'broken-mismatched.xml:36:30: expected </B> (opened at 36:7), found </S>'],
    ['broken-doctype.xml', 'broken-doctype.xml:1:1: DOCTYPE is not allowed in CLIXML (entity expansion refused)'],
    ['broken-root.xml', 'broken-root.xml:2:1: expected <Objs> root element, found <ArrayOfNetAdapter>'],
    ['broken-garbage.xml', "broken-garbage.xml:3:1: expected <Objs> root element, found 'Name        ...'"],
  ])('%s', (name, message) => {
    expect(inputErrorOf(() => load(name))).toBe(message);
  });
});

describe('malformed XML (inline)', () => {
  it.each([
    ['unclosed at end of input', `${OBJS}\n  <Obj RefId="0">\n    <Props>\n`, 't.xml:4:1: expected </Props> (opened at 3:5) before end of input (is the file truncated?)'],
    ['end tag with nothing open', `${OBJS}</Objs></Objs>`, "t.xml:1:88: expected end of input after the root element, found '</Objs>'"],
    ['text after the root', `${OBJS}</Objs>\r\nPS C:\\> `, "t.xml:2:1: expected end of input after the root element, found 'PS C:\\> '"],
    ['second root', `${OBJS}</Objs>\n${OBJS}</Objs>`, "t.xml:2:1: expected end of input after the root element, found '<Objs Versio...'"],
    ['unquoted attribute', `${OBJS}<Obj RefId=0></Obj></Objs>`, "t.xml:1:92: expected a quoted value for attribute 'RefId', found '0></Obj></Ob...'"],
    ['attribute without value', `${OBJS}<Obj RefId></Obj></Objs>`, "t.xml:1:91: expected '=' after attribute name 'RefId', found '></Obj></Obj...'"],
    ['duplicate attribute', `${OBJS}<S N="a" N="b">x</S></Objs>`, "t.xml:1:90: expected each attribute once in <S>, found a second 'N'"],
    ['raw < in text', doc('      <S N="x">a < b</S>'), "t.xml:8:19: expected an element name after '<', found ' b</S>'"],
    ['raw & in text', doc('      <S N="x">R&D</S>'), "t.xml:8:17: expected '&lt;', '&gt;', '&amp;', '&quot;', '&apos;' or a character reference after '&' (write a literal '&' as '&amp;')"],
    ['undeclared entity', doc('      <S N="x">&nbsp;</S>'), "t.xml:8:16: expected '&lt;', '&gt;', '&amp;', '&quot;', '&apos;' or a character reference after '&' (write a literal '&' as '&amp;')"],
    ['& in an attribute', doc('      <S N="R&D">x</S>'), "t.xml:8:14: expected '&lt;', '&gt;', '&amp;', '&quot;', '&apos;' or a character reference after '&' (write a literal '&' as '&amp;')"],
    ['< in an attribute', doc('      <S N="a<b">x</S>'), "t.xml:8:14: expected '&lt;' instead of '<' inside the value of attribute 'N'"],
    ['reference to a control character', doc('      <S N="x">&#1;</S>'), 't.xml:8:16: expected a character reference to a character XML allows, found U+1 (PowerShell writes control characters as _xHHHH_)'],
    ['raw control character', doc('      <S N="x">a\u0007b</S>'), 't.xml:8:17: expected a character XML allows, found U+0007 (PowerShell writes control characters as _xHHHH_; is this a binary or mis-decoded file?)'],
    ['DOCTYPE inside the document', doc('      <S N="x">a</S>').replace('<Props>', '<!DOCTYPE x><Props>'), 't.xml:7:5: DOCTYPE is not allowed in CLIXML (entity expansion refused)'],
    ['unterminated comment', `${OBJS}<!-- x`, "t.xml:1:81: expected '-->' to end the comment before end of input"],
    ['processing instruction', `${OBJS}<?pi x?></Objs>`, 't.xml:1:81: expected no processing instruction in CLIXML'],
    ['empty input', '', 't.xml:1:1: expected <Objs> root element, found end of input'],
    ['not the Objs root', '<Obj RefId="0"></Obj>', 't.xml:1:1: expected <Objs> root element, found <Obj>'],
    ['reserved element name', `${OBJS}<constructor/></Objs>`, "t.xml:1:82: expected an element name after '<', found the reserved name 'constructor'"],
  ])('%s', (_label, text, message) => {
    expect(inputErrorOf(() => parse(text))).toBe(message);
  });

  it('refuses nesting deeper than any export has', () => {
    const deep = `${OBJS}${'<LST>'.repeat(1001)}${'</LST>'.repeat(1001)}</Objs>`;
    expect(inputErrorOf(() => parse(deep))).toMatch(/^t\.xml:1:\d+: expected at most 1000 nested elements$/);
  });
});

describe('CLIXML semantics (inline)', () => {
  it('keeps attributes, whitespace, leading zeros; decodes entities and _xHHHH_ after them', () => {
    const p = parse(doc([
      '      <S N="Zeros">0007</S>',
      '      <S N="Padded">  two  spaces  </S>',
      '      <S N="Blank">   </S>',
      '      <S N="Crlf">a_x000D__x000A_b</S>',
      '      <S N="Underscore">_x005F_x000D_</S>',
      '      <S N="Ampersand">&amp;lt; is text</S>',
      '      <S N="EntityThenEscape">&#95;x0041_</S>',
      '      <S N="Cdata"><![CDATA[&lt; stays]]></S>',
      '      <S N="Name_x0020_With_x005F_Escapes">v</S>',
      '      <C N="Char">65</C>',
    ].join('\n')));
    const values = Object.fromEntries(Object.values(p.objects[0].fields).map((f) => [f.name, f.value]));
    expect(values).toEqual({
      Zeros: '0007',
      Padded: '  two  spaces  ',
      Blank: '   ',
      Crlf: 'a\r\nb',
      Underscore: '_x000D_',
      Ampersand: '&lt; is text',
      EntityThenEscape: 'A',
      Cdata: '&lt; stays',
      'Name With_Escapes': 'v',
      Char: 'A',
    });
    expect(Object.keys(p.objects[0].fields)).toContain('name with_escapes');
  });

  it('reads fields from both Props and MS; the first of two same-named properties wins, the second is reported', () => {
    const p = parse(doc('      <S N="Name">adapted</S>', '    <MS>\n      <S N="Note">extended</S>\n      <S N="NAME">shadow</S>\n    </MS>\n'));
    const r = p.objects[0];
    expect(field(r, 'name').value).toBe('adapted');
    expect(field(r, 'note').value).toBe('extended');
    expect(p.unknown).toEqual([
      { kind: 'value', name: 'NAME', context: 'second property of the same name in Test.Thing (the first is kept)', count: 1, at: { file: 't.xml', line: 12, col: 7, pointer: "/Objs/Obj[1]/MS/S[@N='NAME']" } },
    ]);
  });

  it('keeps unknown elements as unknown items with a lossy value, never dropping them', () => {
    const p = parse(doc('      <S N="A">1</S>\n      <Frob N="Mystery">x</Frob>\n      <Frob N="Other" />'));
    expect(field(p.objects[0], 'mystery').value).toEqual({ $lossy: 'unknown CLIXML element <Frob>', text: 'x' });
    expect(field(p.objects[0], 'other').value).toEqual({ $lossy: 'unknown CLIXML element <Frob>', text: '' });
    expect(p.unknown.map((u) => [u.kind, u.name, u.context, u.at.line])).toEqual([
      ['value', 'Mystery', 'unknown CLIXML element <Frob> in Test.Thing', 9],
      ['value', 'Other', 'unknown CLIXML element <Frob> in Test.Thing', 10],
    ]);
  });

  it('keeps text where only elements belong as an unknown item', () => {
    const p = parse(doc('      <S N="A">1</S>\n      stray words'));
    expect(p.unknown.map((u) => [u.name, u.context])).toEqual([['#text', 'text inside Props of Test.Thing']]);
  });

  it('resolves RefIds for objects and for type names as separate namespaces', () => {
    const text = [
      OBJS,
      '<Obj RefId="0"><TN RefId="7"><T>A.Type</T></TN><Props><Obj N="Inner" RefId="7"><TN RefId="0"><T>B.Type</T></TN><Props><I32 N="X">1</I32></Props></Obj></Props></Obj>',
      '<Obj RefId="1"><TNRef RefId="0" /><Props><Ref N="Again" RefId="7" /></Props></Obj>',
      '<Obj RefId="2"><TNRef RefId="7" /><Props /></Obj>',
      '</Objs>',
    ].join('\n');
    const p = parse(text);
    expect(p.objects.map((o) => o.typeNames)).toEqual([['A.Type'], ['B.Type'], ['A.Type']]);
    const inner = obj(field(p.objects[0], 'inner').value);
    expect(field(p.objects[1], 'again').value).toBe(inner);
  });

  it('repeats a top-level object written as <Ref> as a second record', () => {
    const p = parse(`${OBJS}<Obj RefId="0"><TN RefId="0"><T>A.Type</T></TN><Props><I32 N="X">1</I32></Props></Obj><Ref RefId="0" /></Objs>`);
    expect(p.objects).toHaveLength(2);
    expect(p.objects[1].fields).toBe(p.objects[0].fields);
    expect(p.objects[1].at.pointer).toBe('/Objs/Ref[1]');
  });

  it('finds a type list or object first written inside a skipped __ClassMetadata', () => {
    const md = '<MS><Obj N="__ClassMetadata" RefId="1"><TN RefId="1"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST><Obj RefId="2"><MS><S N="ClassName">X</S><Frob N="Odd" /></MS></Obj></LST></Obj></MS>';
    const text = `${OBJS}<Obj RefId="0"><TN RefId="0"><T>${'Microsoft.Management.Infrastructure.CimInstance#ROOT/cimv2/X'}</T></TN><Props><S N="A">a</S></Props>${md}</Obj>` +
      '<Obj RefId="3"><TNRef RefId="0" /><Props><Obj N="List" RefId="4"><TNRef RefId="1" /><LST><S>x</S></LST></Obj><Ref N="Meta" RefId="2" /></Props></Obj></Objs>';
    const p = parse(text);
    expect(p.objects.map((o) => o.className)).toEqual(['X', 'X']);
    expect(field(p.objects[1], 'list').value).toEqual(['x']);
    expect(obj(field(p.objects[1], 'meta').value).fields.classname.value).toBe('X');
    expect(p.objects[0].fields).not.toHaveProperty('__classmetadata');
    // What the metadata holds is not the objects' business: read on demand, reported nowhere.
    expect(p.unknown).toEqual([]);
  });

  it.each([
    ['dangling TNRef', doc('      <Obj N="L" RefId="1"><TNRef RefId="9" /><LST /></Obj>'), 't.xml:8:28: expected an earlier <TN RefId="9"> for this <TNRef>'],
    ['dangling Ref', doc('      <Ref N="L" RefId="9" />'), 't.xml:8:7: expected <Ref RefId="9"> to name an earlier <Obj RefId="9">'],
    ['property without N', doc('      <S>x</S>'), 't.xml:8:7: expected an N attribute (the property name) on <S> inside <Props>'],
    ['not an unsigned byte', doc('      <By N="BaseProcessorNumber">256</By>'), "t.xml:8:7: expected an unsigned 8-bit integer in <By>, found '256'"],
    ['negative U32', doc('      <U32 N="Q">-1</U32>'), "t.xml:8:7: expected an unsigned 32-bit integer in <U32>, found '-1'"],
    ['U64 above 2^64-1', doc('      <U64 N="Q">18446744073709551616</U64>'), "t.xml:8:7: expected an unsigned 64-bit integer in <U64>, found '18446744073709551616'"],
    ['text in I32', doc('      <I32 N="Q">eight</I32>'), "t.xml:8:7: expected a signed 32-bit integer in <I32>, found 'eight'"],
    ['not a boolean', doc('      <B N="Enabled">True</B>'), "t.xml:8:7: expected 'true' or 'false' in <B>, found 'True'"],
    ['not a double', doc('      <Db N="D">1,5</Db>'), "t.xml:8:7: expected a floating-point number in <Db>, found '1,5'"],
    ['element inside a string', doc('      <S N="x"><B>true</B></S>'), 't.xml:8:16: expected text inside <S>, found an element'],
  ])('%s is an InputError at the element', (_label, text, message) => {
    expect(inputErrorOf(() => parse(text))).toBe(message);
  });

  it('marks structured SS/SBK/XD/PR content lossy instead of failing', () => {
    const p = parse(doc('      <PR N="Progress"><AV>Copying</AV><AI>0</AI></PR>\n      <XD N="Doc">&lt;a/&gt;</XD>'));
    expect(field(p.objects[0], 'progress').value).toEqual({ $lossy: '<PR> content is structured, not text; not read' });
    expect(field(p.objects[0], 'doc').value).toBe('<a/>');
    expect(p.lossy.map((l) => [l.what, l.reason])).toEqual([['Progress', '<PR> content is structured, not text; not read']]);
  });

  it('tells truncated ToString text from real strings by pattern and depth', () => {
    const nested = (s: string): string => `      <Obj N="Nested" RefId="1"><TN RefId="1"><T>X.Y</T></TN><Props><S N="Deep">${s}</S></Props></Obj>`;
    const one = (s: string): PsValue => field(parse(doc(`      <S N="Top">${s}</S>`)).objects[0], 'top').value;
    const two = (s: string): PsValue => field(obj(field(parse(doc(nested(s))).objects[0], 'nested').value), 'deep').value;
    const lossy = (text: string): PsValue => ({ $lossy: 'truncated by Export-Clixml -Depth', text });
    // Array and collection type names are never data.
    expect(one('System.String[]')).toEqual(lossy('System.String[]'));
    expect(one('System.Object[]')).toEqual(lossy('System.Object[]'));
    expect(two('Microsoft.Management.Infrastructure.CimInstance[]')).toEqual(lossy('Microsoft.Management.Infrastructure.CimInstance[]'));
    // A class name or type name is plausible data at the first level, a ToString below it.
    expect(one('MSFT_NetAdapter_RssProcessor')).toBe('MSFT_NetAdapter_RssProcessor');
    expect(two('MSFT_NetAdapter_RssProcessor')).toEqual(lossy('MSFT_NetAdapter_RssProcessor'));
    expect(two('MSFT_NetAdapter (Name = "Ethernet")')).toEqual(lossy('MSFT_NetAdapter (Name = "Ethernet")'));
    expect(one('Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting')).toBe('Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting');
    expect(two('Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting')).toEqual(lossy('Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting'));
    // Ordinary text never matches.
    expect(two('Closest')).toBe('Closest');
    expect(two('Microsoft Network Adapter Multiplexor Driver')).toBe('Microsoft Network Adapter Multiplexor Driver');
    expect(two("MSFT_NetAdapterRssSettingData 'Intel(R) X710'")).toBe("MSFT_NetAdapterRssSettingData 'Intel(R) X710'");
  });

  it('never lets a property called __proto__ reach the prototype', () => {
    const r = parse(doc('      <S N="__proto__">x</S>\n      <S N="constructor">y</S>')).objects[0];
    expect(Object.getPrototypeOf(r.fields)).toBeNull();
    expect(Object.keys(r.fields)).toEqual(['__proto__', 'constructor']);
    expect(r.fields.__proto__).toEqual(expect.objectContaining({ name: '__proto__', value: 'x' }));
  });

  it('takes the CIM class from the first type name only, deserialized or not', () => {
    expect(cimClassName(['Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData'])).toBe('MSFT_NetAdapterVmqSettingData');
    expect(cimClassName(['Deserialized.Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetLbfoTeam'])).toBe('MSFT_NetLbfoTeam');
    expect(cimClassName(['Microsoft.Management.Infrastructure.CimInstance#MSFT_NetAdapter'])).toBe('MSFT_NetAdapter');
    expect(cimClassName(['Microsoft.HyperV.PowerShell.VMSwitch', 'Microsoft.Management.Infrastructure.CimInstance#MSFT_X'])).toBeUndefined();
    expect(cimClassName([])).toBeUndefined();
  });

  it('reports psVersion only where the encoding implies it', () => {
    const text = doc('      <S N="A">a</S>');
    expect(parseClixml(text, 't.xml', 'utf-16le-bom').psVersion).toBe('5.1');
    expect(parseClixml(text, 't.xml', 'utf-8').psVersion).toBe('7');
    expect(parseClixml(text, 't.xml', 'utf-8-bom').psVersion).toBeUndefined();
    expect(parseClixml(text, 't.xml', 'windows-1252')).not.toHaveProperty('psVersion');
  });

  it('counts a top-level value that is not an object as unknown', () => {
    const p = parse(`${OBJS}\n  <S>just a string</S>\n  <I32>5</I32>\n</Objs>`);
    expect(p.objects).toEqual([]);
    expect(p.unknown.map((u) => [u.name, u.context, u.at.line])).toEqual([
      ['<S>', 'top-level value that is not an object: just a string', 2],
      ['<I32>', 'top-level value that is not an object', 3],
    ]);
  });
});

describe('looksLikeClixml', () => {
  it('recognises both fixture encodings and refuses other XML and formats', () => {
    for (const name of ['ps51-vmq.xml', 'ps7-hyperv.xml', 'broken-truncated.xml', 'broken-mismatched.xml']) {
      expect(looksLikeClixml(decodeBytes(bytesOf(name)).text)).toBe(true);
    }
    expect(looksLikeClixml(`\uFEFF<?xml version="1.0" encoding="utf-16"?>\r\n${OBJS}</Objs>`)).toBe(true);
    expect(looksLikeClixml(`<Objs Version='1.1.0.1' xmlns='http://schemas.microsoft.com/powershell/2004/04'>`)).toBe(true);
    expect(looksLikeClixml(decodeBytes(bytesOf('broken-root.xml')).text)).toBe(false);
    expect(looksLikeClixml(decodeBytes(bytesOf('broken-garbage.xml')).text)).toBe(false);
    expect(looksLikeClixml('<Objs Version="1.1.0.1"></Objs>')).toBe(false);
    expect(looksLikeClixml('[{"Name": "<Objs xmlns=\\"http://schemas.microsoft.com/powershell/2004/04\\">"}]')).toBe(false);
  });
});
