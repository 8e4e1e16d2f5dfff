import { describe, expect, it } from 'vitest';
import { diffHosts } from '../../src/diff/diff.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { Change } from '../../src/diff/types.js';
import type { Finding } from '../../src/engine/types.js';
import type { Host } from '../../src/model/host.js';
import { adapter, adv, clone, finding, sampleHost, stubLint, team, vnic, vmq, queue } from './hosts.js';

const only = (changes: Change[], property: string): Change[] => changes.filter((c) => c.property === property);

describe('diffHosts', () => {
  it('finds nothing between a snapshot and itself', () => {
    const a = sampleHost();
    const r = diffHosts([a], [clone(a)], { ignore: ignoreFilter() });
    expect(r.changes).toEqual([]);
    expect(r.hosts).toEqual([{ host: 'HV01', status: 'unchanged', changes: 0, introduced: [], resolved: [], unattributed: [] }]);
    expect(r.summary.changes).toBe(0);
  });

  it('reports a changed keyword as value-changed with both sides and types', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].advanced['*vmq'].value = '0';
    const r = diffHosts([a], [b]);
    expect(r.changes).toEqual([
      {
        host: 'HV01',
        target: { kind: 'adapter', name: 'SLOT 2 Port 1', id: '{11111111-0000-0000-0000-000000000001}' },
        property: '*VMQ',
        kind: 'value-changed',
        before: { value: '1', type: 'REG_SZ' },
        after: { value: '0', type: 'REG_SZ' },
        driverDefault: '1',
        severity: 'info',
        introduces: [],
        resolves: [],
      },
    ]);
  });

  it('prefers type-changed over value-changed and reset-to-default', () => {
    const a = sampleHost();
    const b = clone(a);
    // Value back at the default and a new type: the type change is what matters.
    b.adapters[0].advanced['*jumbopacket'] = adv('*JumboPacket', '1514', { type: 'REG_DWORD', def: '1514' });
    const [c] = only(diffHosts([a], [b]).changes, '*JumboPacket');
    expect(c.kind).toBe('type-changed');
    expect(c.before).toEqual({ value: '9014', type: 'REG_SZ' });
    expect(c.after).toEqual({ value: '1514', type: 'REG_DWORD' });
  });

  it('reports a value returned to the driver default after a driver update as reset-to-default', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].driver.version = '2.1.0.0';
    b.adapters[0].advanced['*jumbopacket'].value = '1514';
    const r = diffHosts([a], [b]);
    const [c] = only(r.changes, '*JumboPacket');
    expect(c.kind).toBe('reset-to-default');
    expect(c.driverVersion).toEqual({ before: '1.0.0.0', after: '2.1.0.0' });
    expect(only(r.changes, 'driver.version')[0].kind).toBe('value-changed');
  });

  it('compares a deleted keyword as its Ndi default, so deletion is reset-to-default', () => {
    const a = sampleHost();
    const b = clone(a);
    delete b.adapters[0].advanced['*jumbopacket'];
    const [c] = only(diffHosts([a], [b]).changes, '*JumboPacket');
    expect(c.kind).toBe('reset-to-default');
    expect(c.after).toEqual({ value: '1514' });
  });

  it('compares a keyword the export lists without a value as its Ndi default (not set: the driver uses the default)', () => {
    const a = sampleHost();
    const b = clone(a);
    // Get-NetAdapterAdvancedProperty lists the keyword from Ndi\Params with RegistryValue null.
    b.adapters[0].advanced['*jumbopacket'] = adv('*JumboPacket', null, { def: '1514' });
    const [c] = only(diffHosts([a], [b]).changes, '*JumboPacket');
    expect(c).toMatchObject({ kind: 'reset-to-default', before: { value: '9014' }, after: { value: '1514' } });
    // Without a default there is nothing to compare it as, so the value is gone.
    const d = clone(a);
    d.adapters[0].advanced['*jumbopacket'] = adv('*JumboPacket', null);
    expect(only(diffHosts([a], [d]).changes, '*JumboPacket')[0]).toMatchObject({ kind: 'value-changed', after: { value: null } });
  });

  it('reports a deleted keyword without a known default as removed, and a new one as added', () => {
    const a = sampleHost();
    a.adapters[0].advanced['vendorx'] = adv('VendorX', '5');
    const b = clone(a);
    delete b.adapters[0].advanced['vendorx'];
    b.adapters[0].advanced['vendory'] = adv('VendorY', '7');
    const r = diffHosts([a], [b]);
    expect(only(r.changes, 'VendorX')[0]).toMatchObject({ kind: 'removed', before: { value: '5' }, after: null });
    expect(only(r.changes, 'VendorY')[0]).toMatchObject({ kind: 'added', before: null, after: { value: '7' } });
  });

  it('treats numeric registry text by value', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].advanced['*vmq'].value = '0x1';
    expect(diffHosts([a], [b]).changes).toEqual([]);
  });

  it('keeps identity across a rename: one renamed change and no removal', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].name = 'Storage A';
    b.teams[0].members[0].name = 'Storage A';
    const r = diffHosts([a], [b]);
    expect(r.changes.map((c) => [c.kind, c.property, c.target.name])).toEqual([['renamed', 'name', 'Storage A']]);
    expect(r.changes[0].before).toEqual({ value: 'SLOT 2 Port 1' });
    expect(r.changes[0].targetBefore).toEqual({ kind: 'adapter', name: 'SLOT 2 Port 1', id: '{11111111-0000-0000-0000-000000000001}' });
  });

  it('matches an adapter whose id source changed by its permanent MAC', () => {
    const a = sampleHost();
    const b = clone(a);
    // The after export lacks the InterfaceGuid, so the model fell back to the MAC.
    b.adapters[0].interfaceGuid = undefined;
    b.adapters[0].id = '00155d000001';
    b.teams[0].members[0].adapterId = '00155d000001';
    const r = diffHosts([a], [b]);
    expect(r.changes).toEqual([]);
  });

  it('does not match two different NICs that share a name', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].interfaceGuid = '{99999999-0000-0000-0000-000000000001}';
    b.adapters[0].id = '{99999999-0000-0000-0000-000000000001}';
    b.adapters[0].permanentAddress = '00-15-5D-00-00-99';
    b.teams[0].members[0].adapterId = b.adapters[0].id;
    const kinds = diffHosts([a], [b]).changes.map((c) => `${c.kind} ${c.target.kind}`);
    expect(kinds).toContain('added adapter');
    expect(kinds).toContain('removed adapter');
  });

  it('reports team membership, teaming mode and load balancing changes by their kinds', () => {
    const a = sampleHost();
    const b = clone(a);
    const p3 = adapter('SLOT 3 Port 1', { interfaceGuid: '{11111111-0000-0000-0000-000000000003}' });
    b.adapters.push(p3);
    b.teams[0].members.push({ adapterId: p3.id, name: p3.name });
    b.teams[0].teamingMode = 'Lacp';
    b.teams[0].loadBalancingAlgorithm = 'HyperVPort';
    b.teams[0].queueMode = 'min';
    const r = diffHosts([a], [b]);
    const team = r.changes.filter((c) => c.target.kind === 'team');
    expect(team.map((c) => [c.property, c.kind])).toEqual([
      ['loadBalancingAlgorithm', 'load-balancing-changed'],
      ['members', 'team-membership-changed'],
      ['queueMode', 'value-changed'],
      ['teamingMode', 'teaming-mode-changed'],
    ]);
    expect(only(team, 'members')[0].after).toEqual({ value: ['SLOT 2 Port 1', 'SLOT 2 Port 2', 'SLOT 3 Port 1'] });
    // The team changed members, so its target id changed too; the old one is kept for reference.
    expect(team[0].targetBefore?.id).not.toBe(team[0].target.id);
    expect(r.changes.find((c) => c.kind === 'added')?.target.name).toBe('SLOT 3 Port 1');
  });

  it('yields one processor-set-changed with the base change', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].vmq!.baseProcessorNumber = 4;
    const r = diffHosts([a], [b]);
    expect(r.changes.map((c) => [c.property, c.kind])).toEqual([
      ['processorSet.vmq', 'processor-set-changed'],
      ['vmq.baseProcessorNumber', 'value-changed'],
    ]);
    expect(only(r.changes, 'processorSet.vmq')[0]).toMatchObject({ before: { value: '2,4,6,8' }, after: { value: '4,6,8,10' } });
  });

  it('reports queue allocation, vNIC and VmqWeight changes', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].queues = [queue(3, 'VM1', '00-15-5D-01-00-01')];
    b.adapters[1].queues = [];
    b.vnics[0].vmqWeight = 0;
    b.vnics.pop();
    b.vnics.push(vnic('VM3', 'Network Adapter', b.switches[0]));
    const r = diffHosts([a], [b]);
    expect(r.changes.map((c) => [c.target.name, c.property, c.kind])).toEqual([
      ['SLOT 2 Port 1', 'queue[VM1 00-15-5D-01-00-01]', 'queue-allocation-changed'],
      ['SLOT 2 Port 2', 'queue[VM2 00-15-5D-01-00-02]', 'queue-allocation-changed'],
      ['VM1/Network Adapter', 'vmqWeight', 'vmqweight-changed'],
      ['VM2/Network Adapter', 'exists', 'vnic-removed'],
      ['VM3/Network Adapter', 'exists', 'vnic-added'],
    ]);
    expect(r.changes[1].after).toBeNull();
  });

  it('reports hosts added and removed', () => {
    const r = diffHosts([sampleHost('HV01')], [sampleHost('HV02')]);
    expect(r.changes.map((c) => [c.host, c.kind])).toEqual([
      ['HV01', 'host-removed'],
      ['HV02', 'host-added'],
    ]);
    expect(r.hosts.map((h) => [h.host, h.status])).toEqual([
      ['HV01', 'removed'],
      ['HV02', 'added'],
    ]);
  });

  it('pairs hosts case-insensitively', () => {
    expect(diffHosts([sampleHost('hv01')], [sampleHost('HV01')]).changes).toEqual([]);
  });

  it('ignores noise by default and diff.ignore globs, counting them', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].status = 'Disconnected';
    b.adapters[0].advanced['*jumbopacket'].value = '4088';
    const all = diffHosts([a], [b]);
    expect(all.changes).toHaveLength(2);
    const r = diffHosts([a], [b], { ignore: ignoreFilter({ extra: ['*jumbo*'] }) });
    expect(r.changes).toEqual([]);
    expect(r.summary.ignored).toBe(2);
    const noisy = diffHosts([a], [b], { ignore: ignoreFilter({ includeNoise: true }) });
    expect(noisy.changes.map((c) => c.property)).toEqual(['*JumboPacket', 'status']);
  });

  it('does not compare a section exported on one side only', () => {
    const a = sampleHost();
    const b = clone(a);
    for (const ad of b.adapters) delete ad.vmq;
    for (const ad of b.adapters) ad.queues = [];
    const r = diffHosts([a], [b]);
    // The processor sets fall back to the keywords; the same LPs, except where MaxProcessors differs.
    expect(r.changes.filter((c) => c.property.startsWith('vmq.') || c.property.startsWith('queue['))).toEqual([]);
    expect(r.notCompared).toEqual([
      { host: 'HV01', section: 'Get-NetAdapterVmq', missingIn: 'after' },
      { host: 'HV01', section: 'Get-NetAdapterVmqQueue', missingIn: 'after' },
    ]);
  });

  it('tells a member leaving a team once, as the membership change, not again per member property', () => {
    const a = sampleHost();
    const b = clone(a);
    b.teams[0].members.pop();
    const r = diffHosts([a], [b]);
    expect(r.changes.filter((c) => c.target.kind === 'team').map((c) => [c.property, c.kind])).toEqual([['members', 'team-membership-changed']]);
    // A member that stays and changes its mode is still reported.
    const c = clone(a);
    c.teams[0].members[1].administrativeMode = 'Standby';
    expect(diffHosts([a], [c]).changes.map((x) => [x.property, x.kind])).toEqual([['member[SLOT 2 Port 2].administrativeMode', 'value-changed']]);
  });

  it('does not compare NUMA nodes when Get-VMHostNumaNode was exported on one side only', () => {
    const a = sampleHost();
    a.processors.numaNodes = [{ id: 0, lps: [0, 1, 2, 3, 4, 5, 6, 7] }, { id: 1, lps: [8, 9, 10, 11, 12, 13, 14, 15] }];
    const b = clone(a);
    b.processors.numaNodes = [];
    const r = diffHosts([a], [b]);
    expect(r.changes).toEqual([]);
    expect(r.notCompared).toEqual([{ host: 'HV01', section: 'Get-VMHostNumaNode', missingIn: 'after' }]);
  });

  it('does not report values an export format lost, and lists them as not compared', () => {
    const a = sampleHost();
    const b = clone(a);
    // Export-Csv wrote RegistryValue and the SET member list as "System.String[]".
    const csv = { file: 'HV01/Get-NetAdapterAdvancedProperty.csv', line: 2 };
    b.lossy = [{ what: 'RegistryValue', reason: 'array written as its type name by Export-Csv', at: csv }];
    b.adapters[0].advanced['*jumbopacket'] = { ...adv('*JumboPacket', null, { def: '1514' }), at: csv };
    b.adapters[0].advanced['*vmq'].value = '0';
    b.teams[0].at = { team: { file: 'HV01/Get-VMSwitchTeam.csv', line: 2 } };
    b.lossy.push({ what: 'NetAdapterInterfaceDescription', reason: 'array written as its type name by Export-Csv', at: { file: 'HV01/Get-VMSwitchTeam.csv', line: 2 } });
    b.teams[0].members = [];
    const r = diffHosts([a], [b]);
    // The one value the export kept and that changed is still reported.
    expect(r.changes.map((c) => [c.target.name, c.property])).toEqual([['SLOT 2 Port 1', '*VMQ']]);
    expect(r.notCompared).toEqual([
      { host: 'HV01', section: 'adapter "SLOT 2 Port 1": *JumboPacket', missingIn: 'after', reason: 'lost' },
      { host: 'HV01', section: 'team "TEAM1": members', missingIn: 'after', reason: 'lost' },
    ]);
    // Lost on both sides there is nothing known to miss.
    expect(diffHosts([b], [clone(b)]).notCompared).toEqual([]);
  });

  it('is deterministic whatever the input order', () => {
    const a1 = sampleHost('HV01');
    const a2 = sampleHost('HV02');
    const b1 = clone(a1);
    const b2 = clone(a2);
    b1.adapters[1].advanced['*vmq'].value = '0';
    b1.adapters[0].advanced['*vmq'].value = '0';
    b2.vnics[0].vmqWeight = 50;
    const x = diffHosts([a1, a2], [b1, b2]);
    const y = diffHosts([a2, a1], [{ ...b2, adapters: [...b2.adapters].reverse() }, { ...b1, adapters: [...b1.adapters].reverse() }]);
    expect(JSON.stringify(y)).toBe(JSON.stringify(x));
  });
});

