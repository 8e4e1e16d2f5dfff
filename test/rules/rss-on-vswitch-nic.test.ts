import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/rss-on-vswitch-nic.js';
import { rule as slowNic } from '../../rules/vmq-on-slow-nic.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('rss-on-vswitch-nic', () => {
  it('fires on a host NIC whose RSS set overlaps a VMQ set, and proposes a free set', () => {
    const h = host()
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('Embedded LOM 1 Port 1', (a) => a.rss({ base: 4, max: 14, maxProcessors: 2 }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'Embedded LOM 1 Port 1' });
    expect(f.message).toBe(
      "Embedded LOM 1 Port 1: RSS set LPs 4,6 (base 0:4, max 0:14, MaxProcessors 2) shares LP 4,6 with the VMQ set of 'SLOT 2 Port 1' (LPs 2,4,6,8)",
    );
    expect((f.evidence.overlaps as { lps: number[] }[])[0].lps).toEqual([4, 6]);
    expect(f.fix?.[0].command).toBe("Set-NetAdapterRss -Name 'Embedded LOM 1 Port 1' -BaseProcessorNumber 10 -MaxProcessorNumber 12 -MaxProcessors 2");
    expect(f.locations[0].pointer).toBe('/Embedded LOM 1 Port 1/BaseProcessorNumber');
  });

  it("stays quiet on a 1 GbE vSwitch NIC with RSS on and VMQ off: Microsoft's recommended setup", () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(1).adv('*RSS', '1').adv('*VMQ', '0'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
    expect(findings(run(slowNic, h))).toEqual([]);
  });

  it('gives advice (info) when the link speed of such a NIC was not exported', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*RSS', '1').adv('*VMQ', '0'))
      .vswitch('vSwitch', ['NIC1'])
      .edit((x) => {
        delete x.adapters[0].linkSpeedBps;
      })
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toEqual([]);
    expect(f.severity).toBe('info');
    expect(f.message).toBe(
      "NIC1 under vSwitch 'vSwitch' has *RSS on and VMQ off: the vSwitch disables RSS on its NICs, so all receive work lands on one core (fine below 10 Gbps; the link speed was not exported)",
    );
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*VMQ' -RegistryValue 1");
  });

  it('grades an RSS set at NDIS defaults that spans the VMQ cores as info, a configured one as the default', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('Mgmt', (a) => a.rss({ enabled: true, base: 0 }))
      .adapter('Smb', (a) => a.rss({ enabled: true, base: 4, max: 14, maxProcessors: 4 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h)).map((f) => `${f.target.name}:${f.severity ?? 'default'}`)).toEqual(['Mgmt:info', 'Smb:default']);
  });

  it('leaves 10 GbE uplinks with VMQ off to vmq-disabled-on-uplink', () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(10).adv('*RSS', '1').adv('*VMQ', '0'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('stays quiet when RSS and VMQ sets are disjoint', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 8, maxProcessors: 4 }))
      .adapter('Mgmt', (a) => a.rss({ base: 10, max: 14, maxProcessors: 2 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without a vSwitch or RSS data', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1', (a) => a.rss({ base: 0 })).build()))).toBe('no vSwitch exported (Get-VMSwitch)');
    const h = host().adapter('NIC1').vswitch('vSwitch', ['NIC1']).build();
    expect(notApplicable(run(rule, h))).toMatch(/^no RSS state of vSwitch NICs/);
  });
});
