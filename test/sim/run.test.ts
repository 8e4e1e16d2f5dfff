import { describe, expect, it } from 'vitest';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost, HostBuilder } from './hosts.js';

describe('simulateHost', () => {
  it('is deterministic: the same input gives the same result', () => {
    const run = () => simulateHost(defaultHost('2012R2', 6, { queues: 4 }).build(), constantProfile(6, 1.4, { flows: 8 }));
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });

  it('hashes flows with the seed: another seed spreads the same flows differently', () => {
    const h = () => new HostBuilder({ release: '2016', lps: 32 }).nic('NIC1', { gbps: 40, base: 1, max: 31 }).vswitch('S', { nics: ['NIC1'] }).vm('VM01', { vmmq: true }).build();
    const profile = { durationSeconds: 5, vnics: [{ vm: 'VM01', gbps: 20, flows: 6, vcpus: 8 }] };
    const seeds = [1, 2, 3, 4, 5].map((hashSeed) => simulateHost(h(), profile, { hashSeed }).vms[0].lps.join(','));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('uses the second half of the run as the steady state', () => {
    const r = simulateHost(defaultHost('2016', 1).build(), { durationSeconds: 20, vnics: [{ vm: 'VM01', samples: [{ t: 0, gbps: 0 }, { t: 9.99, gbps: 0 }, { t: 10, gbps: 2 }] }] });
    expect(r.steadyFromSeconds).toBe(10);
    expect(r.vms[0].offeredGbps).toBeCloseTo(2, 6);
  });

  it('names the limit: link, guest, own LP, default queue, or none', () => {
    const link = simulateHost(defaultHost('2016', 4).build(), constantProfile(4, 3));
    expect(link.vms.map((v) => v.limitedBy)).toEqual(['link', 'link', 'link', 'link']);
    const guest = simulateHost(defaultHost('2016', 1, { gbps: 40 }).build(), constantProfile(1, 10, { vcpus: 1 }), { guestGbpsPerVcpu: 2 });
    expect(simulateHost(defaultHost('2016', 1, { gbps: 40 }).build(), constantProfile(1, 10, { vcpus: 2 }), { guestGbpsPerVcpu: 2 }).vms[0].deliveredGbps).toBe(4);
    expect(guest.vms[0]).toMatchObject({ limitedBy: 'guest', deliveredGbps: 2 });
    const fine = simulateHost(defaultHost('2016', 1).build(), constantProfile(1, 1));
    expect(fine.vms[0].limitedBy).toBe('none');
  });

  it('VMs absent from the profile are idle but still take their queue in start order', () => {
    const r = simulateHost(defaultHost('2012R2', 3, { queues: 2 }).build(), { vnics: [{ vm: 'VM03', gbps: 1 }] });
    expect(r.vms.map((v) => [v.vm, v.queue, v.offeredGbps])).toEqual([
      ['VM01', 1, 0],
      ['VM02', 2, 0],
      ['VM03', 0, 1],
    ]);
  });

  it("the profile's startOrder decides who gets the queues", () => {
    const r = simulateHost(defaultHost('2012R2', 3, { queues: 1 }).build(), { vnics: [{ vm: 'VM03', gbps: 1, startOrder: 1 }] });
    expect(r.vms[0]).toMatchObject({ vm: 'VM03', queue: 1 });
    expect(r.summary.vmsOnDefaultQueue).toEqual(['VM01/Network Adapter', 'VM02/Network Adapter']);
  });

  it('applies the profile background per LP', () => {
    const r = simulateHost(defaultHost('2016', 1).build(), { vnics: [], background: { default: 0.1, perLp: { '3': 0.5 } } });
    expect(r.lps[0].meanUtilization).toBeCloseTo(0.1, 6);
    expect(r.lps[3].meanUtilization).toBeCloseTo(0.5, 6);
    expect(r.assumptions.some((a) => a.includes('no background load'))).toBe(false);
    const beyond = simulateHost(defaultHost('2016', 1).build(), { vnics: [], background: { perLp: { '16': 0.5 } } });
    expect(beyond.assumptions).toContain('background.perLp names LP 16, which this host does not have (16 LPs); ignored');
  });

  it('vector coalescing: queues sharing an LP share interrupts', () => {
    const run = (coalescing: boolean) =>
      simulateHost(new HostBuilder({ release: '2016', lps: 4 }).nic('NIC1', { base: 1, max: 1, coalescing }).vswitch('S', { nics: ['NIC1'] }).vms('VM', 4).build(), constantProfile(4, 0.3)).summary.interruptsPerSec;
    expect(run(true)).toBeLessThan(run(false));
  });

  it('d.VMMQ (2019, one NIC) spreads a multi-flow vPort over several LPs; one flow stays on one LP', () => {
    const h = () => new HostBuilder({ release: '2019', lps: 32 }).nic('NIC1', { gbps: 40, base: 1, max: 31, rssOnHostVPorts: '1' }).vswitch('S', { nics: ['NIC1'] }).vm('VM01', { vmmq: true }).build();
    const many = simulateHost(h(), { durationSeconds: 30, vnics: [{ vm: 'VM01', gbps: 40, flows: 16, vcpus: 8 }] });
    expect(many.uplinks[0].policy).toBe('dvmmq');
    expect(many.vms[0].lps.length).toBeGreaterThanOrEqual(4);
    expect(many.vms[0].lps.length).toBeLessThanOrEqual(8);
    expect(many.vms[0].deliveredGbps).toBeGreaterThan(15);
    expect(many.events.some((e) => e.kind === 'spread' && e.share !== undefined && e.share < 1)).toBe(true);
    const one = simulateHost(h(), { durationSeconds: 30, vnics: [{ vm: 'VM01', gbps: 40, flows: 1, vcpus: 8 }] });
    expect(one.vms[0].lps).toHaveLength(1);
    expect(one.vms[0].deliveredGbps).toBeLessThan(6);
  });

  it('a host NIC without a vSwitch spreads its flows over its RSS set', () => {
    const h = defaultHost('2019', 1).nic('Storage', { base: 4, max: 11, rss: true }).build();
    const r = simulateHost(h, { durationSeconds: 10, vnics: [{ vm: 'ManagementOS', adapter: 'Storage', gbps: 9, flows: 16 }] });
    const nic = r.vms.find((v) => v.vnic === 'Storage')!;
    expect(nic.lps.length).toBeGreaterThan(3);
    expect(nic.lps.every((x) => x >= 4 && x <= 11)).toBe(true);
    expect(nic.deliveredGbps).toBeCloseTo(9, 3);
    expect(r.summary.vmsOnDefaultQueue).toEqual([]);
  });

  it('Dynamic VMQ sees the busy fraction the OS sees: a home LP slowed by its busy hyper-thread sibling spreads', () => {
    // LP 3 (the sibling of home LP 2) is 95% busy, so LP 2 runs at ~0.62 of a core: three 1.2 Gbps
    // queues need ~0.67 of a core there, which saturates it although the work alone is below U_hi.
    const h = new HostBuilder({ release: '2012R2', lps: 16, ht: true }).nic('NIC1', { base: 2, max: 15 }).vswitch('S', { nics: ['NIC1'] }).vms('VM', 3).build();
    const r = simulateHost(h, { durationSeconds: 30, vnics: [1, 2, 3].map((i) => ({ vm: `VM0${i}`, gbps: 1.2 })), background: { default: 0.05, perLp: { '3': 0.95 } } });
    expect(r.events.some((e) => e.kind === 'spread' && e.from === 2)).toBe(true);
    expect(r.summary.saturatedLps).not.toContain(2);
    expect(r.vms.map((v) => v.limitedBy)).toEqual(['none', 'none', 'none']);
    // Utilisation and its network share are both fractions of the LP's (reduced) capacity.
    const lp2 = r.lps[2];
    expect(lp2.meanUtilization - lp2.meanNetwork).toBeGreaterThan(0.05);
  });

  it('states the unpublished behaviour it relied on (GUESSes, vendor moderation)', () => {
    const profile = constantProfile(3, 0.5);
    profile.vnics[0].stopAt = 10;
    const r = simulateHost(defaultHost('2012R2', 3, { moderation: '1' }).build(), profile);
    expect(r.assumptions).toContain('GUESS (not published): a freed VM queue goes to the next vNIC to start, not to one already on the default queue');
    expect(r.assumptions.some((a) => a.startsWith('interrupt moderation on: the vendor'))).toBe(true);
    const quiet = simulateHost(defaultHost('2012R2', 3, { moderation: '0' }).build(), constantProfile(3, 0.5));
    expect(quiet.assumptions.some((a) => a.includes('freed VM queue') || a.includes('interrupt moderation on'))).toBe(false);
  });

  it('says that vSwitch RSC is not modelled on 2019 and later only', () => {
    const rsc = (release: '2016' | '2019') => simulateHost(defaultHost(release, 1).build(), constantProfile(1, 1, {}, 5)).assumptions.some((a) => a.startsWith('receive segment coalescing'));
    expect([rsc('2016'), rsc('2019')]).toEqual([false, true]);
  });

  it('keeps at most maxEvents events and counts the rest', () => {
    const r = simulateHost(defaultHost('2012R2', 5).build(), constantProfile(5, 1), { maxEvents: 2 });
    expect(r.events).toHaveLength(2);
    expect(r.summary.eventsDropped).toBeGreaterThan(0);
  });

  it('builds a bucketed timeline', () => {
    const r = simulateHost(defaultHost('2016', 2).build(), { durationSeconds: 100, vnics: [] }, { timelineBuckets: 10 });
    expect(r.timeline.bucketSeconds).toBe(10);
    expect(r.timeline.t).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(r.timeline.util).toHaveLength(10);
    expect(r.timeline.util[0]).toHaveLength(16);
    expect(r.timeline.vmDelivered[0]).toHaveLength(2);
  });
});
