import { describe, expect, it } from 'vitest';
import { looksLikeRegQuery, parseRegQuery } from '../../src/ingest/regquery.js';
import { errorOf, fixture } from './registry-helpers.js';

const K = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0004';

function parseFixture(name: string) {
  const f = fixture(name);
  return parseRegQuery(f.text, f.path, f.encoding);
}

describe('parseRegQuery: PowerShell 5.1 redirect (UTF-16LE)', () => {
  const parsed = parseFixture('regquery-utf16.txt');
  const v = parsed.regKeys[0].values;

  it('reads keys in order with their line numbers', () => {
    expect(parsed.format).toBe('regquery');
    expect(parsed.encoding).toBe('utf-16le-bom');
    expect(parsed.regKeys.map((k) => [k.path, k.at.line])).toEqual([
      [K, 2],
      [`${K}\\Ndi`, 15],
      [`${K}\\Ndi\\params\\*VMQ`, 18],
      [`${K}\\Ndi\\params\\*VMQ\\enum`, 23],
    ]);
    expect(parsed.unknown).toEqual([]);
  });

  it('decodes each printed type', () => {
    expect(v['driverdesc']).toMatchObject({
      type: 'REG_SZ',
      value: 'Broadcom NetXtreme E-Series Dual-port 25Gb SFP28 Ethernet OCP 3.0 Adapter',
    });
    expect(v['*iftype']).toMatchObject({ type: 'REG_DWORD', value: '6' });
    expect(v['*jumbopacket']).toMatchObject({ name: '*JumboPacket', type: 'REG_DWORD', value: '9014' });
    expect(v['*vmq']).toMatchObject({ type: 'REG_SZ', value: '1' });
    expect(v['installtimestamp']).toMatchObject({ type: 'REG_BINARY', value: 'e7070400020012000900' });
    expect(v['includedinfs']).toMatchObject({ type: 'REG_MULTI_SZ', items: ['pci.inf', 'machine.inf'] });
    expect(v['perftotal']).toMatchObject({ type: 'REG_QWORD', value: '562949953421311' });
    expect(v['helppath']).toMatchObject({ type: 'REG_EXPAND_SZ', value: '%SystemRoot%\\help' });
    expect(v['empty']).toMatchObject({ type: 'REG_SZ', value: '' });
    expect(v['netluidindex'].at).toEqual({
      file: 'regquery-utf16.txt',
      line: 10,
      col: 5,
      pointer: `${K}\\NetLuidIndex`,
    });
  });

  it('reads (Default) as the unnamed value', () => {
    const e = parsed.regKeys[3].values;
    expect(e['']).toMatchObject({ name: '', type: 'REG_SZ', value: '' });
    expect(e[''].at.pointer).toBe(`${K}\\Ndi\\params\\*VMQ\\enum\\(Default)`);
    expect(e['1'].value).toBe('Enabled');
  });
});

describe('parseRegQuery: cmd redirect (ANSI/OEM)', () => {
  it('skips the End of search footer', () => {
    const p = parseFixture('regquery-ansi.txt');
    expect(p.regKeys).toHaveLength(1);
    expect(p.regKeys[0].path).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters');
    expect(p.regKeys[0].values['tengigvmqenabled']).toMatchObject({ type: 'REG_DWORD', value: '1', at: { line: 3 } });
    expect(p.regKeys[0].values['belowtengigvmqenabled'].value).toBe('2');
  });

  it('reads a localised default name, HKLM abbreviation and footer', () => {
    const p = parseFixture('regquery-de-oem850.txt');
    expect(p.encoding).toBe('windows-1252');
    expect(p.regKeys[0].path).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0001\\Ndi\\params\\*VMQ\\enum',
    );
    expect(p.regKeys[0].originalPath.startsWith('HKLM\\')).toBe(true);
    expect(Object.keys(p.regKeys[0].values).sort()).toEqual(['', '0', '1']);
    expect(p.regKeys[0].values[''].value).toBe('Deaktiviert');
  });
});

