/**
 * A small fluent builder of host models for rule tests. Every value it sets carries a Loc (file,
 * line, pointer) the way the loader would record it, so tests can assert finding locations.
 */
import type {
  Adapter,
  AdvancedProperty,
  Host,
  KeywordMeta,
  Loc,
  Observation,
  RegType,
  Release,
  Team,
  UnknownItem,
  Vm,
  VNic,
  VSwitch,
} from '../../src/model/host.js';
import { emptyHost } from '../../src/model/empty-host.js';
import { queueModeOf } from '../../src/model/queues.js';
import type { Rule, RuleContext, RuleOutcome, RuleReport } from '../../src/engine/types.js';

let counter = 0;
function guid(): string {
  counter += 1;
  return `{6a1d3c2b-5e4f-4a7b-9c8d-${counter.toString(16).padStart(12, '0')}}`;
}

/** Loc factory: one file per cmdlet, lines counted per file. */
class Locs {
  private readonly lines = new Map<string, number>();
  next(file: string, pointer: string): Loc {
    const line = (this.lines.get(file) ?? 0) + 1;
    this.lines.set(file, line);
    return { file, line, pointer };
  }
}

export interface VmqInput {
  enabled?: boolean;
  base?: number;
  baseGroup?: number;
  max?: number;
  maxProcessors?: number;
  queues?: number;
  numaNode?: number;
  dynamic?: boolean;
  coalescing?: boolean;
}

export interface RssInput {
  enabled?: boolean;
  base?: number;
  baseGroup?: number;
  max?: number;
  maxProcessors?: number;
  processorArray?: number[];
}

export interface AdvancedInput {
  type?: RegType;
  meta?: Omit<KeywordMeta, 'at'>;
  fromDefault?: boolean;
  /** Extra observations (e.g. a registry dump that disagrees on type). */
  observed?: Omit<Observation, 'at'>[];
}

/** Builds one adapter; obtained from HostBuilder.adapter(). */
export class AdapterBuilder {
  constructor(
    readonly a: Adapter,
    private readonly locs: Locs,
  ) {}

  speed(gbps: number): this {
    this.a.linkSpeedBps = gbps * 1e9;
    this.a.at['linkSpeedBps'] = this.locs.next('Get-NetAdapter.json', `/${this.a.name}/ReceiveLinkSpeed`);
    return this;
  }

  description(d: string): this {
    this.a.interfaceDescription = d;
    this.a.at['interfaceDescription'] = this.locs.next('Get-NetAdapter.json', `/${this.a.name}/InterfaceDescription`);
    return this;
  }

  driver(provider: string, version: string): this {
    this.a.driver = { provider, version };
    this.a.at['driver.provider'] = this.locs.next('Get-NetAdapter.json', `/${this.a.name}/DriverProvider`);
    this.a.at['driver.version'] = this.locs.next('Get-NetAdapter.json', `/${this.a.name}/DriverVersionString`);
    return this;
  }

  numa(node: number): this {
    this.a.numaNode = node;
    this.a.at['numaNode'] = this.locs.next('Get-NetAdapterHardwareInfo.json', `/${this.a.name}/NumaNode`);
    return this;
  }

