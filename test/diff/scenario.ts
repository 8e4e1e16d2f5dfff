/** The scenarios the golden files render: one diff, one drift and one fleet, built once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDesired, validateDesired } from '../../src/diff/desired.js';
import { diffHosts } from '../../src/diff/diff.js';
import { compareFleet } from '../../src/diff/fleet.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { DiffResult, FleetResult } from '../../src/diff/types.js';
import type { Host } from '../../src/model/host.js';
import { adv, clone, queue, sampleHost, stubLint, vnic } from './hosts.js';

/** Before and after of a maintenance night on three hosts. */
export function diffScenario(): { before: Host[]; after: Host[]; result: DiffResult } {
  const hv01 = sampleHost('HV01');
  const hv02 = sampleHost('HV02');
  const hv03 = sampleHost('HV03');
  const before = [hv01, hv02, hv03];

  const a1 = clone(hv01);
  // A driver update on port 2 reset jumbo frames and rewrote a keyword as REG_DWORD.
  a1.adapters[1].driver.version = '2.1.0.0';
  a1.adapters[1].advanced['*jumbopacket'].value = '1514';
  a1.adapters[0].advanced['*rssbaseprocnumber'] = adv('*RssBaseProcNumber', '2', { type: 'REG_DWORD', def: '0' });
  // Someone disabled VMQ on port 1 and moved port 2's processors onto port 1's.
  a1.adapters[0].advanced['*vmq'].value = '0';
  a1.adapters[1].vmq!.baseProcessorNumber = 2;
  a1.adapters[1].name = 'Storage B';
  a1.teams[0].members[1].name = 'Storage B';
  a1.teams[0].loadBalancingAlgorithm = 'HyperVPort';
  a1.vnics[1].vmqWeight = 0;
  a1.vnics.push(vnic('VM3', 'Network Adapter', a1.switches[0], { macAddress: '00-15-5D-01-00-03' }));
  a1.adapters[1].queues = [queue(2, 'VM3', '00-15-5D-01-00-03')];
  a1.adapters[0].status = 'Disconnected';

  const a2 = clone(hv02);
  const a4 = sampleHost('HV04');
  const after = [a1, a2, a4];
  const result = diffHosts(before, after, { lint: stubLint, ignore: ignoreFilter() });
  result.hosts[0].impact = {
    profile: 'peak.json',
    metrics: [
      { name: 'VMs on the default queue', before: 0, after: 1 },
      { name: 'busiest LP receive load', before: 41, after: 78, unit: '%' },
      { name: 'receive throughput', before: 18.2, after: 14.9, unit: 'Gbps' },
    ],
    notes: ['VM2 loses its queue (VmqWeight 0) and shares the default queue on LP 0.'],
  };
  return { before, after, result };
}

/** The sample host against the documented desired-state example. */
export function driftScenario(): DiffResult {
  return checkDesired(driftScenarioHosts(), desiredExample(), { ignore: ignoreFilter() });
}

/** The documented desired-state example (fixtures/diff/desired). */
export function desiredExample(): ReturnType<typeof validateDesired> {
  return validateDesired(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'diff', 'desired', 'desired.json'), 'utf8')), 'desired.json');
}

/** The two hosts of driftScenario: HV01 drifted three ways, HV02 as desired. */
export function driftScenarioHosts(): Host[] {
  const h = sampleHost('HV01');
  h.adapters[1].advanced['*jumbopacket'].value = '1514';
  h.adapters[0].advanced['*vmq'] = adv('*VMQ', '1', { type: 'REG_DWORD', def: '1' });
  h.vnics[0].vmqWeight = 0;
  return [h, sampleHost('HV02')];
}

/** Three nodes: HV02 runs another driver and jumbo setting, and the VMSMP value splits 1:1:1. */
export function fleetScenario(golden?: string): FleetResult {
  return compareFleet(fleetScenarioHosts(), { golden, ignore: ignoreFilter() });
}

/** The three nodes of fleetScenario. */
export function fleetScenarioHosts(): Host[] {
  const hosts = ['HV01', 'HV02', 'HV03'].map((n, i) => {
    const h = sampleHost(n);
    for (const a of h.adapters) {
      a.interfaceGuid = a.interfaceGuid!.replace('11111111', `2222222${i}`);
      a.id = a.interfaceGuid.toLowerCase();
    }
    h.teams[0].members = h.adapters.map((a) => ({ adapterId: a.id, name: a.name, administrativeMode: 'Active' as const }));
    return h;
  });
  hosts[1].adapters[0].driver.version = '2.1.0.0';
  hosts[1].adapters[0].advanced['*jumbopacket'].value = '1514';
  hosts[0].vmsmp.tenGigVmqEnabled = 0;
  hosts[2].vmsmp.tenGigVmqEnabled = 2;
  return hosts;
}
