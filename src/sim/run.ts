/**
 * The simulation run (docs/simulating.md): VMs start in order and take queues, traffic follows
 * the profile tick by tick, each tick solves CPU sharing, link and guest caps, and the dynamic
 * policies rebalance on their own period. The tick loop works on typed arrays sized when the
 * lane layout changes (VM start/stop), so a tick allocates nothing.
 */
import type { Host } from '../model/host.js';
import { vportQueues } from '../model/queues.js';
import { QueuePool, type Allocation } from './allocate.js';
import { interruptsPerSec, ppsPerGbps, solveCpu, wireBitsPerPacket, type CostArrays } from './cost.js';
import { resolveParams, type Params } from './params.js';
import { fmix32, fnv1a } from './hash.js';
import { summarize, type Port } from './summary.js';
import { addUnit, balanceState, nearestOrder, needsRebalance, placeQueues, rebalance, type BalanceConfig, type BalanceState, type MoveKind } from './placement.js';
import { checkProfile, profileTiming, resolveProfile, type ProfileSource, type TrafficProfile, type TrafficVnic } from './profile.js';
import { buildTopology, type Endpoint, type Topology } from './topology.js';
import { spreadLps, vcpusOf, vrssDecision, vrssWidth, type Vcpus, type VrssDecision } from './vrss.js';
import type { PlacementPolicy, SimEvent, SimResult } from './types.js';

/** Rounds of link capping and CPU solving per tick; each round only lowers rates. */
const LINK_ROUNDS = 4;

/** One dynamic policy's evaluation state. */
interface Period {
  policy: PlacementPolicy;
  evalTicks: number;
  ticks: number;
  evalIndex: number;
  alpha: number;
  primed: boolean;
  cfg: BalanceConfig;
  /** Per LP over the period: measured busy fraction (served work, at most the capacity), and 1 / capacity. */
  demandAcc: Float64Array;
  invCapAcc: Float64Array;
  /** Per lane over the period: packets served (what the OS can attribute to the queue). */
  lanePpsAcc: Float64Array;
  state: BalanceState;
  /** Unit -> lane, and the evaluation until which the unit stays put. */
  unitLane: Int32Array;
  unitFrozenUntil: Int32Array;
}

/**
 * Run the simulator for one host under a traffic profile (the lint engine's entry point).
 * `skip` accepts profile entries that name nothing in this host (see `unmatchedEntries`).
 */
export function simulateHost(host: Host, profile: TrafficProfile, params: Partial<Params> = {}, source?: ProfileSource, skip?: (index: number) => boolean): SimResult {
  const p = resolveParams(params);
  if (!source) checkProfile(profile);
  const topo = buildTopology(host, p);
  const entries = resolveProfile(host, topo, profile, source, { skip });
  return new Simulation(topo, profile, entries, p).run();
}

/** Simulate with an already built topology and resolved entries (compare and what-if reuse it). */
export class Simulation {
  readonly n: number;
  readonly nE: number;
  readonly dt: number;
  readonly totalTicks: number;
  readonly steadyTick: number;
  readonly events: SimEvent[] = [];
  eventsDropped = 0;
  /** Unpublished behaviour this run relied on (GUESSes), stated in the result. */
  readonly assumptions: string[] = [];
  readonly pool: QueuePool;
  private readonly rr: Int32Array;
  private readonly nearest: Int32Array;

  // Endpoints
  readonly entryOf: (TrafficVnic | undefined)[];
  readonly running: Uint8Array;
  readonly everRan: Uint8Array;
  readonly alloc: (Allocation | undefined)[];
  readonly portsOf: number[][];
  /** Per endpoint: the VM's vCPUs, and vRSS as decided when it last took a queue. */
  readonly vcpus: Vcpus[];
  readonly vrss: (VrssDecision | undefined)[];
  /** Per endpoint: order of its last start (vRSS spreads are laid out in start order). */
  private readonly startSeq: Int32Array;
  private seq = 0;
  private readonly epPpg: Float64Array;
  private readonly epWire: Float64Array;
  private readonly epGuestCap: Float64Array;
  private readonly epFlows: Int32Array;
  private readonly epConst: Float64Array;
  private readonly sStart: Int32Array;
  private readonly sEnd: Int32Array;
  private readonly sCursor: Int32Array;
  private readonly sT: Float64Array;
  private readonly sG: Float64Array;
  private readonly epOffered: Float64Array;
  private readonly epGuest: Float64Array;
  private readonly epDelivered: Float64Array;
  readonly accOff: Float64Array;
  readonly accGuest: Float64Array;
  readonly accLink: Float64Array;
  readonly accDel: Float64Array;
  private readonly schedule: { t: number; kind: 'start' | 'stop'; e: number }[];
  private nextEvent = 0;

  // Ports and lanes
  ports: Port[] = [];
  laneCount = 0;
  laneE = new Int32Array(0);
  lanePort = new Int32Array(0);
  private laneIte = new Int32Array(0);
  private laneMember = new Int32Array(0);
  laneShare = new Float64Array(0);
  private lanePpg = new Float64Array(0);
  private laneWire = new Float64Array(0);
  private laneDem = new Float64Array(0);
  laneLink = new Float64Array(0);
  /** Per lane: what the link alone lets through (pps), for the limit attribution. */
  private lanePass = new Float64Array(0);
  readonly cost: CostArrays;

