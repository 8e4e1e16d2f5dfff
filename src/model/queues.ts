/**
 * Queue modes and VM-queue capacity (domain.md 4.1, 7.1; simulator.md a.2 with its errata):
 * NumberOfReceiveQueues excludes the default queue, so a NIC reporting N offers N VM queues.
 */
import type { Adapter, Host, QueueMode, Team, VSwitch } from './host.js';

/** Sum-of-Queues for SET and for LBFO Switch-Independent with HyperVPort or Dynamic; else Min-Queues. */
export function queueModeOf(kind: Team['kind'], teamingMode?: string, loadBalancingAlgorithm?: string): QueueMode {
  if (kind === 'set') return 'sum';
  const mode = (teamingMode ?? '').toLowerCase();
  const lb = (loadBalancingAlgorithm ?? '').toLowerCase();
  return mode === 'switchindependent' && (lb === 'hypervport' || lb === 'dynamic') ? 'sum' : 'min';
}

export function adapterById(host: Host, id: string): Adapter | undefined {
  return host.adapters.find((a) => a.id === id);
}

export function teamById(host: Host, id: string | undefined): Team | undefined {
  return id === undefined ? undefined : host.teams.find((t) => t.id === id);
}

/** The physical NICs that carry a switch's traffic (team members, or the uplinks themselves). */
export function physicalUplinks(host: Host, sw: VSwitch): Adapter[] {
  const team = teamById(host, sw.teamId);
  if (team) {
    return team.members.map((m) => adapterById(host, m.adapterId)).filter((a): a is Adapter => a !== undefined);
  }
  return sw.uplinks.map((id) => adapterById(host, id)).filter((a): a is Adapter => a !== undefined);
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
  const perMember = members.map((a) => ({
    adapterId: a.id,
    queues: a.vmq?.enabled === false ? 0 : a.vmq?.numberOfReceiveQueues,
  }));
  const mode: QueueCapacity['mode'] = team ? team.queueMode : 'single';
  if (sw.availableVMQueues !== undefined) {
    return { queues: sw.availableVMQueues, mode, source: 'AvailableVMQueues', perMember };
  }
  const counts = perMember.map((m) => m.queues);
  if (counts.length === 0 || counts.some((c) => c === undefined)) {
    return { mode, source: 'unknown', perMember };
  }
  const known = counts as number[];
  const queues = mode === 'min' ? Math.min(...known) : known.reduce((s, c) => s + c, 0);
  return { queues, mode, source: 'NumberOfReceiveQueues', perMember };
}
