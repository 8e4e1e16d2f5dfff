import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-base-processor-zero.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-base-processor-zero', () => {
  it('fires on a vSwitch uplink whose VMQ set starts at LP 0 on an HT host', () => {
    const h = host()
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.property).toBe('vmq.baseProcessorNumber');
    expect(f.message).toBe(
      'SLOT 2 Port 1: VMQ set LPs 0,2,4,6 (base 0:0, max 0:14, MaxProcessors 4) includes core 0 (LP 0,1) on a hyper-threaded host; start it at LP 2 or higher',
    );
    expect(f.evidence).toMatchObject({ coreZeroLps: [0, 1], suggestedBase: 2, hyperThreading: true });
    expect(f.fix).toMatchObject([
      { command: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2", disruption: 'adapter restart: link drops for a few seconds', phase: 20 },
    ]);
    expect(f.remediation).toContain("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2");
    expect(f.locations[0]).toMatchObject({ file: 'Get-NetAdapterVmq.json', pointer: '/SLOT 2 Port 1/BaseProcessorNumber' });
  });

  it('treats LP 1 as core 0 on an HT host but not without HT', () => {
    const make = (ht: boolean) =>
      host()
        .lps(16, ht)
        .adapter('NIC1', (a) => a.vmq({ base: 1, max: 15 }))
        .vswitch('vSwitch', ['NIC1'])
        .build();
    expect(findings(run(rule, make(true)))).toHaveLength(1);
    expect(findings(run(rule, make(false)))).toHaveLength(0);
    // The per-core LPs the message lists skip LP 1, so it says why LP 1 still counts.
    expect(findings(run(rule, make(true)))[0].message).toBe(
      'NIC1: VMQ set LPs 2,4,6,8,10,12,14 (base 0:1, max 0:15) starts at LP 1, on core 0 of a hyper-threaded host: spreading skips it, but the base processor and static queue placement use it; start it at LP 2 or higher',
    );
  });

  it('assumes hyper-threading when the layout is unknown', () => {
    const h = host()
      .lps(16, undefined)
      .adapter('NIC1', (a) => a.vmq({ base: 1, max: 15 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.message).toContain('hyper-threading is unknown (assumed on)');
  });

  it('checks the RSS set of a NIC outside any vSwitch, through the keywords', () => {
    const h = host()
      .lps(8, false)
      .adapter('Mgmt', (a) => a.adv('*RssBaseProcNumber', '0').adv('*MaxRssProcessors', '4'))
      .adapter('VM1', (a) => a.vmq({ base: 2 }))
      .vswitch('vSwitch', ['VM1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.property).toBe('*RssBaseProcNumber');
    expect(f.message).toMatch(/^Mgmt: RSS set LPs 0-3 /);
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'Mgmt' -RegistryKeyword '*RssBaseProcNumber' -RegistryValue 1");
  });

  it('stays quiet when the set starts at an even LP >= 2', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('ignores a disabled VMQ set under a vSwitch', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ enabled: false, base: 0 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(notApplicable(run(rule, h))).toMatch(/no VMQ or RSS processor set/);
  });

  it('is not applicable without processor data', () => {
    const h = host().lps(16, true).adapter('NIC1').build();
    expect(notApplicable(run(rule, h))).toBe(
      'no VMQ or RSS processor set exported (Get-NetAdapterVmq, Get-NetAdapterRss or the *Rss* processor keywords)',
    );
  });
});

describe('vmq-base-processor-zero severity by situation', () => {
  it('grades the RSS set of a NIC outside any vSwitch at NDIS defaults as info (the guidance is for VMQ sets and teams)', () => {
    const h = host()
      .lps(16, true)
      .adapter('MGMT', (a) => a.rss({ enabled: true, base: 0 }))
      .adapter('NIC1', (a) => a.vmq({ base: 0, max: 14, maxProcessors: 4 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h)).map((f) => `${f.target.name}:${f.severity ?? 'default'}`)).toEqual(['MGMT:info', 'NIC1:default']);
  });

  it('grades a SET member on 2019 and later with Dynamic VMMQ on as info, and not before 2019, on LBFO or with VMMQ off', () => {
    const setHost = (release: '2016' | '2019' | '2022', vmmq?: string) =>
      host()
        .release(release)
        .lps(16, true)
        .adapter('NIC1', (a) => (vmmq === undefined ? a.vmq({ base: 0 }) : a.vmq({ base: 0 }).adv('*RssOnHostVPorts', vmmq)))
        .adapter('NIC2', (a) => (vmmq === undefined ? a.vmq({ base: 0 }) : a.vmq({ base: 0 }).adv('*RssOnHostVPorts', vmmq)))
        .setSwitch('SETswitch', ['NIC1', 'NIC2'])
        .build();
    const grades = (h: ReturnType<typeof setHost>) => findings(run(rule, h)).map((f) => f.severity ?? 'default');
    expect(grades(setHost('2019'))).toEqual(['info', 'info']);
    expect(grades(setHost('2022', '1'))).toEqual(['info', 'info']);
    expect(grades(setHost('2016'))).toEqual(['default', 'default']);
    expect(grades(setHost('2022', '0'))).toEqual(['default', 'default']);
    const lbfo = host()
      .release('2019')
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 0 }))
      .adapter('NIC2', (a) => a.vmq({ base: 0 }))
      .lbfo('Team1', ['NIC1', 'NIC2'])
      .vswitch('vSwitch', ['Team1'])
      .build();
    expect(grades(lbfo)).toEqual(['default', 'default']);
  });
});
