/**
 * Flatten a host model into comparable properties per target (adapter, team, switch, vNIC, host),
 * keyed by identity so a renamed object or member keeps its keys. The diff, the desired-state
 * check and the fleet comparison all read hosts through this one view.
 */
import type { Adapter, Host, Loc, LocMap, RegType, Team, VNic, VSwitch } from '../model/host.js';
import { formatLps, logicalCount, rssProcessorSet, vmqProcessorSet } from '../model/processors.js';
import type { Target } from '../engine/types.js';
import { adapterTarget, hostTarget, switchTarget, teamTarget, vnicTarget } from '../engine/targets.js';
import type { ChangeKind, Value } from './types.js';

/** Which export a property comes from; a section missing on one side is not compared. */
export type Section =
  | 'netadapter'
  | 'hardware'
  | 'advanced'
  | 'vmq'
  | 'rss'
  | 'sriov'
  | 'queues'
  | 'team'
  | 'switch'
  | 'vnic'
  | 'os'
  | 'processors'
  | 'numa'
  | 'vmsmp';

/** Human names of the sections, for "not compared" notes. */
export const SECTION_NAMES: Record<Section, string> = {
  netadapter: 'Get-NetAdapter',
  hardware: 'Get-NetAdapterHardwareInfo',
  advanced: 'advanced properties',
  vmq: 'Get-NetAdapterVmq',
  rss: 'Get-NetAdapterRss',
  sriov: 'Get-NetAdapterSriov',
  queues: 'Get-NetAdapterVmqQueue',
  team: 'teams',
  switch: 'Get-VMSwitch',
  vnic: 'Get-VMNetworkAdapter',
  os: 'operating system',
  processors: 'processors',
  numa: 'Get-VMHostNumaNode',
  vmsmp: 'VMSMP parameters',
};

/** One comparable property of a target. */
export interface FlatProp {
  /** Identity-based key, unique within the target (a member's key uses its adapter id). */
  key: string;
  /** Name as reports show it: the keyword (`*VMQ`) or a model path (`vmq.enabled`). */
  name: string;
  value: Value;
  /** Comparison key when the shown value is not the identity (member names compared by id). */
  cmp?: string;
  /** Registry type of a keyword's value. */
  type?: RegType;
  /** Ndi\Params default of a keyword. */
  defaultValue?: string;
  /** A registry keyword: absence compares as its default. */
  registry?: boolean;
  section: Section;
  /** Change kind when the value differs (value-changed otherwise). */
  kind?: ChangeKind;
  /** Differs per node by design (MAC, GUID, queue ids): left out of fleet comparisons. */
  unique?: boolean;
  /** Where the value was read, when the model knows. */
  at?: Loc;
  /**
   * The export format lost the value (a keyword whose value no source carried, or an empty list
   * read from an export that lost fields): unknown, so it is not compared.
   */
  unknown?: boolean;
  /**
   * Key of the list property this one belongs to (a team member's mode belongs to `members`):
   * when the item joins or leaves the list, the list's change says so and this one is not repeated.
   */
  partOf?: string;
}

/** One object of a host with its properties. */
export interface FlatTarget {
  target: Target;
  /** Identity attributes, strongest first, for matching when target ids differ. */
  identity: [string, string | undefined][];
  props: Map<string, FlatProp>;
  /** Target ids this object spans (team members, switch uplinks and vNICs), for finding attribution. */
  related: string[];
  /** Key that aligns the object across the hosts of a fleet; undefined: not compared in a fleet. */
  fleetKey?: string;
  /** Driver version of an adapter, reported with reset-to-default changes. */
  driverVersion?: string;
  /** Where the object itself was read (its first known location), for properties without one. */
  at?: Loc;
  /**
   * Sections whose export of this object lost fields (host.lossy names a file it was read from):
   * a property missing there is unknown, not absent, so it is not compared.
   */
  lossy: Set<Section>;
}

