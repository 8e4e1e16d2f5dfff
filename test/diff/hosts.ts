/** Builders of small host models for the diff, drift and fleet tests. */
import type { Finding } from '../../src/engine/types.js';
import type { Adapter, AdvancedProperty, Host, RegType, Team, VNic, VSwitch, VmqQueue } from '../../src/model/host.js';
import { queueModeOf } from '../../src/model/queues.js';

const AT = { file: 'test.json', line: 1 };

/** An advanced property as the registry and cmdlet would report it. */
export function adv(keyword: string, value: string | null, opts: { type?: RegType; def?: string; fromDefault?: boolean } = {}): AdvancedProperty {
  const p: AdvancedProperty = {
    keyword,
    value,
    type: opts.type ?? 'REG_SZ',
    observed: [{ source: 'cmdlet', value, type: opts.type ?? 'REG_SZ', at: AT }],
    at: AT,
  };
  if (opts.def !== undefined) p.meta = { defaultValue: opts.def };
  if (opts.fromDefault) p.fromDefault = true;
  return p;
}

/** A physical adapter; `id` defaults to a GUID derived from the name. */
export function adapter(name: string, opts: Partial<Adapter> & { props?: AdvancedProperty[] } = {}): Adapter {
  const { props, ...rest } = opts;
  const guid = rest.interfaceGuid ?? `{${name.replace(/[^a-z0-9]/gi, '').padEnd(8, '0').slice(0, 8).toUpperCase()}-0000-0000-0000-000000000000}`;
  const a: Adapter = {
    id: guid.toLowerCase(),
    name,
    interfaceGuid: guid,
    interfaceDescription: `Vendor NIC ${name}`,
    driver: { provider: 'Vendor', version: '1.0.0.0' },
    linkSpeedBps: 25_000_000_000,
    status: 'Up',
    kind: 'physical',
    advanced: {},
    queues: [],
    at: {},
    ...rest,
  };
  for (const p of props ?? []) a.advanced[p.keyword.toLowerCase()] = p;
  return a;
}

/** VMQ settings with locations filled in. */
export function vmq(v: Omit<NonNullable<Adapter['vmq']>, 'at'>): NonNullable<Adapter['vmq']> {
  return { ...v, at: {} };
}

export function queue(queueId: number, vmName: string, macAddress: string): VmqQueue {
  return { queueId, vmName, macAddress, at: AT };
}

export function team(name: string, members: Adapter[], opts: Partial<Team> = {}): Team {
  const kind = opts.kind ?? 'lbfo';
  const t: Team = {
    id: name,
    name,
    kind,
    teamingMode: 'SwitchIndependent',
    loadBalancingAlgorithm: 'Dynamic',
    members: members.map((m) => ({ adapterId: m.id, name: m.name, administrativeMode: 'Active' })),
    teamNics: [],
    queueMode: 'sum',
    at: {},
    ...opts,
  };
  t.queueMode = queueModeOf(t.kind, t.teamingMode, t.loadBalancingAlgorithm);
  for (const m of members) m.teamId = t.id;
  return t;
}

export function vswitch(name: string, uplinks: Adapter[], opts: Partial<VSwitch> = {}): VSwitch {
  const s: VSwitch = {
    id: `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-0000-0000-0000-000000000001`,
    name,
    switchType: 'External',
    uplinks: uplinks.map((u) => u.id),
    uplinkDescriptions: uplinks.map((u) => u.interfaceDescription ?? u.name),
    embeddedTeaming: false,
    iovEnabled: false,
    at: {},
    ...opts,
  };
  for (const u of uplinks) u.switchId = s.id;
  return s;
}

export function vnic(vmName: string, name: string, sw: VSwitch, opts: Partial<VNic> = {}): VNic {
  const vmId = `vm-${vmName.toLowerCase()}`;
  return {
    id: `${vmId}/${name.toLowerCase()}`,
    name,
    vmName,
    vmId,
    isManagementOs: false,
    switchName: sw.name,
    switchId: sw.id,
    vmqWeight: 100,
    at: {},
    ...opts,
  };
}

