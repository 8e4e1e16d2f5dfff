import { describe, expect, it } from 'vitest';
import { compareFleet } from '../../src/diff/fleet.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import { UsageError } from '../../src/model/errors.js';
import type { Host } from '../../src/model/host.js';
import { adv, sampleHost } from './hosts.js';

/** Three cluster nodes built alike; each gets its own GUIDs and MACs, as real nodes do. */
function cluster(n = 3): Host[] {
  return Array.from({ length: n }, (_, i) => {
    const h = sampleHost(`HV0${i + 1}`);
    for (const a of h.adapters) {
      a.interfaceGuid = a.interfaceGuid!.replace('11111111', `1111111${i}`);
      a.id = a.interfaceGuid.toLowerCase();
      a.permanentAddress = `00-15-5D-0${i}-00-0${a.name.endsWith('1') ? 1 : 2}`;
    }
    h.teams[0].members = h.adapters.map((a) => ({ adapterId: a.id, name: a.name, administrativeMode: 'Active' }));
    return h;
  });
}

describe('compareFleet', () => {
  it('finds identical nodes in agreement, ignoring per-node ids and MACs', () => {
    const r = compareFleet(cluster(), { ignore: ignoreFilter() });
    expect(r.rows).toEqual([]);
    expect(r.summary.deviating).toBe(0);
    expect(r.summary.ties).toBe(0);
    expect(r.summary.excluded).toBeGreaterThan(0);
    expect(r.reference).toEqual({ kind: 'majority' });
  });

  it('names the host that deviates from the majority and how', () => {
    const hosts = cluster();
    hosts[1].adapters[0].advanced['*jumbopacket'].value = '1514';
    hosts[1].adapters[0].driver.version = '2.0.0.0';
    const r = compareFleet(hosts, { ignore: ignoreFilter() });
    expect(r.rows).toEqual([
      {
        target: { kind: 'adapter', name: 'SLOT 2 Port 1' },
        property: '*JumboPacket',
        status: 'deviates',
        reference: '9014',
        values: [
          { value: '9014', hosts: ['HV01', 'HV03'] },
          { value: '1514', hosts: ['HV02'] },
        ],
        deviating: ['HV02'],
        absent: [],
      },
      expect.objectContaining({ property: 'driver.version', reference: '1.0.0.0', deviating: ['HV02'] }),
    ]);
    expect(r.summary.deviationsByHost).toEqual({ HV01: 0, HV02: 2, HV03: 0 });
  });

  it('reports every value with its hosts when there is no majority', () => {
    const hosts = cluster(2);
    hosts[1].vnics[0].vmqWeight = 0;
    const r = compareFleet(hosts, { ignore: ignoreFilter() });
    // VM vNICs are not compared (VMs move); only the host-level rows count. Use a host value instead.
    expect(r.rows).toEqual([]);
    hosts[1].vmsmp.tenGigVmqEnabled = 2;
    const tie = compareFleet(hosts, { ignore: ignoreFilter() });
    expect(tie.rows).toEqual([
      {
        target: { kind: 'host', name: '(host)' },
        property: 'vmsmp.tenGigVmqEnabled',
        status: 'tie',
        values: [
          { value: '1', hosts: ['HV01'] },
          { value: '2', hosts: ['HV02'] },
        ],
        deviating: ['HV01', 'HV02'],
        absent: [],
      },
    ]);
  });

  it('compares against a golden host when asked', () => {
    const hosts = cluster();
    hosts[0].adapters[1].advanced['*vmq'].value = '0';
    const majority = compareFleet(hosts, { ignore: ignoreFilter() });
    expect(majority.rows.map((r) => r.deviating)).toEqual([['HV01']]);
    const golden = compareFleet(hosts, { golden: 'hv01', ignore: ignoreFilter() });
    expect(golden.reference).toEqual({ kind: 'golden', host: 'HV01' });
    expect(golden.rows.map((r) => [r.reference, r.deviating])).toEqual([['0', ['HV02', 'HV03']]]);
  });

  it('rejects an unknown golden host and duplicate hosts', () => {
    expect(() => compareFleet(cluster(), { golden: 'HV09' })).toThrowError(UsageError);
    expect(() => compareFleet([sampleHost('A'), sampleHost('a')])).toThrowError(/more than once/);
  });

  it('reports an object missing on a node once, not per property', () => {
    const hosts = cluster();
    hosts[2].adapters.pop();
    hosts[2].teams[0].members.pop();
    const r = compareFleet(hosts, { ignore: ignoreFilter() });
    const rows = r.rows.map((x) => `${x.target.kind} ${x.target.name} ${x.property} -> ${x.deviating.join(',')}`);
    expect(rows).toEqual(['adapter SLOT 2 Port 2 exists -> HV03', 'team TEAM1 member[SLOT 2 Port 2].administrativeMode -> HV03', 'team TEAM1 members -> HV03']);
    expect(r.rows[0].values).toEqual([
      { value: 'present', hosts: ['HV01', 'HV02'] },
      { value: '(absent)', hosts: ['HV03'] },
    ]);
  });

  it('compares a keyword missing on one node as its driver default, and shows a type', () => {
    const hosts = cluster();
    delete hosts[0].adapters[0].advanced['*jumbopacket'];
    hosts[1].adapters[0].advanced['*vmq'] = adv('*VMQ', '1', { type: 'REG_DWORD', def: '1' });
    const r = compareFleet(hosts, { ignore: ignoreFilter() });
    expect(r.rows.map((x) => [x.property, x.values.map((v) => v.value)])).toEqual([
      ['*JumboPacket', ['9014', '1514']],
      ['*VMQ', ['1', '1 (REG_DWORD)']],
    ]);
  });

  it('can include per-node values and agreeing rows', () => {
    const r = compareFleet(cluster(), { includeUnique: true, all: true });
    expect(r.rows.find((x) => x.property === 'permanentAddress')?.status).toBe('tie');
    expect(r.rows.some((x) => x.status === 'agree')).toBe(true);
    expect(r.summary.properties).toBe(r.rows.length);
  });
});
