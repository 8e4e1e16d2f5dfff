import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import { JSON_DEPTH_LOSS, looksLikeJsonExport, parseJsonExport } from '../../src/ingest/json.js';
import { isCimInstanceToString, isTypeNameToString } from '../../src/ingest/json-csv-tostring.js';
import { InputError } from '../../src/model/errors.js';
import type { ParsedFile, PsLossy, PsObject, PsValue } from '../../src/model/records.js';
import { field, fixtureLoader, inputErrorOf, mutatedExport } from './parser-helpers.js';

const DIR = 'fixtures/parsers/json';

const load = fixtureLoader(DIR, parseJsonExport);

function fixtureText(name: string): string {
  return decodeBytes(readFileSync(`${DIR}/${name}`)).text;
}

function parse(text: string): ParsedFile {
  return parseJsonExport(text, 'x.json', 'utf-8');
}

describe('JSON fixtures: Windows PowerShell 5.1', () => {
  it('reads the UTF-16LE Get-NetAdapterRss export with CIM metadata and depth-2 flattening', () => {
    const p = load('rss-5.1-utf16le.json');
    expect(p.format).toBe('json');
    expect(p.encoding).toBe('utf-16le-bom');
    expect(p.psVersion).toBe('5.1');
    expect(p.regKeys).toEqual([]);
    expect(p.objects).toHaveLength(2);
    const [a, b] = p.objects;
    expect(a.className).toBe('MSFT_NetAdapterRssSettingData');
    expect(a.typeNames).toEqual([
      'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterRssSettingData',
      'Microsoft.Management.Infrastructure.CimInstance#MSFT_NetAdapterRssSettingData',
      'Microsoft.Management.Infrastructure.CimInstance',
    ]);
    expect(a.at).toEqual({ file: `${DIR}/rss-5.1-utf16le.json`, line: 2, col: 5, pointer: '/0' });
    // Metadata members are not fields; PSComputerName is.
    expect(Object.keys(a.fields)).not.toContain('cimclass');
    expect(Object.keys(a.fields)).not.toContain('ciminstanceproperties');
    // CimSystemProperties is kept only for the server it names (a host name some objects carry nowhere else).
    const sys = a.fields.cimsystemproperties?.value as { fields: Record<string, { value: unknown }> } | undefined;
    expect(Object.keys(sys?.fields ?? {})).toEqual(sys ? ['servername'] : []);
    expect(field(p, 0, 'PSComputerName').value).toBeNull();
    // Enums stay the integers 5.1 wrote; strings are never coerced.
    expect(field(p, 0, 'Profile').value).toBe(4);
    expect(field(p, 0, 'Enabled').value).toBe(true);
    expect(field(p, 0, 'InstanceID').value).toBe('{4E2B9D47-2C1A-4F63-9C55-1D0E3A7B8F21}');
    expect(field(p, 1, 'Name').value).toBe("SLOT 2 Port 2 <ToR-B> & 'mgmt'");
    expect(field(p, 1, 'name').name).toBe('Name');
    expect(field(p, 0, 'BaseProcessorNumber')).toEqual({
      name: 'BaseProcessorNumber',
      value: 2,
      at: { file: `${DIR}/rss-5.1-utf16le.json`, line: 52, col: 9, pointer: '/0/BaseProcessorNumber' },
    });
    const rpa = field(p, 0, 'RssProcessorArray').value as PsLossy[];
    expect(rpa).toHaveLength(8);
    for (const item of rpa) expect(item).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'MSFT_NetAdapter_RssProcessor' });
    expect((field(p, 1, 'IndirectionTable').value as PsLossy[])[15]).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'MSFT_NetAdapter_RssProcessor' });
    expect(p.lossy.map((l) => l.what)).toEqual([
      'MSFT_NetAdapterRssSettingData.IndirectionTable',
      'MSFT_NetAdapterRssSettingData.RssProcessorArray',
      'MSFT_NetAdapterRssSettingData.IndirectionTable',
      'MSFT_NetAdapterRssSettingData.RssProcessorArray',
    ]);
    expect(p.lossy[1].at).toEqual({ file: `${DIR}/rss-5.1-utf16le.json`, line: 83, col: 35, pointer: '/0/RssProcessorArray/0' });
    expect(p.lossy[1].reason).toContain('8 values written as text');
    expect(p.lossy[1].reason.startsWith(JSON_DEPTH_LOSS)).toBe(true);
    expect(b.className).toBe('MSFT_NetAdapterRssSettingData');
    expect(b.at.line).toBe(95);
    expect(p.unknown).toEqual([]);
  });

  it('reads a single UTF-8-BOM object and converts \\/Date(ms)\\/ to ISO 8601 UTC', () => {
    const p = load('os-5.1-utf8bom.json');
    expect(p.encoding).toBe('utf-8-bom');
    expect(p.psVersion).toBe('5.1');
    expect(p.objects).toHaveLength(1);
    const o = p.objects[0];
    expect(o.at.pointer).toBe('');
    expect(o.className).toBeUndefined();
    expect(o.typeNames).toEqual([]);
    expect(field(p, 0, 'LastBootUpTime')).toEqual({
      name: 'LastBootUpTime',
      value: '2023-11-14T22:13:20.000Z',
      at: { file: `${DIR}/os-5.1-utf8bom.json`, line: 7, col: 5, pointer: '/LastBootUpTime' },
    });
    expect(field(p, 0, 'InstallDate').value).toBe('2019-07-01T00:00:00.000Z');
    expect(field(p, 0, 'BuildNumber').value).toBe('17763');
    expect(field(p, 0, 'MUILanguages').value).toEqual(['en-US']);
    expect(field(p, 0, 'TotalVisibleMemorySize').value).toBe(536606720);
    expect(p.lossy).toEqual([]);
  });
});

