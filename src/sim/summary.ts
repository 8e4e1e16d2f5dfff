/**
 * From a finished run's accumulators to its SimResult: steady-state means per LP and per vNIC,
 * what limits each vNIC, the queue-to-LP map, the bucketed timeline, parameters and assumptions.
 */
import type { QueuePool, Allocation } from './allocate.js';
import type { CostArrays } from './cost.js';
import { paramValues, type Params } from './params.js';
import type { TrafficProfile, TrafficVnic } from './profile.js';
import { atLeast, type Endpoint, type Topology } from './topology.js';
import type { Vcpus, VrssDecision } from './vrss.js';
import type { DefaultReason, LimitedBy, PlacementPolicy, SimEvent, SimLp, SimQueue, SimResult, SimUplink, SimVm } from './types.js';

/** A vPort (or default-queue / RSS share) of one endpoint on one NIC. */
export interface Port {
  endpoint: number;
  member: number;
  kind: 'vmq' | 'vmmq' | 'default' | 'rss';
  policy: PlacementPolicy;
  queueIds: number[];
  queueLps: number[];
  home: number;
  /** ITE -> LP for ports that hash flows over entries (VMMQ, RSS, default queue with VMMQ). */
  ite: Int32Array | null;
  /** Evaluation until which the queue (VMQ) or each ITE stays put. */
  frozenUntil: number;
  iteFrozen: Int32Array | null;
  /** Max distinct LPs (the vPort's queue count) for d.VMMQ; 0 = no limit. */
  maxLps: number;
}

