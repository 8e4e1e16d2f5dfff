/**
 * Lint and simulate agree on whether a vSwitch runs out of VM queues: vmq-queues-exhausted fires
 * on a switch exactly when the simulator, starting every powered-on VM, leaves a vNIC without the
 * queues it asks for. Both read the demand from src/model/queues.ts; these hosts include the
 * sample fleet, the same-host export (Get-VM with a VM off), and hosts on which the two disagreed
 * before they shared it (VMMQ queue pairs, a 1 GbE team member the vSwitch does not use VMQ on,
 * a vNIC naming its switch in another case, powered-off VMs).
 */
import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-queues-exhausted.js';
import type { RuleReport } from '../../src/engine/types.js';
import { loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { switchQueueDemand } from '../../src/model/queues.js';
import { simulateHost } from '../../src/sim/run.js';
import type { SimResult } from '../../src/sim/types.js';
import { HostBuilder } from './hosts.js';

const fixtures = new URL('../../fixtures/', import.meta.url).pathname;

/** Switches vmq-queues-exhausted reports, and whether it evaluated the host at all. */
function lintShort(h: Host): string[] | 'not-applicable' {
  const out = rule.check({ host: h, fleet: [h], options: {} });
  if (!Array.isArray(out)) return 'not-applicable';
  return (out as RuleReport[]).map((f) => (f.target as { name: string }).name).sort();
}

/** VM queues the simulation granted each vNIC ("vm/vnic"), per uplink: the most on any member. */
function granted(r: SimResult, uplink: string): Map<string, number> {
  const perAdapter = new Map<string, Map<string, number>>();
  for (const q of r.queues) {
    if (q.uplink !== uplink || q.queue === 0) continue;
    const m = perAdapter.get(q.adapter) ?? new Map<string, number>();
    perAdapter.set(q.adapter, m);
    for (const vm of q.vms) m.set(vm, (m.get(vm) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const m of perAdapter.values()) for (const [vm, n] of m) out.set(vm, Math.max(out.get(vm) ?? 0, n));
  return out;
}

/** Switches on which the simulation left a started vNIC short of the queues it asked for. */
function simShort(h: Host): string[] {
  const r = simulateHost(h, { durationSeconds: 2, vnics: [] });
  const short: string[] = [];
  for (const sw of h.switches) {
    const u = r.uplinks.find((x) => x.id === sw.id);
    if (!u || u.mode === 'single') continue;
    const got = granted(r, u.name);
    const started = r.vms.filter((v) => v.uplink === u.name && v.defaultReason !== 'not-started');
    const demand = switchQueueDemand(h, sw);
    const lacking = started.some((v) => {
      if (v.defaultReason === 'no-free-queue') return true;
      const want = demand.vnics.find((d) => d.vnic.id === v.vnicId)?.queues ?? 0;
      return want > 0 && (got.get(`${v.vm}/${v.vnic}`) ?? 0) < want;
    });
    if (lacking) short.push(sw.name);
  }
  return short.sort();
}

function agree(h: Host): { lint: string[]; sim: string[] } {
  const lint = lintShort(h);
  const sim = simShort(h);
  // A host lint cannot evaluate (queue counts not exported) is not compared.
  return { lint: lint === 'not-applicable' ? sim : lint, sim };
}

describe('lint and simulate agree on running out of VM queues', () => {
  it('on the sample fleet (HV-LBFO-2012R2 runs out on vSwitch-LBFO, the others do not)', () => {
    const r = loadPaths(['sample-fleet'], { cwd: fixtures });
    expect(r.failures).toEqual([]);
    const seen: Record<string, string[]> = {};
    for (const h of r.hosts) {
      expect(lintShort(h), `${h.name} is evaluated`).not.toBe('not-applicable');
      const { lint, sim } = agree(h);
      expect(lint, h.name).toEqual(sim);
      seen[h.name] = sim;
    }
    expect(seen).toEqual({ 'HV-2022': [], 'HV-LBFO-2012R2': ['vSwitch-LBFO'], 'HV-SET-2019': [] });
  });

  it('on the same-host export, whose Get-VM shows VM-B off', () => {
    const r = loadPaths(['same-host/clixml-5.1'], { cwd: fixtures });
    const h = r.hosts[0];
    expect(h.vms.map((v) => v.state)).toEqual(['Running', 'Off', 'Saved']);
    const { lint, sim } = agree(h);
    expect(lint).toEqual(sim);
    // Squeeze the SET members to one queue each: host vNIC + VM-A need 2, VM-B is off.
    for (const a of h.adapters) if (a.vmq) a.vmq.numberOfReceiveQueues = 1;
    for (const s of h.switches) delete s.availableVMQueues;
    expect(agree(h)).toEqual({ lint: [], sim: [] });
    // VM-B running again asks for a third queue.
    h.vms.find((v) => v.name === 'VM-B')!.state = 'Running';
    expect(agree(h)).toEqual({ lint: ['SET1'], sim: ['SET1'] });
  });

  const hosts: [string, () => Host, string[]][] = [
    [
      'powered-off VMs take no queue (4 queues, host vNIC + 3 running + 2 off)',
      () => {
        const b = new HostBuilder({ release: '2016' }).nic('NIC1', { queues: 4 }).vswitch('vSwitch', { nics: ['NIC1'] }).hostVnic('vEthernet');
        for (let i = 1; i <= 5; i++) b.vm(`VM${i}`, { state: i <= 3 ? 'Running' : 'Off', vcpus: 2 });
        return b.build();
      },
      [],
    ],
    [
      'without Get-VM every VM counts (the same host, state unknown)',
      () => new HostBuilder({ release: '2016' }).nic('NIC1', { queues: 4 }).vswitch('vSwitch', { nics: ['NIC1'] }).hostVnic('vEthernet').vms('VM', 5).build(),
      ['vSwitch'],
    ],
    [
      'VMMQ queue pairs: 4 VMs of 4 pairs and 2 vCPUs (default) ask for 8 + the host vNIC on 8 queues',
      () => new HostBuilder({ release: '2019' }).nic('NIC1', { queues: 8 }).vswitch('vSwitch', { nics: ['NIC1'] }).hostVnic('vEthernet').vms('VM', 4, { vmmq: true, queuePairs: 4 }).build(),
      ['vSwitch'],
    ],
    [
      'VMMQ bounded by the VM vCPUs from Get-VM (1 vCPU each: 4 + 1 of 8)',
      () => new HostBuilder({ release: '2019' }).nic('NIC1', { queues: 8 }).vswitch('vSwitch', { nics: ['NIC1'] }).hostVnic('vEthernet').vms('VM', 4, { vmmq: true, queuePairs: 4, vcpus: 1, state: 'Running' }).build(),
      [],
    ],
    [
      'a 1 GbE team member the vSwitch does not use VMQ on offers no queue (Sum-of-Queues 4 + 0 for 6 vNICs)',
      () =>
        new HostBuilder({ release: '2012R2' })
          .nic('NIC1', { queues: 4 })
          .nic('NIC2', { queues: 4, gbps: 1 })
          .team('Team1', ['NIC1', 'NIC2'])
          .vswitch('vSwitch', { team: 'Team1' })
          .hostVnic('vEthernet')
          .vms('VM', 5)
          .build(),
      ['vSwitch'],
    ],
    [
      'a vNIC naming its switch in another case, without a switch id',
      () => {
        const h = new HostBuilder({ release: '2016' }).nic('NIC1', { queues: 2 }).vswitch('vSwitch', { nics: ['NIC1'] }).vms('VM', 3).build();
        for (const v of h.vnics) (v.switchId = undefined), (v.switchName = 'VSWITCH');
        return h;
      },
      ['vSwitch'],
    ],
  ];
  for (const [name, make, expected] of hosts) {
    it(name, () => {
      const h = make();
      expect(lintShort(h)).toEqual(expected);
      expect(simShort(h)).toEqual(expected);
    });
  }

  it('the simulator does not start a VM Get-VM shows off, unless the profile starts it', () => {
    const b = new HostBuilder({ release: '2016' }).nic('NIC1', { queues: 1 }).vswitch('vSwitch', { nics: ['NIC1'] });
    b.vm('VM1', { state: 'Off', vcpus: 2 }).vm('VM2', { state: 'Running', vcpus: 2 });
    const h = b.build();
    const idle = simulateHost(h, { durationSeconds: 2, vnics: [] });
    expect(idle.vms.map((v) => [v.vm, v.queue, v.defaultReason ?? null])).toEqual([
      ['VM1', 0, 'not-started'],
      ['VM2', 1, null],
    ]);
    expect(idle.assumptions.some((a) => a.includes('VM1: Get-VM State Off'))).toBe(true);
    // Started by the profile before VM2, VM1 takes the one queue and VM2 lands on the default queue.
    const started = simulateHost(h, { durationSeconds: 2, vnics: [{ vm: 'VM1', gbps: 1, startAt: 0, startOrder: 0 }, { vm: 'VM2', gbps: 1, startOrder: 1 }] });
    expect(started.vms.map((v) => [v.vm, v.queue, v.defaultReason ?? null])).toEqual([
      ['VM1', 1, null],
      ['VM2', 0, 'no-free-queue'],
    ]);
  });
});
