import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import type { RegKeyRecord } from '../../src/model/records.js';
import { looksLikeRegFile, parseRegFile } from '../../src/ingest/registry.js';
import { errorOf, fixture } from './registry-helpers.js';

const CLS = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002bE10318}';

function parseFixture(name: string) {
  const f = fixture(name);
  return parseRegFile(f.text, f.path, f.encoding);
}

function key(keys: RegKeyRecord[], path: string): RegKeyRecord {
  const k = keys.find((r) => r.path.toLowerCase() === path.toLowerCase());
  if (k === undefined) throw new Error(`no key ${path}; have ${keys.map((r) => r.path).join(', ')}`);
  return k;
}

describe('parseRegFile: v5 UTF-16LE export of a server NIC class key', () => {
  const parsed = parseFixture('nic-class-v5-utf16.reg');
  const inst = key(parsed.regKeys, `${CLS}\\0007`);

  it('reports format and encoding', () => {
    expect(parsed.format).toBe('reg');
    expect(parsed.encoding).toBe('utf-16le-bom');
    expect(parsed.unknown).toEqual([]);
    expect(parsed.regKeys.map((k) => k.path.slice(CLS.length))).toEqual([
      '',
      '\\0007',
      '\\0007\\Ndi',
      '\\0007\\Ndi\\params\\*VMQ',
      '\\0007\\Ndi\\params\\*VMQ\\enum',
      '\\0007\\Ndi\\Params\\*RssBaseProcNumber',
      '\\0007\\Ndi\\Params\\*NumRssQueues',
      '\\0007\\Ndi\\Params\\*NumRssQueues\\enum',
      '\\0007\\Ndi\\Params\\*JumboPacket',
      '\\Configuration',
    ]);
  });

  it('keeps keyword strings as REG_SZ and a REG_DWORD keyword as its decimal', () => {
    expect(inst.values['*vmq']).toMatchObject({ name: '*VMQ', type: 'REG_SZ', value: '1' });
    expect(inst.values['*rssbaseprocnumber']).toMatchObject({ type: 'REG_SZ', value: '0' });
    expect(inst.values['*jumbopacket']).toMatchObject({ name: '*JumboPacket', type: 'REG_DWORD', value: '9014' });
    expect(inst.values['*iftype']).toMatchObject({ type: 'REG_DWORD', value: '6' });
    expect(inst.values['*physicalmediatype']).toMatchObject({ type: 'REG_DWORD', value: '14' });
    expect(inst.values['netluidindex']).toMatchObject({ type: 'REG_DWORD', value: '32771' });
    expect(inst.values['*numrssqueues']).toBeUndefined();
  });

  it('unescapes \\\\ in REG_SZ and keeps identity values', () => {
    expect(inst.values['netcfginstanceid'].value).toBe('{5C2E9F0A-8B1D-4E57-A0C3-2F6D8E41B7A9}');
    expect(inst.values['driverdesc'].value).toBe('Intel(R) Ethernet Controller X710 for 10GbE SFP+');
    expect(inst.values['deviceinstanceid'].value).toBe('PCI\\VEN_8086&DEV_1572&SUBSYS_00028086&REV_01\\3CFDFEFFFF9A3B4100');
  });

  it('reads REG_BINARY as lower-case hex and a wrapped hex(7) as items', () => {
    expect(inst.values['installtimestamp']).toMatchObject({
      type: 'REG_BINARY',
      value: 'e707040002001200090' + '01e002d00b000',
    });
    expect(inst.values['includedinfs']).toMatchObject({
      type: 'REG_MULTI_SZ',
      items: ['pci.inf', 'machine.inf', 'netvmq.inf'],
      value: 'pci.inf\nmachine.inf\nnetvmq.inf',
    });
  });

  it('locates every value at its first line with a KEY\\value pointer', () => {
    expect(inst.at).toEqual({ file: 'nic-class-v5-utf16.reg', line: 8, col: 1, pointer: `${CLS}\\0007` });
    expect(inst.values['includedinfs'].at).toEqual({
      file: 'nic-class-v5-utf16.reg',
      line: 27,
      col: 1,
      pointer: `${CLS}\\0007\\IncludedInfs`,
    });
    // Line numbers after a three-line continuation stay right.
    expect(inst.values['*vmq'].at.line).toBe(30);
    expect(inst.values['*jumbopacket'].at.line).toBe(32);
  });

  it('reads the default value @ as name ""', () => {
    const root = key(parsed.regKeys, CLS);
    expect(root.values['']).toMatchObject({ name: '', type: 'REG_SZ', value: 'Network adapters' });
    expect(root.values[''].at.pointer).toBe(`${CLS}\\@`);
    expect(root.values['classdesc'].value).toBe('@%systemroot%\\system32\\NetCfgx.dll,-1502');
  });
});

