import { describe, expect, it } from 'vitest';
import { findNicClassInstances, findVmsmpParameters, resolveKeyword } from '../../src/ingest/nic-class.js';
import { parseRegFile } from '../../src/ingest/registry.js';
import { parseRegQuery } from '../../src/ingest/regquery.js';
import { fixture } from './registry-helpers.js';

function reg(name: string) {
  const f = fixture(name);
  return parseRegFile(f.text, f.path, f.encoding).regKeys;
}

describe('findNicClassInstances: server NIC export', () => {
  const [inst, ...rest] = findNicClassInstances(reg('nic-class-v5-utf16.reg'));

  it('finds the one four-digit instance key (mixed-case GUID), skipping Configuration and the class root', () => {
    expect(rest).toEqual([]);
    expect(inst.ordinal).toBe('0007');
    expect(inst.key).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002bE10318}\\0007',
    );
    expect(inst.at.line).toBe(8);
  });

  it('exposes identity values', () => {
    expect(inst.netCfgInstanceId).toBe('{5C2E9F0A-8B1D-4E57-A0C3-2F6D8E41B7A9}');
    expect(inst.driverDesc).toBe('Intel(R) Ethernet Controller X710 for 10GbE SFP+');
    expect(inst.providerName).toBe('Intel');
    expect(inst.driverVersion).toBe('1.16.202.10');
    expect(inst.driverDate).toBe('3-29-2023');
  });

  it('reads Ndi\\params and Ndi\\Params alike, with enum maps in file order', () => {
    expect(Object.keys(inst.params).sort()).toEqual(['*jumbopacket', '*numrssqueues', '*rssbaseprocnumber', '*vmq']);
    const vmq = inst.params['*vmq'];
    expect(vmq.keyword).toBe('*VMQ');
    expect(vmq.at.line).toBe(41);
    expect(vmq.meta).toMatchObject({
      displayName: 'Virtual Machine Queues',
      paramType: 'enum',
      defaultValue: '1',
      defaultDisplayValue: 'Enabled',
      validValues: ['0', '1'],
      validDisplayValues: ['Disabled', 'Enabled'],
    });
    expect(inst.params['*numrssqueues'].meta).toMatchObject({
      paramType: 'enum',
      defaultValue: '8',
      defaultDisplayValue: '8 Queues',
      validValues: ['1', '2', '4', '8', '16'],
      validDisplayValues: ['1 Queue', '2 Queues', '4 Queues', '8 Queues', '16 Queues'],
    });
  });

  it('reads int metadata with Type/Default/Min/Max in either case', () => {
    expect(inst.params['*rssbaseprocnumber'].meta).toEqual({
      at: expect.objectContaining({ line: 50 }),
      displayName: 'Starting RSS CPU',
      paramType: 'int',
      defaultValue: '0',
      min: 0,
      max: 63,
      step: 1,
      base: 10,
      optional: false,
    });
    expect(inst.params['*jumbopacket'].meta).toMatchObject({ paramType: 'int', defaultValue: '1514', min: 1514, max: 9728 });
  });

  it('resolves an absent keyword to the Ndi default, never 0', () => {
    expect(resolveKeyword(inst, '*NumRssQueues')).toEqual({
      value: '8',
      fromDefault: true,
      at: expect.objectContaining({ line: 60 }),
    });
    expect(resolveKeyword(inst, '*vmq')).toMatchObject({ value: '1', type: 'REG_SZ', fromDefault: false });
    expect(resolveKeyword(inst, '*JUMBOPACKET')).toMatchObject({ value: '9014', type: 'REG_DWORD', fromDefault: false });
    expect(resolveKeyword(inst, '*SRIOV')).toEqual({ value: null, fromDefault: false });
  });
});

describe('findNicClassInstances: other sources', () => {
  it('uses the current control set of a multi-set export', () => {
    const [inst] = findNicClassInstances(reg('multi-controlset.reg'));
    expect(inst.ordinal).toBe('0003');
    expect(inst.values['*vmq'].value).toBe('1');
    expect(inst.originalPath).toContain('\\ControlSet002\\');
  });

  it('reads reg query output the same way', () => {
    const f = fixture('regquery-utf16.txt');
    const [inst] = findNicClassInstances(parseRegQuery(f.text, f.path, f.encoding).regKeys);
    expect(inst.ordinal).toBe('0004');
    expect(inst.netCfgInstanceId).toBe('{1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B}');
    expect(inst.params['*vmq'].meta).toMatchObject({ paramType: 'enum', defaultValue: '1', validValues: ['0', '1'] });
  });

  it('keeps Ndi metadata whose instance key was not exported, and ignores other classes and non-digit keys', () => {
    const cls = 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Class';
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      `[${cls}\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0012\\Ndi\\Params\\*RSS]`,
      '"default"="1"',
      '',
      `[${cls}\\{4d36e968-e325-11ce-bfc1-08002be10318}\\0000]`,
      '"DriverDesc"="display"',
      '',
      `[${cls}\\{4d36e972-e325-11ce-bfc1-08002be10318}\\Properties]`,
      `[${cls}\\{4d36e972-e325-11ce-bfc1-08002be10318}\\00123]`,
      `[${cls}\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0001]`,
      '',
    ].join('\r\n');
    const found = findNicClassInstances(parseRegFile(text, 'x.reg', 'utf-8').regKeys);
    expect(found.map((i) => [i.ordinal, i.key, Object.keys(i.params)])).toEqual([
      ['0001', `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0001`, []],
      ['0012', `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0012`, ['*rss']],
    ]);
    expect(found[1].values).toEqual({});
    expect(found[1].originalPath).toBe(`${cls}\\{4d36e972-e325-11ce-bfc1-08002be10318}\\0012`);
    expect(resolveKeyword(found[1], '*RSS')).toMatchObject({ value: '1', fromDefault: true });
  });
});

describe('findVmsmpParameters', () => {
  it('returns the VMSMP Parameters values', () => {
    const p = findVmsmpParameters(reg('vmsmp-v5-utf16.reg'));
    expect(p?.['tengigvmqenabled']).toMatchObject({ type: 'REG_DWORD', value: '1', at: { line: 14 } });
    expect(p?.['belowtengigvmqenabled']).toMatchObject({ type: 'REG_DWORD', value: '2', at: { line: 15 } });
  });

  it('reads the service ImagePath hex(2) wrapped over four lines', () => {
    const svc = reg('vmsmp-v5-utf16.reg').find((k) => k.path.endsWith('\\VMSMP'));
    expect(svc?.values['imagepath']).toMatchObject({
      type: 'REG_EXPAND_SZ',
      value: '\\SystemRoot\\system32\\drivers\\vmswitch.sys',
      at: { line: 7 },
    });
    expect(svc?.values['displayname']).toMatchObject({ at: { line: 11 } });
  });

  it('is undefined when not exported, and works on reg query output', () => {
    expect(findVmsmpParameters(reg('nic-class-v5-utf16.reg'))).toBeUndefined();
    const f = fixture('regquery-ansi.txt');
    expect(findVmsmpParameters(parseRegQuery(f.text, f.path, f.encoding).regKeys)?.['belowtengigvmqenabled'].value).toBe('2');
  });
});
