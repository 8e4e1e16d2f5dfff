/**
 * The resolved fix plan (src/engine/fix-plan.ts): every rule's command carries a model effect; the
 * plan sets every value once, with the stated precedence, on the reproductions of issue 8
 * (`lint --traffic` on the sample fleet's 2012 R2 host); under a profile it never lowers the
 * management OS or a VM the profile does not name; without one, VmqWeight 0 goes only to the vNICs
 * vmq-queues-exhausted names, never the management OS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHostPlan, planCommands, type HostPlan } from '../../src/engine/fix-plan.js';
import type { Finding, FixCommand, FixEffect } from '../../src/engine/types.js';
import type { Host } from '../../src/model/host.js';
import { parseProfile } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';
import { host } from '../helpers/host-builder.js';
import { converge, lint, rules } from './converge.js';
import { exampleCases, fixtureCase, fixturePaths } from './corpus.js';

const LBFO = 'fixtures/sample-fleet/HV-LBFO-2012R2';
/** Two idle VMs holding queues, three busy ones on the default queue, a 1 GbE test VM. */
const PROFILE = {
  durationSeconds: 20,
  vnics: [
    { vm: 'VM01', gbps: 0.01 },
    { vm: 'VM02', gbps: 0.01 },
    { vm: 'VM08', gbps: 3 },
    { vm: 'VM09', gbps: 3 },
    { vm: 'VM10', gbps: 3 },
    { vm: 'TEST01', gbps: 0.5 },
  ],
};

function withTraffic(hosts: Host[], profile: object): { simulate: (h: Host) => unknown } {
  const t = parseProfile(JSON.stringify(profile), 'traffic.json');
  return { simulate: (h: Host) => simulateHost(h, t.profile, {}, t.source) };
}

/** Each value a command writes, as `slot=value` (processor values per NIC, whatever the interface). */
function writes(fix: FixCommand): [string, string][] {
  const e = fix.effect as FixEffect;
  switch (e.kind) {
    case 'processors':
      return Object.entries(e.values).map(([f, v]) => [`${e.adapter}/processors/${f}`, String(v)]);
    case 'advanced':
      return [[`${e.adapter}/${e.keyword.toLowerCase()}`, `${e.value}`]];
    case 'offload':
      return [[`${e.adapter}/${e.feature}`, String(e.enabled)]];
    case 'vmq-weight':
      return [[`${e.vnic}/VmqWeight`, String(e.value)]];
    case 'vmsmp':
      return [[e.name, String(e.value)]];
    default:
      return [];
  }
}