describe('parseRegFile: REGEDIT4 (ANSI)', () => {
  const parsed = parseFixture('regedit4-ansi.reg');
  const k = parsed.regKeys[0];

  it('decodes ANSI text and single-byte hex(2)/hex(7)', () => {
    expect(parsed.encoding).toBe('windows-1252');
    expect(k.path).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0001',
    );
    expect(k.values['driverdesc'].value).toBe('Realtek PCIe GbE Family Controller \u00ae');
    expect(k.values['includedinfs']).toMatchObject({ type: 'REG_MULTI_SZ', items: ['pci.inf', 'machine.inf'] });
    expect(k.values['installpath']).toMatchObject({ type: 'REG_EXPAND_SZ', value: '%SystemRoot%\\INF' });
    expect(k.values['*vmq']).toMatchObject({ type: 'REG_SZ', value: '0', at: { line: 6 } });
  });
});

describe('parseRegFile: hand-made UTF-8 file with LF endings', () => {
  const parsed = parseFixture('tweak-utf8-lf.reg');
  const path = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0002';

  it('folds the offline mount and the single control set, keeping the original path', () => {
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.regKeys).toHaveLength(1);
    expect(parsed.regKeys[0].path).toBe(path);
    expect(parsed.regKeys[0].originalPath).toBe(
      'HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\ControlSet001\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0002',
    );
  });

  it('merges the repeated key: later lines win, earlier values stay', () => {
    const v = parsed.regKeys[0].values;
    expect(v['*vmq']).toMatchObject({ value: '0', at: { line: 21 } });
    expect(v['*rssbaseprocnumber']).toMatchObject({ value: '2', at: { line: 6 } });
    expect(parsed.regKeys[0].at.line).toBe(4);
  });

  it('accepts comments, blanks around =, short dword, upper-case hex and odd types', () => {
    const v = parsed.regKeys[0].values;
    expect(v['*numrssqueues']).toMatchObject({ type: 'REG_DWORD', value: '4' });
    expect(v['driverdesc'].value).toBe('Caf\u00e9 NIC "Pro" C:\\Drivers\\');
    expect(v['blob']).toMatchObject({ type: 'REG_BINARY', value: 'deadbeef' });
    expect(v['counter']).toMatchObject({ type: 'REG_QWORD', value: '10000000000' });
    expect(v['nothing']).toMatchObject({ type: 'REG_NONE', value: '' });
    expect(v['asbytes']).toMatchObject({ type: 'REG_DWORD', value: '300' });
    expect(v['devprop']).toMatchObject({ type: 'REG_TYPE_0xffff0012', value: '0102' });
    expect(v['']).toMatchObject({ name: '', value: 'default text', at: { line: 15 } });
  });

  it('lists deletion syntax in unknown and applies none of it', () => {
    expect(parsed.regKeys[0].values['gone']).toBeUndefined();
    expect(parsed.regKeys.some((k) => k.path.includes('*SRIOV'))).toBe(false);
    expect(parsed.unknown).toEqual([
      {
        kind: 'value',
        name: 'Gone',
        context:
          'HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\ControlSet001\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0002: value deletion (import-only syntax; not applied)',
        count: 1,
        at: expect.objectContaining({ line: 14, col: 1 }),
      },
      {
        kind: 'value',
        name: '[-HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\ControlSet001\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0002\\Ndi\\Params\\*SRIOV]',
        context: 'key deletion (import-only syntax; not applied, values under it ignored)',
        count: 2,
        at: expect.objectContaining({ line: 17, col: 1 }),
      },
    ]);
  });
});

