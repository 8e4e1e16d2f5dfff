/**
 * The simulator's result (issue 5): what `simulateHost` returns, the reports print and the
 * `--traffic` rules read. Plain data, so it round-trips through JSON. Gbps figures are means over
 * the steady state (the second half of the run); utilisation is 0..1; LPs are global indexes.
 */
import type { Release } from '../model/host.js';

/** What caps a VM's delivered throughput (the largest share of its shortfall). */
export type LimitedBy = 'none' | 'lp' | 'default-queue' | 'link' | 'guest';

/**
 * Why an endpoint has no VM queue: VMQ off on the uplink, VmqWeight 0, no queue left when it
 * started, not started yet, stopped during the run, or a host NIC using RSS without a vSwitch.
 */
export type DefaultReason = 'vmq-off' | 'weight-0' | 'no-free-queue' | 'not-started' | 'stopped' | 'rss';

/** How an uplink sorts received traffic into queues. */
export type UplinkMode = 'single' | 'rss' | 'vmq' | 'vmmq';

/** How queues (or indirection-table entries) are placed on LPs and moved (a.4, a.6). */
export type PlacementPolicy = 'static' | 'dvmq' | 'dvmmq';

/** One simulated vNIC (or host NIC endpoint): the JSON `vms[]` row plus identity extras. */
export interface SimVm {
  /** VM name; the host's name for a management-OS vNIC. */
  vm: string;
  /** vNIC (network adapter) name. */
  vnic: string;
  /** VM queue id on its uplink at the end of the run; 0 is the default queue. */
  queue: number;
  /** Global LP carrying most of its traffic at the end of the run. */
  lp: number;
  /** What the profile offers, before any cap (steady-state mean). */
  offeredGbps: number;
  /** What gets through (steady-state mean). */
  deliveredGbps: number;
  limitedBy: LimitedBy;
  /** Model id of the vNIC (`VNic.id`), or of the adapter for a host NIC without a vSwitch. */
  vnicId: string;
  isManagementOs: boolean;
  /** Switch name (or adapter name for a NIC without a vSwitch). */
  uplink: string;
  /** Every LP its traffic used at the end of the run (several with VMMQ, RSS or a Min-Queues team). */
  lps: number[];
  /** Why it has no VM queue, when `queue` is 0. */
  defaultReason?: DefaultReason;
  /**
   * vRSS on its VM queue (vNICs that took one): whether Windows spreads its receive work over
   * several LPs in software, why or why not, and over which LPs.
   */
  vrss?: { active: boolean; reason: string; lps: number[] };
  /** The VM's vCPUs and where the count came from (`assumed`: neither the export nor the profile gave it). */
  vcpus?: { count: number; source: 'profile' | 'Get-VM' | 'assumed' };
}

/** Per-LP utilisation (busy fraction, background included). */
export interface SimLp {
  lp: number;
  group: number;
  number: number;
  /** Physical core index (siblings share it on a hyper-threaded host). */
  core: number;
  meanUtilization: number;
  peakUtilization: number;
  /** Network share of the steady-state mean (utilisation minus background). */
  meanNetwork: number;
}

/** Something that happened during the run, in time order. */
export interface SimEvent {
  /** Seconds from the start of the run. */
  t: number;
  kind: 'allocate' | 'default-queue' | 'release' | 'spread' | 'pack';
  vm: string;
  vnic: string;
  /** Physical adapter (name) the queue belongs to. */
  adapter: string;
  queue: number;
  from?: number;
  to?: number;
  /** Fraction of a vPort's hash space moved (d.VMMQ), 1 for a whole queue. */
  share?: number;
  reason: string;
}

export interface SimSummary {
  offeredGbps: number;
  deliveredGbps: number;
  /** VM queues the uplinks offer (sum over uplinks). */
  queuesAvailable: number;
  /** VM queues held at the end of the run. */
  queuesAllocated: number;
  /** `vm/vnic` labels of the endpoints on a default queue at the end of the run. */
  vmsOnDefaultQueue: string[];
  /** LPs whose steady-state mean utilisation is at or above `saturatedUtil`. */
  saturatedLps: number[];
  /** LPs whose steady-state network load is above `engagedThreshold`. */
  engagedLps: number;
  /** Receive interrupts per second, steady-state mean over all LPs. */
  interruptsPerSec: number;
  /** Events beyond `maxEvents` that were counted but not kept. */
  eventsDropped: number;
}

/** One physical NIC carrying an uplink, as the simulator read it. */
export interface SimMember {
  adapterId: string;
  adapter: string;
  linkGbps: number;
  vmqEnabled: boolean;
  /** VM queues on this NIC (the team's share in Min-Queues mode is the whole count). */
  queues: number;
  /** LPs static placement uses (the configured set as given). */
  staticLps: number[];
  /** LPs dynamic spreading uses (one per core). */
  dynamicLps: number[];
  /** LPs of the default queue (several when the default queue uses VMMQ). */
  defaultQueueLps: number[];
  dynamicAffinity: boolean;
  /** How this NIC places the uplink's queues (static without dynamic affinity support). */
  policy: PlacementPolicy;
  vectorCoalescing: boolean;
  /** Moderation as simulated: packets per interrupt N, timer T (µs); N = 1 means off. */
  moderation: { packets: number; timerUs: number; source: string };
}

/** A vSwitch (or a NIC without one) and how the simulator drives it. */
export interface SimUplink {
  name: string;
  /** Switch id, or adapter id for a NIC without a vSwitch. */
  id: string;
  mode: UplinkMode;
  policy: PlacementPolicy;
  queueMode: 'single' | 'sum' | 'min';
  queuesAvailable: number;
  queuesAllocated: number;
  capacitySource: string;
  members: SimMember[];
}

/** The queue-to-LP map at the end of the run. */
export interface SimQueue {
  uplink: string;
  adapter: string;
  queue: number;
  lps: number[];
  /** `vm/vnic` labels served by the queue. */
  vms: string[];
}

/** Utilisation and throughput over time, in buckets, for charts and behavioural checks. */
export interface SimTimeline {
  bucketSeconds: number;
  /** Start of each bucket, seconds. */
  t: number[];
  /** [bucket][lp] mean utilisation. */
  util: number[][];
  /** [bucket] LPs with network load above the engaged threshold. */
  engaged: number[];
  /** [bucket][vm index as in `vms`] delivered Gbps. */
  vmDelivered: number[][];
}

/** A parameter's value in this run, with its provenance. */
export interface SimParamValue {
  name: string;
  value: number;
  default: number;
  unit: string;
  source: string;
  /** Nobody published it: a GUESS stated as an assumption. */
  assumption: boolean;
  overridden: boolean;
}

/** The result of one simulation run. */
export interface SimResult {
  schemaVersion: 1;
  host: string;
  release: Release;
  durationSeconds: number;
  tickMs: number;
  /** Start of the steady state (second half of the run), seconds. */
  steadyFromSeconds: number;
  summary: SimSummary;
  lps: SimLp[];
  vms: SimVm[];
  events: SimEvent[];
  uplinks: SimUplink[];
  queues: SimQueue[];
  timeline: SimTimeline;
  params: SimParamValue[];
  /** Modelling assumptions made for this host (unknown values, unpublished behaviour). */
  assumptions: string[];
}