export interface FlatHost {
  name: string;
  host: Host;
  /** Targets keyed by `kind:id`. */
  targets: Map<string, FlatTarget>;
  /** Sections with at least one property anywhere on the host. */
  sections: Set<Section>;
}

/** Key of a target in `FlatHost.targets`. */
export function targetKey(t: Target): string {
  return `${t.kind}:${t.id}`;
}

function put(props: Map<string, FlatProp>, p: FlatProp | undefined): void {
  if (p) props.set(p.key, p);
}

/** A model property, skipped when the export did not carry it. */
function prop(section: Section, name: string, value: Value | undefined, extra: Partial<FlatProp> = {}): FlatProp | undefined {
  if (value === undefined) return undefined;
  return { key: extra.key ?? name, name, value, section, ...extra };
}

function normMac(mac: string | undefined): string | undefined {
  if (!mac) return undefined;
  const hex = mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return hex.length > 0 ? hex : undefined;
}

function pciText(a: Adapter): string | undefined {
  const p = a.pci;
  if (!p) return undefined;
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  return `${hex(p.segment ?? 0, 4)}:${hex(p.bus, 2)}:${hex(p.device, 2)}.${p.function}`;
}

/** The first location of a LocMap in key order, so the choice does not depend on build order. */
function firstLoc(...maps: (LocMap | undefined)[]): Loc | undefined {
  for (const m of maps) {
    if (!m) continue;
    const key = Object.keys(m).sort(byName)[0];
    if (key !== undefined) return m[key];
  }
  return undefined;
}