/** What a finished run exposes to summarise (the Simulation's accumulators, read only). */
export interface RunView {
  readonly topo: Topology;
  readonly p: Params;
  readonly profile: TrafficProfile;
  readonly n: number;
  readonly nE: number;
  readonly dt: number;
  readonly totalTicks: number;
  readonly steadyTick: number;
  readonly events: SimEvent[];
  readonly eventsDropped: number;
  readonly assumptions: readonly string[];
  readonly pool: QueuePool;
  readonly entryOf: readonly (TrafficVnic | undefined)[];
  readonly running: Uint8Array;
  readonly everRan: Uint8Array;
  readonly alloc: readonly (Allocation | undefined)[];
  readonly ports: readonly Port[];
  readonly portsOf: readonly number[][];
  readonly vcpus: readonly Vcpus[];
  readonly vrss: readonly (VrssDecision | undefined)[];
  readonly laneCount: number;
  readonly laneE: Int32Array;
  readonly lanePort: Int32Array;
  readonly laneShare: Float64Array;
  readonly laneLink: Float64Array;
  readonly cost: CostArrays;
  readonly accOff: Float64Array;
  readonly accGuest: Float64Array;
  readonly accLink: Float64Array;
  readonly accDel: Float64Array;
  readonly utilSum: Float64Array;
  readonly utilPeak: Float64Array;
  readonly netSum: Float64Array;
  readonly intsSum: number;
  readonly bucketTicks: number;
  readonly buckets: number;
  readonly tlUtil: Float64Array;
  readonly tlEngaged: Float64Array;
  readonly tlVm: Float64Array;
  readonly tlCount: Int32Array;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Round to 4 decimals so outputs are stable and readable. */
function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function lanesLps(run: RunView, e: number): Map<number, number> {
  const at = new Map<number, number>();
  for (let l = 0; l < run.laneCount; l++) {
    if (run.laneE[l] !== e) continue;
    const lp = run.cost.laneLp[l];
    at.set(lp, (at.get(lp) ?? 0) + run.laneLink[l] * run.cost.scale[lp] + run.laneShare[l] * 1e-9);
  }
  return at;
}

/** Turn a finished run into its result. */
export function summarize(run: RunView): SimResult {
  const { topo, p } = run;
  const steadyTicks = Math.max(1, run.totalTicks - run.steadyTick);
  const order = [...topo.endpoints]
    .filter((e) => e.kind === 'vnic' || run.entryOf[e.index] !== undefined)
    .sort((a, b) => (run.entryOf[a.index]?.startOrder ?? Infinity) - (run.entryOf[b.index]?.startOrder ?? Infinity) || a.startRank - b.startRank);
  const vms: SimVm[] = order.map((e) => vmResult(run, e, steadyTicks));
  const lps: SimLp[] = [];
  for (let lp = 0; lp < run.n; lp++) {
    lps.push({
      lp,
      group: topo.lps.group[lp],
      number: topo.lps.number[lp],
      core: topo.lps.core[lp],
      meanUtilization: r4(run.utilSum[lp] / steadyTicks),
      peakUtilization: r4(run.utilPeak[lp]),
      meanNetwork: r4(run.netSum[lp] / steadyTicks),
    });
  }
  const uplinks: SimUplink[] = topo.uplinks.map((u) => ({
    name: u.name,
    id: u.id,
    mode: u.mode,
    policy: u.mode === 'vmmq' && u.vmmqPolicy === 'dvmmq' ? 'dvmmq' : u.vmqPolicy,
    queueMode: u.queueMode,
    queuesAvailable: u.capacity,
    queuesAllocated: run.pool.allocated(u.index),
    capacitySource: u.capacitySource,
    members: u.members.map((mi) => {
      const m = topo.members[mi];
      return {
        adapterId: m.adapter.id,
        adapter: m.adapter.name,
        linkGbps: m.linkGbps,
        vmqEnabled: m.vmqEnabled,
        queues: m.queues,
        staticLps: m.staticLps,
        dynamicLps: m.dynamicLps,
        defaultQueueLps: m.defaultLps,
        dynamicAffinity: m.dynamicAffinity,
        policy: u.mode === 'vmmq' ? m.vmmqPolicy : m.vmqPolicy,
        vectorCoalescing: m.vectorCoalescing,
        moderation: { ...m.moderation },
      };
    }),
  }));
  const switchUplinks = topo.uplinks.filter((u) => u.kind === 'switch');
  const saturated = lps.filter((l) => l.meanUtilization >= p.saturatedUtil).map((l) => l.lp);
  const vmsOnDefault = vms.filter((v) => v.queue === 0 && v.defaultReason !== 'not-started' && v.defaultReason !== 'stopped' && v.defaultReason !== 'rss').map((v) => `${v.vm}/${v.vnic}`);
  const nE = run.nE;
  const resIndex = order.map((e) => e.index);
  const timeline = {
    bucketSeconds: r4(run.bucketTicks * run.dt),
    t: Array.from({ length: run.buckets }, (_, b) => r4(b * run.bucketTicks * run.dt)),
    util: Array.from({ length: run.buckets }, (_, b) => Array.from({ length: run.n }, (_, lp) => r4(run.tlUtil[b * run.n + lp] / Math.max(1, run.tlCount[b])))),
    engaged: Array.from({ length: run.buckets }, (_, b) => r4(run.tlEngaged[b] / Math.max(1, run.tlCount[b]))),
    vmDelivered: Array.from({ length: run.buckets }, (_, b) => resIndex.map((e) => r4(run.tlVm[b * nE + e] / Math.max(1, run.tlCount[b])))),
  };
  const assumptions = [...topo.assumptions, ...run.assumptions];
  if (run.profile.background === undefined) assumptions.push(`no background load in the profile; ${p.background} of every LP assumed`);
  assumptions.push('vRSS of the default queue (DefaultQueueVrssEnabled) and SR-IOV VFs are not modelled: default-queue work stays on its LP');
  if (vms.some((v) => v.vrss?.active)) {
    assumptions.push(`vRSS (https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan): a vNIC's flows spread from its queue's LP to the LPs listed for it; the queue's interrupts for work handed off are charged where the work lands, plus vrssFanoutUs=${p.vrssFanoutUs} µs per packet for the hand-off`);
  }
  if (atLeast(topo.release, '2019')) assumptions.push('receive segment coalescing in the vSwitch (2019+, https://techcommunity.microsoft.com/t5/networking-blog/top-10-networking-features-in-windows-server-2019-5-network/ba-p/339773) is not modelled: every packet costs its own processing (its saving is not published; a GUESS of 2-8x), so CPU use is overstated');
  return {
    schemaVersion: 1,
    host: topo.host.name,
    release: topo.release,
    durationSeconds: r4(run.totalTicks * run.dt),
    tickMs: r4(run.dt * 1000),
    steadyFromSeconds: r4(run.steadyTick * run.dt),
    summary: {
      offeredGbps: r4(vms.reduce((s, v) => s + v.offeredGbps, 0)),
      deliveredGbps: r4(vms.reduce((s, v) => s + v.deliveredGbps, 0)),
      queuesAvailable: switchUplinks.reduce((s, u) => s + u.capacity, 0),
      queuesAllocated: switchUplinks.reduce((s, u) => s + run.pool.allocated(u.index), 0),
      vmsOnDefaultQueue: vmsOnDefault,
      saturatedLps: saturated,
      engagedLps: lps.filter((l) => l.meanNetwork > p.engagedThreshold).length,
      interruptsPerSec: Math.round(run.intsSum / steadyTicks),
      eventsDropped: run.eventsDropped,
    },
    lps,
    vms,
    events: run.events,
    uplinks,
    queues: queueMap(run),
    timeline,
    params: paramValues(p),
    assumptions,
  };
}

function vmResult(run: RunView, e: Endpoint, steadyTicks: number): SimVm {
  const i = e.index;
  const a = run.alloc[i];
  const off = run.accOff[i] / steadyTicks;
  const guest = run.accGuest[i] / steadyTicks;
  const link = run.accLink[i] / steadyTicks;
  const del = run.accDel[i] / steadyTicks;
  const ports = run.portsOf[i].map((pi) => run.ports[pi]);
  const onDefault = !a || a.kind !== 'queue';
  // The binding limit is the last stage that cut the rate: each stage only sees what the one
  // before let through, so a cut there means its cap is the tightest.
  const tol = run.p.limitTolerance * off;
  let limitedBy: LimitedBy = 'none';
  if (off > 0 && off - del > tol) {
    if (link - del > tol) limitedBy = onDefault && a?.kind !== 'rss' ? 'default-queue' : 'lp';
    else if (guest - link > tol) limitedBy = 'link';
    else limitedBy = 'guest';
  }
  const at = lanesLps(run, i);
  const lps = [...at.keys()].sort((x, y) => x - y);
  let lp = -1;
  let best = -1;
  for (const [k, v] of [...at.entries()].sort((x, y) => x[0] - y[0])) {
    if (v > best) {
      best = v;
      lp = k;
    }
  }
  if (lp < 0) lp = ports[0]?.queueLps[0] ?? run.topo.members[run.topo.uplinks[e.uplink].members[0]].defaultLps[0];
  const queue = a && a.kind === 'queue' ? a.grants[0].queueIds[0] : 0;
  const vrss = run.vrss[i];
  let defaultReason: DefaultReason | undefined;
  if (!run.running[i]) defaultReason = run.everRan[i] ? 'stopped' : 'not-started';
  else if (a && a.kind !== 'queue') defaultReason = a.reason;
  return {
    vm: e.vm,
    vnic: e.vnic,
    queue,
    lp,
    offeredGbps: r4(off),
    deliveredGbps: r4(del),
    limitedBy,
    vnicId: e.id,
    isManagementOs: e.isManagementOs,
    uplink: run.topo.uplinks[e.uplink].name,
    lps: lps.length > 0 ? lps : [lp],
    ...(queue === 0 && defaultReason ? { defaultReason } : {}),
    ...(vrss ? { vrss: { active: vrss.active, reason: vrss.reason, lps: vrss.lps } } : {}),
    ...(e.kind === 'vnic' && !e.isManagementOs ? { vcpus: { count: run.vcpus[i].count, source: run.vcpus[i].source } } : {}),
  };
}

/** Queue -> LP map at the end of the run, per NIC. */
function queueMap(run: RunView): SimQueue[] {
  const out: SimQueue[] = [];
  for (const u of run.topo.uplinks) {
    if (u.kind !== 'switch') continue;
    for (const mi of u.members) {
      const m = run.topo.members[mi];
      const byQueue = new Map<number, { lps: Set<number>; vms: Set<string> }>();
      const entry = (q: number): { lps: Set<number>; vms: Set<string> } => {
        let x = byQueue.get(q);
        if (!x) byQueue.set(q, (x = { lps: new Set(), vms: new Set() }));
        return x;
      };
      const def = entry(0);
      for (const lp of m.defaultLps) def.lps.add(lp);
      for (let e = 0; e < run.nE; e++) {
        if (!run.running[e]) continue;
        for (const pi of run.portsOf[e]) {
          const port = run.ports[pi];
          if (port.member !== mi) continue;
          const label = `${run.topo.endpoints[e].vm}/${run.topo.endpoints[e].vnic}`;
          if (port.kind === 'default') {
            def.vms.add(label);
            continue;
          }
          if (port.ite) {
            const used = new Set<number>();
            for (let l = 0; l < run.laneCount; l++) if (run.lanePort[l] === pi) used.add(run.cost.laneLp[l]);
            const lps = port.policy === 'dvmmq' ? [...used].sort((a, b) => a - b) : port.queueLps;
            port.queueIds.forEach((q, j) => {
              const x = entry(q);
              if (lps[j] !== undefined) x.lps.add(lps[j]);
              x.vms.add(label);
            });
          } else {
            port.queueIds.forEach((q, j) => {
              const x = entry(q);
              x.lps.add(port.queueLps[j] ?? port.queueLps[0]);
              x.vms.add(label);
            });
          }
        }
      }
      for (const [q, x] of [...byQueue.entries()].sort((a, b) => a[0] - b[0])) {
        out.push({ uplink: u.name, adapter: m.adapter.name, queue: q, lps: [...x.lps].sort((a, b) => a - b), vms: [...x.vms].sort(ordinal) });
      }
    }
  }
  return out;
}