describe('parseRegFile: several control sets', () => {
  const parsed = parseFixture('multi-controlset.reg');

  it('keeps only the set SYSTEM\\Select\\Current names (read after the sets), never a merge', () => {
    const nic = key(
      parsed.regKeys,
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}\\0003',
    );
    expect(nic.originalPath).toContain('\\ControlSet002\\');
    expect(nic.values['*vmq']).toMatchObject({ value: '1', at: { line: 17 } });
    expect(nic.values['*rssbaseprocnumber'].value).toBe('4');
    const vmsmp = key(parsed.regKeys, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters');
    expect(vmsmp.values['tengigvmqenabled'].value).toBe('2');
    expect(parsed.regKeys.filter((k) => /ControlSet00/i.test(k.path))).toEqual([]);
    expect(parsed.regKeys.map((k) => k.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SYSTEM',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}\\0003',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\Select',
    ]);
  });

  it('counts the dropped set as one unknown item', () => {
    expect(parsed.unknown).toEqual([
      {
        kind: 'object',
        name: 'ControlSet001 (not the current control set)',
        context: 'registry control set',
        count: 2,
        at: expect.objectContaining({ line: 5 }),
      },
    ]);
  });
});

describe('parseRegFile: control set choice without Select', () => {
  const header = 'Windows Registry Editor Version 5.00\r\n\r\n';
  const block = (set: string, v: string) =>
    `[HKEY_LOCAL_MACHINE\\SYSTEM\\${set}\\Services\\VMSMP\\Parameters]\r\n"TenGigVmqEnabled"=dword:0000000${v}\r\n\r\n`;

  it('takes the lowest-numbered set and says so', () => {
    const p = parseRegFile(header + block('ControlSet003', '1') + block('ControlSet002', '2'), 'a.reg', 'utf-8');
    expect(p.regKeys).toHaveLength(1);
    expect(p.regKeys[0].values['tengigvmqenabled'].value).toBe('2');
    expect(p.unknown.map((u) => u.name)).toEqual([
      'ControlSet002 used as the current control set (no SYSTEM\\Select\\Current in the file)',
      'ControlSet003 (not the current control set)',
    ]);
  });

  it('prefers literal CurrentControlSet keys over numbered sets', () => {
    const p = parseRegFile(header + block('ControlSet001', '1') + block('CurrentControlSet', '2'), 'a.reg', 'utf-8');
    expect(p.regKeys.map((k) => [k.originalPath.split('\\')[2], k.values['tengigvmqenabled'].value])).toEqual([
      ['CurrentControlSet', '2'],
    ]);
    expect(p.unknown.map((u) => u.name)).toEqual([
      'CurrentControlSet used as the current control set (no SYSTEM\\Select\\Current in the file)',
      'ControlSet001 (not the current control set)',
    ]);
  });

  it('falls back when Select names a set the file lacks', () => {
    const select = '[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:00000003\r\n\r\n';
    const p = parseRegFile(header + select + block('ControlSet001', '1') + block('ControlSet002', '2'), 'a.reg', 'utf-8');
    const vm = p.regKeys.find((k) => k.path.endsWith('Parameters'));
    expect(vm?.values['tengigvmqenabled'].value).toBe('1');
    expect(p.unknown[0].name).toBe(
      'ControlSet001 used: SYSTEM\\Select\\Current names ControlSet003, which the file does not contain',
    );
  });

  it('folds SYSTEM_OFFLINE and HKU mounts and the mount root key', () => {
    const p = parseRegFile(
      header +
        '[HKEY_LOCAL_MACHINE\\SYSTEM_OFFLINE]\r\n\r\n' +
        '[HKEY_LOCAL_MACHINE\\SYSTEM_OFFLINE\\ControlSet001\\Services\\VMSMP]\r\n\r\n' +
        '[HKEY_USERS\\Offline\\ControlSet001\\Services\\VMSMP\\Parameters]\r\n',
      'a.reg',
      'utf-8',
    );
    expect(p.regKeys.map((k) => k.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SYSTEM',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters',
    ]);
  });
});