  vmq(v: VmqInput): this {
    const file = 'Get-NetAdapterVmq.json';
    const at: Record<string, Loc> = {};
    const set = <T>(key: string, prop: string, value: T | undefined): T | undefined => {
      if (value !== undefined) at[key] = this.locs.next(file, `/${this.a.name}/${prop}`);
      return value;
    };
    this.a.vmq = {
      enabled: set('enabled', 'Enabled', v.enabled ?? true),
      baseProcessorGroup: set('baseProcessorGroup', 'BaseProcessorGroup', v.baseGroup ?? (v.base !== undefined ? 0 : undefined)),
      baseProcessorNumber: set('baseProcessorNumber', 'BaseProcessorNumber', v.base),
      maxProcessorNumber: set('maxProcessorNumber', 'MaxProcessorNumber', v.max),
      maxProcessors: set('maxProcessors', 'MaxProcessors', v.maxProcessors),
      numaNode: set('numaNode', 'NumaNode', v.numaNode),
      numberOfReceiveQueues: set('numberOfReceiveQueues', 'NumberOfReceiveQueues', v.queues),
      dynamicProcessorAffinityChangeSupported: set('dynamicProcessorAffinityChangeSupported', 'DynamicProcessorAffinityChangeSupported', v.dynamic),
      interruptVectorCoalescingSupported: set('interruptVectorCoalescingSupported', 'InterruptVectorCoalescingSupported', v.coalescing),
      at,
    };
    return this;
  }

  rss(r: RssInput): this {
    const file = 'Get-NetAdapterRss.json';
    const at: Record<string, Loc> = {};
    const set = <T>(key: string, prop: string, value: T | undefined): T | undefined => {
      if (value !== undefined) at[key] = this.locs.next(file, `/${this.a.name}/${prop}`);
      return value;
    };
    this.a.rss = {
      enabled: set('enabled', 'Enabled', r.enabled ?? true),
      baseProcessorGroup: set('baseProcessorGroup', 'BaseProcessorGroup', r.baseGroup ?? (r.base !== undefined ? 0 : undefined)),
      baseProcessorNumber: set('baseProcessorNumber', 'BaseProcessorNumber', r.base),
      maxProcessorNumber: set('maxProcessorNumber', 'MaxProcessorNumber', r.max),
      maxProcessors: set('maxProcessors', 'MaxProcessors', r.maxProcessors),
      processorArray: r.processorArray?.map((n) => ({ group: 0, number: n })),
      at,
    };
    if (r.processorArray) at['processorArray'] = this.locs.next(file, `/${this.a.name}/RssProcessorArray`);
    return this;
  }

  /** An advanced property as Get-NetAdapterAdvancedProperty reports it (REG_SZ unless given). */
  adv(keyword: string, value: string | null, opts: AdvancedInput = {}): this {
    const at = this.locs.next('Get-NetAdapterAdvancedProperty.json', `/${this.a.name}/${keyword}/RegistryValue`);
    const type = opts.type ?? 'REG_SZ';
    const observed: Observation[] = [{ source: 'cmdlet', value, type, at }];
    for (const o of opts.observed ?? []) observed.push({ ...o, at: this.locs.next(o.source === 'registry' ? 'nic-class.reg' : 'Get-NetAdapterAdvancedProperty.json', `/${this.a.name}/${keyword}`) });
    const prop: AdvancedProperty = {
      keyword,
      value,
      type,
      fromDefault: opts.fromDefault,
      meta: opts.meta ? { ...opts.meta, at: this.locs.next('Get-NetAdapterAdvancedProperty.json', `/${this.a.name}/${keyword}/ValidRegistryValues`) } : undefined,
      displayName: opts.meta?.displayName,
      observed,
      at,
    };
    this.a.advanced[keyword.toLowerCase()] = prop;
    return this;
  }

  /** A Get-NetAdapterVmqQueue row: queue id, LPs (group 0) and the VM it serves. */
  queue(queueId: number, processors: number[], vmName?: string, macAddress?: string): this {
    this.a.queues.push({
      queueId,
      processorGroup: 0,
      processors,
      vmName,
      ...(macAddress !== undefined ? { macAddress } : {}),
      at: this.locs.next('Get-NetAdapterVmqQueue.json', `/${this.a.name}/${queueId}`),
    });
    return this;
  }

  kind(k: Adapter['kind']): this {
    this.a.kind = k;
    return this;
  }
}

export interface SwitchInput {
  iov?: boolean;
  availableVMQueues?: number;
  allowNetLbfoTeams?: boolean;
  allowManagementOS?: boolean;
}

