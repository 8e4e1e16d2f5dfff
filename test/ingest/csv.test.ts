import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_ARRAY_LOSS, looksLikeCsvExport, parseCsvExport } from '../../src/ingest/csv.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { isCollectionToString } from '../../src/ingest/json-csv-tostring.js';
import { InputError } from '../../src/model/errors.js';
import type { ParsedFile } from '../../src/model/records.js';
import { field, fixtureLoader, inputErrorOf, mutatedExport } from './parser-helpers.js';

const DIR = 'fixtures/parsers/csv';

const load = fixtureLoader(DIR, parseCsvExport);

function parse(text: string): ParsedFile {
  return parseCsvExport(text, 'x.csv', 'utf-8');
}

const lost = (text: string) => ({ $lossy: CSV_ARRAY_LOSS, text });

describe('CSV fixtures: Windows PowerShell 5.1', () => {
  it('reads Get-NetAdapterAdvancedProperty with #TYPE, nulls, and arrays written as System.String[]', () => {
    const p = load('advprop-5.1.csv');
    const file = `${DIR}/advprop-5.1.csv`;
    expect(p.format).toBe('csv');
    expect(p.encoding).toBe('utf-8');
    expect(p.psVersion).toBe('5.1');
    expect(p.regKeys).toEqual([]);
    expect(p.objects).toHaveLength(4);
    const o = p.objects[0];
    expect(o.typeNames).toEqual([
      'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterAdvancedPropertySettingData',
    ]);
    expect(o.className).toBe('MSFT_NetAdapterAdvancedPropertySettingData');
    expect(o.at).toEqual({ file, line: 3, col: 1, pointer: 'row 1' });
    expect(p.objects[3].at.line).toBe(6);
    const keys = Object.keys(o.fields);
    expect(keys).toHaveLength(29);
    expect(keys).not.toContain('cimclass');
    expect(keys).not.toContain('ciminstanceproperties');
    expect(keys).not.toContain('cimsystemproperties');
    expect(field(p, 0, 'RegistryKeyword')).toEqual({
      name: 'RegistryKeyword',
      value: '*VMQ',
      at: { file, line: 3, col: 439, pointer: 'row 1/RegistryKeyword' },
    });
    // No coercion: CSV has no types.
    expect(field(p, 0, 'DisplayParameterType').value).toBe('5');
    expect(field(p, 0, 'Optional').value).toBe('False');
    // Empty unquoted = $null.
    expect(field(p, 0, 'Description').value).toBeNull();
    expect(field(p, 0, 'PSComputerName').value).toBeNull();
    expect(field(p, 0, 'NumericParameterMaxValue').value).toBeNull();
    expect(field(p, 3, 'NumericParameterMaxValue').value).toBe('4094');
    expect(field(p, 3, 'ValidRegistryValues').value).toBeNull();
    // Arrays are lost, never values.
    expect(field(p, 0, 'RegistryValue').value).toEqual(lost('System.String[]'));
    expect(field(p, 2, 'ValueData').value).toEqual(lost('System.String[]'));
    expect(p.lossy.map((l) => [l.what, l.at.pointer])).toEqual([
      ['MSFT_NetAdapterAdvancedPropertySettingData.ValueData', 'row 1/ValueData'],
      ['MSFT_NetAdapterAdvancedPropertySettingData.RegistryValue', 'row 1/RegistryValue'],
      ['MSFT_NetAdapterAdvancedPropertySettingData.ValidDisplayValues', 'row 1/ValidDisplayValues'],
      ['MSFT_NetAdapterAdvancedPropertySettingData.ValidRegistryValues', 'row 1/ValidRegistryValues'],
    ]);
    expect(p.lossy[1].reason).toBe(
      `${CSV_ARRAY_LOSS}: "System.String[]" in 4 rows; the values are not in the file (use Export-Clixml or ConvertTo-Json -Depth 4)`,
    );
    expect(p.unknown.map((u) => [u.kind, u.name, u.context, u.count])).toEqual([
      ['value', 'ValueData', 'MSFT_NetAdapterAdvancedPropertySettingData', 4],
      ['value', 'RegistryValue', 'MSFT_NetAdapterAdvancedPropertySettingData', 4],
      ['value', 'ValidDisplayValues', 'MSFT_NetAdapterAdvancedPropertySettingData', 3],
      ['value', 'ValidRegistryValues', 'MSFT_NetAdapterAdvancedPropertySettingData', 3],
    ]);
  });

  it('strips Selected. for the class but keeps it in the type names; a row may end in a null', () => {
    const p = load('advprop-selected-5.1.csv');
    expect(p.objects[0].typeNames).toEqual([
      'Selected.Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterAdvancedPropertySettingData',
    ]);
    expect(p.objects[0].className).toBe('MSFT_NetAdapterAdvancedPropertySettingData');
    const last = field(p, 0, 'NumericParameterMaxValue');
    expect(last.value).toBeNull();
    expect(last.at).toEqual({ file: `${DIR}/advprop-selected-5.1.csv`, line: 3, col: 77, pointer: 'row 1/NumericParameterMaxValue' });
    expect(field(p, 3, 'NumericParameterMaxValue').value).toBe('4094');
    expect(p.lossy).toHaveLength(1);
  });

  it('reads a de-DE -UseCulture export: ; separator, UTF-8 BOM, ; inside quotes', () => {
    const p = load('vmq-de-DE-5.1.csv');
    expect(p.encoding).toBe('utf-8-bom');
    expect(p.psVersion).toBe('5.1');
    expect(p.objects).toHaveLength(2);
    expect(p.objects[0].className).toBe('MSFT_NetAdapterVmqSettingData');
    expect(field(p, 0, 'Name').value).toBe('Speicher; Port 1');
    expect(field(p, 1, 'Name').value).toBe('Übertragung 2');
    expect(field(p, 1, 'MaxProcessors').value).toBeNull();
    expect(field(p, 1, 'NumaNode').value).toBe('65535');
    expect(field(p, 1, 'PSComputerName').value).toBeNull();
  });
});

