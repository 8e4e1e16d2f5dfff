import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-processor-out-of-range.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const bound = (vmq: Parameters<import('../helpers/host-builder.js').AdapterBuilder['vmq']>[0], lps = 16, ht = true) =>
  host()
    .lps(lps, ht)
    .adapter('SLOT 2 Port 1', (a) => a.vmq(vmq))
    .vswitch('vSwitch', ['SLOT 2 Port 1']);

describe('vmq-processor-out-of-range', () => {
  it('fires on a max processor beyond the host', () => {
    const [f, ...rest] = findings(run(rule, bound({ base: 2, max: 20, maxProcessors: 4 }).build()));
    expect(rest).toHaveLength(0);
    expect(f.property).toBe('vmq.maxProcessorNumber');
    expect(f.message).toBe("SLOT 2 Port 1: VMQ max processor 0:20 is beyond the host's 16 logical processors (last LP of group 0 is 15)");
    expect(f.evidence).toMatchObject({ max: '0:20', suggestedMax: 15, logicalProcessors: 16 });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessorNumber 15");
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/MaxProcessorNumber');
  });

  it('fires on a base processor beyond the host, and only once for that set', () => {
    const [f, ...rest] = findings(run(rule, bound({ base: 40, max: 50 }).build()));
    expect(rest).toHaveLength(0);
    expect(f.message).toBe("SLOT 2 Port 1: VMQ base processor 0:40 is beyond the host's 16 logical processors (group sizes 16)");
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2");
  });

  it('fires on MaxProcessors larger than the range offers, one per core on HT', () => {
    const [f] = findings(run(rule, bound({ base: 2, max: 9, maxProcessors: 8 }).build()));
    expect(f.property).toBe('vmq.maxProcessors');
    expect(f.message).toBe('SLOT 2 Port 1: VMQ MaxProcessors 8 exceeds the 4 processors its range offers (LPs 2,4,6,8, one per core)');
    expect(f.evidence).toMatchObject({ maxProcessors: 8, available: 4 });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessors 4");
  });

  it('ignores the driver defaults (MaxProcessors 16, max processor 63) unless told otherwise', () => {
    const h = bound({ base: 2, max: 63, maxProcessors: 16 }).build();
    expect(findings(run(rule, h))).toEqual([]);
    const strict = findings(run(rule, h, { options: { ignoreDriverDefaults: false } }));
    expect(strict.map((f) => f.property)).toEqual(['vmq.maxProcessorNumber', 'vmq.maxProcessors']);
  });

  it('fires on a set outside the NIC NUMA node', () => {
    const h = host()
      .lps(16, true)
      .numa([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]])
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }).numa(1))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.message).toBe(
      "SLOT 2 Port 1: VMQ set LPs 2,4,6,8 (base 0:2, max 0:14, MaxProcessors 4) uses LPs 2-6 outside the NIC's NUMA node 1 (LPs 8-15)",
    );
    expect(f.evidence).toMatchObject({ numaNode: 1, outsideLps: [2, 3, 4, 5, 6] });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 8 -MaxProcessorNumber 14 -MaxProcessors 4");
    expect(f.locations.map((l) => l.file)).toContain('Get-NetAdapterHardwareInfo.json');
  });

  it('stays quiet on a set inside the host and its NUMA node', () => {
    const h = host()
      .lps(16, true)
      .numa([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]])
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 8, max: 14, maxProcessors: 4 }).numa(1))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('grades a NUMA miss as a warning and MaxProcessors above the range as info', () => {
    const numa = host()
      .lps(16, true)
      .numa([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]])
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }).numa(1))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    expect(findings(run(rule, numa)).map((f) => f.severity)).toEqual(['warning']);
    const [mp] = findings(run(rule, bound({ base: 2, max: 9, maxProcessors: 8 }).build()));
    expect(mp.severity).toBe('info');
    const [beyond] = findings(run(rule, bound({ base: 2, max: 20, maxProcessors: 4 }).build()));
    expect(beyond.severity).toBeUndefined();
  });

  it('never judges NUMA at default settings or under the NUMAScaling profiles (they spread across nodes by design)', () => {
    const twoNodes = () =>
      host()
        .lps(32, true)
        .numa([Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i + 16)]);
    // Defaults: base 0, no max (or the default 63): NDIS places the queues.
    for (const vmq of [{ base: 0 }, { base: 0, max: 63, maxProcessors: 16 }]) {
      const h = twoNodes()
        .adapter('NIC1', (a) => a.vmq(vmq).numa(1))
        .vswitch('vSwitch', ['NIC1'])
        .build();
      expect(findings(run(rule, h)), JSON.stringify(vmq)).toEqual([]);
    }
    // A management NIC's RSS set at NDIS defaults and a configured RSS set under the default profile.
    const rss = twoNodes()
      .adapter('MGMT', (a) => a.rss({ enabled: true, base: 0 }).numa(1))
      .adapter('SMB', (a) => a.rss({ enabled: true, base: 2, max: 30, maxProcessors: 8 }).numa(1))
      .build();
    expect(findings(run(rule, rss))).toEqual([]);
    // An explicit NUMAScaling profile exempts a configured VMQ set too.
    const scaling = twoNodes()
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }).numa(1).adv('*RSSProfile', '3'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, scaling))).toEqual([]);
    // ClosestProcessor with a configured set off the node: judged.
    const closest = twoNodes()
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14, maxProcessors: 4 }).numa(1).adv('*RSSProfile', '1'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, closest)).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      "warning: NIC1: VMQ set LPs 2,4,6,8 (base 0:2, max 0:14, MaxProcessors 4) uses LPs 2-6,8 outside the NIC's NUMA node 1 (LPs 16-31)",
    ]);
  });

  it('leaves a keyword outside its own range to registry-value-invalid', () => {
    const h = host()
      .lps(16, false)
      .adapter('NIC1', (a) => a.adv('*RssBaseProcNumber', '70', { meta: { paramType: 'int', min: 0, max: 63 } }))
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without the LP count', () => {
    const h = host()
      .adapter('NIC1', (a) => a.vmq({ base: 2 }))
      .build();
    expect(notApplicable(run(rule, h))).toMatch(/^logical processor count unknown/);
  });
});
