/**
 * The production corpus (fixtures/production): hosts built from setups Microsoft documents, read
 * through the real loader and linted with every rule, as `vmqlint lint fixtures/production`
 * would. A correct configuration must raise no error and no warning (info is advice and allowed),
 * and every file must be understood.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { buildFixtureSets } from '../../scripts/fixtures/make.js';
import { loadPaths } from '../../src/ingest/load.js';
import { captureIo } from '../cli/cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const CORPUS = 'fixtures/production';

interface JsonFinding {
  ruleId: string;
  severity: string;
  host: string;
  target: { kind: string; name: string };
  property?: string;
  message: string;
}


/** The hosts of the corpus: its folders. */
function corpusHosts(): string[] {
  const dir = join(root, CORPUS);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

async function lintCorpus(): Promise<{ code: number; findings: JsonFinding[]; hosts: { name: string; status: string }[] }> {
  const io = captureIo(root, { SOURCE_DATE_EPOCH: '1700000000' });
  const code = await runLint([CORPUS, '--no-config', '--format', 'json', '--fail-on', 'warning'], io);
  const doc = JSON.parse(io.out.join('')) as { findings: JsonFinding[]; hosts: { name: string; status: string }[] };
  return { code, findings: doc.findings, hosts: doc.hosts };
}

const key = (ruleId: string, host: string, target: string) => `${ruleId} | ${host} | ${target}`;

describe('production corpus', () => {
  it('has at least 12 hosts, each with a README beside it naming its Microsoft source and saying it was synthesised', () => {
    // Generated, so test/fixtures/writers.test.ts holds the committed bytes to the generator.
    const generated = buildFixtureSets().get('production')!.map((f) => f.path);
    const hosts = corpusHosts();
    for (const h of hosts) expect(generated.some((p) => p.startsWith(`${h}/`)), h).toBe(true);
    expect(hosts.length).toBeGreaterThanOrEqual(12);
    for (const h of hosts) {
      const text = readFileSync(join(root, CORPUS, `${h}.README.md`), 'utf8');
      expect(text, h).toMatch(/Synthesised from documentation, not a real export/);
      expect(text, h).toMatch(/Source: <https:\/\/learn\.microsoft\.com\//);
      expect(text, h).toMatch(/^> /m);
    }
  });

  it('loads every host with nothing not understood, no registry/cmdlet conflict and a complete picture', () => {
    const loaded = loadPaths([CORPUS], { cwd: root });
    expect(loaded.failures).toEqual([]);
    // Only the READMEs are skipped: every other file is a recognised export.
    expect(loaded.skipped.map((s) => s.file).filter((f) => !f.endsWith('.md'))).toEqual([]);
    expect(loaded.hosts.map((h) => h.name).sort()).toEqual(corpusHosts());
    for (const h of loaded.hosts) {
      expect(h.unknown, h.name).toEqual([]);
      expect(h.conflicts, h.name).toEqual([]);
      expect(h.os.release, h.name).not.toBe('unknown');
      expect(h.processors.logical, h.name).toBeGreaterThan(0);
      expect(h.adapters.some((a) => a.kind === 'physical'), h.name).toBe(true);
      expect(h.switches.length, h.name).toBeGreaterThan(0);
      expect(h.vnics.length, h.name).toBeGreaterThan(0);
    }
  });

  it('reads the setups the READMEs describe: two processor groups, no hyper-threading, SR-IOV, VMMQ, 1 GbE VMQ off', () => {
    const loaded = loadPaths([CORPUS], { cwd: root });
    const host = (name: string) => loaded.hosts.find((h) => h.name === name)!;
    const big = host('PROD-96LP-2019');
    expect(big.processors.groups.map((g) => g.size)).toEqual([48, 48]);
    expect(big.adapters.filter((a) => a.vmq).map((a) => [a.name, a.vmq!.baseProcessorGroup, a.vmq!.baseProcessorNumber])).toEqual([
      ['SLOT 2 Port 1', 0, 2],
      ['SLOT 5 Port 1', 1, 2],
    ]);
    expect(host('PROD-NOHT-2022').processors.hyperThreading).toBe(false);
    expect(host('PROD-SRIOV-SET-2022').vnics.filter((v) => (v.iovWeight ?? 0) > 0).map((v) => v.vmName)).toEqual(['TRADE01', 'TRADE02']);
    expect(host('PROD-VMMQ-2019').vnics.filter((v) => !v.isManagementOs).every((v) => v.vmmqEnabled === true)).toBe(true);
    expect(host('PROD-1GBE-2012R2').adapters.find((a) => a.name === 'VM-1G')!.vmq!.enabled).toBe(false);
  });

  it('varies export formats and PowerShell versions across hosts', () => {
    const loaded = loadPaths([CORPUS], { cwd: root });
    const sources = loaded.hosts.flatMap((h) => h.sources);
    expect(new Set(sources.map((s) => s.format))).toEqual(new Set(['clixml', 'json', 'csv', 'reg']));
    expect(new Set(sources.map((s) => s.psVersion).filter((v) => v !== undefined))).toEqual(new Set(['5.1', '7']));
    expect(new Set(loaded.hosts.map((h) => h.os.release))).toEqual(new Set(['2012R2', '2016', '2019', '2022']));
  });

  it('raises no error and no warning on any host (info is allowed), so the gate passes at --fail-on warning', async () => {
    const run = await lintCorpus();
    expect(run.hosts.map((h) => h.name).sort()).toEqual(corpusHosts());
    const gating = run.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    expect(gating.map((f) => `${key(f.ruleId, f.host, f.target.name)} (${f.severity}): ${f.message}`)).toEqual([]);
    expect(run.code).toBe(0);
  });
});
