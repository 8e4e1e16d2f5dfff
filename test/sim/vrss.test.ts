/**
 * vRSS per vNIC (issue 8; domain.md 4.2, 4.3; Microsoft's vRSS planning page): off by default on
 * 2012 R2, on by default from 2016, VrssEnabled wins when exported; it needs VMQ on a NIC of
 * 10 Gbps or more, no SR-IOV VF on the vNIC and more than one vCPU. A VM that vRSS spreads is not
 * capped at one core.
 */
import { describe, expect, it } from 'vitest';
import { simulateHost } from '../../src/sim/run.js';
import type { SimResult } from '../../src/sim/types.js';
import { constantProfile, defaultHost, HostBuilder } from './hosts.js';

const one = (r: SimResult) => r.vms[0];
const ASSUMED = /VM vCPU counts are not exported \(Get-VM ProcessorCount\).*assumed 2 \(defaultVcpus\)/;

describe('vRSS release defaults and VrssEnabled', () => {
  // Enough flows that the hash shares them evenly (a flow cannot be split).
  const load = constantProfile(1, 10, { flows: 64 });

  it('2016 with VrssEnabled not exported: on, the VM spreads over two LPs (2 vCPUs assumed) and beats one core', () => {
    const r = simulateHost(defaultHost('2016', 1).build(), load);
    expect(one(r).vrss).toMatchObject({ active: true });
    expect(one(r).vrss?.reason).toMatch(/on by default from Windows Server 2016/);
    expect(one(r).vrss?.lps).toHaveLength(2);
    expect(one(r).lps).toHaveLength(2);
    expect(one(r).vcpus).toEqual({ count: 2, source: 'assumed' });
    expect(r.assumptions.some((a) => ASSUMED.test(a))).toBe(true);
    // One VMQ core carries 5-6 Gbps (V2); two cores carry more, up to the link.
    expect(one(r).deliveredGbps).toBeGreaterThan(7);
    const vmqOnly = simulateHost(defaultHost('2016', 1, {}, { vrss: false }).build(), load);
    expect(one(vmqOnly).deliveredGbps).toBeLessThanOrEqual(6);
    expect(one(vmqOnly).vrss).toMatchObject({ active: false, reason: 'VrssEnabled is False on the vNIC' });
  });

  it('2012 R2 with VrssEnabled not exported: off by default, one core', () => {
    const r = simulateHost(defaultHost('2012R2', 1).build(), load);
    expect(one(r).vrss).toMatchObject({ active: false, lps: [] });
    expect(one(r).vrss?.reason).toMatch(/off by default before Windows Server 2016/);
    expect(one(r).lps).toHaveLength(1);
    expect(one(r).limitedBy).toBe('lp');
  });

  it('2012 R2 with VrssEnabled True: on', () => {
    const r = simulateHost(defaultHost('2012R2', 1, {}, { vrss: true }).build(), load);
    expect(one(r).vrss?.active).toBe(true);
    expect(one(r).deliveredGbps).toBeGreaterThan(7);
  });

  it('the profile\'s vcpus bounds the spread and replaces the assumption', () => {
    const r = simulateHost(defaultHost('2016', 1).build(), constantProfile(1, 10, { flows: 64, vcpus: 4 }));
    expect(one(r).vrss?.lps).toHaveLength(4);
    expect(one(r).vcpus).toEqual({ count: 4, source: 'profile' });
    expect(r.assumptions.some((a) => ASSUMED.test(a))).toBe(false);
  });

  it("Get-VM's ProcessorCount bounds the spread when the profile gives no vcpus", () => {
    const r = simulateHost(defaultHost('2016', 1, {}, { vcpus: 4, state: 'Running' }).build(), load);
    expect(one(r).vcpus).toEqual({ count: 4, source: 'Get-VM' });
    expect(one(r).vrss?.lps).toHaveLength(4);
    expect(r.assumptions.some((a) => ASSUMED.test(a))).toBe(false);
  });

  it('spreads of several VMs avoid each other\'s queues while the set has room', () => {
    const r = simulateHost(defaultHost('2016', 3).build(), constantProfile(3, 3, { flows: 16 }));
    const lps = r.vms.flatMap((v) => v.vrss?.lps ?? []);
    expect(new Set(lps).size).toBe(lps.length);
  });
});

