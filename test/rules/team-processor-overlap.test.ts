import { describe, expect, it } from 'vitest';
import { ExampleHost, X710 } from '../../rules/lib/examples.js';
import { rule } from '../../rules/team-processor-overlap.js';
import { rule as mismatch } from '../../rules/team-processor-mismatch.js';
import { loadFiles } from '../../src/ingest/load.js';
import type { Release } from '../../src/model/host.js';
import { findings, host, notApplicable, run, type HostBuilder } from '../helpers/host-builder.js';

/** Two 10 GbE members of an LBFO Switch-Independent/Dynamic team under vSwitch 'vSwitch'. */
function lbfoHost(release: Release, first: { base: number; max?: number; maxProcessors?: number }, second: { base: number; max?: number; maxProcessors?: number }, lps = 16): HostBuilder {
  return host()
    .release(release)
    .lps(lps, true)
    .adapter('SLOT 2 Port 1', (a) => a.vmq(first))
    .adapter('SLOT 2 Port 2', (a) => a.vmq(second))
    .lbfo('Team1', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], 'SwitchIndependent', 'Dynamic')
    .vswitch('vSwitch', ['Team1']);
}

describe('team-processor-overlap', () => {
  it('fires as an error on an LBFO Sum-of-Queues team under a vSwitch on 2012 R2 whose sets overlap as configured (event 106)', () => {
    const h = lbfoHost('2012R2', { base: 2, max: 14, maxProcessors: 4 }, { base: 4, max: 14, maxProcessors: 4 }).build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.severity).toBe('error');
    expect(f.target).toMatchObject({ kind: 'team', name: 'Team1' });
    expect(f.message).toBe(
      "Team 'Team1' (LBFO SwitchIndependent/Dynamic, Sum-of-Queues): member processor sets overlap: 'SLOT 2 Port 1' and 'SLOT 2 Port 2' share LP 4,6,8 ('SLOT 2 Port 1' LPs 2,4,6,8, 'SLOT 2 Port 2' LPs 4,6,8,10)",
    );
    expect(f.evidence.overlaps).toEqual([{ members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], lps: [4, 6, 8], lpsText: '4,6,8', configuredLps: '4,5' }]);
    expect(String(f.evidence.severityReason)).toMatch(/event 106 \(https:\/\/support\.microsoft\.com\/kb\/2974384\)/);
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 6 -MaxProcessors 3",
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 8 -MaxProcessorNumber 12 -MaxProcessors 3",
    ]);
    expect(f.fix?.every((c) => c.phase === 20 && c.disruption.startsWith('adapter restart'))).toBe(true);
    expect(f.locations.map((l) => l.pointer)).toContain('/SLOT 2 Port 2/BaseProcessorNumber');
  });

  it('grades the same LBFO overlap a warning on 2016 and later and on an unknown release (no event 106 there)', () => {
    for (const release of ['2012', '2016', '2019', '2022', 'unknown'] as Release[]) {
      const h = lbfoHost(release, { base: 2, max: 14, maxProcessors: 4 }, { base: 4, max: 14, maxProcessors: 4 }).build();
      const [f] = findings(run(rule, h));
      expect(`${release}:${f.severity}`).toBe(`${release}:${release === '2012' ? 'error' : 'warning'}`);
    }
  });

  it("raises only info on the NIC Teaming docs' Sum-of-Queues example (4 cores / 8 LPs; base 2 with 4, base 6 with 2), on 2012 R2 and 2016", () => {
    // https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming, "Virtual
    // Machine Queues (VMQs)"; domain.md 3.2 rule 3 DOC-CONFLICT: as spread one LP per core they share LP 6.
    for (const release of ['2012R2', '2016'] as Release[]) {
      const h = host()
        .release(release)
        .lps(8, true)
        .adapter('NIC1', (a) => a.vmq({ base: 2, max: 7, maxProcessors: 4 }))
        .adapter('NIC2', (a) => a.vmq({ base: 6, max: 7, maxProcessors: 2 }))
        .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'HyperVPort')
        .vswitch('vSwitch', ['Team1'])
        .build();
      const [f, ...rest] = findings(run(rule, h));
      expect(rest).toHaveLength(0);
      expect(f.severity, release).toBe('info');
      expect(f.evidence.overlaps).toEqual([{ members: ['NIC1', 'NIC2'], lps: [6], lpsText: '6', configuredLps: '' }]);
      expect(String(f.evidence.severityReason)).toMatch(/as in Microsoft's own Sum-of-Queues example/);
    }
  });

  it("raises only info on the SET guide's example (the same 8-LP sets, which the guide calls non-overlapping)", () => {
    // https://learn.microsoft.com/windows-server/virtualization/hyper-v-virtual-switch/rdma-and-switch-embedded-teaming, "SET and VMQs".
    for (const release of ['2016', '2019', '2022'] as Release[]) {
      const h = host()
        .release(release)
        .lps(8, true)
        .adapter('NIC1', (a) => a.vmq({ base: 2, max: 7, maxProcessors: 4 }))
        .adapter('NIC2', (a) => a.vmq({ base: 6, max: 7, maxProcessors: 2 }))
        .setSwitch('SETswitch', ['NIC1', 'NIC2'])
        .build();
      const [f, ...rest] = findings(run(rule, h));
      expect(rest).toHaveLength(0);
      expect(f.severity, release).toBe('info');
    }
  });

  it('grades any SET overlap as info, even a full one (the SET guide calls non-overlap advice)', () => {
    const h = host()
      .release('2019')
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('SLOT 2 Port 2', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .setSwitch('SETswitch', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], { lb: 'Dynamic' })
      .build();
    const [f] = findings(run(rule, h));
    expect(f.severity).toBe('info');
    expect(f.message).toContain("Team 'SETswitch' (SET Dynamic, Sum-of-Queues)");
    expect(String(f.evidence.severityReason)).toMatch(/to the extent that it's practical/);
  });

  it("stays quiet on the performance-tuning guide's Sum-of-Queues example configurations (2012 R2)", () => {
    // Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ: "Sum example configuration",
    // *RssBaseProcNumber,*MaxRssProcessors: 8 LPs HT NIC1=2,1 NIC2=4,1 NIC3=6,1; 16 LPs HT NIC1=2,2 NIC2=6,2 NIC3=10,2 NIC4=14,1.
    const cases: [number, [number, number][]][] = [
      [8, [[2, 1], [4, 1], [6, 1]]],
      [16, [[2, 2], [6, 2], [10, 2], [14, 1]]],
    ];
    for (const [lps, nics] of cases) {
      const b = host().release('2012R2').lps(lps, true);
      const names = nics.map((_, i) => `NIC${i + 1}`);
      nics.forEach(([base, count], i) => b.adapter(names[i], (a) => a.vmq({ enabled: true }).adv('*RssBaseProcNumber', String(base)).adv('*MaxRssProcessors', String(count))));
      const h = b.lbfo('Team1', names, 'SwitchIndependent', 'HyperVPort').vswitch('vSwitch', ['Team1']).build();
      expect(findings(run(rule, h)), `${lps} LPs`).toEqual([]);
    }
  });

  it('stays quiet on disjoint sets', () => {
    const h = host()
      .lps(16, false)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 9, max: 15, maxProcessors: 4 }))
      .setSwitch('SETswitch', ['NIC1', 'NIC2'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it("keeps each member on its NUMA node and, on 2012 R2, clear of another vSwitch's uplink", () => {
    const h = host()
      .release('2012R2')
      .lps(32, true)
      .numa([
        Array.from({ length: 16 }, (_, i) => i),
        Array.from({ length: 16 }, (_, i) => i + 16),
      ])
      .adapter('T1', (a) => a.numa(1).vmq({ base: 16, max: 30 }))
      .adapter('T2', (a) => a.numa(1).vmq({ base: 16, max: 30 }))
      .lbfo('Team1', ['T1', 'T2'], 'SwitchIndependent', 'Dynamic')
      .vswitch('vSwitch', ['Team1']);
    const alone = findings(run(rule, h.build()))[0];
    expect((alone.evidence.proposed as { lps: string }[]).map((p) => p.lps)).toEqual(['16,18,20,22', '24,26,28,30']);
    const withOther = h.adapter('NIC3', (a) => a.numa(1).vmq({ base: 24, max: 30 })).vswitch('vSwitch-2', ['NIC3']).build();
    const [f] = findings(run(rule, withOther));
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-NetAdapterVmq -Name 'T1' -BaseProcessorNumber 16 -MaxProcessorNumber 18 -MaxProcessors 2",
      "Set-NetAdapterVmq -Name 'T2' -BaseProcessorNumber 20 -MaxProcessorNumber 22 -MaxProcessors 2",
    ]);
  });

  it('counts a shared core 0 as overlap (domain.md 3.2 rules 3 and 5; core 0 use itself is vmq-base-processor-zero)', () => {
    const h = lbfoHost('2012R2', { base: 0, max: 0, maxProcessors: 1 }, { base: 0, max: 0, maxProcessors: 1 }).build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.severity).toBe('error');
    expect(f.evidence.overlaps).toEqual([{ members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], lps: [0], lpsText: '0', configuredLps: '0' }]);
    expect(f.message).toContain("'SLOT 2 Port 1' and 'SLOT 2 Port 2' share LP 0 ");
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 2 -MaxProcessors 1",
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 4 -MaxProcessorNumber 4 -MaxProcessors 1",
    ]);
  });

  it('lists LP 0 among the shared LPs when the sets overlap beyond core 0 too', () => {
    const h = lbfoHost('2012R2', { base: 0, max: 6, maxProcessors: 4 }, { base: 0, max: 6, maxProcessors: 4 }).build();
    const [f] = findings(run(rule, h));
    expect(f.evidence.overlaps).toEqual([{ members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], lps: [0, 2, 4, 6], lpsText: '0,2,4,6', configuredLps: '0-3' }]);
  });

  it('is not applicable to a host-only team (no vSwitch bound to it), naming the team', () => {
    const h = host()
      .release('2012R2')
      .lps(16, true)
      .adapter('MGMT1', (a) => a.vmq({ base: 0, max: 15 }))
      .adapter('MGMT2', (a) => a.vmq({ base: 0, max: 15 }))
      .lbfo('Mgmt', ['MGMT1', 'MGMT2'], 'SwitchIndependent', 'Dynamic')
      .adapter('NIC3')
      .vswitch('vSwitch', ['NIC3'])
      .build();
    expect(notApplicable(run(rule, h))).toBe(
      "team 'Mgmt' is not bound to a Hyper-V vSwitch (a host-only team: member processor sets matter only under a vSwitch bound to the team, KB2974384)",
    );
    const noSwitch = host().lps(16, true).adapter('A', (a) => a.vmq({ base: 0 })).adapter('B', (a) => a.vmq({ base: 0 })).lbfo('T', ['A', 'B']).build();
    expect(notApplicable(run(rule, noSwitch))).toBe("team 'T': no vSwitch exported (Get-VMSwitch), so whether a Hyper-V vSwitch is bound to it is unknown");
  });

  it('is not applicable to a vSwitch on 1 GbE members, where the vSwitch leaves VMQ off', () => {
    const h = host()
      .release('2012R2')
      .lps(16, true)
      .adapter('NIC1', (a) => a.speed(1).vmq({ base: 0, max: 15 }))
      .adapter('NIC2', (a) => a.speed(1).vmq({ base: 0, max: 15 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'Dynamic')
      .vswitch('vSwitch', ['Team1'])
      .build();
    expect(notApplicable(run(rule, h))).toBe("vSwitch 'vSwitch' does not use VMQ on the members of team 'Team1' ('NIC1', 'NIC2': the vSwitch leaves VMQ off below 10 Gbps)");
  });

  it('applies below 10 Gbps when BelowTenGigVmqEnabled=1 or Get-NetAdapterVmqQueue shows VM queues', () => {
    const slow = (extra: (b: HostBuilder) => HostBuilder, queues: boolean) =>
      extra(
        host()
          .release('2012R2')
          .lps(16, true)
          .adapter('NIC1', (a) => {
            a.speed(1).vmq({ base: 0, max: 15 });
            if (queues) a.queue(1, [2], 'VM01');
          })
          .adapter('NIC2', (a) => {
            a.speed(1).vmq({ base: 0, max: 15 });
            if (queues) a.queue(1, [4], 'VM02');
          }),
      )
        .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'Dynamic')
        .vswitch('vSwitch', ['Team1'])
        .build();
    expect(findings(run(rule, slow((b) => b.vmsmp({ belowTenGig: 1 }), false))).map((f) => f.severity)).toEqual(['error']);
    expect(findings(run(rule, slow((b) => b, true))).map((f) => f.severity)).toEqual(['error']);
  });

  it('skips an out-of-scope team while judging the others on the host', () => {
    const h = lbfoHost('2012R2', { base: 2, max: 14, maxProcessors: 4 }, { base: 4, max: 14, maxProcessors: 4 })
      .adapter('MGMT1', (a) => a.vmq({ base: 0, max: 15 }))
      .adapter('MGMT2', (a) => a.vmq({ base: 0, max: 15 }))
      .lbfo('Mgmt', ['MGMT1', 'MGMT2'], 'SwitchIndependent', 'Dynamic')
      .build();
    expect(findings(run(rule, h)).map((f) => f.target.name)).toEqual(['Team1']);
  });

  it('is not applicable to Min-Queues teams or without teams', () => {
    const min = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2 }))
      .adapter('NIC2', (a) => a.vmq({ base: 2 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'Lacp', 'TransportPorts')
      .build();
    expect(notApplicable(run(rule, min))).toBe('no Sum-of-Queues team (SET, or LBFO Switch-Independent with HyperVPort or Dynamic)');
    expect(notApplicable(run(rule, host().build()))).toBe('no team exported (Get-NetLbfoTeam or Get-VMSwitchTeam)');
  });

  it('is not applicable when the members have no VMQ sets', () => {
    const h = host().lps(16, true).adapter('NIC1').adapter('NIC2').setSwitch('S', ['NIC1', 'NIC2']).build();
    expect(notApplicable(run(rule, h))).toMatch(/^no VMQ processor sets exported for the members of 'S'/);
  });

  it("grades Microsoft's documented examples, exported and read by the real loader, info at most", () => {
    // 4 cores / 8 LPs, two 10 GbE NICs: base 2 using 4 cores and base 6 using 2 (NIC Teaming docs and
    // SET guide); Get-NetAdapterVmq reports MaxProcessorNumber 7 when none was set.
    const files = (release: '2012R2' | '2016' | '2019', team: 'lbfo' | 'set') => {
      const e = new ExampleHost('HV01', release, { logical: 8, cores: 4 })
        .nic(...X710)
        .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 7, MaxProcessors: 4 })
        .vmq(X710[1].name, { BaseProcessorNumber: 6, MaxProcessorNumber: 7, MaxProcessors: 2 });
      if (team === 'lbfo') e.lbfoTeam('Team1', [X710[0].name, X710[1].name], 'SwitchIndependent', 'HyperVPort').vmSwitch('vSwitch', ['Team1']);
      else e.vmSwitch('SETswitch', [X710[0].name, X710[1].name]).setTeam('SETswitch', [X710[0].name, X710[1].name]);
      return e.files();
    };
    const cases: ['2012R2' | '2016' | '2019', 'lbfo' | 'set'][] = [['2012R2', 'lbfo'], ['2016', 'lbfo'], ['2016', 'set'], ['2019', 'set']];
    for (const [release, team] of cases) {
      const enc = new TextEncoder();
      const loaded = loadFiles(Object.entries(files(release, team)).map(([path, text]) => ({ path, bytes: enc.encode(text) })), 'example');
      expect(loaded.failures).toEqual([]);
      const h = loaded.hosts[0];
      const graded = [rule, mismatch].flatMap((r) => {
        const o = run(r, h);
        return Array.isArray(o) ? o.map((f) => f.severity) : [];
      });
      expect(graded, `${release} ${team}`).toEqual(['info']);
    }
  });

  it('documents the fix and the grade its example really gets (error: LBFO on 2012 R2)', () => {
    const enc = new TextEncoder();
    const h = loadFiles(Object.entries(rule.meta.docs.example.files).map(([path, text]) => ({ path, bytes: enc.encode(text) })), 'example').hosts[0];
    const [f] = findings(run(rule, h));
    expect(f.severity).toBe('error');
    expect(f.fix?.map((c) => c.command).join('\n')).toBe(rule.meta.docs.fix);
  });

  it('declares its situational severities for `rules` and `explain`', () => {
    expect(rule.meta.defaultSeverity).toBe('error');
    expect(rule.meta.situational?.map((s) => s.severity)).toEqual(['error', 'warning', 'info', 'info']);
  });
});