describe('JSON fixtures: PowerShell 7', () => {
  it('reads Newtonsoft layout, CimClass with CimClassName, non-ASCII, and the same flattening', () => {
    const p = load('rss-7.json');
    expect(p.encoding).toBe('utf-8');
    expect(p.psVersion).toBe('7');
    expect(p.objects.map((o) => o.className)).toEqual(['MSFT_NetAdapterRssSettingData', 'MSFT_NetAdapterRssSettingData']);
    expect(field(p, 0, 'Name').value).toBe('Stockage – SMB 1');
    expect(field(p, 1, 'PSComputerName').value).toBe('HV02');
    expect(field(p, 0, 'Profile').value).toBe(1);
    expect(p.lossy).toHaveLength(4);
  });

  it('reads -AsArray with enums as names and an empty array', () => {
    const p = load('vmswitch-7.json');
    expect(p.psVersion).toBe('7');
    expect(p.objects).toHaveLength(1);
    expect(p.objects[0].at.pointer).toBe('/0');
    expect(field(p, 0, 'SwitchType')).toEqual({
      name: 'SwitchType',
      value: 'External',
      at: { file: `${DIR}/vmswitch-7.json`, line: 5, col: 5, pointer: '/0/SwitchType' },
    });
    expect(field(p, 0, 'BandwidthReservationMode').value).toBe('Weight');
    expect(field(p, 0, 'Extensions').value).toEqual([]);
    expect(field(p, 0, 'NetAdapterInterfaceDescriptions').value).toEqual([
      'Mellanox ConnectX-4 Lx Ethernet Adapter',
      'Mellanox ConnectX-4 Lx Ethernet Adapter #2',
    ]);
    expect(p.lossy).toEqual([]);
  });

  it('keeps ISO 8601 dates as written', () => {
    const p = load('os-7.json');
    expect(field(p, 0, 'LastBootUpTime').value).toBe('2023-11-14T23:13:20.5+01:00');
  });
});

