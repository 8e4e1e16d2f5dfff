/**
 * Queue modes, VM-queue capacity and VM-queue demand
 * (https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming-settings,
 * https://learn.microsoft.com/windows-hardware/drivers/network/determining-the-vmq-capabilities-of-a-network-adapter):
 * NumberOfReceiveQueues excludes the default queue, so a NIC reporting N offers N VM queues. Demand is computed here once, for vmq-queues-exhausted and the simulator's
 * allocation alike, so lint and simulate cannot disagree on whether a switch runs out.
 */
import type { Adapter, Host, QueueMode, Release, Team, VNic, Vm, VSwitch } from './host.js';
import { atLeast } from './release-order.js';
import { vmqUse } from './vmq-state.js';
import { vnicPower, type PowerClass } from './vms.js';
import { ownEntry } from './keyed.js';
import { minOf } from './bulk.js';

/** Sum-of-Queues for SET and for LBFO Switch-Independent with HyperVPort or Dynamic; else Min-Queues. */
export function queueModeOf(kind: Team['kind'], teamingMode?: string, loadBalancingAlgorithm?: string): QueueMode {
  if (kind === 'set') return 'sum';
  const mode = (teamingMode ?? '').toLowerCase();
  const lb = (loadBalancingAlgorithm ?? '').toLowerCase();
  return mode === 'switchindependent' && (lb === 'hypervport' || lb === 'dynamic') ? 'sum' : 'min';
}

// The functions here run for every switch and NIC of every host (lint rules and the simulator):
// they use loops rather than arrow callbacks, whose optimized code V8 drops at each major GC (a
// new closure per call) and compiles again.

/** The adapter with this id. */
export function adapterById(host: Host, id: string): Adapter | undefined {
  for (const a of host.adapters) if (a.id === id) return a;
  return undefined;
}

/** The team with this id; undefined for an undefined id. */
export function teamById(host: Host, id: string | undefined): Team | undefined {
  if (id === undefined) return undefined;
  for (const t of host.teams) if (t.id === id) return t;
  return undefined;
}

/** The physical NICs that carry a switch's traffic (team members, or the uplinks themselves). */
export function physicalUplinks(host: Host, sw: VSwitch): Adapter[] {
  const team = teamById(host, sw.teamId);
  const out: Adapter[] = [];
  if (team) {
    for (const m of team.members) pushAdapter(out, host, m.adapterId);
  } else {
    for (const id of sw.uplinks) pushAdapter(out, host, id);
  }
  return out;
}

function pushAdapter(out: Adapter[], host: Host, id: string): void {
  const a = adapterById(host, id);
  if (a !== undefined) out.push(a);
}

export interface QueueCapacity {
  /** VM queues available; undefined when no source gives the count. */
  queues?: number;
  mode: 'single' | QueueMode;
  source: 'AvailableVMQueues' | 'NumberOfReceiveQueues' | 'unknown';
  perMember: { adapterId: string; queues?: number }[];
}

/** VM queues a switch can hand out: AvailableVMQueues when exported, else from the uplinks. */
export function switchQueueCapacity(host: Host, sw: VSwitch): QueueCapacity {
  const team = teamById(host, sw.teamId);
  const members = physicalUplinks(host, sw);
  // A NIC the vSwitch does not use VMQ on (disabled, or below 10 Gbps without
  // BelowTenGigVmqEnabled) offers no VM queue, whatever it reports (src/model/vmq-state.ts).
  const perMember: QueueCapacity['perMember'] = [];
  for (const a of members) {
    const use = vmqUse(host, a);
    perMember.push({ adapterId: a.id, queues: (use.inUse ?? use.likely) === false ? 0 : a.vmq?.numberOfReceiveQueues });
  }
  const mode: QueueCapacity['mode'] = team ? team.queueMode : 'single';
  if (sw.availableVMQueues !== undefined) {
    return { queues: sw.availableVMQueues, mode, source: 'AvailableVMQueues', perMember };
  }
  const known: number[] = [];
  for (const m of perMember) {
    if (m.queues === undefined) return { mode, source: 'unknown', perMember };
    known.push(m.queues);
  }
  if (known.length === 0) return { mode, source: 'unknown', perMember };
  let queues: number;
  if (mode === 'min') queues = minOf(known);
  else {
    queues = 0;
    for (const c of known) queues += c;
  }
  return { queues, mode, source: 'NumberOfReceiveQueues', perMember };
}

