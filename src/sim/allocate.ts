/**
 * VM-queue allocation ([F15] in docs/references.md): first come first served in start order, held until
 * the VM stops; VmqWeight 0 never gets a queue; without a free queue a vNIC shares the default
 * queue, and is not upgraded when a queue is freed later (GUESS: the next VM to start takes it).
 * A Min-Queues team allocates the queue on every member; a Sum-of-Queues team on one member.
 */
import type { Endpoint, Topology } from './topology.js';
import type { DefaultReason } from './types.js';

/** Queues granted on one NIC. */
export interface Grant {
  member: number;
  queueIds: number[];
}

export interface Allocation {
  kind: 'queue' | 'default' | 'rss';
  reason?: DefaultReason;
  grants: Grant[];
}

/** Free queues per uplink and per NIC, and which queue ids are taken. */
export class QueuePool {
  private readonly uplinkFree: Int32Array;
  private readonly memberFree: Int32Array;
  /** QueueIDs taken per NIC; ids are Windows' own where the export shows them, so not always 1..queues. */
  private readonly used: Set<number>[];
  /** QueueIDs the export shows some vNIC holding, per NIC: kept for that vNIC, never handed to another. */
  private readonly reserved: Set<number>[];

  constructor(private readonly topo: Topology) {
    this.uplinkFree = Int32Array.from(topo.uplinks.map((u) => u.capacity));
    this.memberFree = Int32Array.from(topo.members.map((m) => (m.vmqEnabled ? m.queues : 0)));
    this.used = topo.members.map(() => new Set<number>());
    this.reserved = topo.members.map((m) => new Set(topo.endpoints.flatMap((e) => e.observedQueueIds.get(m.index) ?? [])));
  }

  /** VM queues in use on an uplink. */
  allocated(uplink: number): number {
    return this.topo.uplinks[uplink].capacity - this.uplinkFree[uplink];
  }

  /**
   * Take `n` queue ids on a NIC: the QueueIDs the export shows the vNIC holding first (reports keep
   * Windows' numbers, never a renumbering), then the lowest free ones.
   */
  private takeIds(member: number, n: number, preferred: readonly number[] = []): number[] {
    const ids: number[] = [];
    const used = this.used[member];
    for (const id of preferred) {
      if (ids.length >= n) break;
      if (!used.has(id)) {
        used.add(id);
        ids.push(id);
      }
    }
    const reserved = this.reserved[member];
    for (let id = 1; ids.length < n; id++) {
      if (!used.has(id) && !reserved.has(id)) {
        used.add(id);
        ids.push(id);
      }
    }
    this.memberFree[member] -= ids.length;
    return ids.sort((a, b) => a - b);
  }

  /**
   * Allocate for an endpoint starting now. `wanted` is 1 for a VMQ vPort, the queue pairs a VMMQ
   * vPort may use otherwise (GUESS a.3: min(VmmqQueuePairs, vCPUs, free)).
   */
  allocate(e: Endpoint, wanted: number): Allocation {
    const u = this.topo.uplinks[e.uplink];
    if (e.kind === 'nic') return { kind: 'rss', reason: 'rss', grants: [] };
    if (u.mode === 'single') return { kind: 'default', reason: 'vmq-off', grants: [] };
    if (e.vmqWeight === 0) return { kind: 'default', reason: 'weight-0', grants: [] };
    const members = u.members.filter((m) => this.topo.members[m].vmqEnabled);
    if (u.queueMode === 'min') {
      let n = Math.min(wanted, this.uplinkFree[e.uplink]);
      for (const m of members) n = Math.min(n, this.memberFree[m]);
      if (n <= 0 || members.length === 0) return { kind: 'default', reason: 'no-free-queue', grants: [] };
      this.uplinkFree[e.uplink] -= n;
      return { kind: 'queue', grants: members.map((m) => ({ member: m, queueIds: this.takeIds(m, n, e.observedQueueIds.get(m)) })) };
    }
    // Sum-of-Queues (or one NIC): the vPort lands on the NIC Get-NetAdapterVmqQueue shows it on
    // (observed placement is ground truth) while that NIC has a free queue, else on the NIC with
    // the most free queues.
    let best = members.find((m) => e.observedLps.has(m) && this.memberFree[m] > 0) ?? -1;
    if (best < 0) for (const m of members) if (best < 0 || this.memberFree[m] > this.memberFree[best]) best = m;
    const n = best < 0 ? 0 : Math.min(wanted, this.uplinkFree[e.uplink], this.memberFree[best]);
    if (n <= 0) return { kind: 'default', reason: 'no-free-queue', grants: [] };
    this.uplinkFree[e.uplink] -= n;
    return { kind: 'queue', grants: [{ member: best, queueIds: this.takeIds(best, n, e.observedQueueIds.get(best)) }] };
  }

  /** Return an allocation's queues (the VM stopped). */
  release(e: Endpoint, a: Allocation): void {
    if (a.kind !== 'queue') return;
    const u = this.topo.uplinks[e.uplink];
    for (const g of a.grants) {
      for (const id of g.queueIds) this.used[g.member].delete(id);
      this.memberFree[g.member] += g.queueIds.length;
    }
    // Min-Queues counts a queue once for the team although every member holds one.
    const held = u.queueMode === 'min' ? (a.grants[0]?.queueIds.length ?? 0) : a.grants.reduce((s, g) => s + g.queueIds.length, 0);
    this.uplinkFree[e.uplink] += held;
  }
}