describe('JSON fixtures: broken files', () => {
  it('reports a truncated UTF-16LE export at the end of input', () => {
    expect(inputErrorOf(() => load('broken-truncated.json'))).toBe(
      `${DIR}/broken-truncated.json:76:32: expected a JSON value, found end of input`,
    );
  });

  it('reports a second document appended with >>', () => {
    expect(inputErrorOf(() => load('broken-trailing.json'))).toBe(
      `${DIR}/broken-trailing.json:94:1: expected end of input after the top-level value, found '{'`,
    );
  });

  it('reports an unterminated string at the end of its line', () => {
    expect(inputErrorOf(() => load('broken-unterminated-string.json'))).toBe(
      `${DIR}/broken-unterminated-string.json:3:24: expected '"' to close the string that starts at 3:13, found end of line`,
    );
  });
});

describe('JSON syntax errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'x.json:1:1: expected a JSON object or array, found an empty file'],
    ['  \r\n  ', 'x.json:2:3: expected a JSON object or array, found an empty file'],
    ['{"a" 1}', "x.json:1:6: expected ':' after property name, found '1'"],
    ['{"a": 1,}', "x.json:1:9: expected a property name in double quotes, found '}'"],
    ['{a: 1}', "x.json:1:2: expected a property name in double quotes or '}', found 'a'"],
    ['{"a": 1 "b": 2}', "x.json:1:9: expected ',' or '}', found '\"'"],
    ['[1 2]', "x.json:1:4: expected ',' or ']', found '2'"],
    ['[1,', 'x.json:1:4: expected a JSON value, found end of input'],
    ['[', "x.json:1:2: expected a JSON value or ']', found end of input"],
    ['{"a": tru}', "x.json:1:10: expected 'true', found '}'"],
    ['{"a": 01}', "x.json:1:8: expected ',' or '}', found '1'"],
    ['{"a": -x}', "x.json:1:8: expected a digit, found 'x'"],
    ['{"a": 1.}', "x.json:1:9: expected a digit after '.', found '}'"],
    ['{"a": 1e}', "x.json:1:9: expected a digit in the exponent, found '}'"],
    ['{"a": "\\x"}', "x.json:1:9: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found 'x'"],
    ['{"a": "\\u12G4"}', 'x.json:1:10: expected four hex digits after \\u'],
    ['{"a": "x\ty"}', 'x.json:1:9: expected control character U+0009 to be escaped'],
    ['{"a": undefined}', "x.json:1:7: expected a JSON value, found 'u'"],
    ['{\r\n  "a": 1\r\n}\r\n]', "x.json:4:1: expected end of input after the top-level value, found ']'"],
    ['{"a": "x"', "x.json:1:10: expected ',' or '}', found end of input"],
    ['{"a": "x', `x.json:1:9: expected '"' to close the string that starts at 1:7, found end of input`],
  ];
  it.each(cases)('%j', (text, message) => {
    expect(inputErrorOf(() => parse(text))).toBe(message);
  });

  it('rejects a property repeated with different case, as ConvertFrom-Json does', () => {
    expect(inputErrorOf(() => parse('{"Name": 1,\n "name": 2}'))).toBe(
      "x.json:2:2: expected each property once (names are case-insensitive), but 'name' repeats 'Name' at 1:2",
    );
  });

  it('rejects nesting deeper than any export, without exhausting the stack', () => {
    const deep = '['.repeat(100000);
    expect(inputErrorOf(() => parse(deep))).toMatch(/^x\.json:1:514: expected at most 512 levels of nesting$/);
  });
});

