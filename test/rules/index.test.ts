import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publicReference } from '../../src/engine/references.js';
import { loadRules, loadRulesFrom, ruleFiles } from '../../rules/index.js';

/**
 * Titles of the research notes' sections: a rule's reference says what its public source supports,
 * never just names a section of notes users never get.
 */
const NOTE_SECTION_TITLES = [
  'Key facts', 'Standardized INF keywords', 'Where advanced properties live in the registry', 'Registry value types of advanced properties',
  'Standardized INF keyword catalogue', 'How the driver chooses RSS, VMQ or SR-IOV', 'Host-wide VMQ switches', 'Processor selection for VMQ and RSS',
  'VMQ and RSS processor parameters', 'Processor selection rules for VMQ and RSS', 'VMQ, Dynamic VMQ, vRSS and VMMQ', 'VM queues and their allocation',
  'Static and Dynamic VMQ', 'Hyper-V per-port offload defaults', 'Interrupts and interrupt coalescing', 'Receive throughput per core', 'NIC teaming',
  'LBFO teaming', 'Switch Embedded Teaming (SET)', 'SR-IOV, live migration and other checks', 'Exported PowerShell objects and CIM classes',
  'Get-NetAdapterAdvancedProperty output', 'Get-NetAdapterVmq output', 'Get-NetAdapterVmqQueue output', 'Get-NetAdapterRss output',
  'Get-VMNetworkAdapter output', 'Get-VMSwitch output', 'Get-VMSwitchTeam output', 'Get-NetLbfoTeam output', "vmqlint's simulator model",
];

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

  it('keeps the research notes out of the rule sources too, comments included (they ship in the package)', () => {
    const dir = join(import.meta.dirname, '..', '..', 'rules');
    const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'lib')).map((f) => join(dir, 'lib', f))].filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(24);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\b(?:domain|simulator|formats|peers|style)\.md\b/);
  });

  it('gives every rule that compares peers its two fleet steps, so a streamed run can judge it', async () => {
    const rules = await loadRules();
    const peers = rules.filter((r) => r.meta.needs?.includes('fleet'));
    expect(peers.map((r) => r.meta.id)).toEqual(['live-migration-vmq-fallback']);
    for (const r of peers) expect(typeof r.fleet?.summary === 'function' && typeof r.fleet.prepare === 'function' && typeof r.fleet.judge === 'function', r.meta.id).toBe(true);
    // Rules that do not compare peers have no fleet step to skip their per-host check.
    expect(rules.filter((r) => r.fleet && !r.meta.needs?.includes('fleet')).map((r) => r.meta.id)).toEqual([]);
  });

  it('gives every rule complete docs whose references name public sources, never the project notes', async () => {
    for (const r of await loadRules()) {
      const d = r.meta.docs;
      expect(d.what.length, r.meta.id).toBeGreaterThan(20);
      expect(d.why.length, r.meta.id).toBeGreaterThan(20);
      expect(d.fix.length, r.meta.id).toBeGreaterThan(5);
      expect(Object.keys(d.example.files).length, r.meta.id).toBeGreaterThan(0);
      expect(Object.keys(d.fixed.files).length, r.meta.id).toBeGreaterThan(0);
      // Every reference resolves to at least one public URL (a tag of docs/references.md or a URL).
      for (const ref of d.references) {
        const pub = publicReference(ref);
        expect(pub.unknown, `${r.meta.id}: ${ref}`).toEqual([]);
        expect(pub.sources.some((x) => x.url !== null && /^https?:\/\//.test(x.url)), `${r.meta.id}: ${ref}`).toBe(true);
      }
      // Users never get the research notes: no doc text, reference or assumption cites them.
      const text = [d.what, d.why, d.severity, d.fix, d.options ?? '', ...d.references, ...(d.assumptions ?? [])].join('\n');
      expect(text, r.meta.id).not.toMatch(/\b(?:domain|simulator|formats|peers|style)\.md\b/);
      // Nor their section titles as a reference's topic ("Processor selection rules for VMQ and
      // RSS", "Key facts"): a reference says what its public source supports, or shows its title.
      for (const ref of d.references) {
        const topic = publicReference(ref).topic;
        for (const title of NOTE_SECTION_TITLES) expect(topic.startsWith(title), `${r.meta.id}: ${ref}`).toBe(false);
      }
      // Prose shows sources as URLs: a bare tag ("[R3]") or a source path means nothing to a reader.
      const prose = [d.what, d.why, d.severity, d.options ?? '', d.example.description, d.fixed.description, ...(d.assumptions ?? [])].join('\n');
      expect(prose, r.meta.id).not.toMatch(/\[[A-Z]+\d+\]|\bsrc\/[\w/-]+\.ts\b/);
      if (r.meta.optionsSchema) expect(r.meta.defaultOptions, r.meta.id).toBeDefined();
    }
  });

  it('states as assumptions the UNCONFIRMED facts each rule relies on', async () => {
    // Each fact no Microsoft source confirms, as the rule's assumption must name it.
    const relies: Record<string, RegExp[]> = {
      'registry-type-drift': [/REG_DWORD.*UNCONFIRMED/],
      'vmq-base-processor-zero': [/UNCONFIRMED one-to-one mapping/],
      'vmq-hyperthread-sibling': [/odd LPs is UNCONFIRMED/],
      'vmq-disabled-on-uplink': [/VMSMP values .*UNCONFIRMED/],
      'vmq-on-slow-nic': [/BelowTenGigVmqEnabled=1 .*UNCONFIRMED/, /VMSMP values .*UNCONFIRMED/],
      'vmq-coalescing-risk': [/no interrupt-rate figures are published/],
      'vmq-queues-exhausted': [/UNCONFIRMED/, /VmqWeight \(UNCONFIRMED that they match/],
      'sriov-misconfigured': [/IOV cannot be enabled on an existing vSwitch is UNCONFIRMED/, /IovEnabled .*UNCONFIRMED/],
      'set-team-invalid': [/output property names are UNCONFIRMED/],
      'lbfo-vswitch-unsupported': [/output property names are UNCONFIRMED/],
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