describe('CSV fixtures: PowerShell 7', () => {
  it('reads an export without #TYPE and takes the class from the CimClass column', () => {
    const p = load('rss-7.csv');
    expect(p.psVersion).toBeUndefined();
    expect(p.encoding).toBe('utf-8');
    expect(p.objects.map((o) => o.className)).toEqual(['MSFT_NetAdapterRssSettingData', 'MSFT_NetAdapterRssSettingData']);
    expect(p.objects[0].typeNames[0]).toBe('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterRssSettingData');
    expect(field(p, 1, 'Name').value).toBe('Stockage – SMB 2');
    expect(field(p, 0, 'RssProcessorArray').value).toEqual(lost('Microsoft.Management.Infrastructure.CimInstance[]'));
    expect(field(p, 0, 'Profile').value).toBe('4');
    expect(p.unknown.map((u) => [u.name, u.count])).toEqual([
      ['IndirectionTable', 2],
      ['RssProcessorArray', 2],
    ]);
  });

  it('reads -UseQuotes AsNeeded with LF endings: bare values, nulls, doubled quotes', () => {
    const p = load('vmq-7-asneeded.csv');
    const file = `${DIR}/vmq-7-asneeded.csv`;
    expect(p.objects).toHaveLength(3);
    expect(p.objects[0].className).toBeUndefined();
    expect(p.objects[0].typeNames).toEqual([]);
    expect(field(p, 0, 'Name').value).toBe('Uplink 1, ToR A');
    expect(field(p, 0, 'InterfaceDescription')).toEqual({
      name: 'InterfaceDescription',
      value: 'Intel(R) Ethernet Controller X710 for 10GbE SFP+',
      at: { file, line: 2, col: 19, pointer: 'row 1/InterfaceDescription' },
    });
    expect(field(p, 0, 'MaxProcessors').value).toBeNull();
    expect(field(p, 0, 'NumaNode').value).toBe('0');
    expect(field(p, 1, 'NumaNode').value).toBeNull();
    expect(field(p, 2, 'InterfaceDescription').value).toBe('HPE Ethernet 1Gb 4-port 331i Adapter "LOM"');
    expect(field(p, 2, 'Enabled').value).toBe('False');
    expect(p.lossy).toEqual([]);
    expect(p.unknown).toEqual([]);
  });

  it('reads a quoted multi-line Notes field and keeps "" as an empty string', () => {
    const p = load('team-notes-7.csv');
    const file = `${DIR}/team-notes-7.csv`;
    expect(p.objects).toHaveLength(2);
    expect(field(p, 0, 'Notes').value).toBe('Uplinks to ToR A/B.\r\nChanged 2023-11-02 by "ops":\r\nHyperVPort -> Dynamic');
    expect(field(p, 0, 'Notes').at).toEqual({ file, line: 2, col: 62, pointer: 'row 1/Notes' });
    expect(p.objects[1].at).toEqual({ file, line: 5, col: 1, pointer: 'row 2' });
    expect(field(p, 1, 'Status').at).toEqual({ file, line: 5, col: 51, pointer: 'row 2/Status' });
    expect(field(p, 1, 'Notes').value).toBe('');
    expect(field(p, 1, 'Members').value).toEqual(lost('System.String[]'));
    expect(p.lossy.map((l) => l.what)).toEqual(['Members']);
    expect(p.unknown).toEqual([{ kind: 'value', name: 'Members', count: 2, at: { file, line: 2, col: 39, pointer: 'row 1/Members' } }]);
  });
});

