import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules, loadRulesFrom, ruleFiles } from '../../rules/index.js';

const V1_IDS = [
  'input-not-understood',
  'jumbo-mismatch',
  'lbfo-vswitch-unsupported',
  'live-migration-vmq-fallback',
  'registry-type-drift',
  'registry-value-invalid',
  'rss-on-vswitch-nic',
  'set-team-invalid',
  'sriov-misconfigured',
  'team-member-mismatch',
  'team-processor-mismatch',
  'team-processor-overlap',
  'vlan-on-vswitch-member',
  'vmq-base-processor-zero',
  'vmq-coalescing-risk',
  'vmq-disabled-on-uplink',
  'vmq-hyperthread-sibling',
  'vmq-on-slow-nic',
  'vmq-processor-out-of-range',
  'vmq-queue-waste',
  'vmq-queues-exhausted',
];

const SEVERITIES: Record<string, string> = {
  'registry-type-drift': 'warning',
  'registry-value-invalid': 'error',
  'vmq-base-processor-zero': 'warning',
  'vmq-hyperthread-sibling': 'warning',
  'vmq-processor-out-of-range': 'error',
  'team-processor-overlap': 'error',
  'team-processor-mismatch': 'error',
  'team-member-mismatch': 'warning',
  'vmq-disabled-on-uplink': 'warning',
  'vmq-on-slow-nic': 'warning',
  'vmq-queues-exhausted': 'warning',
  'vmq-queue-waste': 'warning',
  'vmq-coalescing-risk': 'warning',
  'rss-on-vswitch-nic': 'warning',
  'lbfo-vswitch-unsupported': 'error',
  'set-team-invalid': 'error',
  'sriov-misconfigured': 'warning',
  'jumbo-mismatch': 'warning',
  'vlan-on-vswitch-member': 'warning',
  'live-migration-vmq-fallback': 'info',
  'input-not-understood': 'info',
  'vswitch-processor-overlap': 'warning',
};

describe('loadRules', () => {
  it('discovers every v1 rule, sorted by id, with the public default severities', async () => {
    const rules = await loadRules();
    const ids = rules.map((r) => r.meta.id);
    expect(ids.filter((id) => V1_IDS.includes(id))).toEqual(V1_IDS);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
    for (const r of rules) {
      if (SEVERITIES[r.meta.id]) expect(`${r.meta.id}:${r.meta.defaultSeverity}`).toBe(`${r.meta.id}:${SEVERITIES[r.meta.id]}`);
    }
  });

  it('gives every rule complete docs with domain.md references', async () => {
    for (const r of await loadRules()) {
      const d = r.meta.docs;
      expect(d.what.length, r.meta.id).toBeGreaterThan(20);
      expect(d.why.length, r.meta.id).toBeGreaterThan(20);
      expect(d.fix.length, r.meta.id).toBeGreaterThan(5);
      expect(Object.keys(d.example.files).length, r.meta.id).toBeGreaterThan(0);
      expect(Object.keys(d.fixed.files).length, r.meta.id).toBeGreaterThan(0);
      expect(d.references.some((x) => x.startsWith('domain.md')), r.meta.id).toBe(true);
      if (r.meta.optionsSchema) expect(r.meta.defaultOptions, r.meta.id).toBeDefined();
    }
  });

  it('states as assumptions the UNCONFIRMED facts of domain.md each rule relies on', async () => {
    const relies: Record<string, RegExp[]> = {
      'registry-type-drift': [/UNCONFIRMED.*1\.2/],
      'vmq-base-processor-zero': [/UNCONFIRMED.*3\.1/],
      'vmq-hyperthread-sibling': [/UNCONFIRMED.*3\.2/],
      'vmq-disabled-on-uplink': [/UNCONFIRMED.*domain\.md 2/],
      'vmq-on-slow-nic': [/UNCONFIRMED.*domain\.md 2/],
      'vmq-coalescing-risk': [/UNCONFIRMED.*domain\.md 5/],
      'vmq-queues-exhausted': [/UNCONFIRMED/, /UNCONFIRMED.*9\.5/],
      'sriov-misconfigured': [/UNCONFIRMED.*domain\.md 8/, /UNCONFIRMED.*9\.6/],
      'set-team-invalid': [/UNCONFIRMED.*9\.7/],
      'lbfo-vswitch-unsupported': [/UNCONFIRMED.*9\.6/],
    };
    const rules = new Map((await loadRules()).map((r) => [r.meta.id, r]));
    for (const [id, patterns] of Object.entries(relies)) {
      const assumptions = rules.get(id)?.meta.docs.assumptions ?? [];
      for (const p of patterns) expect(assumptions.some((a) => p.test(a)), `${id}: ${p}`).toBe(true);
    }
  });
});

describe('loadRulesFrom', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  const ruleText = (id: string) =>
    `export const rule = { meta: { id: '${id}' }, check() { return []; } };\n`;

  it('skips index, _files, .d.ts and lib/, and prefers the running extension', () => {
    dir = mkdtempSync(join(tmpdir(), 'vmqlint-rules-'));
    mkdirSync(join(dir, 'lib'));
    for (const f of ['a.ts', 'a.js', 'b.js', '_draft.ts', 'index.ts', 'c.d.ts', 'notes.md', 'lib/x.ts']) writeFileSync(join(dir, f), '');
    expect(ruleFiles(dir, '.ts').map((f) => f.slice(dir.length + 1))).toEqual(['a.ts', 'b.js']);
    expect(ruleFiles(dir, '.js').map((f) => f.slice(dir.length + 1))).toEqual(['a.js', 'b.js']);
  });

  it('loads rules sorted by id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmqlint-rules-'));
    writeFileSync(join(dir, 'one.ts'), ruleText('zeta'));
    writeFileSync(join(dir, 'two.ts'), ruleText('alpha'));
    const rules = await loadRulesFrom(dir, '.ts');
    expect(rules.map((r) => r.meta.id)).toEqual(['alpha', 'zeta']);
  });

  it('throws when two files share an id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmqlint-rules-'));
    writeFileSync(join(dir, 'one.ts'), ruleText('same'));
    writeFileSync(join(dir, 'two.ts'), ruleText('same'));
    await expect(loadRulesFrom(dir, '.ts')).rejects.toThrow(/rule id 'same' is already defined/);
  });

  it('throws when a file exports no rule', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmqlint-rules-'));
    writeFileSync(join(dir, 'empty.ts'), 'export const other = 1;\n');
    await expect(loadRulesFrom(dir, '.ts')).rejects.toThrow(/empty\.ts: expected an exported `rule`/);
  });
});

describe('severity policy', () => {
  it("justifies every rule's default severity by the one policy (error / warning / info)", async () => {
    for (const r of await loadRules()) {
      const s = r.meta.docs.severity;
      expect(s.length, r.meta.id).toBeGreaterThan(40);
      // The justification names the default severity (and every situational one) it defends.
      for (const sev of new Set([r.meta.defaultSeverity, ...(r.meta.situational ?? []).map((x) => x.severity)])) {
        expect(s.toLowerCase(), `${r.meta.id}: ${sev}`).toContain(sev);
      }
    }
  });
});