/** Slots a list of commands writes more than once (a retype's remove + create counts once). */
function twice(fixes: readonly FixCommand[]): string[] {
  const seen = new Map<string, number>();
  for (const f of fixes) {
    if (f.effect?.kind === 'advanced' && f.effect.value === null) continue;
    for (const [slot] of writes(f)) seen.set(slot, (seen.get(slot) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([s]) => s);
}

/** Slots the findings' raw commands give different values. */
function conflicting(findings: readonly Finding[]): string[] {
  const values = new Map<string, Set<string>>();
  for (const f of findings) for (const fix of f.fix ?? []) for (const [slot, v] of writes(fix)) values.set(slot, (values.get(slot) ?? new Set()).add(v));
  return [...values].filter(([, v]) => v.size > 1).map(([s]) => s);
}

describe('every rule fix has a model effect', () => {
  const commands: { rule: string; fix: FixCommand }[] = [];
  const collect = (hosts: Host[], simulate?: (h: Host) => unknown): void => {
    for (const f of lint(hosts, simulate).findings) for (const fix of f.fix ?? []) commands.push({ rule: f.ruleId, fix });
  };
  for (const p of fixturePaths()) collect(fixtureCase(p).hosts);
  for (const c of exampleCases()) collect(c.hosts, c.simulate);
  const lbfo = fixtureCase(LBFO).hosts;
  collect(lbfo, withTraffic(lbfo, PROFILE).simulate);
  // set-team-invalid's commands: a SET team of 9 members on an LBFO algorithm.
  const nine = Array.from({ length: 9 }, (_, i) => `NIC${i + 1}`);
  const big = host('HVS').release('2022').lps(32, true);
  for (const n of nine) big.adapter(n, (a) => a.description('Intel(R) Ethernet Controller X710').driver('Intel', '1.0'));
  collect([big.setSwitch('SETswitch', nine, { lb: 'TransportPorts' }).build()]);
  // live-migration-vmq-fallback's: a 1 GbE uplink with VMQ off where a peer's switch uses VMQ.
  const peer = (name: string, on: boolean, gbps: number): Host =>
    host(name)
      .release('2019')
      .lps(16, true)
      .adapter('NIC1', (a) => a.speed(gbps).vmq({ enabled: on, base: 2, max: 14, maxProcessors: 4, queues: 8 }).queue(1, [2], 'VM1'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
  collect([peer('HVA', false, 1), peer('HVB', true, 10)]);

  it('no command lacks an effect', () => {
    expect(commands.length).toBeGreaterThan(50);
    expect(commands.filter((c) => c.fix.effect === undefined).map((c) => `${c.rule}: ${c.fix.command}`)).toEqual([]);
  });
  it('the corpus reaches every rule that documents a fix command', () => {
    const withCommands = new Set(commands.map((c) => c.rule));
    // input-not-understood documents a re-export, not a command.
    const expected = rules.filter((r) => r.meta.id !== 'input-not-understood').map((r) => r.meta.id);
    expect(expected.filter((id) => !withCommands.has(id))).toEqual([]);
  });
});

describe('lint --traffic on the 2012 R2 sample host (the issue 8 reproductions)', () => {
  const hosts = fixtureCase(LBFO).hosts;
  const { simulate } = withTraffic(hosts, PROFILE);
  const result = lint(hosts, simulate);
  const findings = result.findings.filter((f) => f.suppressed === null && (f.fix?.length ?? 0) > 0);
  const plan = buildHostPlan(findings);
  const fixes = planCommands(plan);

  it('the findings ask for different values of one NIC (team plan vs widening), and the plan sets each value once', () => {
    expect(conflicting(findings)).toEqual(expect.arrayContaining(['Ethernet 3/processors/maxProcessors', 'Ethernet 4/processors/maxProcessors']));
    expect(twice(fixes)).toEqual([]);
    // Precedence 1: the disjoint team plan (six values) wins over the one-value widening.
    const e3 = fixes.filter((f) => f.effect?.kind === 'processors' && f.effect.adapter === 'Ethernet 3');
    expect(e3.map((f) => f.command)).toEqual(["Set-NetAdapterVmq -Name 'Ethernet 3' -BaseProcessorNumber 12 -MaxProcessorNumber 20 -MaxProcessors 5"]);
  });

  it('never lowers the management OS or a VM the profile does not name', () => {
    const named = new Set(PROFILE.vnics.map((v) => v.vm.toLowerCase()));
    const lowered = fixes.flatMap((f) => (f.effect?.kind === 'vmq-weight' ? [f.effect] : [])).filter((e) => {
      const v = hosts[0].vnics.find((x) => x.id === e.vnic)!;
      return e.value < (v.vmqWeight ?? 100) && (v.isManagementOs || !named.has((v.vmName ?? '').toLowerCase()));
    });
    expect(lowered).toEqual([]);
    // The idle VMs the profile names give up their queues; the busy ones keep a weight.
    expect(fixes.filter((f) => f.effect?.kind === 'vmq-weight').map((f) => f.command)).toEqual([
      "Set-VMNetworkAdapter -VMName 'VM01' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'VM02' -Name 'Network Adapter' -VmqWeight 0",
      "Set-VMNetworkAdapter -VMName 'VM08' -Name 'Network Adapter' -VmqWeight 100",
      "Set-VMNetworkAdapter -VMName 'VM09' -Name 'Network Adapter' -VmqWeight 100",
    ]);
  });

  it('converges: no finding that carried a fix remains and none appears', () => {
    const c = converge(hosts, simulate);
    const left = [...c.remaining, ...c.appeared].map((f) => `${f.ruleId} ${f.target.name} ${f.property}`).sort();
    expect(left).toEqual([]);
  });
});

describe('fast-check: random traffic profiles on the 2012 R2 sample host', () => {
  it('the plan sets each value once and never lowers the management OS or a VM the profile does not name', () => {
    const hosts = fixtureCase(LBFO).hosts;
    const vms = [...new Set(hosts[0].vnics.filter((v) => !v.isManagementOs && v.switchName === 'vSwitch-LBFO').map((v) => v.vmName!))].sort();
    // VM01-VM07 hold the queues in the export, VM08-VM12 wait on the default queue.
    const gbps = fc.oneof(fc.constant(0.01), fc.constant(0), fc.double({ min: 0, max: 8, noNaN: true }));
    const pick = (names: string[]) => fc.subarray(names, { minLength: 1 }).chain((vs) => fc.tuple(...vs.map((vm) => gbps.map((g) => ({ vm, gbps: g })))));
    let lowered = 0;
    fc.assert(
      fc.property(fc.tuple(pick(vms.slice(0, 7)), pick(vms.slice(7))), ([holders, waiting]) => {
        const vnics = [...holders, ...waiting];
        const profile = { durationSeconds: 10, vnics };
        const result = lint(hosts, withTraffic(hosts, profile).simulate);
        const fixes = planCommands(buildHostPlan(result.findings.filter((f) => f.suppressed === null && (f.fix?.length ?? 0) > 0)));
        expect(twice(fixes)).toEqual([]);
        const named = new Set(vnics.map((v) => v.vm.toLowerCase()));
        for (const f of fixes) {
          if (f.effect?.kind !== 'vmq-weight') continue;
          const e = f.effect;
          const v = hosts[0].vnics.find((x) => x.id === e.vnic)!;
          if (e.value >= (v.vmqWeight ?? 100)) continue;
          lowered++;
          expect(!v.isManagementOs && named.has((v.vmName ?? '').toLowerCase()), f.command).toBe(true);
        }
      }),
      { numRuns: 25, seed: 8 },
    );
    // The profiles did make the plan release queues (the check above ran).
    expect(lowered).toBeGreaterThan(0);
  });
});

describe('without a traffic profile', () => {
  it('VmqWeight 0 goes only to the VM vNICs vmq-queues-exhausted names, never the management OS', () => {
    const hosts = fixtureCase(LBFO).hosts;
    const result = lint(hosts);
    const exhausted = result.findings.find((f) => f.ruleId === 'vmq-queues-exhausted')!;
    const plan = buildHostPlan(result.findings.filter((f) => f.host === hosts[0].name && (f.fix?.length ?? 0) > 0));
    const zero = planCommands(plan).flatMap((f) => (f.effect?.kind === 'vmq-weight' && f.effect.value === 0 ? [f.effect.vnic] : []));
    const suggested = new Set(exhausted.evidence['suggested'] as string[]);
    expect(zero.length).toBeGreaterThan(0);
    for (const id of zero) {
      const v = hosts[0].vnics.find((x) => x.id === id)!;
      expect(v.isManagementOs).toBe(false);
      expect(suggested.has(`${v.vmName}/${v.name}`)).toBe(true);
    }
  });
  it('proposes no VmqWeight 0 when only the management OS vNIC could free the queue', () => {
    const h = host('HVQ')
      .release('2019')
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4, queues: 1 }))
      .vswitch('vSwitch', ['NIC1'], { availableVMQueues: 1 })
      .vnic(null, 'vSwitch', 'vSwitch', { vmqWeight: 100 })
      .vnic(null, 'Storage', 'vSwitch', { vmqWeight: 100 })
      .vnic('VM1', 'Network Adapter', 'vSwitch', { vmqWeight: 100 })
      .build();
    const f = lint([h]).findings.find((x) => x.ruleId === 'vmq-queues-exhausted');
    expect(f).toBeDefined();
    expect((f!.fix ?? []).map((x) => x.command)).toEqual([]);
  });
});

describe('precedence', () => {
  const base = lint(fixtureCase(LBFO).hosts).findings.slice(0, 4);
  const finding = (i: number, fix: FixCommand[]): Finding => ({ ...base[i], fix });
  const proc = (adapter: string, via: 'vmq' | 'rss' | 'keywords', values: Record<string, number>, command: string): FixCommand => ({
    command,
    disruption: 'adapter restart',
    phase: 20,
    effect: { kind: 'processors', adapter, via, values },
  });
  const steps = (p: HostPlan): string[] => p.steps.map((s) => s.fix.command);

  it('VMQ, RSS and keyword commands for one NIC become one command (they write the same *Rss* keywords)', () => {
    const p = buildHostPlan([
      finding(0, [proc('NIC1', 'vmq', { baseNumber: 2, maxNumber: 10, maxProcessors: 4 }, "Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessorNumber 10 -MaxProcessors 4")]),
      finding(1, [proc('NIC1', 'rss', { baseNumber: 4 }, "Set-NetAdapterRss -Name 'NIC1' -BaseProcessorNumber 4")]),
      finding(2, [proc('NIC1', 'keywords', { maxProcessors: 2 }, "Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*MaxRssProcessors' -RegistryValue 2")]),
    ]);
    expect(steps(p)).toEqual(["Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessorNumber 10 -MaxProcessors 4"]);
    expect(p.steps[0].findings).toHaveLength(3);
  });
  it('a raise of VmqWeight wins over a lower; VMQ off wins over on', () => {
    const w = (value: number): FixCommand => ({ command: `Set-VMNetworkAdapter -VMName 'A' -Name 'N' -VmqWeight ${value}`, disruption: 'none', phase: 60, effect: { kind: 'vmq-weight', vnic: 'a/n', value } });
    expect(steps(buildHostPlan([finding(0, [w(0)]), finding(1, [w(100)])]))).toEqual(["Set-VMNetworkAdapter -VMName 'A' -Name 'N' -VmqWeight 100"]);
    const on: FixCommand = { command: "Enable-NetAdapterVmq -Name 'NIC3'", disruption: 'x', phase: 30, effect: { kind: 'offload', adapter: 'NIC3', feature: 'vmq', enabled: true } };
    const off: FixCommand = { command: "Disable-NetAdapterVmq -Name 'NIC3'", disruption: 'x', phase: 30, effect: { kind: 'offload', adapter: 'NIC3', feature: 'vmq', enabled: false } };
    expect(steps(buildHostPlan([finding(0, [on]), finding(1, [off])]))).toEqual(["Disable-NetAdapterVmq -Name 'NIC3'"]);
  });
  it('a retype carries the value another finding sets', () => {
    const remove: FixCommand = { command: "Remove-NetAdapterAdvancedProperty -Name 'E3' -RegistryKeyword '*NumRssQueues' -AllProperties", disruption: 'x', phase: 30, effect: { kind: 'advanced', adapter: 'E3', keyword: '*NumRssQueues', value: null } };
    const create: FixCommand = { command: "New-NetAdapterAdvancedProperty -Name 'E3' -RegistryKeyword '*NumRssQueues' -RegistryValue '32' -RegistryDataType REG_SZ", disruption: 'x', phase: 30, effect: { kind: 'advanced', adapter: 'E3', keyword: '*NumRssQueues', value: '32', type: 'REG_SZ' } };
    const set: FixCommand = { command: "Set-NetAdapterAdvancedProperty -Name 'E3' -RegistryKeyword '*NumRssQueues' -RegistryValue 8", disruption: 'x', phase: 30, effect: { kind: 'advanced', adapter: 'E3', keyword: '*NumRssQueues', value: '8' } };
    expect(steps(buildHostPlan([finding(0, [remove, create]), finding(1, [set])]))).toEqual([
      "Remove-NetAdapterAdvancedProperty -Name 'E3' -RegistryKeyword '*NumRssQueues' -AllProperties",
      "New-NetAdapterAdvancedProperty -Name 'E3' -RegistryKeyword '*NumRssQueues' -RegistryValue '8' -RegistryDataType REG_SZ",
    ]);
  });
});