describe('JSON values', () => {
  it('keeps integers beyond 2^53 as decimal strings and small ones as numbers', () => {
    const p = parse('[{"ProcessorAffinityMask": 18446744073709551615, "Low": 9007199254740991, "Neg": -9007199254740993, "F": 1.5e3}]');
    expect(field(p, 0, 'ProcessorAffinityMask').value).toBe('18446744073709551615');
    expect(field(p, 0, 'Low').value).toBe(9007199254740991);
    expect(field(p, 0, 'Neg').value).toBe('-9007199254740993');
    expect(field(p, 0, 'F').value).toBe(1500);
  });

  it('decodes escapes and leaves enum names and numeric strings as written', () => {
    const p = parse('{"D": "\\u003cstring\\u003e \\"q\\" \\/ \\\\", "Profile": "4", "Mode": "NUMAScalingStatic", "S": "0007"}');
    expect(field(p, 0, 'D').value).toBe('<string> "q" / \\');
    expect(field(p, 0, 'Profile').value).toBe('4');
    expect(field(p, 0, 'Mode').value).toBe('NUMAScalingStatic');
    expect(field(p, 0, 'S').value).toBe('0007');
  });

  it('converts only the escaped \\/Date(ms)\\/ form, with or without an offset', () => {
    const p = parse('{"A": "\\/Date(0)\\/", "B": "/Date(0)/", "C": "\\/Date(-86400000+0100)\\/", "D": "\\/Date(x)\\/"}');
    expect(field(p, 0, 'A').value).toBe('1970-01-01T00:00:00.000Z');
    expect(field(p, 0, 'B').value).toBe('/Date(0)/');
    expect(field(p, 0, 'C').value).toBe('1969-12-31T00:00:00.000Z');
    expect(field(p, 0, 'D').value).toBe('/Date(x)/');
    expect(p.psVersion).toBe('5.1');
  });

  it('turns nested objects into PsObjects with lower-cased keys and positions', () => {
    const p = parse('{\n "Outer": {\n  "Inner": [1, {"X": null}]\n }\n}');
    const outer = field(p, 0, 'Outer').value as PsObject;
    expect(outer.$object).toBe(true);
    expect(outer.typeNames).toEqual([]);
    expect(outer.fields.inner.at).toEqual({ file: 'x.json', line: 3, col: 3, pointer: '/Outer/Inner' });
    const inner = outer.fields.inner.value as PsValue[];
    expect(inner[0]).toBe(1);
    expect((inner[1] as PsObject).fields.x).toEqual({
      name: 'X',
      value: null,
      at: { file: 'x.json', line: 3, col: 17, pointer: '/Outer/Inner/1/X' },
    });
  });

  it('escapes JSON pointer segments', () => {
    const p = parse('[{"a/b~c": 1}]');
    expect(field(p, 0, 'a/b~c').at.pointer).toBe('/0/a~1b~0c');
  });

  it('unwraps the 5.1 {"value": [...], "Count": n} array wrapper', () => {
    const p = parse('{\r\n    "value":  [\r\n                  {\r\n                      "Name":  "a"\r\n                  }\r\n              ],\r\n    "Count":  1\r\n}');
    expect(p.objects).toHaveLength(1);
    expect(p.objects[0].at.pointer).toBe('/value/0');
    expect(field(p, 0, 'Name').value).toBe('a');
  });

  it('does not unwrap an object that only looks like the wrapper', () => {
    const p = parse('{"value": [1, 2], "Count": 3}');
    expect(p.objects).toHaveLength(1);
    expect(field(p, 0, 'Count').value).toBe(3);
  });

  it('reports top-level values that are not objects as unknown', () => {
    const p = parse('[{"a": 1}, "MSFT_X", 3]');
    expect(p.objects).toHaveLength(1);
    expect(p.unknown).toEqual([
      { kind: 'value', name: 'string', context: 'top-level JSON value (expected an object)', count: 1, at: { file: 'x.json', line: 1, col: 12, pointer: '/1' } },
      { kind: 'value', name: 'number', context: 'top-level JSON value (expected an object)', count: 1, at: { file: 'x.json', line: 1, col: 22, pointer: '/2' } },
    ]);
  });

  it('ignores a BOM a caller left in', () => {
    expect(field(parse('\ufeff{"a": 1}'), 0, 'a').value).toBe(1);
  });

  it('tells versions apart only by layout', () => {
    expect(parse('{"a":1,"b":[2]}').psVersion).toBeUndefined();
    expect(parse('{\n  "a": 1\n}').psVersion).toBe('7');
    expect(parse('{\n    "a":  1\n}').psVersion).toBe('5.1');
    expect(parse('[]').objects).toEqual([]);
  });
});