export interface VnicInput {
  vmqWeight?: number;
  iovWeight?: number;
  macAddress?: string;
  vmmqEnabled?: boolean;
  vmmqQueuePairs?: number;
}

/** Builds a host model. */
export class HostBuilder {
  private readonly locs = new Locs();
  readonly h: Host;

  constructor(name = 'HV01') {
    this.h = {
      ...emptyHost(name),
      os: { release: '2019', family: 'WindowsServer', build: 17763, caption: 'Microsoft Windows Server 2019 Datacenter' },
      sources: [
        { file: 'Get-ComputerInfo.json', format: 'json', encoding: 'utf-8', kinds: ['Get-ComputerInfo'], objects: 1, propertiesMapped: 4, propertiesUnknown: 0 },
      ],
    };
    this.h.at['name'] = this.locs.next('Get-ComputerInfo.json', '/0/CsName');
  }

  release(r: Release): this {
    this.h.os.release = r;
    this.h.at['os.release'] = this.locs.next('Get-ComputerInfo.json', '/0/OsName');
    return this;
  }

  /** Logical processors, with or without hyper-threading; `ht: undefined` leaves it unknown. */
  lps(logical: number, ht: boolean | undefined): this {
    this.h.processors.logical = logical;
    if (ht !== undefined) {
      this.h.processors.cores = ht ? logical / 2 : logical;
      this.h.processors.hyperThreading = ht;
    }
    return this;
  }

  numa(nodes: number[][]): this {
    this.h.processors.numaNodes = nodes.map((lps, id) => ({ id, lps }));
    return this;
  }

  vmsmp(v: { tenGig?: number; belowTenGig?: number }): this {
    if (v.tenGig !== undefined) {
      this.h.vmsmp.tenGigVmqEnabled = v.tenGig;
      this.h.vmsmp.at['tenGigVmqEnabled'] = this.locs.next('vmsmp.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters\\TenGigVmqEnabled');
    }
    if (v.belowTenGig !== undefined) {
      this.h.vmsmp.belowTenGigVmqEnabled = v.belowTenGig;
      this.h.vmsmp.at['belowTenGigVmqEnabled'] = this.locs.next('vmsmp.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters\\BelowTenGigVmqEnabled');
    }
    return this;
  }

  /** A physical NIC (10 GbE unless the callback says otherwise). */
  adapter(name: string, fn?: (a: AdapterBuilder) => void): this {
    const id = guid();
    const at = this.locs.next('Get-NetAdapter.json', `/${name}/Name`);
    const a: Adapter = { id, name, interfaceGuid: id, driver: {}, kind: 'physical', advanced: {}, queues: [], at: { name: at } };
    this.h.adapters.push(a);
    const b = new AdapterBuilder(a, this.locs).speed(10);
    fn?.(b);
    return this;
  }

  private find(name: string): Adapter {
    const a = this.h.adapters.find((x) => x.name === name);
    if (!a) throw new Error(`host-builder: no adapter ${name}`);
    return a;
  }

  /** An LBFO team with a team NIC of the same name. */
  lbfo(name: string, members: string[], teamingMode = 'SwitchIndependent', lb = 'Dynamic'): this {
    const nicAt = this.locs.next('Get-NetAdapter.json', `/${name}/Name`);
    const teamNic: Adapter = { id: guid(), name, interfaceDescription: 'Microsoft Network Adapter Multiplexor Driver', driver: {}, kind: 'team-nic', advanced: {}, queues: [], at: { name: nicAt } };
    this.h.adapters.push(teamNic);
    const team: Team = {
      id: name,
      name,
      kind: 'lbfo',
      teamingMode,
      loadBalancingAlgorithm: lb,
      members: members.map((m) => ({ adapterId: this.find(m).id, name: m, administrativeMode: 'Active' })),
      teamNics: [teamNic.id],
      queueMode: queueModeOf('lbfo', teamingMode, lb),
      at: {
        name: this.locs.next('Get-NetLbfoTeam.json', `/${name}/Name`),
        teamingMode: this.locs.next('Get-NetLbfoTeam.json', `/${name}/TeamingMode`),
        loadBalancingAlgorithm: this.locs.next('Get-NetLbfoTeam.json', `/${name}/LoadBalancingAlgorithm`),
        members: this.locs.next('Get-NetLbfoTeam.json', `/${name}/Members`),
      },
    };
    for (const m of members) this.find(m).teamId = team.id;
    this.h.teams.push(team);
    return this;
  }