/** The vNICs connected to a switch (by switch id, else by name), in model order. */
export function switchVnics(host: Host, sw: VSwitch): VNic[] {
  const name = sw.name.toLowerCase();
  const out: VNic[] = [];
  for (const v of host.vnics) if (v.switchId !== undefined ? v.switchId === sw.id : v.switchName?.toLowerCase() === name) out.push(v);
  return out;
}

/** VmqWeight defaults to 100 (https://learn.microsoft.com/powershell/module/hyper-v/set-vmnetworkadapter). */
export function vmqWeightOf(v: VNic): number {
  return v.vmqWeight ?? 100;
}

/** VmmqQueuePairs defaults to 16 (https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchportoffloadsettingdata). */
export const DEFAULT_VMMQ_QUEUE_PAIRS = 16;

/**
 * vCPUs assumed for a VM whose ProcessorCount is not exported (no Get-VM): 2 (GUESS; the
 * simulator's parameter defaultVcpus has the same default and may be changed there).
 */
export const DEFAULT_VCPUS = 2;

function keywordValue(a: Adapter, name: string): string | undefined {
  const v = ownEntry(a.advanced, name.toLowerCase())?.value;
  return v === null || v === undefined ? undefined : v.trim();
}

/**
 * Whether a NIC can give a vPort several queues (VMMQ): 2016 or later, `*RssOnHostVPorts` not 0,
 * and not a system-supplied (Microsoft inbox) driver
 * (https://learn.microsoft.com/windows-hardware/drivers/network/overview-of-virtual-machine-multiple-queues).
 */
export function vmmqCapable(host: Host, a: Adapter): boolean {
  return atLeast(host.os.release, '2016') && keywordValue(a, '*RssOnHostVPorts') !== '0' && !/^microsoft\b/i.test(a.driver.provider ?? '');
}

/** Whether the vSwitch uses VMQ on at least one of these NICs (where unexported, the documented default). */
export function anyVmqInUse(host: Host, uplinks: readonly Adapter[]): boolean {
  for (const a of uplinks) {
    const use = vmqUse(host, a);
    if (use.inUse ?? use.likely) return true;
  }
  return false;
}

/**
 * Whether a vNIC's vPort uses VMMQ: VmmqEnabled, or on 2019+ left unexported while every uplink
 * has `*RssOnHostVPorts` 1 (the 2019 default:
 * https://techcommunity.microsoft.com/t5/networking-blog/synthetic-accelerations-in-a-nutshell-windows-server-2019/ba-p/653976);
 * and every uplink VMMQ-capable.
 */
export function vnicUsesVmmq(host: Host, uplinks: readonly Adapter[], v: VNic): { vmmq: boolean; assumed: boolean } {
  const explicit = v.vmmqEnabled === true;
  const assumed = v.vmmqEnabled === undefined && atLeast(host.os.release, '2019') && uplinks.length > 0 && allRssOnHostVPorts(uplinks);
  const vmmq = (explicit || assumed) && uplinks.length > 0 && allVmmqCapable(host, uplinks) && anyVmqInUse(host, uplinks);
  return { vmmq, assumed: vmmq && assumed };
}

function allRssOnHostVPorts(uplinks: readonly Adapter[]): boolean {
  for (const a of uplinks) if (keywordValue(a, '*RssOnHostVPorts') !== '1') return false;
  return true;
}

function allVmmqCapable(host: Host, uplinks: readonly Adapter[]): boolean {
  for (const a of uplinks) if (!vmmqCapable(host, a)) return false;
  return true;
}

/**
 * Hardware queues one vPort asks for when its VM starts: 1 for a VMQ vPort; for a VMMQ vPort its
 * VmmqQueuePairs (NDIS creates the vPort with NumQueuePairs set to the VMMQ queue pairs, one when
 * VMMQ is off: https://learn.microsoft.com/windows-hardware/drivers/network/allocating-vports-for-vmmq),
 * bounded by the VM's vCPUs (a GUESS, stated in docs/simulating.md: more queues than vCPUs cannot help).
 */