describe('parseRegFile: filter for whole-HKLM exports', () => {
  it('keeps only keys the filter accepts but still reads Select', () => {
    const f = fixture('multi-controlset.reg');
    const p = parseRegFile(f.text, f.path, f.encoding, { keep: (path) => /\\Services\\VMSMP\\/i.test(path) });
    expect(p.regKeys.map((k) => [k.path, k.values['tengigvmqenabled']?.value])).toEqual([
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters', '2'],
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\Select', undefined],
    ]);
  });
});

describe('parseRegFile: value forms', () => {
  const parse = (body: string, header = 'Windows Registry Editor Version 5.00') =>
    parseRegFile(`${header}\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\T]\r\n${body}\r\n`, 't.reg', 'utf-8').regKeys[0].values;

  it('decodes every hex(N) type', () => {
    const v = parse(
      [
        '"s1"=hex(1):41,00,42,00,00,00',
        '"e"=hex(2):25,00,41,00,25,00,00,00',
        '"be"=hex(5):00,00,01,2c',
        '"link"=hex(6):5c,00',
        '"rl"=hex(8):01',
        '"frd"=hex(9):02',
        '"rrl"=hex(a):03',
        '"q"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff',
        '"short"=hex(4):01,02',
        '"big"=hex(b):01',
        '"m0"=hex(7):00,00',
        '"m1"=hex(7):',
        '"lone"=hex(7):61,00,00,00',
        '"t"=hex(00000003):aa',
        '"empty"=""',
        '"w"=dword:FFFFFFFF',
      ].join('\r\n'),
    );
    expect(v['s1']).toMatchObject({ type: 'REG_SZ', value: 'AB' });
    expect(v['e']).toMatchObject({ type: 'REG_EXPAND_SZ', value: '%A%' });
    expect(v['be']).toMatchObject({ type: 'REG_DWORD_BIG_ENDIAN', value: '300' });
    expect(v['link']).toMatchObject({ type: 'REG_LINK', value: '5c00' });
    expect(v['rl'].type).toBe('REG_RESOURCE_LIST');
    expect(v['frd'].type).toBe('REG_FULL_RESOURCE_DESCRIPTOR');
    expect(v['rrl'].type).toBe('REG_RESOURCE_REQUIREMENTS_LIST');
    expect(v['q']).toMatchObject({ type: 'REG_QWORD', value: '18446744073709551615' });
    expect(v['short']).toMatchObject({ type: 'REG_TYPE_0x4', value: '0102' });
    expect(v['big']).toMatchObject({ type: 'REG_TYPE_0xb', value: '01' });
    expect(v['m0']).toMatchObject({ type: 'REG_MULTI_SZ', items: [], value: '' });
    expect(v['m1']).toMatchObject({ items: [] });
    expect(v['lone']).toMatchObject({ items: ['a'] });
    expect(v['t']).toMatchObject({ type: 'REG_BINARY', value: 'aa' });
    expect(v['empty']).toMatchObject({ type: 'REG_SZ', value: '' });
    expect(v['w']).toMatchObject({ type: 'REG_DWORD', value: '4294967295' });
  });

  it('never joins a REG_SZ that ends with an escaped backslash to the next line', () => {
    const v = parse('"p"="C:\\\\dir\\\\"\r\n"n"="x"');
    expect(v['p'].value).toBe('C:\\dir\\');
    expect(v['n']).toMatchObject({ value: 'x', at: { line: 5 } });
  });

  it('keeps backslashes that are not escapes, and escaped quotes in names', () => {
    const v = parse('"a\\"b"="x\\ny"');
    expect(v['a"b'].value).toBe('x\\ny');
  });

  it('accepts a UTF-8 BOM left in the text and blank-only continuation indentation', () => {
    const p = parseRegFile(
      '\uFEFFWindows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\T]\n"b"=hex:01,\\\n\t02\n',
      'b.reg',
      'utf-8-bom',
    );
    expect(p.regKeys[0].values['b'].value).toBe('0102');
  });
});