describe('CIM metadata and depth flattening', () => {
  it('takes the class from a CimClass string when there is no CimSystemProperties object', () => {
    const p = parse('{"CimClass": "ROOT/StandardCimv2:MSFT_NetAdapterVmqSettingData", "CimInstanceProperties": ["Enabled = True"], "Enabled": true}');
    expect(p.objects[0].className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(p.objects[0].typeNames[0]).toBe('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData');
    expect(Object.keys(p.objects[0].fields)).toEqual(['enabled']);
  });

  it('takes the class from a CimClass object with CimClassName or its own CimSystemProperties', () => {
    const a = parse('{"CimClass": {"CimClassName": "MSFT_NetLbfoTeam"}, "Name": "T"}');
    expect(a.objects[0].className).toBe('MSFT_NetLbfoTeam');
    expect(a.objects[0].typeNames).toEqual([
      'Microsoft.Management.Infrastructure.CimInstance#MSFT_NetLbfoTeam',
      'Microsoft.Management.Infrastructure.CimInstance',
    ]);
    const b = parse('{"CimClass": {"CimSystemProperties": {"Namespace": "ROOT/StandardCimv2", "ClassName": "MSFT_NetLbfoTeam"}}}');
    expect(b.objects[0].typeNames[0]).toBe('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetLbfoTeam');
  });

  it('marks an embedded instance whose CimInstanceProperties is one string as lossy', () => {
    const text = [
      '{',
      '    "CimSystemProperties":  { "ClassName":  "MSFT_ScheduledTask", "Namespace":  "Root/Microsoft/Windows/TaskScheduler" },',
      '    "Principal":  {',
      '                      "CimClass":  "Root/Microsoft/Windows/TaskScheduler:MSFT_TaskPrincipal2",',
      '                      "CimInstanceProperties":  "DisplayName GroupId = \\"Administrators\\" LogonType = 4",',
      '                      "CimSystemProperties":  "Microsoft.Management.Infrastructure.CimSystemProperties"',
      '                  }',
      '}',
    ].join('\r\n');
    const p = parse(text);
    expect(field(p, 0, 'Principal').value).toEqual({
      $lossy: JSON_DEPTH_LOSS,
      text: 'DisplayName GroupId = "Administrators" LogonType = 4',
    });
    expect(p.lossy).toHaveLength(1);
    expect(p.lossy[0].what).toBe('MSFT_ScheduledTask.Principal');
    expect(p.lossy[0].at).toEqual({ file: 'x.json', line: 3, col: 19, pointer: '/Principal' });
  });

  it('keeps deeper exports: embedded instances as objects with their own class', () => {
    const p = parse(
      '{"CimClass": "ROOT/StandardCimv2:MSFT_NetAdapterRssSettingData", "RssProcessorArray": [{"CimClass": "ROOT/StandardCimv2:MSFT_NetAdapter_RssProcessor", "CimInstanceProperties": ["ProcessorGroup = 0"], "ProcessorGroup": 0, "ProcessorNumber": 2, "PreferenceIndex": 0}]}',
    );
    const items = field(p, 0, 'RssProcessorArray').value as PsObject[];
    expect(items[0].typeNames[0]).toBe('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter_RssProcessor');
    expect(Object.keys(items[0].fields)).toEqual(['processorgroup', 'processornumber', 'preferenceindex']);
    expect(items[0].fields.processornumber.value).toBe(2);
    expect(p.lossy).toEqual([]);
  });

  it('marks type-name ToStrings as lossy, class names only below the first level', () => {
    const p = parse(
      '{"A": "System.Object[]", "B": "MSFT_NetAdapter", "C": ["x", "System.Collections.Hashtable", "System.Object"], "D": {"E": "MSFT_Thing (Id = \\"1\\")"}, "F": {"G": "System.Text.SBCSCodePageEncoding"}, "H": "Microsoft.Management.Infrastructure.CimInstance"}',
    );
    expect(field(p, 0, 'A').value).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'System.Object[]' });
    expect(field(p, 0, 'B').value).toBe('MSFT_NetAdapter');
    expect(field(p, 0, 'C').value).toEqual([
      'x',
      { $lossy: JSON_DEPTH_LOSS, text: 'System.Collections.Hashtable' },
      { $lossy: JSON_DEPTH_LOSS, text: 'System.Object' },
    ]);
    expect((field(p, 0, 'D').value as PsObject).fields.e.value).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'MSFT_Thing (Id = "1")' });
    expect((field(p, 0, 'F').value as PsObject).fields.g.value).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'System.Text.SBCSCodePageEncoding' });
    expect(field(p, 0, 'H').value).toEqual({ $lossy: JSON_DEPTH_LOSS, text: 'Microsoft.Management.Infrastructure.CimInstance' });
    expect(p.lossy.map((l) => l.what)).toEqual(['A', 'C', 'D', 'F', 'H']);
  });

  it('uses CimInstanceProperties "Name = ..." entries to catch class-name ToStrings without a known prefix', () => {
    const p = parse('{"CimInstanceProperties": ["Items = \\"...\\"", "Other"], "Items": ["Vendor_Queue"], "Other": ["Vendor_Queue"]}');
    expect(field(p, 0, 'Items').value).toEqual([{ $lossy: JSON_DEPTH_LOSS, text: 'Vendor_Queue' }]);
    expect(field(p, 0, 'Other').value).toEqual(['Vendor_Queue']);
  });
});

