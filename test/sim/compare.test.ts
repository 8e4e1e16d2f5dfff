import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/sim/compare.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from './hosts.js';

describe('compareResults', () => {
  // Before: 6 queues for 6 VMs. After: the NIC offers 3, so VMs 4-6 fall to the default queue.
  const before = simulateHost(defaultHost('2012R2', 6, { queues: 6 }).build(), constantProfile(6, 1.4));
  const after = simulateHost(defaultHost('2012R2', 6, { queues: 3 }).build(), constantProfile(6, 1.4));
  const cmp = compareResults(before, after);

  it('puts the headline figures side by side', () => {
    expect(cmp.before.queuesAvailable).toBe(6);
    expect(cmp.after.queuesAvailable).toBe(3);
    expect(cmp.deltaDeliveredGbps).toBeCloseTo(after.summary.deliveredGbps - before.summary.deliveredGbps, 3);
    expect(cmp.deltaDeliveredGbps).toBeLessThan(0);
  });

  it('names the VMs moved to the default queue and the newly saturated LPs', () => {
    expect(cmp.movedToDefaultQueue).toEqual(['VM04/Network Adapter', 'VM05/Network Adapter', 'VM06/Network Adapter']);
    expect(cmp.movedOffDefaultQueue).toEqual([]);
    expect(cmp.newlySaturatedLps).toEqual(after.summary.saturatedLps);
    expect(cmp.relievedLps).toEqual([]);
    const v4 = cmp.vms.find((v) => v.label === 'VM04/Network Adapter')!;
    expect(v4.before?.queue).toBe(4);
    expect(v4.after).toMatchObject({ queue: 0, limitedBy: 'default-queue' });
    expect(v4.deltaGbps).toBeLessThan(0);
  });

  it('the reverse comparison mirrors it', () => {
    const back = compareResults(after, before);
    expect(back.movedOffDefaultQueue).toEqual(cmp.movedToDefaultQueue);
    expect(back.relievedLps).toEqual(cmp.newlySaturatedLps);
  });
});
