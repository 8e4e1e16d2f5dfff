/**
 * Host model -> what the simulator drives (docs/simulating.md): one uplink per external vSwitch
 * (plus host NICs without a vSwitch, which use RSS), its queue mode, the placement policy by OS
 * release, each NIC's eligible processors (from src/model/processors.ts), its VM-queue capacity
 * (from src/model/queues.ts), moderation and vector coalescing, and the endpoints (vNICs) in
 * their default start order.
 */
import type { Adapter, Host, Release, VNic, VSwitch } from '../model/host.js';
import {
  coreOf,
  globalLp,
  groupNumberOf,
  logicalCount,
  numaNodeOf,
  rssProcessorSet,
  siblingOf,
  vmqProcessorSet,
  type ProcessorSet,
} from '../model/processors.js';
import { physicalUplinks, switchQueueCapacity, switchQueueDemand, switchVnics, teamById, vmmqCapable, vportQueues } from '../model/queues.js';
import { atLeast } from '../model/release-order.js';
import { linkSpeed, vmqUse } from '../model/vmq-state.js';
import type { Params } from './params.js';
import type { PlacementPolicy, UplinkMode } from './types.js';
import { ownEntry } from '../model/keyed.js';
import { minOf } from '../model/bulk.js';

// One release order for rules and the simulator; re-exported for the simulator's modules.
export { atLeast };

/** Moderation as simulated: N packets per interrupt or T µs after the first pending packet. */
export interface Moderation {
  packets: number;
  timerUs: number;
  source: string;
}

/** A physical NIC carrying an uplink. */
export interface Member {
  index: number;
  uplink: number;
  adapter: Adapter;
  linkGbps: number;
  vmqEnabled: boolean;
  /** VM queues this NIC offers (0 when VMQ is off). */
  queues: number;
  staticLps: number[];
  dynamicLps: number[];
  /** Every LP from the base to the max processor (before MaxProcessors): where the NIC may put a queue. */
  rangeLps: number[];
  /** Where the default queue (or the single receive queue) interrupts. */
  defaultLps: number[];
  dynamicAffinity: boolean;
  /** Placement of this NIC's VMQ and VMMQ vPorts: a NIC without dynamic affinity support stays static. */
  vmqPolicy: PlacementPolicy;
  vmmqPolicy: PlacementPolicy;
  vectorCoalescing: boolean;
  vmmqCapable: boolean;
  moderation: Moderation;
}

/** A vSwitch with physical uplinks, or a host NIC without a vSwitch. */
export interface Uplink {
  index: number;
  kind: 'switch' | 'nic';
  name: string;
  id: string;
  sw?: VSwitch;
  mode: UplinkMode;
  queueMode: 'single' | 'sum' | 'min';
  /** VM queues the uplink can hand out in total. */
  capacity: number;
  capacitySource: string;
  members: number[];
  /** Dynamic when any of its NICs moves VMQ (VMMQ) vPorts; each NIC's own policy is on the member. */
  vmqPolicy: PlacementPolicy;
  vmmqPolicy: PlacementPolicy;
  defaultQueueVmmq: boolean;
}

/** Something traffic is offered to: a vNIC, or a host NIC without a vSwitch. */
export interface Endpoint {
  index: number;
  kind: 'vnic' | 'nic';
  vm: string;
  vnic: string;
  id: string;
  isManagementOs: boolean;
  uplink: number;
  vmqWeight: number;
  vmmq: boolean;
  vmmqQueuePairs: number;
  /** Queues it asks for when it starts (src/model/queues.ts switchQueueDemand, shared with lint). */
  queuesWanted: number;
  /** Get-VM says the VM is off or saved: it does not start (nor take a queue) unless the profile starts it. */
  poweredOff: boolean;
  vrss: boolean;
  /** Position in Get-NetAdapterVmqQueue's allocation order; Infinity when not seen there. */
  hintRank: number;
  /** Per member index: global LPs Get-NetAdapterVmqQueue shows this vNIC's queues on, in queue id order. */
  observedLps: Map<number, number[]>;
  /** Per member index: the QueueIDs Get-NetAdapterVmqQueue shows this vNIC holding, so reports keep Windows' numbers. */
  observedQueueIds: Map<number, number[]>;
  /** Rank in the default start order (queue hint, host vNICs, then VM name, then vNIC name). */
  startRank: number;
}