describe('looksLikeJsonExport', () => {
  it.each([
    ['{\r\n    "Name":  "a"\r\n}', true],
    ['\ufeff{}', true],
    ['  [\n  {\n', true],
    ['[\r\n\r\n]', true],
    ['[1, 2]', true],
    ['[HKEY_LOCAL_MACHINE\\SYSTEM]', false],
    ['Windows Registry Editor Version 5.00', false],
    ['<Objs Version="1.1.0.1">', false],
    ['"Name","Enabled"', false],
    ['{not json', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeJsonExport(text.replace(/^\ufeff/, ''))).toBe(expected);
  });
});

// ---------------------------------------------------------------- property tests

/** The field list of a parsed value with positions removed, for comparing with plain JSON. */
function strip(v: PsValue): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === 'object' && '$object' in v) {
    return Object.fromEntries(Object.entries(v.fields).map(([k, f]) => [k, { name: f.name, value: strip(f.value) }]));
  }
  return v;
}

/** What the parser should make of a plain JSON value that went through JSON.stringify. */
function expected(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(expected);
  if (typeof v === 'number') {
    const text = JSON.stringify(v);
    return Number.isInteger(v) && !Number.isSafeInteger(v) && !/[eE.]/.test(text) ? text : v;
  }
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), { name: k, value: expected(x) }]));
  }
  return v;
}

const safeString = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !isTypeNameToString(s) && !isCimInstanceToString(s));
const safeKey = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 8 })
  .filter((k) => !['cimclass', 'ciminstanceproperties', 'cimsystemproperties'].includes(k.toLowerCase()));

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((b) => Number(b)),
    safeString,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .uniqueArray(fc.tuple(safeKey, tie('value')), { maxLength: 5, selector: ([k]) => k.toLowerCase() })
    .map((entries) => Object.fromEntries(entries)),
})).value;

const records = fc.array(
  fc.uniqueArray(fc.tuple(safeKey, jsonValue), { maxLength: 6, selector: ([k]) => k.toLowerCase() }).map((e) => Object.fromEntries(e)),
  { maxLength: 4 },
);