describe('parseRegFile: malformed input', () => {
  const cases: [string, string][] = [
    ['broken-value-before-key.reg', `broken-value-before-key.reg:3:1: expected a key line '[HKEY_...]' before the first value`],
    ['broken-dword.reg', `broken-dword.reg:5:31: expected 1 to 8 hex digits after 'dword:'`],
    ['broken-key-bracket.reg', `broken-key-bracket.reg:3:71: expected ']' to close the key name`],
    [
      'broken-unterminated.reg',
      `broken-unterminated.reg:4:55: expected '"' to close the string that starts at column 14`,
    ],
    ['broken-hex-byte.reg', `broken-hex-byte.reg:5:12: expected a hex byte (two hex digits) followed by ','`],
    [
      'broken-continuation-eof.reg',
      `broken-continuation-eof.reg:4:74: expected a continuation line after '\\', found the end of the file`,
    ],
    [
      'broken-header.reg',
      `broken-header.reg:1:1: expected the header 'Windows Registry Editor Version 5.00' or 'REGEDIT4'`,
    ],
  ];
  for (const [name, message] of cases) {
    it(`${name} -> ${message}`, () => {
      expect(errorOf(() => parseFixture(name))).toBe(`InputError: ${message}`);
    });
  }

  const bad = (body: string) => errorOf(() => parseRegFile(`REGEDIT4\n\n[HKEY_CURRENT_USER\\T]\n${body}\n`, 'x.reg', 'ansi'));
  it('says what was expected at the exact column', () => {
    expect(bad('"a"=hex:01,,02')).toBe(`InputError: x.reg:4:12: expected a hex byte before ','`);
    expect(bad('"a"=hex:01 02')).toBe(`InputError: x.reg:4:12: expected ',' between hex bytes`);
    expect(bad('"a"=hex:01,\\ x')).toBe(`InputError: x.reg:4:13: expected the end of the line after the continuation '\\'`);
    expect(bad('"a"=hex:01,\\\n\n"b"="c"')).toBe(`InputError: x.reg:5:1: expected hex bytes on the continuation line after '\\'`);
    expect(bad('"a"=hex(zz):01')).toBe(`InputError: x.reg:4:9: expected a type code of 1 to 8 hex digits and ')' after 'hex('`);
    expect(bad('"a"=hex(7)01')).toBe(`InputError: x.reg:4:11: expected ':' after 'hex(7)'`);
    expect(bad('"a"=dword:123456789')).toBe(`InputError: x.reg:4:11: expected 1 to 8 hex digits after 'dword:'`);
    expect(bad('"a"=dword:1 2')).toBe(`InputError: x.reg:4:13: expected 1 to 8 hex digits after 'dword:'`);
    expect(bad('"a"="b" x')).toBe(`InputError: x.reg:4:9: expected the end of the line after the closing '"'`);
    expect(bad('"a" "b"')).toBe(`InputError: x.reg:4:5: expected '=' after the value name`);
    expect(bad('"a"=')).toBe(`InputError: x.reg:4:5: expected '"', 'dword:', 'hex:', 'hex(N):' or '-' after '='`);
    expect(bad('"a"=qword:1')).toBe(`InputError: x.reg:4:5: expected '"', 'dword:', 'hex:', 'hex(N):' or '-' after '='`);
    expect(bad('"a=1')).toBe(`InputError: x.reg:4:5: expected '"' to close the value name that starts at column 1`);
    // A stray line after a key is skipped as regedit does (registry-stream.test.ts); before any key it fails.
    expect(errorOf(() => parseRegFile(`REGEDIT4\n\na=1\n`, 'x.reg', 'ansi'))).toBe(
      `InputError: x.reg:3:1: expected '[' to start a key, '"' or '@' to start a value, or ';' to start a comment`,
    );
    expect(bad('[]')).toBe(`InputError: x.reg:4:2: expected a key path between '[' and ']'`);
    expect(bad('[HKEY_NOWHERE\\X]')).toBe(
      `InputError: x.reg:4:2: expected a key path starting with HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG`,
    );
    expect(bad('[HKEY_USERS\\X] y')).toBe(`InputError: x.reg:4:16: expected the end of the line after ']'`);
    expect(errorOf(() => parseRegFile('', 'e.reg', 'utf-8'))).toBe(
      `InputError: e.reg:1:1: expected the header 'Windows Registry Editor Version 5.00' or 'REGEDIT4'`,
    );
  });

  it('throws InputError instances carrying line and column', () => {
    const f = fixture('broken-dword.reg');
    try {
      parseRegFile(f.text, f.path, f.encoding);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({ file: 'broken-dword.reg', line: 5, col: 31 });
    }
  });

  it('takes the key name up to the last ]', () => {
    const p = parseRegFile('REGEDIT4\n\n[HKEY_CURRENT_USER\\a]b]\n', 'k.reg', 'ansi');
    expect(p.regKeys[0].path).toBe('HKEY_CURRENT_USER\\a]b');
  });
});