  // Members
  private readonly linkBps: Float64Array;
  private readonly memBits: Float64Array;
  private readonly memTheta: Float64Array;
  private readonly memCapped: Float64Array;
  private readonly memFree: Float64Array;

  // LPs
  private readonly busy: Float64Array;
  readonly utilSum: Float64Array;
  readonly utilPeak: Float64Array;
  readonly netSum: Float64Array;
  private readonly hasHt: boolean;
  intsSum = 0;

  // Timeline
  readonly bucketTicks: number;
  readonly buckets: number;
  readonly tlUtil: Float64Array;
  readonly tlEngaged: Float64Array;
  readonly tlVm: Float64Array;
  readonly tlCount: Int32Array;

  private readonly periods: Period[] = [];

  constructor(
    readonly topo: Topology,
    readonly profile: TrafficProfile,
    entries: { endpoint: number; entry: TrafficVnic }[],
    readonly p: Params,
  ) {
    const { durationSeconds, tickMs } = profileTiming(profile);
    this.n = topo.lps.count;
    this.nE = topo.endpoints.length;
    this.dt = tickMs / 1000;
    this.totalTicks = Math.max(1, Math.round((durationSeconds * 1000) / tickMs));
    this.steadyTick = Math.floor(this.totalTicks / 2);
    this.pool = new QueuePool(topo);
    this.rr = new Int32Array(topo.members.length);
    this.nearest = nearestOrder(topo);
    const nE = this.nE;
    this.entryOf = new Array<TrafficVnic | undefined>(nE).fill(undefined);
    for (const r of entries) this.entryOf[r.endpoint] = r.entry;
    this.running = new Uint8Array(nE);
    this.everRan = new Uint8Array(nE);
    this.alloc = new Array<Allocation | undefined>(nE).fill(undefined);
    this.portsOf = Array.from({ length: nE }, () => []);
    this.vcpus = topo.endpoints.map((e) => vcpusOf(topo.host, e, this.entryOf[e.index], p));
    this.vrss = new Array<VrssDecision | undefined>(nE).fill(undefined);
    this.startSeq = new Int32Array(nE);
    this.epPpg = new Float64Array(nE);
    this.epWire = new Float64Array(nE);
    this.epGuestCap = new Float64Array(nE);
    this.epFlows = new Int32Array(nE);
    this.epConst = new Float64Array(nE);
    this.sStart = new Int32Array(nE).fill(-1);
    this.sEnd = new Int32Array(nE).fill(-1);
    this.sCursor = new Int32Array(nE);
    const samples = entries.reduce((s, r) => s + (r.entry.samples?.length ?? 0), 0);
    this.sT = new Float64Array(samples);
    this.sG = new Float64Array(samples);
    this.epOffered = new Float64Array(nE);
    this.epGuest = new Float64Array(nE);
    this.epDelivered = new Float64Array(nE);
    this.accOff = new Float64Array(nE);
    this.accGuest = new Float64Array(nE);
    this.accLink = new Float64Array(nE);
    this.accDel = new Float64Array(nE);
    let k = 0;
    for (const e of topo.endpoints) {
      const entry = this.entryOf[e.index];
      const bytes = entry?.avgPacketBytes ?? p.avgPacketBytes;
      this.epPpg[e.index] = ppsPerGbps(bytes, p.headerBytes);
      this.epWire[e.index] = wireBitsPerPacket(bytes, p.wireOverheadBytes);
      this.epFlows[e.index] = entry?.flows ?? p.defaultFlows;
      // One vCPU receives unless VMMQ or vRSS spreads the vNIC (vRSS is decided when it takes a queue).
      this.epGuestCap[e.index] = e.isManagementOs ? Infinity : p.guestGbpsPerVcpu * (e.vmmq ? this.vcpus[e.index].count : 1);
      this.epConst[e.index] = entry?.gbps ?? 0;
      if (entry?.samples) {
        this.sStart[e.index] = k;
        for (const s of entry.samples) {
          this.sT[k] = s.t;
          this.sG[k] = s.gbps;
          k++;
        }
        this.sEnd[e.index] = k;
        this.sCursor[e.index] = this.sStart[e.index];
      }
    }
    // Start order: the profile's startOrder, then Get-NetAdapterVmqQueue's order, then names.
    const rank = (e: Endpoint): [number, number] => [this.entryOf[e.index]?.startOrder ?? Infinity, e.startRank];
    const order = [...topo.endpoints].sort((a, b) => {
      const [a1, a2] = rank(a);
      const [b1, b2] = rank(b);
      return a1 - b1 || a2 - b2;
    });
    this.schedule = [];
    order.forEach((e) => {
      const entry = this.entryOf[e.index];
      if (e.kind === 'nic' && !entry) return;
      // A VM Get-VM shows powered off takes no queue unless the profile starts it.
      if (e.poweredOff && entry?.startAt === undefined) return;
      this.schedule.push({ t: entry?.startAt ?? 0, kind: 'start', e: e.index });
      if (entry?.stopAt !== undefined) this.schedule.push({ t: entry.stopAt, kind: 'stop', e: e.index });
    });
    const pos = new Map(order.map((e, i) => [e.index, i]));
    this.schedule.sort((a, b) => a.t - b.t || (a.kind === b.kind ? 0 : a.kind === 'stop' ? -1 : 1) || pos.get(a.e)! - pos.get(b.e)!);

    const n = this.n;
    this.cost = {
      laneLp: new Int32Array(0),
      laneSrc: new Int32Array(0),
      laneCpkt: new Float64Array(0),
      laneCount: 0,
      srcLp: new Int32Array(0),
      srcPackets: new Float64Array(0),
      srcTimerUs: new Float64Array(0),
      srcCount: 0,
      srcStart: new Int32Array(n + 1),
      srcPps: new Float64Array(0),
      srcInts: new Float64Array(0),
      bg: new Float64Array(n),
      cap: new Float64Array(n).fill(1),
      pktWork: new Float64Array(n),
      work: new Float64Array(n),
      demand: new Float64Array(n),
      scale: new Float64Array(n).fill(1),
      lpCount: n,
    };
    const bgDefault = profile.background?.default ?? p.background;
    this.cost.bg.fill(bgDefault);
    for (const [lp, v] of Object.entries(profile.background?.perLp ?? {})) {
      const i = Number(lp);
      // One profile may serve hosts of several sizes (lint --traffic on a fleet), so this is not an error.
      if (i < n) this.cost.bg[i] = v;
      else this.assume(`background.perLp names LP ${lp}, which this host does not have (${n} LPs); ignored`);
    }
    const nM = topo.members.length;
    this.linkBps = Float64Array.from(topo.members.map((m) => m.linkGbps * 1e9));
    this.memBits = new Float64Array(nM);
    this.memTheta = new Float64Array(nM);
    this.memCapped = new Float64Array(nM);
    this.memFree = new Float64Array(nM);
    this.busy = new Float64Array(n);
    this.utilSum = new Float64Array(n);
    this.utilPeak = new Float64Array(n);
    this.netSum = new Float64Array(n);
    this.hasHt = topo.lps.sibling.some((s) => s >= 0);
    this.bucketTicks = Math.ceil(this.totalTicks / Math.min(p.timelineBuckets, this.totalTicks));
    this.buckets = Math.ceil(this.totalTicks / this.bucketTicks);
    this.tlUtil = new Float64Array(this.buckets * n);
    this.tlEngaged = new Float64Array(this.buckets);
    this.tlVm = new Float64Array(this.buckets * nE);
    this.tlCount = new Int32Array(this.buckets);

    const policies = new Set<PlacementPolicy>();
    for (const u of topo.uplinks) {
      if (u.mode === 'single' || u.kind === 'nic') continue;
      for (const mi of u.members) {
        const m = topo.members[mi];
        if (m.vmqPolicy !== 'static' && topo.endpoints.some((e) => e.uplink === u.index && !e.vmmq)) policies.add(m.vmqPolicy);
        if (m.vmmqPolicy !== 'static' && topo.endpoints.some((e) => e.uplink === u.index && e.vmmq)) policies.add(m.vmmqPolicy);
      }
    }
    for (const policy of [...policies].sort()) {
      const dvmq = policy === 'dvmq';
      this.periods.push({
        policy,
        evalTicks: Math.max(1, Math.round((dvmq ? p.dvmqEvalMs : p.dvmmqEvalMs) / tickMs)),
        ticks: 0,
        evalIndex: 0,
        alpha: dvmq ? p.alphaDvmq : p.alphaDvmmq,
        primed: false,
        cfg: {
          uHi: p.uHi,
          uLo: p.uLo,
          uPack: dvmq ? p.uPackDvmq : p.uPackDvmmq,
          maxMovesPerLp: dvmq ? p.movesPerLpDvmq : Number.MAX_SAFE_INTEGER,
          freeze: p.freezeEvals,
        },
        demandAcc: new Float64Array(n),
        invCapAcc: new Float64Array(n),
        lanePpsAcc: new Float64Array(0),
        state: balanceState(topo, this.nearest, 0, 0),
        unitLane: new Int32Array(0),
        unitFrozenUntil: new Int32Array(0),
      });
    }
  }