  /** An external vSwitch on NICs or on an LBFO team NIC. */
  vswitch(name: string, uplinks: string[], s: SwitchInput = {}): this {
    const id = guid().slice(1, -1);
    const ups = uplinks.map((u) => this.find(u));
    const sw: VSwitch = {
      id,
      name,
      switchType: 'External',
      uplinks: ups.map((u) => u.id),
      uplinkDescriptions: ups.map((u) => u.interfaceDescription ?? u.name),
      embeddedTeaming: false,
      iovEnabled: s.iov ?? false,
      allowManagementOS: s.allowManagementOS ?? true,
      allowNetLbfoTeams: s.allowNetLbfoTeams,
      availableVMQueues: s.availableVMQueues,
      at: {
        name: this.locs.next('Get-VMSwitch.json', `/${name}/Name`),
        iovEnabled: this.locs.next('Get-VMSwitch.json', `/${name}/IovEnabled`),
        uplinks: this.locs.next('Get-VMSwitch.json', `/${name}/NetAdapterInterfaceDescriptions`),
      },
    };
    if (s.availableVMQueues !== undefined) sw.at['availableVMQueues'] = this.locs.next('Get-VMSwitch.json', `/${name}/AvailableVMQueues`);
    if (s.allowNetLbfoTeams !== undefined) sw.at['allowNetLbfoTeams'] = this.locs.next('Get-VMSwitch.json', `/${name}/AllowNetLbfoTeams`);
    const lbfo = this.h.teams.find((t) => ups.some((u) => t.teamNics.includes(u.id)));
    if (lbfo) {
      sw.teamId = lbfo.id;
      lbfo.switchId = id;
      for (const m of lbfo.members) this.h.adapters.find((a) => a.id === m.adapterId)!.switchId = id;
    }
    for (const u of ups) u.switchId = id;
    this.h.switches.push(sw);
    return this;
  }

  /** A SET switch: the switch and its embedded team. */
  setSwitch(name: string, members: string[], s: SwitchInput & { lb?: string } = {}): this {
    this.vswitch(name, members, s);
    const sw = this.h.switches[this.h.switches.length - 1];
    sw.embeddedTeaming = true;
    const team: Team = {
      id: sw.id,
      name,
      kind: 'set',
      teamingMode: 'SwitchIndependent',
      loadBalancingAlgorithm: s.lb ?? 'HyperVPort',
      members: members.map((m) => ({ adapterId: this.find(m).id, name: m })),
      teamNics: [],
      switchId: sw.id,
      queueMode: queueModeOf('set'),
      at: {
        name: this.locs.next('Get-VMSwitchTeam.json', `/${name}/Name`),
        loadBalancingAlgorithm: this.locs.next('Get-VMSwitchTeam.json', `/${name}/LoadBalancingAlgorithm`),
        members: this.locs.next('Get-VMSwitchTeam.json', `/${name}/NetAdapterInterfaceDescription`),
      },
    };
    sw.teamId = team.id;
    for (const m of members) this.find(m).teamId = team.id;
    this.h.teams.push(team);
    return this;
  }