describe('the guest receives on one vCPU unless vRSS (or VMMQ) spreads the vNIC', () => {
  it('guestGbpsPerVcpu x vCPUs with vRSS on, x 1 without', () => {
    const load = constantProfile(1, 10, { flows: 64, vcpus: 4 });
    const on = simulateHost(defaultHost('2016', 1).build(), load, { guestGbpsPerVcpu: 2 });
    const off = simulateHost(defaultHost('2016', 1, {}, { vrss: false }).build(), load, { guestGbpsPerVcpu: 2 });
    expect(one(on).deliveredGbps).toBeCloseTo(8, 1);
    expect(one(on).limitedBy).toBe('guest');
    expect(one(off).deliveredGbps).toBeCloseTo(2, 1);
    expect(one(off).limitedBy).toBe('guest');
  });
});

describe('vRSS requirements (vrss-plan)', () => {
  const load = constantProfile(1, 10, { flows: 16 });

  it('one vCPU: off', () => {
    const r = simulateHost(defaultHost('2016', 1).build(), constantProfile(1, 10, { flows: 16, vcpus: 1 }));
    expect(one(r).vrss).toMatchObject({ active: false, reason: 'the VM has one vCPU' });
    expect(one(r).limitedBy).toBe('lp');
  });

  it('VMQ on a NIC below 10 Gbps: off', () => {
    const h = defaultHost('2016', 1, { gbps: 5 }).build();
    h.vmsmp.belowTenGigVmqEnabled = 1;
    const r = simulateHost(h, load);
    expect(r.uplinks[0].mode).toBe('vmq');
    expect(one(r).vrss).toMatchObject({ active: false, reason: 'vRSS needs a NIC of 10 Gbps or more (5 Gbps)' });
  });

  it('an SR-IOV VF on the vNIC: off', () => {
    const h = defaultHost('2016', 1).build();
    h.switches[0].iovEnabled = true;
    h.vnics[0].iovWeight = 50;
    const r = simulateHost(h, load);
    expect(one(r).vrss?.active).toBe(false);
    expect(one(r).vrss?.reason).toMatch(/SR-IOV VF/);
  });

  it('no VM queue (VMQ off): no vRSS decision, the default queue carries it', () => {
    const r = simulateHost(defaultHost('2016', 1, { vmq: false }).build(), load);
    expect(one(r).vrss).toBeUndefined();
    expect(one(r).limitedBy).toBe('default-queue');
  });

  it('a VMMQ vNIC is spread by the NIC, not vRSS', () => {
    const h = defaultHost('2019', 1, { rssOnHostVPorts: '1' }, { vmmq: true }).build();
    const r = simulateHost(h, load);
    expect(one(r).vrss).toBeUndefined();
  });
});

describe('V7 host (static set with siblings, 2016) with vRSS at its default', () => {
  it('each VM spreads beyond its queue\'s LP and gets more than with VMQ alone', () => {
    const build = (vrss?: boolean) => new HostBuilder({ release: '2016', lps: 16, ht: true }).nic('NIC1', { gbps: 40, base: 1, max: 8 }).vswitch('vSwitch', { nics: ['NIC1'] }).vms('VM', 3, { vrss }).build();
    const load = constantProfile(3, 7, { flows: 16 });
    const on = simulateHost(build(), load);
    const off = simulateHost(build(false), load);
    for (const v of on.vms) expect(v.vrss?.active).toBe(true);
    expect(on.summary.deliveredGbps).toBeGreaterThan(off.summary.deliveredGbps * 1.2);
  });
});
