/**
 * fixtures/same-host holds one host exported six ways (CLIXML, JSON and CSV from PowerShell 5.1
 * and 7). Diffed against each other they must show no change: the values a format lost (CSV
 * arrays, JSON depth) are listed as not compared, never reported as changed or removed. The same
 * holds for drift and fleet.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesired } from '../../src/diff/desired.js';
import { diffHosts } from '../../src/diff/diff.js';
import { compareFleet } from '../../src/diff/fleet.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import { loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';

const root = join(import.meta.dirname, '..', '..');
const FOLDERS = ['clixml-5.1', 'clixml-7', 'csv-5.1', 'csv-7', 'json-5.1', 'json-7'];

function load(folder: string): Host[] {
  const r = loadPaths([join(root, 'fixtures', 'same-host', folder)], { cwd: root });
  expect(r.failures).toEqual([]);
  return r.hosts;
}

describe('one host exported six ways', () => {
  const reference = load('json-7');

  for (const folder of FOLDERS) {
    it(`json-7 against ${folder}: no change`, () => {
      const r = diffHosts(reference, load(folder), { ignore: ignoreFilter() });
      expect(r.changes).toEqual([]);
      expect(r.notCompared.every((n) => n.reason === 'lost' && n.missingIn === 'after')).toBe(true);
    });
  }

  it('lists what the CSV export lost, per object', () => {
    const r = diffHosts(reference, load('csv-7'), { ignore: ignoreFilter() });
    expect(r.notCompared.map((n) => n.section.slice(0, n.section.indexOf(':')))).toEqual([
      'adapter "PCIe Slot 1 Port 1"',
      'adapter "PCIe Slot 4 Port 1"',
      'switch "SET1"',
      'team "SET1"',
      'vnic "VM-A/Network Adapter"',
      'vnic "VM-B/Network Adapter"',
    ]);
    expect(r.notCompared.find((n) => n.section.startsWith('team'))?.section).toBe('team "SET1": members');
    // The other way round the lost side is the before side.
    expect(diffHosts(load('csv-7'), reference).notCompared.every((n) => n.missingIn === 'before')).toBe(true);
  });

  it('drift does not call a lost value a mismatch', () => {
    const desired = { expect: [{ adapters: { name: 'PCIe*' }, advanced: { '*JumboPacket': 1514 } }] };
    const known = checkDesired(reference, desired);
    expect(known.changes.map((c) => c.property)).toEqual(['*JumboPacket', '*JumboPacket']);
    const csv = checkDesired(load('csv-7'), desired);
    expect(csv.changes).toEqual([]);
    expect(csv.notCompared.map((n) => [n.section, n.reason])).toEqual([
      ['adapter "PCIe Slot 1 Port 1": *JumboPacket', 'lost'],
      ['adapter "PCIe Slot 4 Port 1": *JumboPacket', 'lost'],
    ]);
    // The CSV lost the SET member list too, so a selector by role finds no uplink, and says so.
    const byRole = checkDesired(load('csv-7'), { expect: [{ description: 'uplinks', adapters: { role: 'vswitch-uplink' }, advanced: { '*JumboPacket': 1514 } }] });
    expect(byRole.unmatched).toEqual(['uplinks']);
  });

  it('a fleet of the JSON, CSV and CLIXML exports agrees; the lost values are unknown, not deviations', () => {
    const fleet = ['json-7', 'csv-7', 'clixml-7'].map((folder, i) => ({ ...load(folder)[0], name: `HV0${i + 1}` }));
    const r = compareFleet(fleet, { ignore: ignoreFilter(), all: true });
    expect(r.summary.deviating + r.summary.ties).toBe(0);
    const jumbo = r.rows.find((row) => row.target.name === 'PCIe Slot 1 Port 1' && row.property === '*JumboPacket')!;
    expect(jumbo.values).toEqual([{ value: '9014', hosts: ['HV01', 'HV03'] }]);
    expect(jumbo.unknown).toEqual(['HV02']);
  });
});
