/**
 * Host models for the simulator tests, built in TypeScript (simulator.md c: one 10 GbE NIC,
 * 16 physical cores without HT, VMQ set LPs 1-15 unless a scenario says otherwise).
 */
import type { Adapter, AdvancedProperty, Host, Loc, Release, Team, Vm, VNic, VSwitch } from '../../src/model/host.js';
import { queueModeOf } from '../../src/model/queues.js';
import type { TrafficProfile, TrafficVnic } from '../../src/sim/profile.js';

const FILE = 'fixture-host.json';
let line = 1;
function at(): Loc {
  return { file: FILE, line: line++ };
}

export interface NicOptions {
  gbps?: number;
  /** VM queues (NumberOfReceiveQueues, excluding the default queue). */
  queues?: number;
  vmq?: boolean;
  base?: number;
  max?: number;
  maxProcessors?: number;
  dynamicAffinity?: boolean;
  coalescing?: boolean;
  /** `*InterruptModeration` value ('0' off, '1' on); absent leaves the keyword out. */
  moderation?: string;
  /** `*RssOnHostVPorts` value. */
  rssOnHostVPorts?: string;
  rss?: boolean;
}

export interface VnicOptions {
  weight?: number;
  vmmq?: boolean;
  vrss?: boolean;
  name?: string;
  switchName?: string;
  mac?: string;
  /** Get-VM State of the VM (adds a Get-VM record); undefined: no Get-VM record unless vcpus is set. */
  state?: string;
  /** Get-VM ProcessorCount. */
  vcpus?: number;
  /** VmmqQueuePairs of the vNIC. */
  queuePairs?: number;
}

function prop(keyword: string, value: string): AdvancedProperty {
  const loc = at();
  return { keyword, value, observed: [{ source: 'cmdlet', value, at: loc }], at: loc };
}

/** Builds a Host step by step: NICs, an optional team, switches, VMs. */
export class HostBuilder {
  private readonly adapters: Adapter[] = [];
  private readonly teams: Team[] = [];
  private readonly switches: VSwitch[] = [];
  private readonly vnics: VNic[] = [];
  private readonly vmList: Vm[] = [];

  constructor(
    private readonly opts: { name?: string; release: Release; lps?: number; ht?: boolean; numaNodes?: number[][] } = { release: '2012' },
  ) {}

  nic(name: string, o: NicOptions = {}): this {
    const advanced: Record<string, AdvancedProperty> = {};
    if (o.moderation !== undefined) advanced['*interruptmoderation'] = prop('*InterruptModeration', o.moderation);
    if (o.rssOnHostVPorts !== undefined) advanced['*rssonhostvports'] = prop('*RssOnHostVPorts', o.rssOnHostVPorts);
    const a: Adapter = {
      id: `{${name.toLowerCase()}}`,
      name,
      interfaceDescription: `Test NIC ${name}`,
      driver: {},
      linkSpeedBps: (o.gbps ?? 10) * 1e9,
      kind: 'physical',
      advanced,
      vmq: {
        enabled: o.vmq ?? true,
        baseProcessorGroup: 0,
        baseProcessorNumber: o.base ?? 1,
        maxProcessorNumber: o.max ?? (this.opts.lps ?? 16) - 1,
        maxProcessors: o.maxProcessors,
        numberOfReceiveQueues: o.queues ?? 30,
        dynamicProcessorAffinityChangeSupported: o.dynamicAffinity ?? true,
        interruptVectorCoalescingSupported: o.coalescing ?? false,
        at: { baseProcessorNumber: at(), maxProcessorNumber: at(), numberOfReceiveQueues: at(), enabled: at() },
      },
      rss:
        o.rss === undefined
          ? undefined
          : { enabled: o.rss, baseProcessorGroup: 0, baseProcessorNumber: o.base ?? 1, maxProcessorNumber: o.max ?? (this.opts.lps ?? 16) - 1, maxProcessors: o.maxProcessors, at: { enabled: at() } },
      queues: [],
      at: { name: at() },
    };
    this.adapters.push(a);
    return this;
  }

  team(name: string, members: string[], o: { kind?: 'lbfo' | 'set'; mode?: string; lb?: string } = {}): this {
    const kind = o.kind ?? 'lbfo';
    const t: Team = {
      id: `team-${name.toLowerCase()}`,
      name,
      kind,
      teamingMode: o.mode ?? 'SwitchIndependent',
      loadBalancingAlgorithm: o.lb ?? 'Dynamic',
      members: members.map((m) => ({ adapterId: `{${m.toLowerCase()}}`, name: m })),
      teamNics: [],
      queueMode: queueModeOf(kind, o.mode ?? 'SwitchIndependent', o.lb ?? 'Dynamic'),
      at: { name: at() },
    };
    for (const m of members) this.adapters.find((a) => a.name === m)!.teamId = t.id;
    this.teams.push(t);
    return this;
  }