describe('CSV fixtures: broken files', () => {
  it('reports an unterminated quote where the field opens', () => {
    expect(inputErrorOf(() => load('broken-unterminated-quote.csv'))).toBe(
      `${DIR}/broken-unterminated-quote.csv:5:62: expected a closing '"' for the quoted field that starts here, found end of input`,
    );
  });

  it('reports a ragged row at its first extra field', () => {
    expect(inputErrorOf(() => load('broken-ragged.csv'))).toBe(
      `${DIR}/broken-ragged.csv:3:90: expected 9 fields as in the header on line 1, found field 10`,
    );
  });
});

describe('CSV structure', () => {
  it.each([
    ['', 'x.csv:1:1: expected a header row, found an empty file'],
    ['\r\n\r\n', 'x.csv:3:1: expected a header row, found an empty file'],
    ['#TYPE System.Management.Automation.PSCustomObject\r\n', 'x.csv:2:1: expected a header row after the #TYPE line, found end of input'],
    ['"A","A"\r\n', "x.csv:1:5: expected unique column names (case-insensitive), but 'A' repeats column 1"],
    ['"A","a"\r\n', "x.csv:1:5: expected unique column names (case-insensitive), but 'a' repeats column 1"],
    ['"A",""\r\n', 'x.csv:1:5: expected a column name in column 2 of the header'],
    ['"A","B"\r\n"1"x,"2"\r\n', "x.csv:2:4: expected the separator ',' or the end of the line after a closing quote, found 'x'"],
    ['A\tB\r\n"1"\r\t2\r\n', 'x.csv:2:4: expected the separator tab or the end of the line after a closing quote, found a carriage return'],
    ['"A";"B"\r\n"1";"2";"3"\r\n', 'x.csv:2:9: expected 2 fields as in the header on line 1, found field 3'],
  ])('%j', (text, message) => {
    expect(inputErrorOf(() => parse(text))).toBe(message);
  });

  it('reads the header after blank lines and a #TYPE line, and skips blank lines between rows', () => {
    const p = parse('\r\n#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\r\n\r\n"Name","CimClass"\r\n\r\n"a","ROOT/StandardCimv2:MSFT_NetLbfoTeam"\r\n');
    expect(p.psVersion).toBe('5.1');
    expect(p.objects).toHaveLength(1);
    expect(p.objects[0].at.line).toBe(6);
    // A bare Selected.CimInstance names no class, so the CimClass column does.
    expect(p.objects[0].className).toBe('MSFT_NetLbfoTeam');
    expect(p.objects[0].typeNames).toEqual(['Selected.Microsoft.Management.Infrastructure.CimInstance']);
    expect(Object.keys(p.objects[0].fields)).toEqual(['name']);
  });

  it('treats a short row as nulls and reports it', () => {
    const p = parse('A,B,C\n1,2\n');
    expect(field(p, 0, 'B').value).toBe('2');
    expect(field(p, 0, 'C')).toEqual({ name: 'C', value: null, at: { file: 'x.csv', line: 2, col: 4, pointer: 'row 1/C' } });
    expect(p.lossy).toEqual([
      {
        what: 'row 1',
        reason: "row has 2 of the header's 3 fields; the missing ones are read as null (was the file cut short?)",
        at: { file: 'x.csv', line: 2, col: 4, pointer: 'row 1' },
      },
    ]);
  });

  it('ignores a BOM a caller left in', () => {
    const p = parse('\ufeff"Name","Enabled"\r\n"a","True"\r\n');
    expect(Object.keys(p.objects[0].fields)).toEqual(['name', 'enabled']);
    expect(field(p, 0, 'Name').at.col).toBe(1);
    expect(looksLikeCsvExport('\ufeff"Name","Enabled"')).toBe(true);
  });

  it('keeps quotes inside unquoted fields, as -UseQuotes Never writes them', () => {
    const p = parse('A,B\nsay "hi",x\n');
    expect(field(p, 0, 'A').value).toBe('say "hi"');
  });

  it('reads a file without a final line break, and a tab-separated one', () => {
    expect(field(parse('A,B\r\n1,'), 0, 'B').value).toBeNull();
    expect(field(parse('A,B\r\n1,""'), 0, 'B').value).toBe('');
    const tab = parse('Name\tValue\r\n"a,b"\t1;2\r\n');
    expect(field(tab, 0, 'Name').value).toBe('a,b');
    expect(field(tab, 0, 'Value').value).toBe('1;2');
  });

  it('recognises collection type names but not ordinary text', () => {
    const p = parse(
      'A,B,C,D,E,F\r\n"System.UInt32[]","System.Collections.ObjectModel.Collection`1[System.String]","System.Collections.Hashtable","System.String","Intel[R]","x[]"\r\n',
    );
    expect(field(p, 0, 'A').value).toEqual(lost('System.UInt32[]'));
    expect(field(p, 0, 'B').value).toEqual(lost('System.Collections.ObjectModel.Collection`1[System.String]'));
    expect(field(p, 0, 'C').value).toEqual(lost('System.Collections.Hashtable'));
    expect(field(p, 0, 'D').value).toBe('System.String');
    expect(field(p, 0, 'E').value).toBe('Intel[R]');
    expect(field(p, 0, 'F').value).toBe('x[]');
    expect(p.unknown.map((u) => u.name)).toEqual(['A', 'B', 'C']);
    expect(p.unknown[0].context).toBeUndefined();
  });
});