  /** A vNIC; `vm: null` is a management-OS vNIC. */
  vnic(vm: string | null, name: string, switchName: string, v: VnicInput = {}): this {
    const sw = this.h.switches.find((s) => s.name === switchName);
    const file = 'Get-VMNetworkAdapter.json';
    const label = `${vm ?? 'host'}/${name}`;
    const nic: VNic = {
      id: `${vm ?? 'host'}\\${name}`.toLowerCase(),
      name,
      vmName: vm ?? undefined,
      isManagementOs: vm === null,
      switchName,
      switchId: sw?.id,
      vmqWeight: v.vmqWeight,
      iovWeight: v.iovWeight,
      ...(v.macAddress !== undefined ? { macAddress: v.macAddress } : {}),
      ...(v.vmmqEnabled !== undefined ? { vmmqEnabled: v.vmmqEnabled } : {}),
      ...(v.vmmqQueuePairs !== undefined ? { vmmqQueuePairs: v.vmmqQueuePairs } : {}),
      at: { name: this.locs.next(file, `/${label}/Name`) },
    };
    if (v.vmqWeight !== undefined) nic.at['vmqWeight'] = this.locs.next(file, `/${label}/VmqWeight`);
    if (v.iovWeight !== undefined) nic.at['iovWeight'] = this.locs.next(file, `/${label}/IovWeight`);
    this.h.vnics.push(nic);
    return this;
  }

  /** A Get-VM record: the VM's State and ProcessorCount (joined to its vNICs by name). */
  vm(name: string, state: string | undefined, processorCount?: number): this {
    const file = 'Get-VM.json';
    const vm: Vm = { id: `name:${name.toLowerCase()}`, name, at: { name: this.locs.next(file, `/${name}/Name`) } };
    if (state !== undefined) (vm.state = state), (vm.at['state'] = this.locs.next(file, `/${name}/State`));
    if (processorCount !== undefined) (vm.processorCount = processorCount), (vm.at['processorCount'] = this.locs.next(file, `/${name}/ProcessorCount`));
    this.h.vms.push(vm);
    return this;
  }

  unknown(item: Omit<UnknownItem, 'at'>, file = 'Get-NetAdapter.json'): this {
    this.h.unknown.push({ ...item, at: this.locs.next(file, `/${item.name}`) });
    return this;
  }

  lossy(what: string, reason: string, file = 'Get-NetAdapterRss.json'): this {
    this.h.lossy.push({ what, reason, at: this.locs.next(file, `/${what}`) });
    return this;
  }

  /** Direct access for what the fluent API does not cover. */
  edit(fn: (h: Host) => void): this {
    fn(this.h);
    return this;
  }

  build(): Host {
    return this.h;
  }
}

export function host(name = 'HV01'): HostBuilder {
  return new HostBuilder(name);
}

/** Run a rule on one host (with its fleet) using the rule's default options. */
export function run<O>(rule: Rule<O>, h: Host, opts: { fleet?: Host[]; options?: Partial<O>; simulation?: () => unknown } = {}): RuleOutcome {
  const ctx: RuleContext<O> = {
    host: h,
    fleet: opts.fleet ?? [h],
    options: { ...(rule.meta.defaultOptions ?? {}), ...(opts.options ?? {}) } as O,
    simulation: opts.simulation,
  };
  return rule.check(ctx);
}

/** The findings of an outcome; fails the test when the rule said not applicable. */
export function findings(outcome: RuleOutcome): RuleReport[] {
  if (!Array.isArray(outcome)) throw new Error(`expected findings, got notApplicable: ${outcome.notApplicable}`);
  for (const f of outcome) {
    if (f.locations.length === 0) throw new Error(`finding without location: ${f.message}`);
    for (const l of f.locations) if (!(l.line >= 1)) throw new Error(`location without a line: ${JSON.stringify(l)}`);
  }
  return outcome;
}

/** The not-applicable reason of an outcome; fails when the rule returned findings. */
export function notApplicable(outcome: RuleOutcome): string {
  if (Array.isArray(outcome)) throw new Error(`expected notApplicable, got ${outcome.length} finding(s)`);
  return outcome.notApplicable;
}
