import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { rule } from '../../rules/vswitch-processor-overlap.js';
import { loadFiles } from '../../src/ingest/load.js';
import type { RuleReport } from '../../src/engine/types.js';
import type { Host } from '../../src/model/host.js';
import { findings, host, notApplicable, run, type HostBuilder } from '../helpers/host-builder.js';

type Vmq = { base: number; max?: number; maxProcessors?: number; numaNode?: number; dynamic?: boolean };

/** A 2012 R2 host with 16 LPs (HT) and one 10 GbE uplink per vSwitch: [switch, NIC, VMQ set]. */
function twoSwitches(sets: [string, string, Vmq][], lps = 16): HostBuilder {
  const b = host().release('2012R2').lps(lps, true);
  for (const [, nic, v] of sets) b.adapter(nic, (a) => a.vmq({ dynamic: true, ...v }));
  for (const [sw, nic] of sets) b.vswitch(sw, [nic]);
  return b;
}

/** Apply the sets a finding proposes to the model, as Set-NetAdapterVmq would. */
function applyProposed(h: Host, f: RuleReport): Host {
  const next = structuredClone(h);
  for (const p of f.evidence.proposed as { adapter: string; base: string; max: string; maxProcessors: number }[]) {
    const a = next.adapters.find((x) => x.name === p.adapter)!;
    a.vmq = { ...a.vmq!, baseProcessorGroup: Number(p.base.split(':')[0]), baseProcessorNumber: Number(p.base.split(':')[1]), maxProcessorNumber: Number(p.max.split(':')[1]), maxProcessors: p.maxProcessors };
  }
  return next;
}

/** Findings of every rule (traffic rules aside) as rule|target|property keys. */
async function allFindings(h: Host): Promise<string[]> {
  const out: string[] = [];
  for (const r of await loadRules()) {
    if (r.meta.needs?.includes('traffic')) continue;
    const o = run(r, h);
    if (Array.isArray(o)) for (const f of o) out.push(`${r.meta.id}|${f.target.id}|${f.property ?? ''}`);
  }
  return out.sort();
}

