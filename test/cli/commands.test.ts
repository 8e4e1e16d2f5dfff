import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/explain.js';
import { CONFIG_SCHEMA_REF, runInit } from '../../src/cli/init.js';
import { runRules } from '../../src/cli/rules.js';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings, validateConfig } from '../../src/engine/config.js';
import { planRule } from '../../src/engine/run.js';
import type { Release } from '../../src/model/host.js';
import { makeHost, testRules } from '../engine/helpers.js';
import { expectGolden } from '../report/golden.js';
import { captureIo, tempDir } from './cli-helpers.js';

const load = async () => testRules;

describe('rules', () => {
  it('lists the catalog as text and as JSON', async () => {
    const io = captureIo(tempDir());
    expect(await runRules([], io, load)).toBe(0);
    expectGolden('rules.txt', io.out.join(''));
    const js = captureIo(tempDir());
    expect(await runRules(['--format', 'json'], js, load)).toBe(0);
    const doc = JSON.parse(js.out.join('')) as { rules: { id: string; aliases?: string[] }[] };
    expect(doc.rules.map((r) => r.id)).toEqual(['TEST-HOST-INFO', 'TEST-SIM', 'TEST-VMQ-OFF']);
    expect(doc.rules[2].aliases).toEqual(['OLD-VMQ']);
  });
  it('rejects an unknown format', async () => {
    expect(await runRules(['--format', 'yaml'], captureIo(tempDir()), load)).toBe(2);
  });
  it('shows the severities a rule gives by situation, in the table, the JSON and explain', async () => {
    const base = testRules.find((r) => r.meta.id === 'TEST-VMQ-OFF')!;
    const graded = { ...base, meta: { ...base.meta, situational: [{ severity: 'info' as const, when: 'the NIC is a lab NIC' }, { severity: 'warning' as const, when: 'the NIC is new' }] } };
    const io = captureIo(tempDir());
    expect(await runRules([], io, async () => [graded])).toBe(0);
    expect(io.out.join('')).toContain('error; info, warning by situation');
    const js = captureIo(tempDir());
    expect(await runRules(['--format', 'json'], js, async () => [graded])).toBe(0);
    expect(JSON.parse(js.out.join('')).rules[0].situational).toEqual(graded.meta.situational);
    const ex = captureIo(tempDir());
    expect(await runExplain([graded.meta.id], ex, async () => [graded])).toBe(0);
    expect(ex.out.join('')).toContain('Situational: info when the NIC is a lab NIC; warning when the NIC is new (your severity for the rule overrides these)');
  });
});

describe('explain', () => {
  it("prints a rule's docs; a retired id resolves with a note", async () => {
    const io = captureIo(tempDir());
    expect(await runExplain(['test-vmq-off'], io, load)).toBe(0);
    expectGolden('explain.txt', io.out.join(''));
    const old = captureIo(tempDir());
    expect(await runExplain(['OLD-VMQ', '--format', 'markdown'], old, load)).toBe(0);
    expect(old.err.join('')).toBe("vmqlint: 'OLD-VMQ' is a retired id of TEST-VMQ-OFF\n");
    expectGolden('explain.md', old.out.join(''));
  });
  it('accepts --no-color and --color as every other command does', async () => {
    for (const flag of ['--no-color', '--color']) {
      expect(await runExplain(['test-vmq-off', flag], captureIo(tempDir()), load), flag).toBe(0);
      expect(await runRules([flag], captureIo(tempDir()), load), flag).toBe(0);
    }
  });
  it('exits 2 for an unknown id', async () => {
    const io = captureIo(tempDir());
    expect(await runExplain(['NOPE'], io, load)).toBe(2);
    expect(io.err.join('')).toBe("vmqlint: unknown rule id 'NOPE' (vmqlint rules lists them)\n");
  });
});

describe('init', () => {
  it('writes a valid starter config with $schema, and refuses to overwrite without --force', async () => {
    const cwd = tempDir();
    const io = captureIo(cwd);
    expect(await runInit([], io, load)).toBe(0);
    const path = join(cwd, '.vmqlintrc.json');
    const cfg = validateConfig(JSON.parse(readFileSync(path, 'utf8')), path);
    expect(cfg.$schema).toBe(CONFIG_SCHEMA_REF);
    // Every rule is listed; TEST-HOST-INFO grades itself by release (warning on 2022), so it keeps 'default'.
    expect(cfg.rules).toEqual({ 'TEST-HOST-INFO': 'default', 'TEST-SIM': 'warning', 'TEST-VMQ-OFF': 'error' });
    const again = captureIo(cwd);
    expect(await runInit([], again, load)).toBe(2);
    expect(again.err.join('')).toBe('vmqlint: .vmqlintrc.json already exists; use --force to overwrite it\n');
    expect(await runInit(['--force'], captureIo(cwd), load)).toBe(0);
  });
  it('lints exactly as without a config: no rule gets another severity on any release', async () => {
    const rules = await loadRules();
    const catalog = new RuleCatalog(rules);
    const cwd = tempDir();
    expect(await runInit([], captureIo(cwd), async () => rules)).toBe(0);
    const path = join(cwd, '.vmqlintrc.json');
    const settings = RuleSettings.fromConfig(catalog, validateConfig(JSON.parse(readFileSync(path, 'utf8')), path), path);
    const releases: Release[] = ['2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025', 'unknown'];
    for (const rule of catalog.rules) {
      for (const release of releases) {
        const host = makeHost('HV01', release);
        const configured = settings.forHost(rule, host.name).severity;
        // A configured severity overrides a rule's situational grades, so init gives those rules 'default'.
        if (rule.meta.situational) expect(configured, rule.meta.id).toBeUndefined();
        const plain = (p: ReturnType<typeof planRule>) => ('userSet' in p ? { run: p.run, severity: p.severity } : p);
        expect(plain(planRule(rule, host, 2, configured, true)), `${rule.meta.id} on ${release}`).toEqual(plain(planRule(rule, host, 2, undefined, true)));
      }
    }
    // The rule that made this matter: info on 2016/2019, error from 2022.
    expect(planRule(catalog.resolve('lbfo-vswitch-unsupported')!, makeHost('HV01', '2019'), 2, settings.forHost(catalog.resolve('lbfo-vswitch-unsupported')!, 'HV01').severity, true)).toEqual({ run: true, severity: 'info', userSet: false });
  });
  it('points $schema at a schema file the package ships', () => {
    expect(existsSync(join(import.meta.dirname, '..', '..', CONFIG_SCHEMA_REF.replace('./node_modules/vmqlint/', '')))).toBe(true);
  });
});
