import { describe, expect, it } from 'vitest';
import { BaselineSet, buildBaseline } from '../../src/engine/baseline.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings, validateConfig } from '../../src/engine/config.js';
import { evaluateGate } from '../../src/engine/gate.js';
import { errorsOnly } from '../../src/engine/quiet.js';
import { lintHosts } from '../../src/engine/run.js';
import { WaiverSet } from '../../src/engine/waivers.js';
import { InputError } from '../../src/model/errors.js';
import { hostInfoRule, makeAdapter, makeHost, simRule, testRules } from './helpers.js';

const tool = { name: 'vmqlint', version: '9.9.9' };
const catalog = new RuleCatalog(testRules);

function fleet() {
  return [
    makeHost('HV02', '2022', [makeAdapter('NIC2', 'guid-b', false), makeAdapter('NIC1', 'guid-a', false)]),
    makeHost('HV01', '2016', [makeAdapter('NIC1', 'guid-c', true)]),
    makeHost('HV03', 'unknown'),
  ];
}

describe('lintHosts', () => {
  it('gives what a rule says as it says it (message, remediation, not-applicable reason): rules cite public sources only', () => {
    const rule = {
      meta: { ...testRules[0].meta, id: 'TEST-WORDS', aliases: undefined, releases: undefined, severityByRelease: undefined },
      check: ({ host }: { host: { adapters: { name: string }[] } }) =>
        host.adapters.length === 0
          ? { notApplicable: 'no adapters (Get-NetAdapter)' }
          : [{ target: { kind: 'host' as const, name: 'x', id: 'x' }, message: 'Keywords contradict (*RSS and *VMQ)', evidence: {}, remediation: "Make the keywords agree:\nSet-NetAdapterAdvancedProperty -Name 'NIC (1)'", locations: [] }],
    };
    const r = lintHosts([makeHost('A', '2022', [makeAdapter('NIC1', 'g', false)]), makeHost('B', '2022')], [], { rules: new RuleCatalog([rule as never]), tool });
    expect(r.findings.map((f) => [f.message, f.remediation])).toEqual([['Keywords contradict (*RSS and *VMQ)', "Make the keywords agree:\nSet-NetAdapterAdvancedProperty -Name 'NIC (1)'"]]);
    expect(r.notApplicable.map((n) => n.reason)).toEqual(['no adapters (Get-NetAdapter)']);
  });

  it('sorts hosts and findings ordinally and reports not-applicable with reasons', () => {
    const r = lintHosts(fleet(), [], { rules: catalog, tool });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02', 'HV03']);
    expect(r.findings.map((f) => `${f.host} ${f.ruleId} ${f.target.id} ${f.severity}`)).toEqual([
      'HV02 TEST-HOST-INFO hv02 warning',
      'HV02 TEST-VMQ-OFF guid-a error',
      'HV02 TEST-VMQ-OFF guid-b error',
    ]);
    expect(r.notApplicable).toEqual([
      { ruleId: 'TEST-HOST-INFO', host: 'HV01', reason: 'does not apply to Windows Server 2016' },
      { ruleId: 'TEST-SIM', host: 'HV01', reason: 'needs a traffic profile (lint --traffic FILE)' },
      { ruleId: 'TEST-HOST-INFO', host: 'HV03', reason: 'applies to Windows Server 2016, 2019, 2022, 2025; the OS release was not exported' },
      { ruleId: 'TEST-SIM', host: 'HV03', reason: 'needs a traffic profile (lint --traffic FILE)' },
      { ruleId: 'TEST-VMQ-OFF', host: 'HV03', reason: 'no Get-NetAdapterVmq data was exported' },
      { ruleId: 'TEST-SIM', host: 'HV02', reason: 'needs a traffic profile (lint --traffic FILE)' },
    ].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.ruleId < b.ruleId ? -1 : 1)));
    expect(r.summary).toEqual({ error: 2, warning: 1, info: 0, baselined: 0, waived: 0, notApplicable: 6 });
    expect(r.hosts[0].rules).toEqual(['TEST-HOST-INFO', 'TEST-SIM', 'TEST-VMQ-OFF']);
  });

  it('gives every location a 1-based line', () => {
    const r = lintHosts([makeHost('HV09', '2019')], [], { rules: [hostInfoRule], tool });
    expect(r.findings[0].locations).toEqual([{ file: 'fleet/HV09/system.json', line: 1 }]);
    expect(r.findings[0].severity).toBe('info');
  });

  it('applies config severities per host and rule options', () => {
    const cfg = validateConfig({ rules: { 'TEST-VMQ-OFF': ['warning', { ignoreNames: ['NIC2'] }] }, overrides: [{ hosts: ['hv03'], rules: { 'TEST-HOST-INFO': 'off' } }] }, 'c');
    const settings = RuleSettings.fromConfig(catalog, cfg, 'c');
    const r = lintHosts(fleet(), [], { rules: catalog, tool, settings });
    expect(r.findings.filter((f) => f.ruleId === 'TEST-VMQ-OFF').map((f) => `${f.target.name}:${f.severity}`)).toEqual(['NIC1:warning']);
    // Turned off on HV03: neither run nor listed as not applicable.
    expect(r.notApplicable.some((n) => n.host === 'HV03' && n.ruleId === 'TEST-HOST-INFO')).toBe(false);
    expect(r.hosts.find((h) => h.name === 'HV03')?.rules).not.toContain('TEST-HOST-INFO');
  });

  it("gives a finding the rule's situational severity unless the user set one, which always wins", () => {
    const graded = {
      ...testRules[0],
      meta: { ...testRules[0].meta, id: 'TEST-GRADED', situational: [{ severity: 'info' as const, when: 'the NIC is called NIC1' }] },
      check: (ctx: { host: { adapters: { name: string; id: string }[] } }) =>
        ctx.host.adapters.map((a) => ({
          target: { kind: 'adapter' as const, name: a.name, id: a.id },
          message: a.name,
          evidence: {},
          remediation: 'none',
          locations: [],
          ...(a.name === 'NIC1' ? { severity: 'info' as const } : {}),
        })),
    };
    const hosts = [makeHost('HV02', '2022', [makeAdapter('NIC2', 'guid-b', false), makeAdapter('NIC1', 'guid-a', false)])];
    const bySituation = lintHosts(hosts, [], { rules: [graded], tool });
    expect(bySituation.findings.map((f) => `${f.target.name}:${f.severity}`)).toEqual(['NIC1:info', 'NIC2:error']);
    for (const severity of ['error', 'warning'] as const) {
      const cfg = validateConfig({ rules: { 'TEST-GRADED': severity } }, 'c');
      const settings = RuleSettings.fromConfig(new RuleCatalog([graded]), cfg, 'c');
      const r = lintHosts(hosts, [], { rules: [graded], tool, settings });
      expect(r.findings.map((f) => `${f.target.name}:${f.severity}`)).toEqual([`NIC1:${severity}`, `NIC2:${severity}`]);
    }
  });

  it('runs the simulation lazily, once per host, and reports timing per rule', () => {
    const calls: string[] = [];
    const times: string[] = [];
    let t = 0;
    const r = lintHosts([makeHost('A', '2019'), makeHost('B', '2019')], [], {
      rules: [simRule, simRule].map((x, i) => ({ ...x, meta: { ...x.meta, id: `SIM${i}` } })),
      tool,
      simulate: (h) => {
        calls.push(h.name);
        return h.name.length;
      },
      timing: (id, ms) => times.push(`${id}:${ms}`),
      clock: () => (t += 5),
    });
    expect(calls).toEqual(['A', 'B']);
    expect(r.findings.map((f) => f.message)).toEqual(['simulated 1', 'simulated 1', 'simulated 1', 'simulated 1']);
    expect(times).toEqual(['SIM0:5', 'SIM1:5', 'SIM0:5', 'SIM1:5']);
  });

  it('reports load failures as hosts with status error', () => {
    const r = lintHosts([], [{ file: 'fleet/bad.json', error: new InputError('fleet/bad.json', 3, 4, 'expected value') }], { rules: catalog, tool });
    expect(r.hosts).toEqual([{ name: 'fleet/bad.json', release: 'unknown', status: 'error', error: 'fleet/bad.json:3:4: expected value', failures: [{ file: 'fleet/bad.json', message: 'fleet/bad.json:3:4: expected value' }] }]);
  });

  it('names the rule and host when a rule throws', () => {
    const bad = { ...hostInfoRule, check: () => { throw new Error('boom'); } };
    expect(() => lintHosts([makeHost('X', '2019')], [], { rules: [bad], tool })).toThrow('rule TEST-HOST-INFO failed on host X: boom');
  });

  it("passes a rule's input error through as it stands (the user's file is at fault, not the rule)", () => {
    const input = new InputError('traffic.json', 3, 9, "unknown VM 'VM9'");
    const bad = { ...hostInfoRule, check: () => { throw input; } };
    expect(() => lintHosts([makeHost('X', '2019')], [], { rules: [bad], tool })).toThrow(input);
  });

  it('suppresses by waiver (first) and baseline, and reports what to prune', () => {
    const first = lintHosts(fleet(), [], { rules: catalog, tool });
    const baseline = new BaselineSet('base.json', [
      ...buildBaseline(first.findings.filter((f) => f.target.id === 'guid-a' || f.ruleId === 'TEST-HOST-INFO')).entries,
      { fingerprint: 'f'.repeat(64), ruleId: 'TEST-VMQ-OFF', host: 'GONE', target: 'adapter x', message: 'old' },
    ]);
    const waivers = new WaiverSet(
      catalog,
      [
        {
          file: 'w.json',
          pointer: '/waivers',
          locate: (p) => ({ line: Number(p.split('/')[2]) + 10, col: 1 }),
          waivers: [
            { rule: 'OLD-VMQ', host: 'hv0?', target: 'NIC1', reason: 'lab NIC', expires: '2025-06-30' },
            { rule: 'TEST-VMQ-OFF', target: 'guid-B', property: 'vmq.*', reason: 'vendor bug' },
            { rule: 'TEST-VMQ-OFF', host: 'nomatch', reason: 'stale' },
            { rule: 'TEST-HOST-INFO', reason: 'expired', expires: '2025-05-31' },
          ],
        },
      ],
      '2025-06-30',
    );
    const r = lintHosts(fleet(), [], { rules: catalog, tool, waivers, baseline });
    expect(r.findings.map((f) => [f.target.id, f.suppressed])).toEqual([
      ['hv02', { kind: 'baseline' }],
      // The waiver wins; the baseline lists guid-a too, which SARIF needs to say it is not new.
      ['guid-a', { kind: 'waiver', reason: 'lab NIC', inBaseline: true }],
      ['guid-b', { kind: 'waiver', reason: 'vendor bug' }],
    ]);
    expect(r.summary).toMatchObject({ error: 0, warning: 0, baselined: 1, waived: 2 });
    expect(r.housekeeping?.baselineFile).toBe('base.json');
    expect(r.housekeeping?.unmatchedBaseline.map((e) => e.host)).toEqual(['GONE']);
    expect(r.housekeeping?.expiredWaivers.map((w) => [w.reason, w.source])).toEqual([['expired', { file: 'w.json', line: 13 }]]);
    expect(r.housekeeping?.unusedWaivers.map((w) => w.reason)).toEqual(['stale']);
    expect(evaluateGate(r, { failOn: 'info' }).failed).toBe(false);
  });

  it('rejects a waiver for an unknown rule, naming the key', () => {
    expect(() => new WaiverSet(catalog, [{ file: 'w.json', pointer: '/waivers', waivers: [{ rule: 'X', reason: 'r' }] }], '2025-01-01')).toThrow(
      "w.json: waivers[0].rule: unknown rule id 'X'",
    );
  });
});

