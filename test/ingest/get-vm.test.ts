/**
 * Get-VM in every export form: the VM's State (an enum: name and number in CLIXML, the number in
 * JSON, the name in CSV and in 7's -EnumsAsStrings JSON) and ProcessorCount reach the model with
 * their file:line, vNICs join their VM, a number whose meaning differs between releases is
 * reported lossy, and a truncated export fails with file:line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFiles, loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { vnicPower } from '../../src/model/vms.js';

const sameHost = new URL('../../fixtures/same-host/', import.meta.url).pathname;
const vmState = new URL('../../fixtures/vm-state/', import.meta.url).pathname;

function load(root: string, paths: string[]): Host {
  const r = loadPaths(paths, { cwd: root });
  expect(r.failures.map((f) => f.error.message)).toEqual([]);
  expect(r.hosts).toHaveLength(1);
  return r.hosts[0];
}

/** Several files of one folder as one snapshot. */
function loadTogether(root: string, paths: string[]): Host {
  const r = loadFiles(paths.map((p) => ({ path: p.slice(p.indexOf('/') + 1), bytes: readFileSync(`${root}${p}`) })), 'HV-SAME-01');
  expect(r.failures.map((f) => f.error.message)).toEqual([]);
  expect(r.hosts).toHaveLength(1);
  return r.hosts[0];
}

const EXPECTED = [
  { name: 'VM-A', state: 'Running', processorCount: 4 },
  { name: 'VM-B', state: 'Off', processorCount: 2 },
  { name: 'VM-C', state: 'Saved', processorCount: 1 },
];

describe('Get-VM ingest', () => {
  for (const [variant, ext] of [
    ['clixml-5.1', 'xml'],
    ['clixml-7', 'xml'],
    ['json-5.1', 'json'],
    ['json-7', 'json'],
    ['csv-5.1', 'csv'],
    ['csv-7', 'csv'],
  ] as const) {
    it(`${variant}: State and ProcessorCount with their lines, and every property understood`, () => {
      const h = load(sameHost, [`${variant}/Get-VM.${ext}`]);
      expect(h.vms.map((v) => ({ name: v.name, state: v.state, processorCount: v.processorCount }))).toEqual(EXPECTED);
      expect(h.vms.every((v) => /^[0-9a-f]{8}-/.test(v.id))).toBe(true);
      const text = new TextDecoder(variant.endsWith('5.1') && ext !== 'csv' ? 'utf-16le' : 'utf-8').decode(readFileSync(`${sameHost}${variant}/Get-VM.${ext}`));
      const lines = text.split(/\r?\n/);
      for (const v of h.vms) {
        expect(v.at['state'].file).toBe(`${variant}/Get-VM.${ext}`);
        // The line the State value was read from holds that VM's state (name or number).
        const line = lines[v.at['state'].line - 1];
        expect(line, `${v.name} state line`).toMatch(ext === 'csv' ? new RegExp(`"${v.state}"`) : /State|<ToString>|<I32>/);
        expect(v.at['processorCount'].line).toBeGreaterThan(0);
      }
      expect(h.unknown).toEqual([]);
      expect(h.lossy).toEqual([]);
    });
  }

  it('joins each vNIC to its VM by VMId (VM-B is off, so its vNIC takes no queue)', () => {
    const h = loadTogether(sameHost, ['json-5.1/Get-VM.json', 'json-5.1/Get-VMNetworkAdapter.json']);
    const power = Object.fromEntries(h.vnics.map((v) => [v.vmName ?? 'host', vnicPower(h, v).power]));
    expect(power).toEqual({ host: 'on', 'VM-A': 'on', 'VM-B': 'off' });
    expect(h.vnics.filter((v) => !v.isManagementOs).every((v) => v.vmId !== undefined && vnicPower(h, v).vm?.id === v.vmId)).toBe(true);
  });

  it('joins by VM name when the vNIC export has no VMId (CSV keeps it; a renamed one would not)', () => {
    const h = loadTogether(sameHost, ['csv-7/Get-VM.csv', 'csv-7/Get-VMNetworkAdapter.csv']);
    for (const v of h.vnics) delete v.vmId;
    expect(h.vnics.filter((v) => !v.isManagementOs).map((v) => vnicPower(h, v).vm?.state)).toEqual(['Running', 'Off']);
  });

  it('reads State by name from -EnumsAsStrings JSON and from a UTF-16LE CSV', () => {
    for (const f of ['Get-VM-7-enums.json', 'Get-VM-5.1-unicode.csv']) {
      const h = load(vmState, [f]);
      expect(h.vms.map((v) => v.state)).toEqual(['Running', 'Off', 'Saved']);
      expect(h.sources[0].encoding).toBe(f.endsWith('csv') ? 'utf-16le-bom' : 'utf-8');
    }
  });

  it('leaves a Critical state number unknown and says why (its meaning differs between releases)', () => {
    const h = load(vmState, ['Get-VM-7-critical.json']);
    const a = h.vms.find((v) => v.name === 'VM-A')!;
    expect(a.state).toBeUndefined();
    expect(a.processorCount).toBe(4);
    expect(h.lossy).toHaveLength(1);
    expect(h.lossy[0]).toMatchObject({ what: 'VirtualMachine.State', at: { file: 'Get-VM-7-critical.json' } });
    expect(h.lossy[0].reason).toContain('32785');
    expect(h.lossy[0].at.line).toBeGreaterThan(1);
  });

  it('rejects a truncated Get-VM export with file:line', () => {
    const r = loadPaths(['broken/Get-VM.xml'], { cwd: vmState });
    expect(r.hosts.flatMap((h) => h.vms)).toEqual([]);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].error.name).toBe('InputError');
    expect(r.failures[0].error.message).toMatch(/^broken\/Get-VM\.xml:\d+:\d+: /);
  });

  it('classifies a Get-VM row without a type name by its properties', () => {
    const text = JSON.stringify([{ Name: 'VM1', VMId: '3c4f1a2b-0000-4000-8000-000000000001', State: 'Paused', ProcessorCount: 8, Generation: 2 }]);
    const r = loadFiles([{ path: 'vms.json', bytes: new TextEncoder().encode(text) }], 'x');
    expect(r.hosts[0].vms).toMatchObject([{ name: 'VM1', id: '3c4f1a2b-0000-4000-8000-000000000001', state: 'Paused', processorCount: 8 }]);
  });
});
