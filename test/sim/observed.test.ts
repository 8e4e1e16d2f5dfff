/**
 * Observed placement is ground truth: a queue Get-NetAdapterVmqQueue shows allocated starts on the
 * processor the export shows, on the NIC it shows; queues beyond those follow the policy
 * (simulator.md errata: static placement uses the configured set as given).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { simulateHost } from '../../src/sim/run.js';

const root = join(import.meta.dirname, '..', '..');

function host(name: string): Host {
  const r = loadPaths([join(root, 'fixtures', 'sample-fleet', name)], { cwd: root });
  expect(r.failures).toEqual([]);
  return r.hosts[0];
}

function queueMap(h: Host, vms: string[]): Map<string, string> {
  const r = simulateHost(h, { durationSeconds: 10, vnics: vms.map((vm) => ({ vm, gbps: 1.5 })) });
  return new Map(r.queues.filter((q) => q.queue > 0).flatMap((q) => q.vms.map((v) => [v.split('/')[0], `${q.adapter} LP ${q.lps.join(',')}`] as const)));
}

describe('observed queue placement', () => {
  it('HV-LBFO-2012R2: Ethernet 4 (static, set LPs 0-7) keeps its queues on LPs 2,4,6,8 as exported', () => {
    const map = queueMap(host('HV-LBFO-2012R2'), ['VM01', 'VM03', 'VM05', 'VM07']);
    expect(['VM01', 'VM03', 'VM05', 'VM07'].map((vm) => map.get(vm))).toEqual(['Ethernet 4 LP 2', 'Ethernet 4 LP 4', 'Ethernet 4 LP 6', 'Ethernet 4 LP 8']);
  });

  it('HV-SET-2019: a VM keeps the NIC and LP the export shows (FS01 on the NIC with fewer free queues)', () => {
    const map = queueMap(host('HV-SET-2019'), ['DC01', 'FS01']);
    expect(map.get('DC01')).toBe('SLOT 6 Port 1 LP 20');
    expect(map.get('FS01')).toBe('SLOT 3 Port 1 LP 10');
  });
});

describe('observed placement outside the configured set', () => {
  it('is stale (a planned change written into a copy): the policy places the queue in the set', () => {
    const h = host('HV-LBFO-2012R2');
    const nic = h.adapters.find((a) => a.name === 'Ethernet 4');
    if (!nic?.vmq) throw new Error('fixture lacks Ethernet 4 VMQ settings');
    // Move the set to LPs 12-19: the exported queues (LPs 2-8) now lie outside it.
    nic.vmq.baseProcessorNumber = 12;
    nic.vmq.maxProcessorNumber = 19;
    const r = simulateHost(h, { durationSeconds: 10, vnics: [{ vm: 'VM01', gbps: 1.5 }] });
    const q = r.queues.find((x) => x.vms.some((v) => v.startsWith('VM01/')));
    expect(q?.adapter).toBe('Ethernet 4');
    expect(q?.lps.every((lp) => lp >= 12 && lp <= 19)).toBe(true);
    expect(r.assumptions.some((a) => a.startsWith('Ethernet 4: Get-NetAdapterVmqQueue shows queue 1 on LP 2, queue 2 on LP 4'))).toBe(true);
  });
});