/** Per-LP facts the tick loop needs, as typed arrays. */
export interface LpLayout {
  count: number;
  group: Int32Array;
  number: Int32Array;
  core: Int32Array;
  /** Sibling hyper-thread, -1 without one. */
  sibling: Int32Array;
  /** NUMA node, -1 when unknown. */
  numa: Int32Array;
}

export interface Topology {
  host: Host;
  release: Release;
  lps: LpLayout;
  members: Member[];
  uplinks: Uplink[];
  endpoints: Endpoint[];
  assumptions: string[];
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyword(a: Adapter, name: string): string | undefined {
  const v = ownEntry(a.advanced, name.toLowerCase())?.value;
  return v === null || v === undefined ? undefined : v.trim();
}

/** Whether the vSwitch uses VMQ on a NIC; where the export does not tell, the documented default, noted. */
function vmqInUse(host: Host, a: Adapter, note: (s: string) => void): boolean {
  const use = vmqUse(host, a);
  if (use.inUse !== undefined) return use.inUse;
  note(`${a.name}: ${use.reason}; VMQ assumed ${use.likely ? 'on' : 'off'}`);
  return use.likely;
}

/** Link speed in Gbps (Get-NetAdapter, else a forced `*SpeedDuplex`); defaultLinkGbps when unknown, noted. */
function linkGbpsOf(a: Adapter, p: Params, note: (s: string) => void): number {
  const speed = linkSpeed(a);
  if (speed) return speed.bps / 1e9;
  note(`${a.name}: link speed not exported; assumed ${p.defaultLinkGbps} Gbps`);
  return p.defaultLinkGbps;
}

/** Moderation from `*InterruptModeration` (0 = off); on by default per NDIS ([D10] in docs/references.md). */
function moderationOf(a: Adapter, p: Params, note: (s: string) => void): Moderation {
  const v = keyword(a, '*InterruptModeration');
  if (v === '0') return { packets: 1, timerUs: 0, source: '*InterruptModeration=0 (off)' };
  // The algorithm and its levels belong to the vendor and are not exported.
  note(`interrupt moderation on: the vendor's algorithm is not exported; simulated as the NVIDIA/Mellanox default (${p.modPackets} packets or ${p.modTimerUs} µs, parameters modPackets/modTimerUs)`);
  const src = v === undefined ? 'not exported; on by default (NDIS)' : `*InterruptModeration=${v}`;
  return { packets: p.modPackets, timerUs: p.modTimerUs, source: `${src}: modPackets/modTimerUs` };
}

/** LPs of a set that exist on the host (never empty: falls back to the set's first LP or 0). */
function clip(lps: readonly number[], count: number): number[] {
  const inside = lps.filter((lp) => lp >= 0 && lp < count);
  return inside.length > 0 ? inside : [0];
}

function lpLayout(host: Host, count: number): LpLayout {
  const l: LpLayout = {
    count,
    group: new Int32Array(count),
    number: new Int32Array(count),
    core: new Int32Array(count),
    sibling: new Int32Array(count),
    numa: new Int32Array(count),
  };
  for (let lp = 0; lp < count; lp++) {
    const gn = groupNumberOf(host, lp);
    l.group[lp] = gn.group;
    l.number[lp] = gn.number;
    l.core[lp] = coreOf(host, lp);
    const sib = siblingOf(host, lp);
    l.sibling[lp] = sib !== undefined && sib < count ? sib : -1;
    l.numa[lp] = numaNodeOf(host, lp) ?? -1;
  }
  return l;
}

/** The host's LP count: exported, else the highest LP any processor set names, else 64. */
function lpCountOf(host: Host, sets: (ProcessorSet | undefined)[], note: (s: string) => void): number {
  const known = logicalCount(host);
  if (known !== undefined && known > 0) return known;
  let max = -1;
  for (const s of sets) for (const lp of s?.range ?? []) max = Math.max(max, lp);
  const count = max >= 0 ? max + 1 : 64;
  note(`logical processor count not exported; assumed ${count}`);
  return count;
}

function vnicLabel(host: Host, v: VNic): string {
  if (v.isManagementOs) return v.vmName && v.vmName !== '' ? v.vmName : host.name;
  return v.vmName ?? v.name;
}

/** Build the simulator's view of a host. */
export function buildTopology(host: Host, p: Params): Topology {
  const assumptions: string[] = [];
  const note = (s: string): void => {
    if (!assumptions.includes(s)) assumptions.push(s);
  };
  const release = host.os.release;
  if (release === 'unknown') note('OS release unknown: static queue placement, no VMMQ');

  const switches = [...host.switches]
    .filter((sw) => physicalUplinks(host, sw).length > 0)
    .sort((a, b) => ordinal(a.name, b.name) || ordinal(a.id, b.id));
  const bound = new Set(switches.flatMap((sw) => physicalUplinks(host, sw).map((a) => a.id)));
  const hostNics = host.adapters
    .filter((a) => a.kind === 'physical' && !bound.has(a.id) && a.switchId === undefined && a.teamId === undefined)
    .sort((a, b) => ordinal(a.name, b.name));

  const vmqSets = new Map<string, ProcessorSet | undefined>();
  for (const sw of switches) for (const a of physicalUplinks(host, sw)) vmqSets.set(a.id, vmqProcessorSet(host, a));
  const rssSets = new Map<string, ProcessorSet | undefined>(hostNics.map((a) => [a.id, rssProcessorSet(host, a)]));
  const count = lpCountOf(host, [...vmqSets.values(), ...rssSets.values()], note);
  const lps = lpLayout(host, count);
  const allLps = Array.from({ length: count }, (_, i) => i);
  const firstPerCore = allLps.filter((lp) => lps.sibling[lp] < 0 || lps.sibling[lp] > lp);

  const members: Member[] = [];
  const uplinks: Uplink[] = [];
  const endpoints: Endpoint[] = [];

  const setsOf = (a: Adapter, set: ProcessorSet | undefined, what: string): { staticLps: number[]; dynamicLps: number[]; rangeLps: number[] } => {
    if (!set) {
      note(`${a.name}: no ${what} processor set exported; every LP assumed eligible (driver default base 0)`);
      return { staticLps: allLps, dynamicLps: firstPerCore, rangeLps: allLps };
    }
    for (const s of set.assumptions) note(`${a.name}: ${s}`);
    return { staticLps: clip(set.staticLps, count), dynamicLps: clip(set.lps, count), rangeLps: clip(set.range, count) };
  };

  for (const sw of switches) {
    const u = uplinks.length;
    const adapters = physicalUplinks(host, sw);
    const team = teamById(host, sw.teamId);
    const cap = switchQueueCapacity(host, sw);
    const memberIdx: number[] = [];
    for (const a of adapters) {
      const on = vmqInUse(host, a, note);
      const reported = cap.perMember.find((m) => m.adapterId === a.id)?.queues;
      let queues = 0;
      if (on) {
        if (reported !== undefined && reported > 0) queues = reported;
        else if (a.vmq?.numberOfReceiveQueues !== undefined) queues = a.vmq.numberOfReceiveQueues;
        else {
          queues = p.defaultReceiveQueues;
          note(`${a.name}: NumberOfReceiveQueues not exported; assumed ${queues} VM queues`);
        }
      }
      const sets = setsOf(a, vmqSets.get(a.id), 'VMQ');
      const dynamicAffinity = a.vmq?.dynamicProcessorAffinityChangeSupported !== false;
      const linkGbps = linkGbpsOf(a, p, note);
      members.push({
        index: members.length,
        uplink: u,
        adapter: a,
        linkGbps,
        vmqEnabled: on,
        queues,
        staticLps: sets.staticLps,
        dynamicLps: sets.dynamicLps,
        rangeLps: sets.rangeLps,
        defaultLps: [],
        dynamicAffinity,
        vmqPolicy: 'static',
        vmmqPolicy: 'static',
        vectorCoalescing: a.vmq?.interruptVectorCoalescingSupported === true,
        // F10: no VMMQ before 2016, nor on a system-supplied (inbox, Microsoft) driver.
        vmmqCapable: vmmqCapable(host, a),
        moderation: moderationOf(a, p, note),
      });
      memberIdx.push(members.length - 1);
    }
    const ms = memberIdx.map((i) => members[i]);
    const anyVmq = ms.some((m) => m.vmqEnabled);
    const queueMode: Uplink['queueMode'] = team ? team.queueMode : 'single';
    let capacity: number;
    let capacitySource: string;
    if (!anyVmq) {
      capacity = 0;
      capacitySource = 'VMQ off';
    } else if (cap.source === 'AvailableVMQueues' && cap.queues !== undefined) {
      capacity = cap.queues;
      capacitySource = 'Get-VMSwitch AvailableVMQueues';
    } else {
      const counts = ms.map((m) => m.queues);
      capacity = queueMode === 'min' ? minOf(counts) : counts.reduce((s, c) => s + c, 0);
      capacitySource = `NumberOfReceiveQueues, ${queueMode === 'min' ? 'Min-Queues' : queueMode === 'sum' ? 'Sum-of-Queues' : 'single NIC'}`;
    }
    // The release decides whether queues may move (F4, F5, F7); each NIC must also support changing a
    // queue's processor at runtime, or its queues stay where they started ([D11][D12] in docs/references.md).
    const releaseVmq: PlacementPolicy = release === '2012' || release === '2012R2' ? 'dvmq' : 'static';
    const setOrNoTeam = !team || team.kind === 'set';
    const releaseVmmq: PlacementPolicy = atLeast(release, '2019') && setOrNoTeam ? 'dvmmq' : 'static';
    for (const m of ms) {
      m.vmqPolicy = m.dynamicAffinity ? releaseVmq : 'static';
      m.vmmqPolicy = m.dynamicAffinity ? releaseVmmq : 'static';
      if (m.adapter.vmq?.dynamicProcessorAffinityChangeSupported === undefined && (releaseVmq !== 'static' || releaseVmmq !== 'static')) {
        note(`${m.adapter.name}: DynamicProcessorAffinityChangeSupported not exported; assumed supported`);
      }
    }
    const vmqPolicy: PlacementPolicy = ms.some((m) => m.vmqPolicy === 'dvmq') ? 'dvmq' : 'static';
    const vmmqPolicy: PlacementPolicy = ms.some((m) => m.vmmqPolicy === 'dvmmq') ? 'dvmmq' : 'static';
    if (atLeast(release, '2019')) note('2019+: VMQ vPorts without VMMQ keep their processor (d.VMMQ moves indirection-table entries of VMMQ vPorts)');
    const defaultQueueVmmq = sw.defaultQueueVmmqEnabled === true && atLeast(release, '2016') && ms.every((m) => m.vmmqCapable);
    for (const m of ms) {
      const placeSet = m.vmqPolicy === 'dvmq' ? m.dynamicLps : m.staticLps;
      if (!m.vmqEnabled) m.defaultLps = [m.staticLps[0]];
      else if (defaultQueueVmmq) m.defaultLps = placeSet.slice(0, Math.max(1, Math.min(sw.defaultQueueVmmqQueuePairs ?? p.vmmqQueuePairs, placeSet.length)));
      else m.defaultLps = [placeSet[0]];
    }
    uplinks.push({
      index: u,
      kind: 'switch',
      name: sw.name,
      id: sw.id,
      sw,
      mode: anyVmq ? 'vmq' : 'single',
      queueMode,
      capacity,
      capacitySource,
      members: memberIdx,
      vmqPolicy,
      vmmqPolicy,
      defaultQueueVmmq,
    });
    const demand = switchQueueDemand(host, sw, p.defaultVcpus);
    const vnics = switchVnics(host, sw)
      .sort((a, b) => ordinal(vnicLabel(host, a), vnicLabel(host, b)) || ordinal(a.name, b.name) || ordinal(a.id, b.id));
    const hints = queueHints(ms.map((m) => m.adapter));
    const observed = observedPlacement(host, ms, count, note);
    for (const v of vnics) {
      const vm = vnicLabel(host, v);
      const d = demand.vnics.find((x) => x.vnic === v)!;
      if (v.vmmqEnabled === undefined && atLeast(release, '2019') && ms.every((m) => keyword(m.adapter, '*RssOnHostVPorts') === '1')) {
        note(`${vm}/${v.name}: VmmqEnabled not exported; VMMQ assumed on (2019 default with *RssOnHostVPorts=1)`);
      }
      const vmmq = anyVmq && d.vmmq;
      if (d.power === 'off') note(`${vm}: Get-VM State ${d.vm?.state}: powered off, so it starts only if the profile gives it a startAt`);
      endpoints.push({
        index: endpoints.length,
        kind: 'vnic',
        vm,
        vnic: v.name,
        id: v.id,
        isManagementOs: v.isManagementOs,
        uplink: u,
        vmqWeight: v.vmqWeight ?? 100,
        vmmq,
        vmmqQueuePairs: v.vmmqQueuePairs ?? p.vmmqQueuePairs,
        queuesWanted: d.queues > 0 ? d.queues : vportQueues(d.vmmq, v.vmmqQueuePairs, d.vcpus),
        poweredOff: d.power === 'off',
        // vRSS arrived in 2012 R2 off by default and is on by default from 2016 ([B5][S4] in docs/references.md).
        vrss: v.vrssEnabled === undefined ? atLeast(release, '2016') : v.vrssEnabled && atLeast(release, '2012R2'),
        hintRank: hintOf(hints, v, vm),
        observedLps: observedOf(observed, v, vm),
        observedQueueIds: observedIdsOf(host, ms, v, vm),
        startRank: 0,
      });
    }
    if (ms.some((m) => m.vmmqCapable) && endpoints.some((e) => e.uplink === u && e.vmmq)) uplinks[u].mode = 'vmmq';
  }

  for (const a of hostNics) {
    const u = uplinks.length;
    const sets = setsOf(a, rssSets.get(a.id), 'RSS');
    const rssOn = a.rss?.enabled !== false && keyword(a, '*RSS') !== '0';
    const linkGbps = linkGbpsOf(a, p, note);
    // The RssProcessorArray Windows reported is already the set RSS uses; MaxProcessors caps only a derived one.
    const reported = rssSets.get(a.id)?.lpsFrom === 'RssProcessorArray';
    const spread = rssOn ? (reported ? sets.dynamicLps : sets.dynamicLps.slice(0, Math.max(1, a.rss?.maxProcessors ?? sets.dynamicLps.length))) : [sets.staticLps[0]];
    members.push({
      index: members.length,
      uplink: u,
      adapter: a,
      linkGbps,
      vmqEnabled: false,
      queues: 0,
      staticLps: sets.staticLps,
      dynamicLps: sets.dynamicLps,
      rangeLps: sets.rangeLps,
      defaultLps: spread,
      dynamicAffinity: false,
      vmqPolicy: 'static',
      vmmqPolicy: 'static',
      vectorCoalescing: false,
      vmmqCapable: false,
      moderation: moderationOf(a, p, note),
    });
    uplinks.push({
      index: u,
      kind: 'nic',
      name: a.name,
      id: a.id,
      mode: rssOn ? 'rss' : 'single',
      queueMode: 'single',
      capacity: 0,
      capacitySource: 'no vSwitch',
      members: [members.length - 1],
      vmqPolicy: 'static',
      vmmqPolicy: 'static',
      defaultQueueVmmq: false,
    });
    endpoints.push({
      index: endpoints.length,
      kind: 'nic',
      vm: host.name,
      vnic: a.name,
      id: a.id,
      isManagementOs: true,
      uplink: u,
      vmqWeight: 0,
      vmmq: false,
      vmmqQueuePairs: 1,
      queuesWanted: 1,
      poweredOff: false,
      vrss: false,
      hintRank: Infinity,
      observedLps: new Map(),
      observedQueueIds: new Map(),
      startRank: 0,
    });
  }

  // Host vNICs exist from boot, so they start before any VM unless the queue hints say otherwise.
  const order = [...endpoints].sort((a, b) => a.hintRank - b.hintRank || Number(a.isManagementOs === false) - Number(b.isManagementOs === false) || ordinal(a.vm, b.vm) || ordinal(a.vnic, b.vnic) || a.index - b.index);
  order.forEach((e, rank) => {
    e.startRank = rank;
  });
  return { host, release, lps, members, uplinks, endpoints, assumptions };
}

interface QueueHints {
  byMac: Map<string, number>;
  byVm: Map<string, number>;
}

/** Allocation order seen in Get-NetAdapterVmqQueue (queue id order), by MAC and by VM name. */
function queueHints(adapters: Adapter[]): QueueHints {
  const rows = adapters.flatMap((a) => a.queues.filter((q) => q.queueId > 0)).sort((a, b) => a.queueId - b.queueId);
  const byMac = new Map<string, number>();
  const byVm = new Map<string, number>();
  rows.forEach((q, i) => {
    const mac = q.macAddress?.replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (mac && !byMac.has(mac)) byMac.set(mac, i);
    const vm = q.vmName?.toLowerCase();
    if (vm && !byVm.has(vm)) byVm.set(vm, i);
  });
  return { byMac, byVm };
}

/** Where the export shows queues: per member, global LPs by vNIC MAC, and by VM for rows without a MAC. */
interface ObservedPlacement {
  member: number;
  byMac: Map<string, number[]>;
  byVm: Map<string, number[]>;
}

function macKey(mac: string | undefined): string | undefined {
  const k = mac?.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return k ? k : undefined;
}

function pushTo(map: Map<string, number[]>, key: string, lp: number): void {
  const list = map.get(key);
  if (list) list.push(lp);
  else map.set(key, [lp]);
}

/**
 * The processor of each allocated VM queue in Get-NetAdapterVmqQueue (ProcessorAffinityMask or
 * Processor, within ProcessorGroup), as a global LP. Observed placement is ground truth: a queue
 * the export shows starts there, whatever the policy would pick.
 */
function observedPlacement(host: Host, ms: Member[], count: number, note: (s: string) => void): ObservedPlacement[] {
  return ms.map((m) => {
    const byMac = new Map<string, number[]>();
    const byVm = new Map<string, number[]>();
    const rows = m.adapter.queues.filter((q) => q.queueId > 0 && q.processors !== undefined && q.processors.length > 0);
    const lps: number[] = [];
    const outside: string[] = [];
    for (const q of [...rows].sort((a, b) => a.queueId - b.queueId)) {
      const lp = globalLp(host, q.processorGroup ?? 0, q.processors?.[0] ?? 0);
      if (lp >= count) continue;
      // A queue outside the configured range means the export of the queues predates the set (a
      // planned change written into a copy, say): the policy places it in the set as configured.
      if (!m.rangeLps.includes(lp)) {
        outside.push(`queue ${q.queueId} on LP ${lp}`);
        continue;
      }
      lps.push(lp);
      const mac = macKey(q.macAddress);
      if (mac) pushTo(byMac, mac, lp);
      else if (q.vmName) pushTo(byVm, q.vmName.toLowerCase(), lp);
    }
    if (lps.length > 0 && m.vmqEnabled) {
      note(`${m.adapter.name}: queues Get-NetAdapterVmqQueue shows allocated start on its LPs (${lps.join(',')}); further queues follow the placement policy`);
    }
    if (outside.length > 0 && m.vmqEnabled) {
      note(`${m.adapter.name}: Get-NetAdapterVmqQueue shows ${outside.join(', ')}, outside the configured processor set; placed by the policy instead`);
    }
    return { member: m.index, byMac, byVm };
  });
}

function observedOf(observed: ObservedPlacement[], v: VNic, vm: string): Map<number, number[]> {
  const mac = macKey(v.macAddress);
  const out = new Map<number, number[]>();
  for (const o of observed) {
    const lps = (mac !== undefined ? o.byMac.get(mac) : undefined) ?? o.byVm.get(vm.toLowerCase());
    if (lps) out.set(o.member, lps);
  }
  return out;
}

/** QueueIDs (other than the default queue) Get-NetAdapterVmqQueue shows a vNIC holding on each member, by MAC, else by VM name. */
function observedIdsOf(host: Host, ms: Member[], v: VNic, vm: string): Map<number, number[]> {
  const mac = macKey(v.macAddress);
  const out = new Map<number, number[]>();
  for (const m of ms) {
    const rows = m.adapter.queues.filter((q) => q.queueId > 0);
    const mine = rows.filter((q) => {
      const qm = macKey(q.macAddress);
      return qm !== undefined ? qm === mac : !v.isManagementOs && q.vmName?.toLowerCase() === vm.toLowerCase();
    });
    if (mine.length > 0) out.set(m.index, mine.map((q) => q.queueId).sort((a, b) => a - b));
  }
  return out;
}

function hintOf(h: QueueHints, v: VNic, vm: string): number {
  const mac = v.macAddress?.replace(/[^0-9a-f]/gi, '').toLowerCase();
  if (mac && h.byMac.has(mac)) return h.byMac.get(mac)!;
  return h.byVm.get(vm.toLowerCase()) ?? Infinity;
}
