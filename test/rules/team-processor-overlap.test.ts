import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/team-processor-overlap.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('team-processor-overlap', () => {
  it('fires on a SET team whose member sets overlap, with disjoint fixed sets', () => {
    const h = host()
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('SLOT 2 Port 2', (a) => a.vmq({ base: 6, max: 12, maxProcessors: 4 }))
      .setSwitch('SETswitch', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], { lb: 'Dynamic' })
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target.kind).toBe('team');
    expect(f.target.name).toBe('SETswitch');
    expect(f.message).toBe(
      "Team 'SETswitch' (SET Dynamic, Sum-of-Queues): member processor sets overlap: 'SLOT 2 Port 1' and 'SLOT 2 Port 2' share LP 6,8 ('SLOT 2 Port 1' LPs 2,4,6,8, 'SLOT 2 Port 2' LPs 6,8,10,12)",
    );
    expect(f.evidence.overlaps).toEqual([{ members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], lps: [6, 8], lpsText: '6,8' }]);
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2 -MaxProcessorNumber 6 -MaxProcessors 3",
      "Set-NetAdapterVmq -Name 'SLOT 2 Port 2' -BaseProcessorNumber 8 -MaxProcessorNumber 12 -MaxProcessors 3",
    ]);
    expect(f.fix?.every((c) => c.phase === 20 && c.disruption.startsWith('adapter restart'))).toBe(true);
    expect(f.locations.map((l) => l.pointer)).toContain('/SLOT 2 Port 2/BaseProcessorNumber');
  });

  it('uses per-core spreading, so the documented example overlaps (domain.md 3.2 rule 3)', () => {
    const h = host()
      .lps(8, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 6, maxProcessors: 2 }))
      .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'HyperVPort')
      .vswitch('vSwitch', ['Team1'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.evidence.overlaps).toEqual([{ members: ['NIC1', 'NIC2'], lps: [6], lpsText: '6' }]);
    expect(f.message).toContain('LBFO SwitchIndependent/HyperVPort, Sum-of-Queues');
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

  it('counts a shared core 0 as overlap (domain.md 3.2 rules 3 and 5; core 0 use itself is vmq-base-processor-zero)', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 0, maxProcessors: 1 }))
      .adapter('NIC2', (a) => a.vmq({ base: 0, max: 0, maxProcessors: 1 }))
      .setSwitch('SETswitch', ['NIC1', 'NIC2'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.evidence.overlaps).toEqual([{ members: ['NIC1', 'NIC2'], lps: [0], lpsText: '0' }]);
    expect(f.message).toContain("'NIC1' and 'NIC2' share LP 0 ");
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessorNumber 2 -MaxProcessors 1",
      "Set-NetAdapterVmq -Name 'NIC2' -BaseProcessorNumber 4 -MaxProcessorNumber 4 -MaxProcessors 1",
    ]);
  });

  it('lists LP 0 among the shared LPs when the sets overlap beyond core 0 too', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 6, maxProcessors: 4 }))
      .adapter('NIC2', (a) => a.vmq({ base: 0, max: 6, maxProcessors: 4 }))
      .setSwitch('SETswitch', ['NIC1', 'NIC2'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.evidence.overlaps).toEqual([{ members: ['NIC1', 'NIC2'], lps: [0, 2, 4, 6], lpsText: '0,2,4,6' }]);
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
});