/** Give each property without a location the one its LocMap holds under its (unprefixed) name. */
function locate(props: Map<string, FlatProp>, maps: Record<string, LocMap | undefined>, own: LocMap): void {
  for (const p of props.values()) {
    if (p.at) continue;
    const dot = p.name.indexOf('.');
    const prefix = dot > 0 ? p.name.slice(0, dot) : '';
    const sub = maps[prefix];
    p.at = (sub && sub[p.name.slice(dot + 1)]) ?? own[p.name];
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every location of some LocMaps. */
function locsOf(...maps: (LocMap | undefined)[]): Loc[] {
  return maps.flatMap((m) => (m ? Object.values(m) : []));
}

/**
 * The sections whose values were read (in part) from a file the export format lost values in.
 * The locations are gathered only when some file lost values, which most snapshots never do.
 */
function lossySections(files: ReadonlySet<string>, bySection: () => [Section, Loc[]][]): Set<Section> {
  const out = new Set<Section>();
  if (files.size === 0) return out;
  for (const [section, locs] of bySection()) if (locs.some((l) => files.has(l.file))) out.add(section);
  return out;
}

/**
 * Mark what the export lost: a keyword without a value or an empty list, read from a section that
 * lost fields (Export-Csv writes RegistryValue and member lists as "System.String[]"). Elsewhere a
 * keyword without a value is not set, so the driver uses its Ndi\Params default, and it compares
 * as that default (issue 4: a deleted value is a reset-to-default).
 */
function markUnknown(t: FlatTarget): void {
  for (const p of t.props.values()) {
    const empty = p.value === null || (Array.isArray(p.value) && p.value.length === 0);
    if (!empty) continue;
    if (t.lossy.has(p.section)) p.unknown = true;
    else if (p.registry && p.value === null && p.defaultValue !== undefined) p.value = p.defaultValue;
  }
}

/**
 * Maps an id this host uses for another object (a team member, a switch) to the id the other side
 * of a diff uses for the same object, so references compare by identity. Ids are lower-cased.
 */
export type Canon = (id: string) => string;

const lowerId: Canon = (id) => id.toLowerCase();

/** Names of adapters by id (ids kept when the adapter is not in the model), sorted, plus a cmp key of ids. */
function adapterList(host: Host, ids: readonly string[], canon: Canon): { value: string[]; cmp: string } {
  const names = ids.map((id) => host.adapters.find((a) => a.id === id)?.name ?? id).sort(byName);
  const cmp = ids.map(canon).sort(byName).join(',');
  return { value: names, cmp };
}

function flattenAdapter(host: Host, a: Adapter, lossyFiles: ReadonlySet<string>): FlatTarget {
  const props = new Map<string, FlatProp>();
  put(props, prop('netadapter', 'name', a.name, { kind: 'renamed', unique: true }));
  put(props, prop('netadapter', 'interfaceDescription', a.interfaceDescription));
  put(props, prop('netadapter', 'macAddress', a.macAddress, { unique: true, cmp: normMac(a.macAddress) }));
  put(props, prop('netadapter', 'permanentAddress', a.permanentAddress, { unique: true, cmp: normMac(a.permanentAddress) }));
  put(props, prop('netadapter', 'driver.provider', a.driver.provider));
  put(props, prop('netadapter', 'driver.version', a.driver.version));
  put(props, prop('netadapter', 'driver.date', a.driver.date));
  put(props, prop('netadapter', 'driver.description', a.driver.description));
  put(props, prop('netadapter', 'linkSpeedBps', a.linkSpeedBps));
  put(props, prop('netadapter', 'status', a.status));
  put(props, prop('hardware', 'pci', pciText(a)));
  put(props, prop('hardware', 'numaNode', a.numaNode));

  for (const p of Object.values(a.advanced)) {
    const lower = p.keyword.toLowerCase();
    props.set(`adv:${lower}`, {
      key: `adv:${lower}`,
      name: p.keyword,
      value: p.value,
      type: p.type,
      defaultValue: p.meta?.defaultValue,
      registry: true,
      section: 'advanced',
      at: p.at,
    });
  }

  // Each section's settings compare one by one, under `section.field`.
  const settings = <T extends object>(section: 'vmq' | 'rss' | 'sriov', obj: T | undefined, keys: readonly (keyof T & string)[]) => {
    if (!obj) return;
    for (const k of keys) put(props, prop(section, `${section}.${k}`, obj[k] as Value));
  };
  settings('vmq', a.vmq, ['enabled', 'baseProcessorGroup', 'baseProcessorNumber', 'maxProcessorNumber', 'maxProcessors', 'numaNode', 'numberOfReceiveQueues']);
  settings('rss', a.rss, ['enabled', 'baseProcessorGroup', 'baseProcessorNumber', 'maxProcessorGroup', 'maxProcessorNumber', 'maxProcessors', 'numaNode', 'profile', 'numberOfReceiveQueues']);
  settings('sriov', a.sriov, ['supported', 'enabled', 'numVFs']);

  // VMQ and RSS share the processor keywords ([D1][D2] in docs/references.md), so the keyword set is reported once, as
  // the VMQ set; an RSS set of its own exists only where Get-NetAdapterRss was exported.
  const vmqSet = vmqProcessorSet(host, a);
  const rssSet = rssProcessorSet(host, a);
  if (vmqSet) {
    put(props, prop(vmqSet.source === 'keywords' ? 'advanced' : 'vmq', 'processorSet.vmq', formatLps(vmqSet.lps), { kind: 'processor-set-changed' }));
  }
  if (rssSet?.source === 'rss') {
    put(props, prop('rss', 'processorSet.rss', formatLps(rssSet.lps), { kind: 'processor-set-changed' }));
  }

  for (const q of a.queues) {
    const mac = normMac(q.macAddress);
    const who = mac ?? q.vmId?.toLowerCase() ?? q.vmName?.toLowerCase();
    if (who === undefined) continue; // the default queue serves no one vNIC
    const label = [q.vmName, q.macAddress].filter((x) => x).join(' ');
    props.set(`queue:${who}`, {
      key: `queue:${who}`,
      name: `queue[${label}]`,
      value: q.queueId,
      section: 'queues',
      kind: 'queue-allocation-changed',
      unique: true,
      at: q.at,
    });
  }
  locate(props, { vmq: a.vmq?.at, rss: a.rss?.at, sriov: a.sriov?.at }, a.at);

  return {
    target: adapterTarget(a),
    identity: [
      ['guid', a.interfaceGuid?.toLowerCase()],
      ['mac', normMac(a.permanentAddress)],
      ['pci', pciText(a)],
      ['description', a.interfaceDescription?.toLowerCase()],
      ['name', a.name.toLowerCase()],
    ],
    props,
    related: [a.id],
    fleetKey: `adapter:${a.name.toLowerCase()}`,
    driverVersion: a.driver.version,
    at: firstLoc(a.at, a.vmq?.at, a.rss?.at) ?? Object.values(a.advanced)[0]?.at,
    lossy: lossySections(lossyFiles, () => [
      ['netadapter', locsOf(a.at)],
      ['hardware', locsOf(a.at)],
      ['advanced', Object.values(a.advanced).flatMap((p) => [p.at, ...p.observed.map((o) => o.at)])],
      ['vmq', locsOf(a.vmq?.at)],
      ['rss', locsOf(a.rss?.at)],
      ['sriov', locsOf(a.sriov?.at)],
      ['queues', a.queues.map((q) => q.at)],
    ]),
  };
}

function flattenTeam(host: Host, t: Team, canon: Canon, lossyFiles: ReadonlySet<string>): FlatTarget {
  const props = new Map<string, FlatProp>();
  put(props, prop('team', 'name', t.name, { kind: 'renamed' }));
  put(props, prop('team', 'kind', t.kind));
  put(props, prop('team', 'teamingMode', t.teamingMode, { kind: 'teaming-mode-changed' }));
  put(props, prop('team', 'loadBalancingAlgorithm', t.loadBalancingAlgorithm, { kind: 'load-balancing-changed' }));
  put(props, prop('team', 'queueMode', t.queueMode));
  put(props, prop('team', 'status', t.status));
  const memberIds = t.members.map((m) => m.adapterId);
  const members = adapterList(host, memberIds, canon);
  put(props, prop('team', 'members', members.value, { cmp: members.cmp, kind: 'team-membership-changed' }));
  for (const m of t.members) {
    const id = canon(m.adapterId);
    const name = host.adapters.find((a) => a.id === m.adapterId)?.name ?? m.name;
    put(props, prop('team', `member[${name}].administrativeMode`, m.administrativeMode, { key: `member:${id}:administrativeMode`, partOf: 'members' }));
    put(props, prop('team', `member[${name}].operationalStatus`, m.operationalStatus, { key: `member:${id}:operationalStatus`, partOf: 'members' }));
  }
  if (t.teamNics.length > 0) {
    const nics = adapterList(host, t.teamNics, canon);
    put(props, prop('team', 'teamNics', nics.value, { cmp: nics.cmp, unique: true }));
  }
  const sw = t.switchId === undefined ? undefined : host.switches.find((s) => s.id === t.switchId);
  if (t.switchId !== undefined) {
    put(props, prop('team', 'switch', sw?.name ?? t.switchId, { cmp: canon(t.switchId) }));
  }
  locate(props, {}, t.at);
  return {
    at: firstLoc(t.at),
    target: teamTarget(t),
    identity: [
      ['team', t.id.toLowerCase()],
      ['name', t.name.toLowerCase()],
    ],
    props,
    related: [...memberIds, ...t.teamNics],
    fleetKey: `team:${t.name.toLowerCase()}`,
    lossy: lossySections(lossyFiles, () => [['team', locsOf(t.at)]]),
  };
}

function flattenSwitch(host: Host, s: VSwitch, canon: Canon, lossyFiles: ReadonlySet<string>): FlatTarget {
  const props = new Map<string, FlatProp>();
  put(props, prop('switch', 'name', s.name, { kind: 'renamed' }));
  put(props, prop('switch', 'switchType', s.switchType));
  put(props, prop('switch', 'embeddedTeaming', s.embeddedTeaming));
  put(props, prop('switch', 'iovEnabled', s.iovEnabled));
  put(props, prop('switch', 'allowManagementOS', s.allowManagementOS));
  put(props, prop('switch', 'allowNetLbfoTeams', s.allowNetLbfoTeams));
  put(props, prop('switch', 'availableVMQueues', s.availableVMQueues));
  put(props, prop('switch', 'numberVmqAllocated', s.numberVmqAllocated));
  put(props, prop('switch', 'defaultQueueVrssEnabled', s.defaultQueueVrssEnabled));
  put(props, prop('switch', 'defaultQueueVmmqEnabled', s.defaultQueueVmmqEnabled));
  put(props, prop('switch', 'defaultQueueVmmqQueuePairs', s.defaultQueueVmmqQueuePairs));
  put(props, prop('switch', 'bandwidthReservationMode', s.bandwidthReservationMode));
  if (s.uplinks.length > 0) {
    const uplinks = adapterList(host, s.uplinks, canon);
    put(props, prop('switch', 'uplinks', uplinks.value, { cmp: uplinks.cmp }));
  }
  const team = s.teamId === undefined ? undefined : host.teams.find((t) => t.id === s.teamId);
  // Compared by the team's own id (LBFO name or SET switch id), so a membership change is reported
  // once, on the team, and not again here.
  if (team) put(props, prop('switch', 'team', team.name, { cmp: team.id.toLowerCase() }));
  const physical = team ? team.members.map((m) => m.adapterId) : [];
  // vNICs on the switch count as its parts: a queue finding on the switch follows a vNIC change.
  const vnics = host.vnics
    .filter((v) => (v.switchId !== undefined ? v.switchId.toLowerCase() === s.id.toLowerCase() : v.switchName === s.name))
    .map((v) => vnicTarget(v).id);
  locate(props, {}, s.at);
  return {
    at: firstLoc(s.at),
    target: switchTarget(s),
    identity: [['name', s.name.toLowerCase()]],
    props,
    related: [...s.uplinks, ...physical, ...(team ? [teamTarget(team).id] : []), ...vnics],
    fleetKey: `switch:${s.name.toLowerCase()}`,
    lossy: lossySections(lossyFiles, () => [['switch', locsOf(s.at)]]),
  };
}

function flattenVnic(v: VNic, canon: Canon, lossyFiles: ReadonlySet<string>): FlatTarget {
  const props = new Map<string, FlatProp>();
  put(props, prop('vnic', 'name', v.name, { kind: 'renamed' }));
  put(props, prop('vnic', 'vmName', v.vmName, { unique: true }));
  put(props, prop('vnic', 'isManagementOs', v.isManagementOs));
  const switchCmp = v.switchId !== undefined ? canon(v.switchId) : v.switchName?.toLowerCase();
  put(props, prop('vnic', 'switch', v.switchName ?? v.switchId, { cmp: switchCmp }));
  put(props, prop('vnic', 'vmqWeight', v.vmqWeight, { kind: 'vmqweight-changed' }));
  put(props, prop('vnic', 'iovWeight', v.iovWeight));
  put(props, prop('vnic', 'vmmqEnabled', v.vmmqEnabled));
  put(props, prop('vnic', 'vmmqQueuePairs', v.vmmqQueuePairs));
  put(props, prop('vnic', 'vrssEnabled', v.vrssEnabled));
  put(props, prop('vnic', 'vlanId', v.vlanId));
  put(props, prop('vnic', 'macAddress', v.macAddress, { unique: true, cmp: normMac(v.macAddress) }));
  put(props, prop('vnic', 'status', v.status));
  const owner = (v.vmId ?? v.vmName ?? (v.isManagementOs ? 'host' : '')).toLowerCase();
  locate(props, {}, v.at);
  return {
    at: firstLoc(v.at),
    target: vnicTarget(v),
    identity: [
      ['vnic', `${owner}/${v.name.toLowerCase()}`],
      ['mac', normMac(v.macAddress)],
    ],
    props,
    related: [],
    // VMs move between nodes; only the host's own vNICs are expected to match across a fleet.
    fleetKey: v.isManagementOs ? `vnic:${v.name.toLowerCase()}` : undefined,
    lossy: lossySections(lossyFiles, () => [['vnic', locsOf(v.at)]]),
  };
}

function flattenHostLevel(host: Host, lossyFiles: ReadonlySet<string>): FlatTarget {
  const props = new Map<string, FlatProp>();
  const os = host.os;
  put(props, prop('os', 'os.release', os.release === 'unknown' ? undefined : os.release));
  put(props, prop('os', 'os.family', os.family === 'unknown' ? undefined : os.family));
  put(props, prop('os', 'os.caption', os.caption));
  put(props, prop('os', 'os.version', os.version));
  put(props, prop('os', 'os.build', os.build));
  const p = host.processors;
  put(props, prop('processors', 'processors.logical', logicalCount(host)));
  put(props, prop('processors', 'processors.cores', p.cores));
  put(props, prop('processors', 'processors.sockets', p.sockets));
  put(props, prop('processors', 'processors.hyperThreading', p.hyperThreading));
  // Only Get-VMHostNumaNode gives NUMA nodes, so without that export the count is unknown, not 0.
  put(props, prop('numa', 'processors.numaNodes', p.numaNodes.length > 0 ? p.numaNodes.length : undefined));
  put(props, prop('processors', 'processors.groups', p.groups.length > 0 ? p.groups.length : undefined));
  put(props, prop('vmsmp', 'vmsmp.tenGigVmqEnabled', host.vmsmp.tenGigVmqEnabled));
  put(props, prop('vmsmp', 'vmsmp.belowTenGigVmqEnabled', host.vmsmp.belowTenGigVmqEnabled));
  locate(props, { vmsmp: host.vmsmp.at }, host.at);
  return {
    at: firstLoc(host.at, host.vmsmp.at),
    target: hostTarget(host),
    identity: [],
    props,
    related: [],
    fleetKey: 'host',
    lossy: lossySections(lossyFiles, () => [
      ['os', locsOf(host.at)],
      ['processors', locsOf(host.at)],
      ['numa', locsOf(host.at)],
      ['vmsmp', locsOf(host.vmsmp.at)],
    ]),
  };
}

/**
 * Flatten one host into comparable targets. `canon` translates the ids of referenced objects (team
 * members, uplinks, switches) to the other side's ids; target ids themselves stay as they are.
 */
export function flattenHost(host: Host, canon: Canon = lowerId): FlatHost {
  const targets = new Map<string, FlatTarget>();
  const lossyFiles = new Set(host.lossy.map((l) => l.at.file));
  const add = (t: FlatTarget): void => {
    markUnknown(t);
    targets.set(targetKey(t.target), t);
  };
  add(flattenHostLevel(host, lossyFiles));
  for (const a of host.adapters) add(flattenAdapter(host, a, lossyFiles));
  for (const t of host.teams) add(flattenTeam(host, t, canon, lossyFiles));
  for (const s of host.switches) add(flattenSwitch(host, s, canon, lossyFiles));
  for (const v of host.vnics) add(flattenVnic(v, canon, lossyFiles));
  const sections = new Set<Section>();
  for (const t of targets.values()) for (const p of t.props.values()) sections.add(p.section);
  // A host with vNICs exported has the section even when none of them has a property set.
  if (host.vnics.length > 0) sections.add('vnic');
  if (host.teams.length > 0) sections.add('team');
  if (host.switches.length > 0) sections.add('switch');
  return { name: host.name, host, targets, sections };
}
