/** The fleet table: rows must stay distinguishable when names and values are long. */
import { describe, expect, it } from 'vitest';
import type { FleetResult, FleetRow } from '../../src/diff/types.js';
import { formatFleetText } from '../../src/report/fleet-text.js';

const hosts = ['HV01', 'HV02'];

function exists(name: string, present: string): FleetRow {
  return {
    target: { kind: 'adapter', name },
    property: 'exists',
    status: 'tie',
    values: hosts.map((h) => ({ value: h === present ? 'present' : '(absent)', hosts: [h] })),
    deviating: hosts,
    absent: [],
  };
}

function result(rows: FleetRow[]): FleetResult {
  return {
    schemaVersion: 1,
    hosts,
    reference: { kind: 'majority' },
    rows,
    summary: { hosts: 2, properties: rows.length, agreeing: 0, deviating: 0, ties: rows.length, deviationsByHost: { HV01: rows.length, HV02: rows.length }, excluded: 0 },
  };
}

describe('fleet text', () => {
  it('never shortens a target name, so two long names sharing a prefix stay apart', () => {
    const text = formatFleetText(result([exists('vEthernet (vSwitch-LBFO)', 'HV01'), exists('vEthernet (vSwitch-Team)', 'HV02')]), { color: false });
    expect(text).toContain('adapter vEthernet (vSwitch-LBFO)  exists');
    expect(text).toContain('adapter vEthernet (vSwitch-Team)  exists');
  });

  it('shortens a long value in the middle, keeping the tail that tells values apart', () => {
    const caption = (v: string, h: string) => ({ value: `Microsoft Windows Server ${v} Datacenter`, hosts: [h] });
    const row: FleetRow = { target: { kind: 'host', name: 'host' }, property: 'os.caption', status: 'tie', values: [caption('2019', 'HV01'), caption('2022', 'HV02')], deviating: hosts, absent: [] };
    const line = formatFleetText(result([row]), { color: false }).split('\n')[1];
    expect(line).toContain('2019 Datacenter');
    expect(line).toContain('2022 Datacenter');
    expect(line).toContain('…');
  });

  it('shows values in full when shortening would make two of them read alike', () => {
    const long = (mid: string, h: string) => ({ value: `AAAAAAAAAAAA${mid}ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ`, hosts: [h] });
    const row: FleetRow = { target: { kind: 'host', name: 'host' }, property: 'p', status: 'tie', values: [long('1', 'HV01'), long('2', 'HV02')], deviating: hosts, absent: [] };
    const text = formatFleetText(result([row]), { color: false });
    expect(text).toContain('AAAAAAAAAAAA1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(text).toContain('AAAAAAAAAAAA2ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ');
  });
});

describe('fleet text on a narrow terminal', () => {
  it('lists each row with one host a line when the host columns do not fit, and only then', () => {
    const rows = [exists('Mellanox ConnectX-5 Adapter #2 with a long description', 'HV01')];
    const wide = formatFleetText(result(rows), { color: false });
    expect(formatFleetText(result(rows), { color: false, width: 400 })).toBe(wide);
    const narrow = formatFleetText(result(rows), { color: false, width: 40 });
    expect(narrow.split('\n').slice(0, 3)).toEqual([
      'adapter Mellanox ConnectX-5 Adapter #2 with a long description  exists  (no majority)',
      '  HV01  *present',
      '  HV02  *(absent)',
    ]);
    expect(narrow).toContain('2 hosts, 1 property compared against the majority');
  });
});