describe('vswitch-processor-overlap', () => {
  it('warns when two vSwitches\' Dynamic VMQ uplinks share cores, and moves the later switch onto free cores', () => {
    const h = twoSwitches([
      ['vSwitch-VM', 'SLOT 2 Port 1', { base: 2, max: 14, maxProcessors: 4 }],
      ['vSwitch-Backup', 'SLOT 2 Port 2', { base: 4, max: 14, maxProcessors: 4 }],
    ]).build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.severity).toBe('warning');
    expect(f.target.kind).toBe('host');
    expect(f.property).toBe('vmq.processorSets');
    expect(f.message).toBe(
      "VMQ processor sets overlap across vSwitches: 'SLOT 2 Port 2' (vSwitch 'vSwitch-Backup', LPs 4,6,8,10) and 'SLOT 2 Port 1' (vSwitch 'vSwitch-VM', LPs 2,4,6,8) share LP 4,6,8",
    );
    expect(String(f.evidence.severityReason)).toContain('do not configure dVMQ to use overlapping processor sets');
    // vSwitch-Backup comes first by name and keeps its set; vSwitch-VM's uplink takes the longest free run.
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 12 -MaxProcessorNumber 14 -MaxProcessors 2"]);
    expect(f.locations.map((l) => l.pointer)).toContain('/SLOT 2 Port 1/BaseProcessorNumber');
    expect(findings(run(rule, applyProposed(h, f)))).toEqual([]);
  });

  it('grades an overlap that exists only as Dynamic VMQ spreads (one LP per core) as info', () => {
    // Microsoft's NIC Teaming example shape: 8 LPs, base 2 with 4 processors and base 6 with 2.
    const h = twoSwitches(
      [
        ['vSwitch-A', 'NIC1', { base: 2, max: 7, maxProcessors: 4 }],
        ['vSwitch-B', 'NIC2', { base: 6, max: 7, maxProcessors: 2 }],
      ],
      8,
    ).build();
    const [f] = findings(run(rule, h));
    expect(f.severity).toBe('info');
  });

  it("stays quiet on the performance-tuning guide's disjoint sets, one NIC per vSwitch", () => {
    const h = twoSwitches([
      ['vSwitch-1', 'NIC1', { base: 2, max: 15, maxProcessors: 2 }],
      ['vSwitch-2', 'NIC2', { base: 6, max: 15, maxProcessors: 2 }],
      ['vSwitch-3', 'NIC3', { base: 10, max: 15, maxProcessors: 2 }],
      ['vSwitch-4', 'NIC4', { base: 14, max: 15, maxProcessors: 1 }],
    ]).build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it("leaves the members of one team to team-processor-overlap and compares them only with other switches' uplinks", () => {
    const b = host()
      .release('2012R2')
      .lps(16, true)
      .adapter('T1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 2, dynamic: true }))
      .adapter('T2', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 2, dynamic: true }))
      .lbfo('Team1', ['T1', 'T2'], 'SwitchIndependent', 'Dynamic')
      .vswitch('vSwitch-Team', ['Team1']);
    const quiet = b.adapter('NIC3', (a) => a.vmq({ base: 10, max: 14, maxProcessors: 2, dynamic: true })).vswitch('vSwitch-3', ['NIC3']).build();
    expect(findings(run(rule, quiet))).toEqual([]);
    quiet.adapters.find((a) => a.name === 'NIC3')!.vmq!.baseProcessorNumber = 4;
    const [f] = findings(run(rule, quiet));
    expect(f.message).toContain("'NIC3' (vSwitch 'vSwitch-3', LPs 4,6) and 'T1' (vSwitch 'vSwitch-Team', LPs 2,4) share LP 4");
    expect(f.message).not.toMatch(/'T1'[^;]*and 'T2'/);
  });

  it("gives a Min-Queues team's members one shared set and keeps every NIC on its NUMA node", async () => {
    const h = host()
      .release('2012R2')
      .lps(32, true)
      .numa([
        Array.from({ length: 16 }, (_, i) => i),
        Array.from({ length: 16 }, (_, i) => i + 16),
      ])
      .adapter('A1', (a) => a.numa(0).vmq({ base: 0, max: 31, dynamic: true }))
      .adapter('B1', (a) => a.numa(1).vmq({ base: 0, max: 31, dynamic: true }))
      .adapter('B2', (a) => a.numa(1).vmq({ base: 0, max: 31, dynamic: true }))
      .vswitch('vSwitch-A', ['A1'])
      .lbfo('TeamB', ['B1', 'B2'], 'Lacp', 'TransportPorts')
      .vswitch('vSwitch-B', ['TeamB'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.severity).toBe('warning');
    const proposed = f.evidence.proposed as { adapter: string; lps: string; base: string }[];
    // vSwitch-A covers every LP at defaults, so nothing is free: every uplink gets a new set.
    expect(proposed.map((p) => `${p.adapter}:${p.lps}`)).toEqual(['A1:2,4,6,8,10,12,14', 'B1:16,18,20,22,24,26,28,30', 'B2:16,18,20,22,24,26,28,30']);
    for (const c of f.fix ?? []) expect(c.command).not.toMatch(/-BaseProcessorNumber (0|1|\d*[13579]) /);
    const after = applyProposed(h, f);
    expect(findings(run(rule, after))).toEqual([]);
    const before = await allFindings(h);
    expect((await allFindings(after)).filter((k) => !before.includes(k))).toEqual([]);
  });

  it('creates no finding of any rule with its fix on the documented-style host', async () => {
    const h = twoSwitches([
      ['vSwitch-VM', 'SLOT 2 Port 1', { base: 2, max: 14, maxProcessors: 4 }],
      ['vSwitch-Backup', 'SLOT 2 Port 2', { base: 4, max: 14, maxProcessors: 4 }],
    ])
      .adapter('MGMT', (a) => a.rss({ base: 12, max: 14, maxProcessors: 2 }))
      .build();
    const [f] = findings(run(rule, h));
    // The host NIC's RSS set (LPs 12,14) is kept clear: only LP 2 is free next to the kept set.
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 2 -MaxProcessors 1"]);
    const before = await allFindings(h);
    expect((await allFindings(applyProposed(h, f))).filter((k) => !before.includes(k))).toEqual([]);
  });

  it("plans around the team rules' fixes, so no NIC gets two different sets", async () => {
    const teamHost = (nic3: { base: number; max: number; maxProcessors?: number }) =>
      host()
        .release('2012R2')
        .lps(16, true)
        .adapter('Ethernet 3', (a) => a.vmq({ base: 2, max: 14, dynamic: true }))
        .adapter('Ethernet 4', (a) => a.vmq({ base: 2, max: 14, dynamic: true }))
        .lbfo('Team1', ['Ethernet 3', 'Ethernet 4'], 'SwitchIndependent', 'Dynamic')
        .vswitch('vSwitch-LBFO', ['Team1'])
        .adapter('NIC3', (a) => a.vmq({ dynamic: true, ...nic3 }))
        .vswitch('vSwitch-1G', ['NIC3'])
        .build();
    // team-processor-overlap re-plans Team1 to LPs 2,4,6 and 8,10,12; NIC3 (2..14) moves to LP 14.
    const h = teamHost({ base: 2, max: 14 });
    const [f] = findings(run(rule, h));
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'NIC3' -BaseProcessorNumber 14 -MaxProcessorNumber 14 -MaxProcessors 1"]);
    // NIC3 on LP 14 overlaps the team now, but not once the team fix is applied: nothing to add.
    const [g] = findings(run(rule, teamHost({ base: 14, max: 14 })));
    expect(g.severity).toBe('warning');
    expect(g.fix).toEqual([]);
    expect(g.remediation).toContain('team-processor-overlap / team-processor-mismatch fixes for the teams involved already do');
  });

  it('fixes its documented example, read by the real loader, into the documented fixed sets without a new finding of any rule', async () => {
    const enc = new TextEncoder();
    const load = (files: Record<string, string>): Host => loadFiles(Object.entries(files).map(([path, text]) => ({ path, bytes: enc.encode(text) })), 'example').hosts[0];
    const h = load(rule.meta.docs.example.files);
    const [f] = findings(run(rule, h));
    expect(f.fix?.map((c) => c.command).join('\n')).toBe(rule.meta.docs.fix);
    const after = applyProposed(h, f);
    const fixed = load(rule.meta.docs.fixed.files);
    for (const name of ['SLOT 2 Port 1', 'SLOT 2 Port 2']) {
      const pick = (x: Host) => {
        const v = x.adapters.find((a) => a.name === name)!.vmq!;
        return [v.baseProcessorNumber, v.maxProcessorNumber, v.maxProcessors];
      };
      expect(pick(after), name).toEqual(pick(fixed));
    }
    const before = await allFindings(h);
    expect((await allFindings(after)).filter((k) => !before.includes(k))).toEqual([]);
  });

  it('counts only uplinks the vSwitch uses VMQ on, with Dynamic VMQ', () => {
    const slow = (b: HostBuilder) =>
      b
        .release('2012R2')
        .lps(16, true)
        .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4, dynamic: true }))
        .adapter('NIC2', (a) => a.speed(1).vmq({ base: 2, max: 14, maxProcessors: 4, dynamic: true }))
        .vswitch('vSwitch-A', ['NIC1'])
        .vswitch('vSwitch-B', ['NIC2']);
    expect(notApplicable(run(rule, slow(host()).build()))).toBe(
      "fewer than two vSwitches have uplinks that use Dynamic VMQ ('NIC2' (vSwitch 'vSwitch-B'): the vSwitch leaves VMQ off below 10 Gbps)",
    );
    expect(findings(run(rule, slow(host().vmsmp({ belowTenGig: 1 })).build())).map((f) => f.severity)).toEqual(['warning']);
    const staticVmq = twoSwitches([
      ['vSwitch-A', 'NIC1', { base: 2, max: 14, maxProcessors: 4 }],
      ['vSwitch-B', 'NIC2', { base: 2, max: 14, maxProcessors: 4, dynamic: false }],
    ]).build();
    expect(notApplicable(run(rule, staticVmq))).toMatch(/'NIC2' \(vSwitch 'vSwitch-B'\): DynamicProcessorAffinityChangeSupported is False/);
  });

  it('is not applicable with one vSwitch or none, and applies to 2012 and 2012 R2 only', () => {
    const one = host().release('2012R2').lps(16, true).adapter('NIC1', (a) => a.vmq({ base: 2 })).vswitch('vSwitch', ['NIC1']).build();
    expect(notApplicable(run(rule, one))).toBe('fewer than two vSwitches have uplinks that use Dynamic VMQ');
    expect(notApplicable(run(rule, host().release('2012R2').build()))).toBe('no vSwitch exported (Get-VMSwitch)');
    expect(rule.meta.releases).toEqual(['2012', '2012R2']);
    expect(rule.meta.defaultSeverity).toBe('warning');
  });
});