describe('parseRegQuery: value line splitting', () => {
  const parse = (lines: string) => parseRegQuery(`\r\nHKEY_CURRENT_USER\\T\r\n${lines}\r\n`, 'q.txt', 'utf-8');

  it('splits on the type token, so names may hold four spaces', () => {
    const v = parse('    Wake    On    LAN    REG_SZ    a    b    \r\n    (x)    REG_SZ    first\r\n    (y)    REG_SZ    second').regKeys[0].values;
    expect(v['wake    on    lan']).toMatchObject({ name: 'Wake    On    LAN', value: 'a    b    ' });
    expect(v['']).toMatchObject({ value: 'first' });
    expect(v['(y)']).toMatchObject({ name: '(y)', value: 'second' });
  });

  it('lists an unknown type token and drops the value', () => {
    const p = parse('    Odd    REG_UNKNOWN    0102\r\n    *VMQ    REG_SZ    1');
    expect(Object.keys(p.regKeys[0].values)).toEqual(['*vmq']);
    expect(p.unknown).toEqual([
      {
        kind: 'value',
        name: 'Odd',
        context: 'HKEY_CURRENT_USER\\T: type REG_UNKNOWN not understood',
        count: 1,
        at: expect.objectContaining({ line: 3, col: 5 }),
      },
    ]);
  });

  it('applies the same control set choice as .reg files', () => {
    const p = parseRegQuery(
      '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters\r\n    TenGigVmqEnabled    REG_DWORD    0x1\r\n\r\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\VMSMP\\Parameters\r\n    TenGigVmqEnabled    REG_DWORD    0x2\r\n\r\n' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\Select\r\n    Current    REG_DWORD    0x2\r\n',
      'q.txt',
      'utf-8',
    );
    expect(p.regKeys.map((k) => [k.path, k.values['tengigvmqenabled']?.value])).toEqual([
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters', '2'],
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\Select', undefined],
    ]);
    expect(p.unknown.map((u) => [u.name, u.count])).toEqual([['ControlSet001 (not the current control set)', 1]]);
  });
});

describe('parseRegQuery: malformed input', () => {
  it('points at the bad REG_DWORD data', () => {
    expect(errorOf(() => parseFixture('regquery-broken.txt'))).toBe(
      `InputError: regquery-broken.txt:4:43: expected 0x and 1 to 8 hex digits for REG_DWORD`,
    );
  });

  const bad = (text: string) => errorOf(() => parseRegQuery(text, 'q.txt', 'utf-8'));
  it('says what was expected', () => {
    expect(bad('\r\n    a    REG_SZ    b\r\n')).toBe(`InputError: q.txt:2:5: expected a key path line (HKEY_...) before the first value`);
    expect(bad('HKCU\\T\r\n    a b c\r\n')).toBe(`InputError: q.txt:2:10: expected '    REG_<type>' after the value name`);
    expect(bad('HKCU\\T\r\n    b    REG_BINARY    0G\r\n')).toBe(`InputError: q.txt:2:25: expected hex digits for REG_BINARY`);
    expect(bad('HKCU\\T\r\n    b    REG_BINARY    012\r\n')).toBe(
      `InputError: q.txt:2:27: expected an even number of hex digits for REG_BINARY`,
    );
    expect(bad('HKCU\\T\r\n    q    REG_QWORD    12\r\n')).toBe(`InputError: q.txt:2:23: expected 0x and 1 to 16 hex digits for REG_QWORD`);
    expect(bad('HKCU\\T\r\nrandom text\r\n    a    REG_SZ    b\r\n')).toBe(
      `InputError: q.txt:2:1: expected a key path (HKEY_...) or a value line indented by four spaces`,
    );
  });
});

describe('looksLikeRegQuery', () => {
  it('recognises reg query output and nothing else', () => {
    expect(looksLikeRegQuery(fixture('regquery-utf16.txt').text)).toBe(true);
    expect(looksLikeRegQuery(fixture('regquery-ansi.txt').text)).toBe(true);
    expect(looksLikeRegQuery(fixture('regquery-de-oem850.txt').text)).toBe(true);
    expect(looksLikeRegQuery(fixture('nic-class-v5-utf16.reg').text)).toBe(false);
    expect(looksLikeRegQuery('HKEY_LOCAL_MACHINE\\X\r\nName : value\r\n')).toBe(false);
    expect(looksLikeRegQuery('{"HKEY_LOCAL_MACHINE": 1}')).toBe(false);
  });
});
