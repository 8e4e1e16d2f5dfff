import { describe, expect, it } from 'vitest';
import { canonicalRoot, joinKeyPath, RegKeyCollector, rootLengthAt, splitKeyPath } from '../../src/ingest/registry-paths.js';

describe('canonicalRoot and rootLengthAt', () => {
  it('maps full and abbreviated root names in any case', () => {
    expect(canonicalRoot('hklm')).toBe('HKEY_LOCAL_MACHINE');
    expect(canonicalRoot('HKEY_Current_User')).toBe('HKEY_CURRENT_USER');
    expect(canonicalRoot('HKU')).toBe('HKEY_USERS');
    expect(canonicalRoot('HKEY_LOCAL')).toBeUndefined();
  });

  it('needs a backslash or the end after the root', () => {
    const s = 'HKLM\\SYSTEM';
    expect(rootLengthAt(s, 0, s.length)).toBe(4);
    expect(rootLengthAt('HKLMX\\A', 0, 7)).toBe(0);
    expect(rootLengthAt('HKEY_USERS', 0, 10)).toBe(10);
    expect(rootLengthAt('HKEY_USERS x', 0, 12)).toBe(0);
  });
});

describe('splitKeyPath', () => {
  const norm = (p: string) => joinKeyPath(splitKeyPath(p));

  it('takes the control set out and writes it as CurrentControlSet', () => {
    expect(splitKeyPath('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\VMSMP')).toEqual({
      prefix: 'HKEY_LOCAL_MACHINE\\SYSTEM',
      set: 2,
      rest: 'Services\\VMSMP',
    });
    expect(norm('hklm\\system\\currentcontrolset\\Services')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services');
    expect(norm('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet');
  });

  it('folds offline mounts holding a SYSTEM hive, and only those', () => {
    expect(norm('HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\ControlSet001\\Control')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control',
    );
    expect(norm('HKEY_LOCAL_MACHINE\\SYSTEM_OFFLINE\\Select')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\Select');
    expect(norm('HKEY_USERS\\Mount\\CurrentControlSet\\Services')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services',
    );
    expect(norm('HKEY_LOCAL_MACHINE\\SOFTWARE\\ControlSet001')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet');
    expect(norm('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft')).toBe('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft');
    expect(norm('HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\DriverDatabase')).toBe('HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\DriverDatabase');
    expect(joinKeyPath(splitKeyPath('HKEY_LOCAL_MACHINE\\OFFLINE_SYS\\DriverDatabase', new Set(['offline_sys'])))).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\DriverDatabase',
    );
  });

  it('leaves ControlSet-like names deeper in the path alone and drops a trailing backslash', () => {
    expect(norm('HKEY_LOCAL_MACHINE\\SYSTEM\\Setup\\ControlSet001')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\Setup\\ControlSet001');
    expect(norm('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet1\\X')).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet1\\X');
    expect(norm('HKEY_CURRENT_USER\\Software\\')).toBe('HKEY_CURRENT_USER\\Software');
  });
});

describe('RegKeyCollector', () => {
  const at = (line: number) => ({ file: 'f', line, col: 1 });
  const dword = (name: string, value: string, line: number) => ({ name, type: 'REG_DWORD' as const, value, at: at(line) });

  it('folds keys of a mount seen before the mount was recognised', () => {
    const c = new RegKeyCollector();
    c.beginKey('HKEY_LOCAL_MACHINE\\OFFLINE', at(1));
    c.beginKey('HKEY_LOCAL_MACHINE\\OFFLINE\\ControlSet001\\Services', at(2));
    expect(c.finish().regKeys.map((k) => k.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SYSTEM',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services',
    ]);
  });

  it('merges the same key written in different case, later values winning', () => {
    const c = new RegKeyCollector();
    c.addValue(c.beginKey('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters', at(1)), dword('A', '1', 2));
    c.addValue(c.beginKey('HKLM\\system\\controlset001\\services\\vmsmp\\parameters', at(3)), dword('a', '2', 4));
    const { regKeys } = c.finish();
    expect(regKeys).toHaveLength(1);
    expect(regKeys[0].values['a']).toMatchObject({ name: 'a', value: '2' });
    expect(regKeys[0].at.line).toBe(1);
  });

  it('ignores a Select\\Current that is not a small positive number', () => {
    const c = new RegKeyCollector();
    c.addValue(c.beginKey('HKEY_LOCAL_MACHINE\\SYSTEM\\Select', at(1)), dword('Current', '0', 2));
    c.beginKey('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\X', at(3));
    c.beginKey('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\X', at(4));
    const { regKeys, unknown } = c.finish();
    expect(regKeys.map((k) => [k.path, k.originalPath])).toEqual([
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\Select', 'HKEY_LOCAL_MACHINE\\SYSTEM\\Select'],
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\X', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\X'],
    ]);
    expect(unknown.map((u) => u.name)).toEqual([
      'ControlSet001 used as the current control set (no SYSTEM\\Select\\Current in the file)',
      'ControlSet002 (not the current control set)',
    ]);
  });
});
