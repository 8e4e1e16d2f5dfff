/**
 * A NIC never delivers more than its link carries (issue 8): links are applied before the CPU,
 * and a lane the CPU frees on a shared LP cannot push another NIC past its link.
 */
import { describe, expect, it } from 'vitest';
import { linkGoodputGbps } from '../../src/sim/cost.js';
import { simulateHost } from '../../src/sim/run.js';
import type { SimResult } from '../../src/sim/types.js';
import { constantProfile, HostBuilder } from './hosts.js';

const GOODPUT_1G = linkGoodputGbps(1, 1500, 52, 38);

/** Delivered Gbps per vSwitch must stay within its NICs' goodput. */
function expectWithinLinks(r: SimResult): void {
  for (const u of r.uplinks) {
    const goodput = u.members.reduce((s, m) => s + linkGoodputGbps(m.linkGbps, 1500, 52, 38), 0);
    const delivered = r.vms.filter((v) => v.uplink === u.name).reduce((s, v) => s + v.deliveredGbps, 0);
    expect(delivered).toBeLessThanOrEqual(goodput * 1.0001);
  }
}

describe('delivered traffic stays within the link', () => {
  it('two 1 GbE vSwitches whose default queues share an LP: each VM gets at most 1 GbE of goodput', () => {
    const h = new HostBuilder({ release: '2012R2', lps: 16 })
      .nic('NIC1', { gbps: 1, base: 1, max: 15 })
      .nic('NIC2', { gbps: 1, base: 1, max: 15 })
      .vswitch('A', { nics: ['NIC1'] })
      .vswitch('B', { nics: ['NIC2'] })
      .vm('VM01', { switchName: 'A' })
      .vm('VM02', { switchName: 'B' })
      .build();
    const r = simulateHost(h, constantProfile(2, 5));
    for (const v of r.vms) {
      expect(v.lp).toBe(1);
      expect(v.deliveredGbps).toBeLessThanOrEqual(GOODPUT_1G * 1.0001);
      expect(v.deliveredGbps).toBeGreaterThan(0.9 * GOODPUT_1G);
      expect(v.limitedBy).toBe('link');
    }
    expectWithinLinks(r);
  });

  it('a 1 GbE vSwitch sharing its LP with a busy 10 GbE vSwitch: the 1 GbE VM stays within its link', () => {
    const h = new HostBuilder({ release: '2016', lps: 16 })
      .nic('NIC1', { gbps: 10, base: 1, max: 1, vmq: false })
      .nic('NIC2', { gbps: 1, base: 1, max: 15 })
      .vswitch('Fast', { nics: ['NIC1'] })
      .vswitch('Slow', { nics: ['NIC2'] })
      .vm('VM01', { switchName: 'Fast' })
      .vm('VM02', { switchName: 'Slow' })
      .build();
    const r = simulateHost(h, constantProfile(2, 8));
    const slow = r.vms.find((v) => v.vm === 'VM02')!;
    expect(slow.deliveredGbps).toBeLessThanOrEqual(GOODPUT_1G * 1.0001);
    expectWithinLinks(r);
  });

  it('a CPU-bound lane is attributed to its LP, not to the link, when its NIC is over the link', () => {
    // VMQ off on 10 GbE: the default queue's LP caps both VMs below the link.
    const h = new HostBuilder({ release: '2016', lps: 16 }).nic('NIC1', { vmq: false, base: 1, max: 15 }).vswitch('vSwitch', { nics: ['NIC1'] }).vms('VM', 2).build();
    const r = simulateHost(h, constantProfile(2, 6));
    for (const v of r.vms) expect(v.limitedBy).toBe('default-queue');
    expect(r.summary.deliveredGbps).toBeLessThan(5);
  });

  it('holds over releases, VMQ on/off, moderation, link speeds and loads with two uplinks sharing LPs', () => {
    for (const release of ['2012R2', '2016', '2019'] as const) {
      for (const vmq of [true, false]) {
        for (const moderation of ['0', '1']) {
          for (const gbps of [0.5, 3, 8]) {
            const h = new HostBuilder({ release, lps: 8 })
              .nic('NIC1', { gbps: 1, vmq, moderation, base: 1, max: 3 })
              .nic('NIC2', { gbps: 10, vmq, moderation, base: 1, max: 3 })
              .vswitch('A', { nics: ['NIC1'] })
              .vswitch('B', { nics: ['NIC2'] })
              .vm('VM01', { switchName: 'A' })
              .vm('VM02', { switchName: 'A' })
              .vm('VM03', { switchName: 'B' })
              .vm('VM04', { switchName: 'B' })
              .build();
            h.vmsmp.belowTenGigVmqEnabled = vmq ? 1 : 0;
            expectWithinLinks(simulateHost(h, constantProfile(4, gbps, { flows: 8 }, 10)));
          }
        }
      }
    }
  });
});
