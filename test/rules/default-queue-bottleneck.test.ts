import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/default-queue-bottleneck.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from '../sim/hosts.js';
import { findings, notApplicable, run } from '../helpers/host-builder.js';

describe('default-queue-bottleneck', () => {
  it('is not applicable without a traffic profile', () => {
    expect(notApplicable(run(rule, defaultHost('2012R2', 1).build()))).toBe('needs --traffic');
  });

  it('fires when vNICs without a queue are limited by the default queue core (queues exhausted)', () => {
    const h = defaultHost('2012R2', 6, { queues: 2 }).build();
    const [f, ...rest] = findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(6, 1.5)) }));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toMatch(/^vSwitch 'vSwitch': 4 vNICs on the default queue are limited by its LP 1 \(100% busy\), losing [\d.]+ Gbps: VM03\/Network Adapter 1\.5 -> 0\.8\d Gbps/);
    expect(f.evidence).toMatchObject({ defaultQueueLps: [1], queuesAvailable: 2, queuesAllocated: 2 });
    expect(f.remediation).toMatch(/VM queues are all taken/);
    expect(f.fix).toEqual([]);
  });

  it('on 2016+ proposes VMMQ for the default queue', () => {
    const h = defaultHost('2016', 6, { queues: 2 }).build();
    const [f] = findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(6, 1.5)) }));
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-VMSwitch -Name 'vSwitch' -DefaultQueueVmmqEnabled $true -DefaultQueueVmmqQueuePairs 4"]);
  });

  it('gives VmqWeight back to busy vNICs that have none, and turns VMQ on where it is off', () => {
    const zero = defaultHost('2012R2', 4, {}, { weight: 0 }).build();
    const [a] = findings(run(rule, zero, { simulation: () => simulateHost(zero, constantProfile(4, 1.5)) }));
    expect(a.fix?.map((c) => c.command)).toEqual([1, 2, 3, 4].map((i) => `Set-VMNetworkAdapter -VMName 'VM0${i}' -Name 'Network Adapter' -VmqWeight 100`));
    const off = defaultHost('2012R2', 4, { vmq: false }).build();
    const [b] = findings(run(rule, off, { simulation: () => simulateHost(off, constantProfile(4, 1.5)) }));
    expect(b.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'NIC1' -Enabled $true"]);
    expect(b.evidence).toMatchObject({ mode: 'single' });
  });

  it('stays quiet when the default queue keeps up', () => {
    const h = defaultHost('2012R2', 6, { queues: 2 }).build();
    expect(findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(6, 0.5)) }))).toEqual([]);
  });
});