/** Windows PowerShell 5.1's layout, as in the fixtures: `":  ` and indentation under the bracket. */
function ps51(v: unknown, col = 0): string {
  const pad = ' '.repeat(col + 4);
  if (Array.isArray(v)) {
    if (v.length === 0) return `[\r\n\r\n${' '.repeat(col)}]`;
    return `[\r\n${v.map((x) => pad + ps51(x, col + 4)).join(',\r\n')}\r\n${' '.repeat(col)}]`;
  }
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v).map(([k, x]) => {
      const lead = `${pad}${JSON.stringify(k)}:  `;
      return lead + ps51(x, lead.length);
    });
    return `{\r\n${parts.join(',\r\n')}\r\n${' '.repeat(col)}}`;
  }
  return JSON.stringify(v);
}

/** Offset of a 1-based line and column. */
function offsetOf(text: string, line: number, col: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + col - 1;
}

describe('JSON property tests', () => {
  it('parses what JSON.stringify and the 5.1 layout write back to the same values, at the right places', () => {
    fc.assert(
      fc.property(records, fc.constantFrom<'compact' | 'indent2' | 'ps51'>('compact', 'indent2', 'ps51'), (recs, layout) => {
        const text = layout === 'compact' ? JSON.stringify(recs) : layout === 'indent2' ? JSON.stringify(recs, null, 2) : ps51(recs);
        const p = parse(text);
        const plain = JSON.parse(JSON.stringify(recs)) as Array<Record<string, unknown>>;
        expect(p.objects.map((o) => strip({ $object: true, typeNames: [], fields: o.fields }))).toEqual(plain.map(expected));
        expect(p.lossy).toEqual([]);
        for (const o of p.objects) {
          for (const f of Object.values(o.fields)) {
            const at = offsetOf(text, f.at.line, f.at.col ?? 0);
            expect(text.startsWith(`${JSON.stringify(f.name)}:`, at)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only ever throws InputError, whatever is done to a real export', () => {
    const sources = ['rss-5.1-utf16le.json', 'os-5.1-utf8bom.json', 'vmswitch-7.json', 'rss-7.json'].map(fixtureText);
    fc.assert(
      fc.property(mutatedExport(sources, ['{', '}', '[', ']', '"', ',', ':', '\\', 'u', '0', '-', 'e', ' ', '\n', 'x']), (text) => {
        try {
          parse(text);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message).toMatch(/^x\.json:\d+:\d+: expected /);
          const { line, col } = e;
          expect(line).toBeGreaterThanOrEqual(1);
          expect(col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('JSON: known classes nested in another object', () => {
  it("reads Get-NetIPConfiguration's NetAdapter (ConvertTo-Json -Depth 4) and merges it with the top-level adapter", async () => {
    const { loadFiles } = await import('../../src/ingest/load.js');
    const guid = '{60FC71A1-947C-4ED6-8814-94133E883524}';
    const adapter = {
      Name: 'Ethernet',
      InterfaceDescription: 'Intel(R) Ethernet Controller X710',
      InterfaceGuid: guid,
      Status: 'Up',
      LinkSpeed: '10 Gbps',
      CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapter',
      CimInstanceProperties: ['Name = "Ethernet"'],
      CimSystemProperties: { Namespace: 'ROOT/StandardCimv2', ServerName: 'HV01', ClassName: 'MSFT_NetAdapter', Path: null },
    };
    const ipconfig = JSON.stringify([{ ComputerName: 'HV01', InterfaceAlias: 'Ethernet', InterfaceIndex: 5, NetAdapter: adapter }]);
    const top = JSON.stringify([{ ...adapter, Status: null, PSComputerName: null }]);
    const enc = new TextEncoder();
    const out = loadFiles(
      [
        { path: 'Get-NetIPConfiguration.json', bytes: enc.encode(ipconfig) },
        { path: 'Get-NetAdapter.json', bytes: enc.encode(top) },
      ],
      'HV01',
    );
    expect(out.failures).toEqual([]);
    expect(out.hosts.map((h) => h.name)).toEqual(['HV01']);
    const adapters = out.hosts[0].adapters;
    expect(adapters.map((a) => a.name)).toEqual(['Ethernet']);
    expect(adapters[0].status).toBe('Up');
  });
});