  private assume(s: string): void {
    if (!this.assumptions.includes(s)) this.assumptions.push(s);
  }

  private label(e: number): { vm: string; vnic: string } {
    const ep = this.topo.endpoints[e];
    return { vm: ep.vm, vnic: ep.vnic };
  }

  private event(ev: SimEvent): void {
    if (this.events.length < this.p.maxEvents) this.events.push(ev);
    else this.eventsDropped++;
  }

  /** Members an endpoint's traffic arrives on: every member (Min-Queues / address hash) or one. */
  private membersFor(e: Endpoint, a: Allocation): number[] {
    const u = this.topo.uplinks[e.uplink];
    if (a.kind === 'queue') return a.grants.map((g) => g.member);
    if (u.queueMode === 'min' || u.members.length === 1) return u.members;
    this.assume('GUESS: on a Sum-of-Queues team, vNICs without a VM queue are spread over the member NICs round robin (Hyper-V port affinity)');
    return [u.members[e.startRank % u.members.length]];
  }

  private start(e: number, t: number): void {
    const ep = this.topo.endpoints[e];
    const entry = this.entryOf[e];
    if (ep.vmmq) this.assume('GUESS (not published): a VMMQ vPort takes min(VmmqQueuePairs, vCPUs, free queues) hardware queues');
    // The demand lint counts (src/model/queues.ts); the profile's vcpus, when given, bound VMMQ instead.
    const wanted = ep.vmmq && entry?.vcpus !== undefined ? vportQueues(true, ep.vmmqQueuePairs, entry.vcpus) : ep.queuesWanted;
    const a = this.pool.allocate(ep, wanted);
    this.alloc[e] = a;
    this.running[e] = 1;
    this.startSeq[e] = this.seq++;
    this.everRan[e] = 1;
    const ports: number[] = [];
    for (const m of this.membersFor(ep, a)) {
      const member = this.topo.members[m];
      const grant = a.grants.find((g) => g.member === m);
      let port: Port;
      if (a.kind === 'queue' && grant) {
        const policy = ep.vmmq ? member.vmmqPolicy : member.vmqPolicy;
        const placed = placeQueues(member, policy, grant.queueIds.length, this.rr, ep.observedLps.get(m));
        const vmmq = ep.vmmq;
        let ite: Int32Array | null = null;
        if (vmmq) {
          ite = new Int32Array(this.p.iteCount);
          for (let i = 0; i < ite.length; i++) ite[i] = policy === 'dvmmq' ? placed.home : placed.queueLps[i % placed.queueLps.length];
        } else {
          // vRSS: the queue interrupts its LP, software spreads the flows over more (F9).
          const v = vrssDecision(this.topo, ep, member, placed.queueLps[0], this.vcpus[e], new Int32Array(this.n));
          if (v.active && !ep.isManagementOs) this.epGuestCap[e] = this.p.guestGbpsPerVcpu * this.vcpus[e].count;
          if (ep.vrss && !ep.isManagementOs && this.vcpus[e].source === 'assumed') {
            this.assume(`VM vCPU counts are not exported (Get-VM ProcessorCount) and the profile gives no vcpus: assumed ${this.p.defaultVcpus} (defaultVcpus), so vRSS spreads a VM over up to ${this.p.defaultVcpus} LPs`);
          }
          this.vrss[e] = v;
          if (v.active) {
            ite = new Int32Array(this.p.iteCount);
            for (let i = 0; i < ite.length; i++) ite[i] = v.lps[i % v.lps.length];
            if (policy === 'dvmq') this.assume('GUESS: Dynamic VMQ leaves a queue that vRSS spreads where it started (its work is already spread in software)');
          }
        }
        port = {
          endpoint: e,
          member: m,
          kind: vmmq ? 'vmmq' : 'vmq',
          policy,
          queueIds: grant.queueIds,
          queueLps: placed.queueLps,
          home: placed.home,
          ite,
          frozenUntil: -1,
          iteFrozen: vmmq ? new Int32Array(this.p.iteCount).fill(-1) : null,
          maxLps: policy === 'dvmmq' ? grant.queueIds.length : 0,
        };
        this.event({ t, kind: 'allocate', ...this.label(e), adapter: member.adapter.name, queue: grant.queueIds[0], to: placed.queueLps[0], reason: `queue ${grant.queueIds.join(',')} (${policy})` });
      } else {
        const lps = member.defaultLps;
        let ite: Int32Array | null = null;
        if (lps.length > 1) {
          ite = new Int32Array(this.p.iteCount);
          for (let i = 0; i < ite.length; i++) ite[i] = lps[i % lps.length];
        }
        port = {
          endpoint: e,
          member: m,
          kind: a.kind === 'rss' ? 'rss' : 'default',
          policy: 'static',
          queueIds: [0],
          queueLps: [lps[0]],
          home: lps[0],
          ite,
          frozenUntil: -1,
          iteFrozen: null,
          maxLps: 0,
        };
        if (a.kind === 'default') {
          this.event({ t, kind: 'default-queue', ...this.label(e), adapter: member.adapter.name, queue: 0, to: lps[0], reason: a.reason ?? 'default' });
        }
      }
      this.ports.push(port);
      ports.push(this.ports.length - 1);
    }
    this.portsOf[e] = ports;
  }