describe('looksLikeCsvExport', () => {
  it.each([
    ['#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData\r\n', true],
    ['"Name","InterfaceDescription","Enabled"\r\n', true],
    ['"Name";"Enabled"\r\n', true],
    ['Name,InterfaceDescription,Enabled\n', true],
    ['Name\tEnabled\n', true],
    ['\r\nName,Display Name\r\n', true],
    ['"Name"\r\n', false],
    ['Hello, world\r\n', false],
    ['{\r\n    "Name":  "a"\r\n}', false],
    ['Windows Registry Editor Version 5.00\r\n', false],
    ['<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">', false],
    ['Name                 : SLOT 2\r\nEnabled              : True', false],
    ['', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeCsvExport(text)).toBe(expected);
  });
});

// ---------------------------------------------------------------- property tests

const cellValue = fc.option(
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '\t', '"', '\r', '\n', 'é', '[', ']', '.'), maxLength: 10 }).filter((s) => !isCollectionToString(s)),
  { nil: null, freq: 4 },
);

const table = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    columns: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/), { minLength: n, maxLength: n, selector: (c) => c.toLowerCase() })
      .filter((cols) => cols.every((c) => !['cimclass', 'ciminstanceproperties', 'cimsystemproperties'].includes(c.toLowerCase()))),
    rows: fc.array(fc.array(cellValue, { minLength: n, maxLength: n }), { maxLength: 5 }),
    sep: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\r\n', '\n'),
    quoting: fc.constantFrom<'always' | 'asneeded'>('always', 'asneeded'),
    typeLine: fc.boolean(),
    finalEol: fc.boolean(),
  }),
);

type Table = typeof table extends fc.Arbitrary<infer T> ? T : never;

/** Writes a table the way Export-Csv does: null as an empty bare field, quotes doubled. */
function encode(t: Table): string {
  const needsQuotes = (v: string) => t.quoting === 'always' || v === '' || /[",;\t\r\n]/.test(v) || v.includes(t.sep);
  const cell = (v: string | null) => (v === null ? '' : needsQuotes(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [t.columns.map((c) => (t.quoting === 'always' ? `"${c}"` : c)).join(t.sep), ...t.rows.map((r) => r.map(cell).join(t.sep))];
  if (t.typeLine) lines.unshift('#TYPE System.Management.Automation.PSCustomObject');
  return lines.join(t.eol) + (t.finalEol ? t.eol : '');
}

describe('CSV property tests', () => {
  it('reads back every table Export-Csv-style encoding writes', () => {
    fc.assert(
      fc.property(table, (t) => {
        const p = parse(encode(t));
        expect(p.psVersion).toBe(t.typeLine ? '5.1' : undefined);
        expect(p.objects.map((o) => t.columns.map((c) => o.fields[c.toLowerCase()].value))).toEqual(t.rows);
        expect(p.objects.map((o) => Object.values(o.fields).map((f) => f.name))).toEqual(t.rows.map(() => t.columns));
        expect(p.lossy).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('only ever throws InputError, whatever is done to a real export', () => {
    const names = ['advprop-5.1.csv', 'vmq-de-DE-5.1.csv', 'team-notes-7.csv', 'vmq-7-asneeded.csv', 'rss-7.csv'];
    const sources = names.map((n) => decodeBytes(readFileSync(`${DIR}/${n}`)).text);
    fc.assert(
      fc.property(mutatedExport(sources, ['"', ',', ';', '\t', '\r', '\n', '#', 'x', ' ']), (text) => {
        try {
          parse(text);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message).toMatch(/^x\.csv:\d+:\d+: expected /);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