  /** A switch on NICs (by name) or on a team (by team name). */
  vswitch(name: string, uplink: { nics?: string[]; team?: string }, o: Partial<VSwitch> = {}): this {
    const id = `sw-${name.toLowerCase()}`;
    const team = uplink.team ? this.teams.find((t) => t.name === uplink.team) : undefined;
    const nics = team ? team.members.map((m) => m.name) : (uplink.nics ?? []);
    for (const n of nics) this.adapters.find((a) => a.name === n)!.switchId = id;
    if (team) team.switchId = id;
    this.switches.push({
      id,
      name,
      switchType: 'External',
      uplinks: team && team.kind === 'lbfo' ? [`${team.id}-nic`] : nics.map((n) => `{${n.toLowerCase()}}`),
      uplinkDescriptions: [],
      teamId: team?.id,
      embeddedTeaming: team?.kind === 'set',
      at: { name: at() },
      ...o,
    });
    return this;
  }

  vm(vmName: string, o: VnicOptions = {}): this {
    const sw = o.switchName ? this.switches.find((s) => s.name === o.switchName)! : this.switches[0];
    const name = o.name ?? 'Network Adapter';
    this.vnics.push({
      id: `${vmName.toLowerCase()}/${name.toLowerCase()}`,
      name,
      vmName,
      isManagementOs: false,
      switchName: sw.name,
      switchId: sw.id,
      vmqWeight: o.weight ?? 100,
      vmmqEnabled: o.vmmq,
      ...(o.queuePairs !== undefined ? { vmmqQueuePairs: o.queuePairs } : {}),
      vrssEnabled: o.vrss,
      macAddress: o.mac,
      at: { name: at() },
    });
    if ((o.state !== undefined || o.vcpus !== undefined) && !this.vmList.some((v) => v.name === vmName)) {
      this.vmList.push({
        id: `name:${vmName.toLowerCase()}`,
        name: vmName,
        ...(o.state !== undefined ? { state: o.state } : {}),
        ...(o.vcpus !== undefined ? { processorCount: o.vcpus } : {}),
        at: { vm: at() },
      });
    }
    return this;
  }

  vms(prefix: string, count: number, o: VnicOptions = {}): this {
    for (let i = 1; i <= count; i++) this.vm(`${prefix}${String(i).padStart(2, '0')}`, o);
    return this;
  }

  hostVnic(name: string, o: VnicOptions = {}): this {
    const sw = o.switchName ? this.switches.find((s) => s.name === o.switchName)! : this.switches[0];
    this.vnics.push({
      id: `host/${name.toLowerCase()}`,
      name,
      isManagementOs: true,
      switchName: sw.name,
      switchId: sw.id,
      vmqWeight: o.weight ?? 100,
      at: { name: at() },
    });
    return this;
  }

  build(): Host {
    const lps = this.opts.lps ?? 16;
    const ht = this.opts.ht ?? false;
    const numa = this.opts.numaNodes ?? [Array.from({ length: lps }, (_, i) => i)];
    return {
      name: this.opts.name ?? 'HV01',
      os: { release: this.opts.release, family: 'WindowsServer' },
      processors: {
        logical: lps,
        cores: ht ? lps / 2 : lps,
        hyperThreading: ht,
        numaNodes: numa.map((l, id) => ({ id, lps: l })),
        groups: [{ group: 0, size: Math.min(lps, 64) }, ...(lps > 64 ? [{ group: 1, size: lps - 64 }] : [])],
      },
      adapters: this.adapters,
      teams: this.teams,
      switches: this.switches,
      vnics: this.vnics,
      vms: this.vmList,
      vmsmp: { at: {} },
      sources: [{ file: FILE, format: 'model', encoding: 'utf-8', kinds: [], objects: 0, propertiesMapped: 0, propertiesUnknown: 0 }],
      unknown: [],
      lossy: [],
      conflicts: [],
      at: { name: { file: FILE, line: 1 } },
    };
  }
}

/** The default scenario host: 16 LPs, no HT, one 10 GbE NIC with VMQ set LPs 1-15. */
export function defaultHost(release: Release, vms: number, nic: NicOptions = {}, vnic: VnicOptions = {}): HostBuilder {
  return new HostBuilder({ release, lps: 16 }).nic('NIC1', { base: 1, max: 15, ...nic }).vswitch('vSwitch', { nics: ['NIC1'] }).vms('VM', vms, vnic);
}

/** VM names as `vms()` makes them: VM01, VM02, ... */
export function vmName(i: number, prefix = 'VM'): string {
  return `${prefix}${String(i).padStart(2, '0')}`;
}

/** A profile offering every one of `count` VMs the same constant rate. */
export function constantProfile(count: number, gbps: number, extra: Partial<TrafficVnic> = {}, durationSeconds = 60): TrafficProfile {
  return { durationSeconds, vnics: Array.from({ length: count }, (_, i) => ({ vm: vmName(i + 1), gbps, ...extra })) };
}