  /**
   * Lay out vRSS spreads whenever VMs start or stop: every running queue counts on its LP first,
   * then each spread, in start order, takes the least-used LPs of its NIC's set (GUESS: Windows
   * does not publish its choice; this keeps spreads from piling onto one LP).
   */
  private assignVrss(): void {
    const spreads: number[] = [];
    const use = new Map<number, Int32Array>();
    const useOf = (m: number): Int32Array => {
      let u = use.get(m);
      if (!u) {
        u = new Int32Array(this.n);
        use.set(m, u);
      }
      return u;
    };
    for (let e = 0; e < this.nE; e++) {
      if (!this.running[e]) continue;
      for (const pi of this.portsOf[e]) {
        const port = this.ports[pi];
        if (port.kind === 'vmmq') for (const lp of new Set(port.ite ?? port.queueLps)) useOf(port.member)[lp]++;
        if (port.kind !== 'vmq') continue;
        useOf(port.member)[port.queueLps[0]]++;
        if (port.ite && this.vrss[e]?.active) spreads.push(pi);
      }
    }
    spreads.sort((a, b) => this.startSeq[this.ports[a].endpoint] - this.startSeq[this.ports[b].endpoint] || a - b);
    for (const pi of spreads) {
      const port = this.ports[pi];
      const e = port.endpoint;
      const member = this.topo.members[port.member];
      const u = useOf(port.member);
      const lps = spreadLps(this.topo, member, port.queueLps[0], vrssWidth(this.topo.endpoints[e], member, this.vcpus[e]), u);
      for (let i = 1; i < lps.length; i++) u[lps[i]]++;
      for (let i = 0; i < port.ite!.length; i++) port.ite![i] = lps[i % lps.length];
      this.vrss[e] = { ...this.vrss[e]!, lps };
    }
  }