describe('looksLikeRegFile', () => {
  it('recognises both headers, leniently', () => {
    expect(looksLikeRegFile(fixture('nic-class-v5-utf16.reg').text)).toBe(true);
    expect(looksLikeRegFile(fixture('regedit4-ansi.reg').text)).toBe(true);
    expect(looksLikeRegFile('\r\nwindows registry editor version 5.00\n')).toBe(true);
    expect(looksLikeRegFile(fixture('broken-header.reg').text)).toBe(false);
    expect(looksLikeRegFile(fixture('regquery-utf16.txt').text)).toBe(false);
    expect(looksLikeRegFile('REGEDIT4x\n')).toBe(false);
  });
});

describe('parseRegFile: indented dumps', () => {
  it('accepts tab-indented key and value lines', () => {
    const p = parseRegFile(
      'Windows Registry Editor Version 5.00\r\n\r\n\t[HKEY_LOCAL_MACHINE\\SYSTEM\\DriverDatabase\\x\\Ndi\\params\\*JumboPacket]\r\n\t"type"="int"\r\n',
      'i.reg',
      'utf-8',
    );
    expect(p.regKeys[0].values['type']).toMatchObject({ value: 'int', at: { line: 4, col: 2 } });
    expect(p.regKeys[0].at).toMatchObject({ line: 3, col: 2 });
  });
});

describe('parseRegFile: names that are object keys in JavaScript', () => {
  it('keeps a value named __proto__ or constructor as an ordinary value', () => {
    const p = parseRegFile(
      'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\P]\r\n"__proto__"="a"\r\n"constructor"="b"\r\n',
      'p.reg',
      'ansi',
    );
    const v = p.regKeys[0].values;
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v['__proto__'].value).toBe('a');
    expect(v['constructor'].value).toBe('b');
    expect(v['tostring']).toBeUndefined();
  });
});
