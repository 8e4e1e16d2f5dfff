/**
 * vRSS per vNIC ([S4], [F9] in docs/references.md): whether Windows spreads a vNIC's VM-queue
 * receive work over several LPs in software, and over which. Microsoft's vRSS planning page lists
 * what it needs (https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan):
 * VMQ on a NIC of 10 Gbps or more, no SR-IOV VF on the vNIC, more than one LP in the VM. It is off
 * by default on 2012 R2 and on by default from 2016; the vNIC's VrssEnabled (Get-VMNetworkAdapter)
 * wins when exported.
 */
import type { Host, VNic } from '../model/host.js';
import { vmOfVnic } from '../model/vms.js';
import type { TrafficVnic } from './profile.js';
import type { Params } from './params.js';
import type { Endpoint, Member, Topology } from './topology.js';

/** Where a VM's vCPU count came from. */
export type VcpuSource = 'profile' | 'Get-VM' | 'assumed';

/** A VM's vCPU count as the simulator uses it. */
export interface Vcpus {
  count: number;
  source: VcpuSource;
}

/** The VM's processor count from the host export (Get-VM ProcessorCount), when exported. */
export function exportedProcessorCount(host: Host, vnic: VNic | undefined): number | undefined {
  if (!vnic || vnic.isManagementOs) return undefined;
  const n = vmOfVnic(host, vnic)?.processorCount;
  return n !== undefined && n > 0 ? n : undefined;
}

/** vCPUs of an endpoint's VM: the profile's `vcpus`, else Get-VM's ProcessorCount, else `defaultVcpus` (assumed). */
export function vcpusOf(host: Host, ep: Endpoint, entry: TrafficVnic | undefined, p: Params): Vcpus {
  if (entry?.vcpus !== undefined) return { count: entry.vcpus, source: 'profile' };
  const exported = exportedProcessorCount(host, vnicOf(host, ep));
  if (exported !== undefined) return { count: exported, source: 'Get-VM' };
  return { count: p.defaultVcpus, source: 'assumed' };
}

function vnicOf(host: Host, ep: Endpoint): VNic | undefined {
  return ep.kind === 'vnic' ? host.vnics.find((v) => v.id === ep.id) : undefined;
}

/** vRSS of one vNIC as simulated: spreading over `lps` (the queue's LP first), or why not. */
export interface VrssDecision {
  active: boolean;
  /** Why it is on or off, in words for the output. */
  reason: string;
  /** LPs the vNIC's receive work spreads over (empty when inactive). */
  lps: number[];
}

/**
 * LPs a vNIC's work spreads over: its queue's LP, then LPs of the NIC's spreading set (one per
 * core) that already serve the fewest queues and spreads (`use`, per global LP), nearest first;
 * at most `width`, one per core. Which LPs Windows picks is not published (GUESS): this keeps
 * spreads from piling onto one LP while others idle.
 */
export function spreadLps(topo: Topology, member: Member, queueLp: number, width: number, use: ArrayLike<number>): number[] {
  const core = topo.lps.core;
  const out = [queueLp];
  const candidates = member.dynamicLps
    .filter((lp) => core[lp] !== core[queueLp])
    .sort((a, b) => use[a] - use[b] || Math.abs(a - queueLp) - Math.abs(b - queueLp) || a - b);
  for (const lp of candidates) {
    if (out.length >= width) break;
    if (out.some((x) => core[x] === core[lp])) continue;
    out.push(lp);
  }
  return out;
}

/**
 * Whether vRSS spreads this vNIC's VM queue (a VMQ vPort, not VMMQ, which the NIC spreads in
 * hardware), and over which LPs: up to one per vCPU (all of the set for a host vNIC), within the
 * NIC's VMQ processor set.
 */
export function vrssDecision(topo: Topology, ep: Endpoint, member: Member, queueLp: number, vcpus: Vcpus, use: ArrayLike<number>): VrssDecision {
  const off = (reason: string): VrssDecision => ({ active: false, reason, lps: [] });
  if (ep.kind !== 'vnic') return off('not a vNIC');
  if (ep.vmmq) return off('VMMQ spreads this vNIC in the NIC instead');
  const vnic = vnicOf(topo.host, ep);
  const exported = vnic?.vrssEnabled;
  if (!ep.vrss) {
    return off(exported === false ? 'VrssEnabled is False on the vNIC' : exported === true ? 'vRSS does not exist before 2012 R2' : 'off by default before Windows Server 2016 (VrssEnabled not exported)');
  }
  if (!member.vmqEnabled) return off('vRSS needs VMQ on the NIC');
  if (member.linkGbps < 10) return off(`vRSS needs a NIC of 10 Gbps or more (${member.linkGbps} Gbps)`);
  const sw = topo.uplinks[ep.uplink].sw;
  if ((vnic?.iovWeight ?? 0) > 0 && sw?.iovEnabled === true) return off('an SR-IOV VF on the vNIC takes the VF driver\'s RSS instead');
  if (!ep.isManagementOs && vcpus.count <= 1) return off('the VM has one vCPU');
  const lps = spreadLps(topo, member, queueLp, vrssWidth(ep, member, vcpus), use);
  if (lps.length <= 1) return off('the NIC\'s VMQ processor set has one core');
  const src = exported === undefined ? 'on by default from Windows Server 2016' : 'VrssEnabled is True';
  const cpus = ep.isManagementOs ? 'host vNIC: all of the set' : `up to one LP per vCPU, ${vcpus.count} vCPUs${vcpus.source === 'assumed' ? ' (assumed)' : ''}`;
  return { active: true, reason: `${src}; ${cpus}`, lps };
}

/** How many LPs vRSS may use for a vNIC: one per vCPU; a host vNIC "always has access to all of the physical processors" ([S4] in docs/references.md). */
export function vrssWidth(ep: Endpoint, member: Member, vcpus: Vcpus): number {
  return ep.isManagementOs ? member.dynamicLps.length : vcpus.count;
}
