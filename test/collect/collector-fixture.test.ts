/**
 * fixtures/collector is laid out exactly as collect/Export-VmqlintSnapshot.ps1 writes it (the
 * manifest's file names, CLIXML + .reg in the host folder, JSON in the -JsonPath tree), and the
 * loader reads every file of it with nothing not understood, lossy or skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectorFileNames, collectorJsonFileNames, CMDLET_EXPORTS } from '../../src/ingest/export-manifest.js';
import { loadPaths } from '../../src/ingest/load.js';

const ROOT = join(import.meta.dirname, '..', '..', 'fixtures', 'collector');

describe('collector fixture', () => {
  it('holds exactly the manifest files, in the folders the collector writes', () => {
    expect(readdirSync(join(ROOT, 'HV-SET-2019')).sort()).toEqual(collectorFileNames());
    expect(readdirSync(join(ROOT, 'json', 'HV-SET-2019')).sort()).toEqual(collectorJsonFileNames());
  });

  it('is written in the collector formats: 5.1 CLIXML UTF-16LE + BOM, reg UTF-16LE + BOM, JSON UTF-8 + BOM arrays', () => {
    for (const f of collectorFileNames()) {
      const b = readFileSync(join(ROOT, 'HV-SET-2019', f));
      expect([b[0], b[1]], f).toEqual([0xff, 0xfe]);
    }
    for (const f of collectorJsonFileNames()) {
      const t = readFileSync(join(ROOT, 'json', 'HV-SET-2019', f), 'utf8');
      expect(t.startsWith('\uFEFF['), f).toBe(true);
    }
  });

  for (const tree of ['HV-SET-2019', 'json/HV-SET-2019']) {
    it(`${tree}: every file read, every property understood, one host with VMs, queues and registry`, () => {
      const r = loadPaths([tree], { cwd: ROOT });
      expect(r.failures.map((f) => f.error.message)).toEqual([]);
      expect(r.skipped).toEqual([]);
      expect(r.hosts).toHaveLength(1);
      const h = r.hosts[0]!;
      expect(h.name).toBe('HV-SET-2019');
      expect(h.unknown).toEqual([]);
      expect(h.lossy).toEqual([]);
      const read = h.sources.map((s) => s.file.split('/').pop()).sort();
      const expected = tree === 'HV-SET-2019' ? collectorFileNames() : collectorJsonFileNames();
      expect(read).toEqual(expected);
      expect(h.vms).toHaveLength(6);
      expect(h.switches.map((s) => s.name)).toEqual(['SETvSwitch']);
      expect(h.adapters.length).toBeGreaterThanOrEqual(3);
      // Every non-empty cmdlet export was recognised as its own kind.
      for (const s of h.sources) expect(s.propertiesUnknown, s.file).toBe(0);
      expect(h.sources.filter((s) => s.objects > 0).length).toBeGreaterThanOrEqual(CMDLET_EXPORTS.length - 4);
    });
  }
});

describe('manifest names and the ingest', () => {
  it('every collector cmdlet file name is one the ingest holds to its format: a damaged one fails its host', async () => {
    const { loadFiles } = await import('../../src/ingest/load.js');
    const cmdletFiles = [...collectorFileNames(), ...collectorJsonFileNames()].filter((f) => !f.endsWith('.reg'));
    expect(cmdletFiles).toHaveLength(2 * CMDLET_EXPORTS.length);
    // The two .reg files too: an empty or cut nic-class.reg must not leave a host without its registry.
    for (const f of [...cmdletFiles, ...collectorFileNames().filter((x) => x.endsWith('.reg'))]) {
      // An empty file under a collector name is an input error, never "not a recognised export".
      const r = loadFiles([{ path: f, bytes: new Uint8Array(0) }], 'HV-X');
      expect(r.failures.length, f).toBe(1);
    }
  });
});