  private stop(e: number, t: number): void {
    const a = this.alloc[e];
    const ep = this.topo.endpoints[e];
    if (a) {
      if (a.kind === 'queue') this.assume('GUESS (not published): a freed VM queue goes to the next vNIC to start, not to one already on the default queue');
      this.pool.release(ep, a);
      for (const g of a.grants) {
        this.event({ t, kind: 'release', ...this.label(e), adapter: this.topo.members[g.member].adapter.name, queue: g.queueIds[0], reason: 'VM stopped' });
      }
    }
    this.running[e] = 0;
    this.alloc[e] = undefined;
    // Ports of stopped endpoints are dropped from the lane layout; their slots stay unused.
    this.portsOf[e] = [];
  }

  /** Lay out lanes (flow groups that share an LP and queue) for the running endpoints. */
  private rebuildLanes(): void {
    this.assignVrss();
    const seedBase = this.p.hashSeed >>> 0;
    const E: number[] = [];
    const P: number[] = [];
    const I: number[] = [];
    const S: number[] = [];
    for (let e = 0; e < this.nE; e++) {
      if (!this.running[e]) continue;
      const ports = this.portsOf[e];
      if (ports.length === 0) continue;
      const flows = this.epFlows[e];
      const key = fmix32(seedBase ^ fnv1a(this.topo.endpoints[e].id));
      // Count flows per (port, ITE); ports without an ITE table get one lane.
      const counts = new Map<number, number>();
      for (let f = 0; f < flows; f++) {
        const h1 = fmix32(key + Math.imul(f + 1, 0x9e3779b9));
        const portSlot = ports.length > 1 ? h1 % ports.length : 0;
        const port = this.ports[ports[portSlot]];
        const ite = port.ite ? fmix32(h1 ^ 0x5bd1e995) % port.ite.length : -1;
        const k = portSlot * 1_000_000 + (ite + 1);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (const k of [...counts.keys()].sort((a, b) => a - b)) {
        E.push(e);
        P.push(ports[Math.floor(k / 1_000_000)]);
        I.push((k % 1_000_000) - 1);
        S.push(counts.get(k)! / flows);
      }
    }
    const L = E.length;
    this.laneCount = L;
    this.laneE = Int32Array.from(E);
    this.lanePort = Int32Array.from(P);
    this.laneIte = Int32Array.from(I);
    this.laneShare = Float64Array.from(S);
    this.laneMember = new Int32Array(L);
    this.lanePpg = new Float64Array(L);
    this.laneWire = new Float64Array(L);
    this.laneDem = new Float64Array(L);
    this.laneLink = new Float64Array(L);
    this.lanePass = new Float64Array(L);
    const c = this.cost;
    c.laneLp = new Int32Array(L);
    c.laneSrc = new Int32Array(L);
    c.laneCpkt = new Float64Array(L);
    c.laneCount = L;
    for (let l = 0; l < L; l++) {
      const port = this.ports[P[l]];
      const e = E[l];
      this.laneMember[l] = port.member;
      this.lanePpg[l] = this.epPpg[e];
      this.laneWire[l] = this.epWire[e];
      c.laneLp[l] = port.ite && I[l] >= 0 ? port.ite[I[l]] : port.queueLps[0];
      let us = port.kind === 'default' ? this.p.cPktDefaultUs : port.kind === 'vmmq' ? this.p.cPktVmmqUs : port.kind === 'rss' ? (this.topo.uplinks[this.topo.members[port.member].uplink].mode === 'rss' ? this.p.cPktRssUs : this.p.cPktDefaultUs) : this.p.cPktVmqUs;
      // vRSS: work handed from the queue's LP to another costs the software interrupt (F9).
      if (port.kind === 'vmq' && c.laneLp[l] !== port.queueLps[0]) us += this.p.vrssFanoutUs;
      c.laneCpkt[l] = us * 1e-6;
    }
    this.rebuildSources();
    this.rebuildUnits();
  }

  /** Interrupt vectors: per queue, or per NIC and LP when the NIC coalesces vectors ([D10] in docs/references.md). */
  private rebuildSources(): void {
    const c = this.cost;
    const keys = new Map<string, number>();
    const lp: number[] = [];
    const member: number[] = [];
    const laneKey = new Int32Array(this.laneCount);
    for (let l = 0; l < this.laneCount; l++) {
      const port = this.ports[this.lanePort[l]];
      const at = c.laneLp[l];
      let key: string;
      if (this.topo.members[port.member].vectorCoalescing) key = `${port.member}:lp${at}`;
      else if (port.kind === 'vmq') key = port.ite ? `${port.member}:q${port.queueIds[0]}:lp${at}` : `${port.member}:q${port.queueIds[0]}`;
      else if (port.kind === 'vmmq') key = `${port.member}:e${port.endpoint}:lp${at}`;
      else key = `${port.member}:${port.kind}:lp${at}`;
      let s = keys.get(key);
      if (s === undefined) {
        s = lp.length;
        keys.set(key, s);
        lp.push(at);
        member.push(port.member);
      }
      laneKey[l] = s;
    }
    // Number the sources by LP so the solver finds an LP's vectors as one run.
    const count = lp.length;
    const byLp = Array.from({ length: count }, (_, i) => i).sort((a, b) => lp[a] - lp[b] || a - b);
    const rank = new Int32Array(count);
    byLp.forEach((s, i) => {
      rank[s] = i;
    });
    for (let l = 0; l < this.laneCount; l++) c.laneSrc[l] = rank[laneKey[l]];
    c.srcCount = count;
    c.srcLp = Int32Array.from(byLp, (s) => lp[s]);
    c.srcPackets = Float64Array.from(byLp, (s) => this.topo.members[member[s]].moderation.packets);
    c.srcTimerUs = Float64Array.from(byLp, (s) => this.topo.members[member[s]].moderation.timerUs);
    c.srcPps = new Float64Array(count);
    c.srcInts = new Float64Array(count);
    c.srcStart.fill(0);
    for (let i = 0; i < count; i++) c.srcStart[c.srcLp[i] + 1]++;
    for (let p = 0; p < this.n; p++) c.srcStart[p + 1] += c.srcStart[p];
  }

  /** Movable lanes per dynamic policy, with their ports' LP limits. */
  private rebuildUnits(): void {
    for (const per of this.periods) {
      const lanes: number[] = [];
      for (let l = 0; l < this.laneCount; l++) {
        const port = this.ports[this.lanePort[l]];
        // A VMQ that vRSS spreads stays put: its work already spreads in software.
        if (port.policy === per.policy && ((port.kind === 'vmq' && !port.ite) || port.kind === 'vmmq')) lanes.push(l);
      }
      per.unitLane = Int32Array.from(lanes);
      const st = balanceState(this.topo, this.nearest, lanes.length, this.ports.length);
      per.unitFrozenUntil = new Int32Array(lanes.length);
      lanes.forEach((l, u) => {
        const port = this.ports[this.lanePort[l]];
        const home = port.kind === 'vmq' ? this.topo.members[port.member].dynamicLps[0] : port.home;
        addUnit(st, u, this.cost.laneLp[l], home, port.member, this.lanePort[l], port.maxLps);
        per.unitFrozenUntil[u] = port.iteFrozen && this.laneIte[l] >= 0 ? port.iteFrozen[this.laneIte[l]] : port.frozenUntil;
      });
      per.state = st;
      per.lanePpsAcc = new Float64Array(this.laneCount);
      per.ticks = 0;
      per.demandAcc.fill(0);
      per.invCapAcc.fill(0);
    }
  }

  private processSchedule(t: number): boolean {
    let changed = false;
    while (this.nextEvent < this.schedule.length && this.schedule[this.nextEvent].t <= t + 1e-9) {
      const ev = this.schedule[this.nextEvent++];
      if (ev.kind === 'start') this.start(ev.e, ev.t);
      else this.stop(ev.e, ev.t);
      changed = true;
    }
    return changed;
  }

  /** Offered Gbps of an endpoint at time t (constant, or piecewise-linear samples). */
  private rateAt(e: number, t: number): number {
    const s0 = this.sStart[e];
    if (s0 < 0) return this.epConst[e];
    const end = this.sEnd[e];
    let c = this.sCursor[e];
    while (c + 1 < end && this.sT[c + 1] <= t) c++;
    this.sCursor[e] = c;
    if (t <= this.sT[s0]) return this.sG[s0];
    if (c + 1 >= end) return this.sG[end - 1];
    const t0 = this.sT[c];
    const t1 = this.sT[c + 1];
    return this.sG[c] + ((this.sG[c + 1] - this.sG[c]) * (t - t0)) / (t1 - t0);
  }

  /**
   * Cap the lanes of each NIC whose served traffic would exceed its link (max-min fair, as TCP
   * senders share a bottleneck): `laneLink` is what arrives for the CPU, `lanePass` what the link
   * alone lets through (for the limit attribution). A lane the CPU already holds below the fair
   * share keeps its served rate and leaves the rest of the link to the others. Rates only go
   * down, so the caller solves the CPU again and repeats until no NIC is over its link. Returns
   * true when some lane was capped.
   */
  private capLinks(): boolean {
    const { laneCount, laneMember, laneWire, laneLink, lanePass } = this;
    const { laneLp } = this.cost;
    const scale = this.cost.scale;
    const bits = this.memBits;
    bits.fill(0);
    for (let l = 0; l < laneCount; l++) bits[laneMember[l]] += laneLink[l] * scale[laneLp[l]] * laneWire[l];
    let over = false;
    const theta = this.memTheta;
    const offered = this.memFree;
    offered.fill(0);
    for (let m = 0; m < bits.length; m++) {
      // Above the link by more than rounding: otherwise leave the NIC alone.
      theta[m] = bits[m] > this.linkBps[m] * (1 + 1e-9) ? 0 : 1;
      if (theta[m] < 1) over = true;
    }
    if (!over) return false;
    for (let l = 0; l < laneCount; l++) if (theta[laneMember[l]] < 1) offered[laneMember[l]] += laneLink[l] * laneWire[l];
    // Water-fill from the lower bound link / offered: each step stays feasible.
    for (let m = 0; m < theta.length; m++) if (theta[m] < 1) theta[m] = offered[m] > 0 ? this.linkBps[m] / offered[m] : 1;
    const capped = this.memCapped;
    const free = this.memFree;
    for (let it = 0; it < 6; it++) {
      capped.fill(0);
      free.fill(0);
      for (let l = 0; l < laneCount; l++) {
        const m = laneMember[l];
        if (theta[m] >= 1) continue;
        const d = laneLink[l] * laneWire[l];
        const s = scale[laneLp[l]];
        if (s < theta[m]) capped[m] += d * s;
        else free[m] += d;
      }
      for (let m = 0; m < theta.length; m++) {
        if (theta[m] >= 1) continue;
        theta[m] = free[m] > 0 ? Math.min(1, Math.max(0, (this.linkBps[m] - capped[m]) / free[m])) : 1;
      }
    }
    for (let l = 0; l < laneCount; l++) {
      const th = theta[laneMember[l]];
      if (th >= 1) continue;
      const s = scale[laneLp[l]];
      if (th < s) {
        laneLink[l] *= th;
        lanePass[l] = laneLink[l];
      } else laneLink[l] *= s;
    }
    return true;
  }

  /** HT: an LP's capacity shrinks while its sibling is busy (previous tick's busy fraction). */
  private updateCapacity(): void {
    const sib = this.topo.lps.sibling;
    const h = this.p.htFactor;
    for (let lp = 0; lp < this.n; lp++) {
      const s = sib[lp];
      this.cost.cap[lp] = s >= 0 ? 1 - (1 - h) * this.busy[s] : 1;
    }
  }

  private evaluate(per: Period, t: number): void {
    const n = this.n;
    const st = per.state;
    const ticks = Math.max(1, per.ticks);
    for (let lp = 0; lp < n; lp++) {
      const mean = per.demandAcc[lp] / ticks;
      st.L[lp] = per.primed ? per.alpha * mean + (1 - per.alpha) * st.L[lp] : mean;
      st.invCap[lp] = per.invCapAcc[lp] / ticks;
    }
    per.primed = true;
    const c = this.cost;
    if (!needsRebalance(st, per.cfg)) {
      this.endPeriod(per);
      return;
    }
    // Unit loads: packet cost plus a pro-rata share of the vector's interrupts.
    const srcMean = c.srcPps;
    srcMean.fill(0, 0, c.srcCount);
    st.lanesOnLp.fill(0);
    for (let l = 0; l < this.laneCount; l++) {
      const x = per.lanePpsAcc[l] / ticks;
      srcMean[c.laneSrc[l]] += x;
      if (x > 0) st.lanesOnLp[c.laneLp[l]]++;
    }
    const cInt = this.p.cIntUs * 1e-6;
    for (let u = 0; u < st.unitCount; u++) {
      const l = per.unitLane[u];
      const x = per.lanePpsAcc[l] / ticks;
      const s = c.laneSrc[l];
      const ints = srcMean[s] > 0 ? (interruptsPerSec(srcMean[s], c.srcPackets[s], c.srcTimerUs[s], this.p.modMaxIntsPerSec) * x) / srcMean[s] : 0;
      st.unitLoad[u] = x * c.laneCpkt[l] + ints * cInt;
      st.unitFrozen[u] = per.unitFrozenUntil[u] >= per.evalIndex ? 1 : 0;
    }
    let moved = false;
    rebalance(st, per.cfg, per.evalIndex, (u: number, from: number, to: number, kind: MoveKind) => {
      const l = per.unitLane[u];
      const port = this.ports[this.lanePort[l]];
      c.laneLp[l] = to;
      const until = per.evalIndex + per.cfg.freeze;
      per.unitFrozenUntil[u] = until;
      let share = 1;
      if (port.ite && this.laneIte[l] >= 0) {
        port.ite[this.laneIte[l]] = to;
        port.iteFrozen![this.laneIte[l]] = until;
        share = 1 / port.ite.length;
      } else {
        port.queueLps[0] = to;
        port.frozenUntil = until;
      }
      moved = true;
      const ev = this.label(port.endpoint);
      this.event({
        t: Math.round(t * 1000) / 1000,
        kind,
        ...ev,
        adapter: this.topo.members[port.member].adapter.name,
        queue: port.queueIds[0],
        from,
        to,
        share,
        reason: kind === 'spread' ? `LP ${from} above uHi ${per.cfg.uHi}` : `LP ${from} below uLo ${per.cfg.uLo}`,
      });
    });
    if (moved) this.rebuildSources();
    this.endPeriod(per);
  }

  private endPeriod(per: Period): void {
    per.evalIndex++;
    per.ticks = 0;
    per.demandAcc.fill(0);
    per.invCapAcc.fill(0);
    per.lanePpsAcc.fill(0);
  }

  /** Run every tick and summarise. */
  run(): SimResult {
    const n = this.n;
    const nE = this.nE;
    const c = this.cost;
    const cInt = this.p.cIntUs * 1e-6;
    const maxInts = this.p.modMaxIntsPerSec;
    const iters = this.p.solverIterations;
    const engaged = this.p.engagedThreshold;
    const { running, epOffered, epGuest, epGuestCap, epDelivered, busy, utilPeak, utilSum, netSum, tlUtil, tlEngaged, tlVm, tlCount } = this;
    const { accOff, accGuest, accLink, accDel } = this;
    const periods = this.periods;
    for (let k = 0; k < this.totalTicks; k++) {
      const t = k * this.dt;
      if (this.processSchedule(t)) this.rebuildLanes();
      const steady = k >= this.steadyTick;
      for (let e = 0; e < nE; e++) {
        const off = running[e] ? this.rateAt(e, t) : 0;
        epOffered[e] = off;
        epGuest[e] = off < epGuestCap[e] ? off : epGuestCap[e];
        epDelivered[e] = 0;
      }
      const L = this.laneCount;
      const { laneE, lanePpg, laneShare, laneDem, laneLink } = this;
      const { laneLp, scale, work, bg, cap } = c;
      for (let l = 0; l < L; l++) laneDem[l] = epGuest[laneE[l]] * lanePpg[l] * laneShare[l];
      if (this.hasHt) this.updateCapacity();
      solveCpu(c, laneDem, cInt, maxInts, iters);
      laneLink.set(laneDem);
      this.lanePass.set(laneDem);
      // Links before CPUs: capping one NIC frees CPU that can push another past its link, so repeat.
      for (let r = 0; r < LINK_ROUNDS && this.capLinks(); r++) solveCpu(c, laneLink, cInt, maxInts, iters);
      // Statistics.
      const b = Math.floor(k / this.bucketTicks);
      let engagedNow = 0;
      const tlBase = b * n;
      for (let lp = 0; lp < n; lp++) {
        // Busy fraction of the LP: an LP whose hyper-thread sibling is busy does the same work slower.
        const u = (bg[lp] + work[lp]) / cap[lp];
        const util = u < 1 ? u : 1;
        const bgShare = bg[lp] / cap[lp];
        const net = util > bgShare ? util - bgShare : 0;
        busy[lp] = util;
        if (util > utilPeak[lp]) utilPeak[lp] = util;
        tlUtil[tlBase + lp] += util;
        if (net > engaged) engagedNow++;
        if (steady) {
          utilSum[lp] += util;
          netSum[lp] += net;
        }
      }
      tlEngaged[b] += engagedNow;
      tlCount[b]++;
      for (let l = 0; l < L; l++) {
        const e = laneE[l];
        epDelivered[e] += (laneLink[l] / lanePpg[l]) * scale[laneLp[l]];
        if (steady) accLink[e] += this.lanePass[l] / lanePpg[l];
      }
      const vmBase = b * nE;
      for (let e = 0; e < nE; e++) tlVm[vmBase + e] += epDelivered[e];
      if (steady) {
        for (let e = 0; e < nE; e++) {
          accOff[e] += epOffered[e];
          accGuest[e] += epGuest[e];
          accDel[e] += epDelivered[e];
        }
        const ints = c.srcInts;
        let sum = 0;
        for (let s = 0; s < c.srcCount; s++) sum += ints[s];
        this.intsSum += sum;
      }
      // Dynamic policies measure what the OS can see: each LP's busy fraction (at most its
      // capacity, never the demand a saturated LP could not serve) and the packets each queue got
      // served there ([F6] in docs/references.md). They rebalance on their period.
      for (let i = 0; i < periods.length; i++) {
        const per = periods[i];
        const acc = per.demandAcc;
        const inv = per.invCapAcc;
        for (let lp = 0; lp < n; lp++) {
          acc[lp] += busy[lp];
          inv[lp] += 1 / cap[lp];
        }
        const lacc = per.lanePpsAcc;
        for (let l = 0; l < L; l++) lacc[l] += laneLink[l] * scale[laneLp[l]];
        per.ticks++;
        if (per.ticks >= per.evalTicks) this.evaluate(per, t + this.dt);
      }
    }
    return summarize(this);
  }
}