export function vportQueues(vmmq: boolean, queuePairs: number | undefined, vcpus: number): number {
  if (!vmmq) return 1;
  return Math.max(1, Math.min(queuePairs ?? DEFAULT_VMMQ_QUEUE_PAIRS, vcpus));
}

/** What one vNIC asks of its switch's VM queues. */
export interface VnicDemand {
  vnic: VNic;
  vm?: Vm;
  /** Owner's power state: on (management OS, or Get-VM says powered on), off, or unknown (no Get-VM). */
  power: PowerClass;
  weight: number;
  vmmq: boolean;
  /** VMMQ assumed from the 2019 default rather than exported. */
  vmmqAssumed: boolean;
  /** vCPUs used to bound VMMQ queues; `vcpusAssumed` when ProcessorCount was not exported. */
  vcpus: number;
  vcpusAssumed: boolean;
  /** Queues it takes: 0 for VmqWeight 0 or a VM that is off, 1 for VMQ, its VMMQ pairs otherwise. */
  queues: number;
}

/** A switch's demand: every vNIC, and the total the counted ones ask for. */
export interface SwitchDemand {
  vnics: VnicDemand[];
  /** Sum of `queues`. */
  total: number;
  /** vNICs counted although their VM's state is unknown (no Get-VM record). */
  unknownState: VnicDemand[];
  /** vNICs not counted because their VM is powered off. */
  poweredOff: VnicDemand[];
}

/**
 * VM queues a switch's vNICs ask for: every vNIC with VmqWeight > 0 whose
 * owner is powered on or of unknown state, 1 queue each, or its VMMQ queue pairs (bounded by the
 * VM's vCPUs and by what one vPort can hold: the largest member under Sum-of-Queues, since a
 * vPort's queues sit on one NIC, else the switch capacity). `defaultVcpus` stands in for an
 * unexported ProcessorCount.
 */
export function switchQueueDemand(host: Host, sw: VSwitch, defaultVcpus: number = DEFAULT_VCPUS): SwitchDemand {
  const uplinks = physicalUplinks(host, sw);
  const cap = switchQueueCapacity(host, sw);
  let memberMax = 0;
  for (const m of cap.perMember) memberMax = Math.max(memberMax, m.queues ?? 0);
  const perVport = cap.mode === 'sum' && memberMax > 0 ? memberMax : cap.queues;
  const demand: SwitchDemand = { vnics: [], total: 0, unknownState: [], poweredOff: [] };
  for (const v of switchVnics(host, sw)) {
    const d = vnicDemand(host, uplinks, v, perVport, defaultVcpus);
    demand.vnics.push(d);
    demand.total += d.queues;
  }
  for (const d of demand.vnics) if (d.power === 'unknown' && d.queues > 0) demand.unknownState.push(d);
  for (const d of demand.vnics) if (d.power === 'off' && d.weight > 0) demand.poweredOff.push(d);
  return demand;
}

/** What one vNIC asks of its switch, bounded by what one vPort can hold (`perVport`). */
function vnicDemand(host: Host, uplinks: readonly Adapter[], v: VNic, perVport: number | undefined, defaultVcpus: number): VnicDemand {
  const { power, vm } = vnicPower(host, v);
  const weight = vmqWeightOf(v);
  const { vmmq, assumed } = vnicUsesVmmq(host, uplinks, v);
  // The management OS has no Get-VM record; like an unexported VM it takes `defaultVcpus` (GUESS).
  const vcpusAssumed = vm?.processorCount === undefined;
  const vcpus = vm?.processorCount ?? defaultVcpus;
  let queues = weight > 0 && power !== 'off' ? vportQueues(vmmq, v.vmmqQueuePairs, vcpus) : 0;
  if (perVport !== undefined && perVport > 0) queues = Math.min(queues, perVport);
  // `vm` is always set (undefined without a Get-VM record): one object shape for every caller.
  return { vnic: v, vm, power, weight, vmmq, vmmqAssumed: assumed, vcpus, vcpusAssumed: vcpusAssumed && vmmq, queues };
}