describe('gate and quiet', () => {
  const r = lintHosts(fleet(), [], { rules: catalog, tool });
  it('fails on the chosen severity and on --max-warnings', () => {
    expect(evaluateGate(r, { failOn: 'error' })).toEqual({ failed: true, reasons: ["2 findings at or above 'error'"] });
    const warningsOnly = { ...r, findings: r.findings.filter((f) => f.severity === 'warning') };
    expect(evaluateGate(warningsOnly, { failOn: 'error' }).failed).toBe(false);
    expect(evaluateGate(warningsOnly, { failOn: 'warning' }).failed).toBe(true);
    expect(evaluateGate(warningsOnly, { failOn: 'error', maxWarnings: 0 }).reasons).toEqual(['1 warning, more than --max-warnings 0']);
    expect(evaluateGate(warningsOnly, { failOn: 'error', maxWarnings: 1 }).failed).toBe(false);
  });
  it('--quiet lists errors only but keeps the full counts (quiet hides lines, not counts)', () => {
    const q = errorsOnly(r);
    expect(q.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(q.notApplicable).toEqual([]);
    expect(q.summary).toEqual(r.summary);
    expect(q.summary.warning).toBeGreaterThan(0);
  });
});

describe('a Hyper-V guest snapshot', () => {
  const guest = () => {
    const a1 = { ...makeAdapter('Ethernet', 'guid-g1', true), interfaceDescription: 'Microsoft Hyper-V Network Adapter' };
    const a2 = { ...makeAdapter('Ethernet 2', 'guid-g2', false), interfaceDescription: 'Microsoft Hyper-V Network Adapter #2' };
    return makeHost('VM01', '2022', [a1, a2]);
  };

  it('is not linted with host rules, with the reason; coverage rules still run', async () => {
    const { loadRules } = await import('../../rules/index.js');
    const rules = await loadRules();
    const r = lintHosts([guest()], [], { rules, tool });
    const reasons = new Set(r.notApplicable.map((n) => n.reason));
    expect(r.findings.filter((f) => f.ruleId !== 'input-not-understood')).toEqual([]);
    expect(reasons).toContain(
      "the snapshot is of a Hyper-V guest, not a host: every network adapter is a 'Microsoft Hyper-V Network Adapter' and no vSwitch was exported",
    );
    const guestRules = r.notApplicable.filter((n) => n.reason.startsWith('the snapshot is of a Hyper-V guest')).map((n) => n.ruleId);
    expect(guestRules).toEqual(rules.filter((x) => x.meta.category !== 'coverage').map((x) => x.meta.id).sort());
  });

  it('still lints a host whose adapters are physical NICs, and a nested host with a vSwitch', () => {
    const r = lintHosts([makeHost('HV02', '2022', [makeAdapter('NIC1', 'guid-a', false)])], [], { rules: catalog, tool });
    expect(r.findings.map((f) => f.ruleId)).toContain('TEST-VMQ-OFF');
    const nested = guest();
    nested.switches.push({ id: 'sw', name: 'vSwitch', uplinks: ['guid-g2'], uplinkDescriptions: [], at: {} });
    const n = lintHosts([nested], [], { rules: catalog, tool });
    expect(n.findings.map((f) => `${f.ruleId} ${f.target.name}`)).toContain('TEST-VMQ-OFF Ethernet 2');
  });
});
