import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-hyperthread-sibling.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-hyperthread-sibling', () => {
  it('fires on an odd base processor on an HT host', () => {
    const h = host()
      .lps(16, true)
      .adapter('SLOT 2 Port 1', (a) => a.vmq({ base: 3, max: 14, maxProcessors: 4 }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.message).toBe(
      'SLOT 2 Port 1: VMQ set LPs 4,6,8,10 (base 0:3, max 0:14, MaxProcessors 4) starts at odd LP 0:3, the hyper-thread sibling of LP 0:2; start it at the even LP 4',
    );
    expect(f.evidence).toMatchObject({ oddBase: '0:3', suggestedBase: 4 });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 4");
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/BaseProcessorNumber');
  });

  it('leaves LP 1 to vmq-base-processor-zero', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 1, max: 15 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('fires when observed queues of one NIC sit on both siblings of a core', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) =>
        a
          .vmq({ base: 2, max: 9 })
          .queue(0, [2])
          .queue(1, [4], 'VM1')
          .queue(2, [5], 'VM2'),
      )
      .vswitch('vSwitch', ['NIC1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.message).toBe('NIC1: queues are placed on both hyper-threads of core 2 (LPs 4+5)');
    expect(f.evidence).toMatchObject({ siblingPairs: [[4, 5]], cores: [2] });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessorNumber 9 -MaxProcessors 4");
    expect(f.locations.map((l) => l.file)).toEqual(['Get-NetAdapterVmqQueue.json', 'Get-NetAdapterVmqQueue.json']);
  });

  it('stays quiet on even bases and per-core placement', () => {
    const h = host()
      .lps(16, true)
      .adapter('NIC1', (a) => a.vmq({ base: 2, max: 14 }).queue(1, [2], 'VM1').queue(2, [4], 'VM2'))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('stays quiet on a host without hyper-threading', () => {
    const h = host()
      .lps(16, false)
      .adapter('NIC1', (a) => a.vmq({ base: 3 }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable when hyper-threading is unknown', () => {
    const h = host()
      .lps(16, undefined)
      .adapter('NIC1', (a) => a.vmq({ base: 3 }))
      .build();
    expect(notApplicable(run(rule, h))).toBe('hyper-threading unknown (needs Win32_Processor NumberOfCores and NumberOfLogicalProcessors)');
  });
});