/** A host with 16 hyper-threaded LPs in one group and one NUMA node. */
export function host(name: string, parts: Partial<Pick<Host, 'adapters' | 'teams' | 'switches' | 'vnics' | 'os' | 'vmsmp'>> = {}): Host {
  return {
    name,
    os: parts.os ?? { release: '2019', family: 'WindowsServer', build: 17763 },
    processors: { logical: 16, cores: 8, hyperThreading: true, numaNodes: [], groups: [{ group: 0, size: 16 }] },
    adapters: parts.adapters ?? [],
    teams: parts.teams ?? [],
    switches: parts.switches ?? [],
    vnics: parts.vnics ?? [],
    vms: [],
    vmsmp: parts.vmsmp ?? { at: {} },
    sources: [],
    unknown: [],
    lossy: [],
    conflicts: [],
    at: {},
  };
}

/** A deep copy, so a test can edit the "after" side without touching "before". */
export function clone<T>(x: T): T {
  return structuredClone(x);
}

/**
 * A typical converged host: two 25 GbE NICs in an LBFO team under one vSwitch, two VMs with a
 * queue each.
 */
export function sampleHost(name = 'HV01'): Host {
  const p1 = adapter('SLOT 2 Port 1', {
    interfaceGuid: '{11111111-0000-0000-0000-000000000001}',
    permanentAddress: '00-15-5D-00-00-01',
    props: [adv('*VMQ', '1', { def: '1' }), adv('*JumboPacket', '9014', { def: '1514' }), adv('*RssBaseProcNumber', '2', { def: '0' }), adv('*MaxRssProcessors', '4', { def: '8' })],
    vmq: vmq({ enabled: true, baseProcessorNumber: 2, maxProcessors: 4, numberOfReceiveQueues: 30 }),
    queues: [queue(1, 'VM1', '00-15-5D-01-00-01')],
  });
  const p2 = adapter('SLOT 2 Port 2', {
    interfaceGuid: '{11111111-0000-0000-0000-000000000002}',
    permanentAddress: '00-15-5D-00-00-02',
    props: [adv('*VMQ', '1', { def: '1' }), adv('*JumboPacket', '9014', { def: '1514' }), adv('*RssBaseProcNumber', '10', { def: '0' }), adv('*MaxRssProcessors', '4', { def: '8' })],
    vmq: vmq({ enabled: true, baseProcessorNumber: 10, maxProcessors: 3, numberOfReceiveQueues: 30 }),
    queues: [queue(1, 'VM2', '00-15-5D-01-00-02')],
  });
  const t = team('TEAM1', [p1, p2]);
  const s = vswitch('vSwitch', [], { teamId: t.id });
  t.switchId = s.id;
  p1.switchId = s.id;
  p2.switchId = s.id;
  return host(name, {
    adapters: [p1, p2],
    teams: [t],
    switches: [s],
    vnics: [vnic('VM1', 'Network Adapter', s, { macAddress: '00-15-5D-01-00-01' }), vnic('VM2', 'Network Adapter', s, { macAddress: '00-15-5D-01-00-02' })],
    vmsmp: { tenGigVmqEnabled: 1, at: {} },
  });
}

/** A finding as the engine would report it, fingerprinted by rule and target id. */
export function finding(host: string, ruleId: string, severity: Finding['severity'], target: Finding['target'], property?: string): Finding {
  return {
    ruleId,
    severity,
    host,
    target,
    ...(property !== undefined ? { property } : {}),
    message: `${ruleId} on ${target.name}`,
    evidence: {},
    remediation: '',
    locations: [{ file: `${host}/Get-NetAdapterAdvancedProperty.json`, line: 12 }],
    fingerprint: `${ruleId}:${target.id}`,
    suppressed: null,
  };
}

/**
 * A stand-in linter: flags disabled VMQ per adapter (error), team members whose VMQ base
 * processors collide (warning), and more than two vNICs on a host (info).
 */
export function stubLint(hosts: readonly Host[]): Finding[] {
  const out: Finding[] = [];
  for (const h of hosts) {
    for (const a of h.adapters) {
      if (a.advanced['*vmq']?.value === '0') out.push(finding(h.name, 'vmq-disabled', 'error', { kind: 'adapter', name: a.name, id: a.id }, '*VMQ'));
    }
    for (const t of h.teams) {
      const bases = t.members.map((m) => h.adapters.find((a) => a.id === m.adapterId)?.vmq?.baseProcessorNumber);
      if (new Set(bases).size < bases.length) {
        const id = t.members.map((m) => m.adapterId).sort().join('+');
        out.push(finding(h.name, 'team-processor-overlap', 'warning', { kind: 'team', name: t.name, id }));
      }
    }
    if (h.vnics.length > 2) out.push(finding(h.name, 'too-many-vnics', 'info', { kind: 'host', name: h.name, id: h.name.toLowerCase() }));
  }
  return out;
}