describe('finding attribution', () => {
  const lint = stubLint;

  it('attributes an adapter finding to the change of its property and takes its severity', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].advanced['*vmq'].value = '0';
    b.adapters[0].advanced['*jumbopacket'].value = '1514';
    const r = diffHosts([a], [b], { lint });
    const vmqChange = only(r.changes, '*VMQ')[0];
    expect(vmqChange.introduces.map((f) => f.ruleId)).toEqual(['vmq-disabled']);
    expect(vmqChange.severity).toBe('error');
    expect(only(r.changes, '*JumboPacket')[0]).toMatchObject({ introduces: [], severity: 'info' });
    expect(r.hosts[0].introduced).toHaveLength(1);
    expect(r.summary.bySeverity).toEqual({ error: 1, warning: 0, info: 1 });
  });

  it('attributes a team finding to changes on its members and a resolved one the same way', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[1].vmq!.baseProcessorNumber = 2;
    const r = diffHosts([a], [b], { lint });
    const changed = r.changes.filter((c) => c.introduces.length > 0);
    expect(changed.map((c) => c.property)).toEqual(['processorSet.vmq', 'vmq.baseProcessorNumber']);
    expect(changed.every((c) => c.severity === 'warning')).toBe(true);
    const back = diffHosts([b], [a], { lint });
    expect(back.changes.filter((c) => c.resolves.length > 0).map((c) => c.resolves[0].ruleId)).toEqual([
      'team-processor-overlap',
      'team-processor-overlap',
    ]);
    expect(back.changes.every((c) => c.severity === 'info')).toBe(true);
  });

  it('finds the change a host-level finding depends on by undoing candidates one at a time', () => {
    const a = sampleHost();
    const b = clone(a);
    b.vnics.push(vnic('VM3', 'Network Adapter', b.switches[0]));
    b.adapters[0].advanced['*jumbopacket'].value = '1514';
    b.teams[0].loadBalancingAlgorithm = 'HyperVPort';
    const r = diffHosts([a], [b], { lint });
    expect(r.changes.filter((c) => c.introduces.length > 0).map((c) => [c.kind, c.target.name])).toEqual([['vnic-added', 'VM3/Network Adapter']]);
    expect(r.hosts[0].unattributed).toEqual([]);
  });

  it('attributes a team finding to the member change that causes it, not to every change nearby', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[1].vmq!.baseProcessorNumber = 2;
    b.adapters[1].driver.version = '9.9';
    b.teams[0].loadBalancingAlgorithm = 'HyperVPort';
    const r = diffHosts([a], [b], { lint });
    expect(r.changes.filter((c) => c.introduces.length > 0).map((c) => c.property)).toEqual(['processorSet.vmq', 'vmq.baseProcessorNumber']);
    // Without trials every nearby change would own it.
    const blunt = diffHosts([a], [b], { lint, trialBudget: 0 });
    expect(blunt.changes.filter((c) => c.introduces.length > 0).map((c) => c.property)).toEqual([
      'driver.version',
      'processorSet.vmq',
      'vmq.baseProcessorNumber',
      'loadBalancingAlgorithm',
    ]);
  });

  it('keeps every candidate for a finding that only arises among peers (trials lint one host alone)', () => {
    const peers = (hosts: readonly Host[]): Finding[] =>
      hosts.length < 2
        ? []
        : hosts.flatMap((h) =>
            h.adapters
              .filter((x) => hosts.some((o) => o.adapters.some((y) => y.name === x.name && y.advanced['*jumbopacket']?.value !== x.advanced['*jumbopacket']?.value)))
              .map((x) => finding(h.name, 'jumbo-asymmetry', 'warning', { kind: 'adapter', name: x.name, id: x.id })),
          );
    const a = [sampleHost('HV01'), sampleHost('HV02')];
    const b = a.map(clone);
    b[1].adapters[0].advanced['*jumbopacket'].value = '1514';
    b[1].adapters[0].driver.version = '9.9';
    const r = diffHosts(a, b, { lint: peers });
    const owners = r.changes.filter((c) => c.host === 'HV02' && c.introduces.length > 0).map((c) => c.property);
    expect(owners).toEqual(['*JumboPacket', 'driver.version']);
  });

  it('falls back to host-level changes, and lists a finding no change explains', () => {
    const linkDown = (hosts: readonly Host[]): Finding[] =>
      hosts.filter((h) => h.adapters.some((x) => x.status === 'Disconnected')).map((h) => finding(h.name, 'link-down', 'warning', { kind: 'host', name: h.name, id: h.name.toLowerCase() }));
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].status = 'Disconnected';
    // The status change is noise, so no reported change can own the finding.
    const r = diffHosts([a], [b], { lint: linkDown, ignore: ignoreFilter() });
    expect(r.changes).toEqual([]);
    expect(r.hosts[0].introduced.map((f) => f.ruleId)).toEqual(['link-down']);
    expect(r.hosts[0].unattributed).toEqual(['link-down:hv01']);
    b.os.build = 20348;
    const r2 = diffHosts([a], [b], { lint: linkDown, ignore: ignoreFilter() });
    expect(only(r2.changes, 'os.build')[0].introduces.map((f) => f.ruleId)).toEqual(['link-down']);
    expect(r2.hosts[0].unattributed).toEqual([]);
  });

  it('ignores suppressed findings', () => {
    const a = sampleHost();
    const b = clone(a);
    b.adapters[0].advanced['*vmq'].value = '0';
    const suppressed = (hosts: readonly Host[]): Finding[] => lint(hosts).map((f) => ({ ...f, suppressed: { kind: 'waiver', reason: 'x' } }));
    const r = diffHosts([a], [b], { lint: suppressed });
    expect(r.changes[0].introduces).toEqual([]);
  });

  it('uses team() and vmq() builders consistently', () => {
    const p = adapter('A', { vmq: vmq({ enabled: true }) });
    const t = team('T', [p]);
    expect(t.members[0].adapterId).toBe(p.id);
  });
});
