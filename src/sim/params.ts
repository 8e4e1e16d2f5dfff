/**
 * Every constant of the simulator, with its default, unit and source (docs/references.md lists
 * the facts F1-F18). Constants nobody has published are flagged `assumption` and shown as such in every
 * output; `--param NAME=VALUE` overrides any of them.
 *
 * Calibration (with cInt = 2 µs and Mellanox moderation 5 packets / 10 µs,
 * background 5%, 1500-byte packets carrying 1448 bytes of TCP payload):
 * - default-queue path: one LP serves ~300 kpps -> ~3.5 Gbps (sourced anchor: 3-4 Gbps, F1/F2);
 * - VMQ path: one LP serves ~475 kpps -> ~5.5 Gbps (sourced anchor: 5-6 Gbps, F3);
 * - several VMQs on 10 GbE: bound by the link's 9.41 Gbps goodput (anchor: 8+ Gbps, F1).
 * test/sim/calibration.test.ts holds these anchors.
 */
import { didYouMean } from '../model/did-you-mean.js';
import { UsageError } from '../model/errors.js';
import type { SimParamValue } from './types.js';

export interface ParamDef {
  name: string;
  default: number;
  unit: string;
  /** Where the number comes from: [SRC] citation, [DERIVED] working, or GUESS reasoning. */
  source: string;
  /** True when no one has published it (GUESS); shown as an assumption. */
  assumption: boolean;
  min: number;
  max: number;
  /** Integer-valued. */
  integer?: boolean;
}

const defs = [
  {
    name: 'cPktDefaultUs',
    default: 2.65,
    unit: 'µs/packet',
    source: 'GUESS fit to a sourced anchor: one LP on the software default-queue path saturates at ~3.5 Gbps of payload (3-4 Gbps, F1/F2): 0.95 LP / 302 kpps = 3.14 µs all-in, minus the GUESS cIntUs over ~4 packets per interrupt',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'cPktVmqUs',
    default: 1.6,
    unit: 'µs/packet',
    source: 'GUESS fit to a sourced anchor: one LP per VMQ saturates at ~5.5 Gbps of payload ("5-6 Gbps on modern processors", F3): 0.95 LP / 475 kpps = 2.0 µs all-in, minus the GUESS cIntUs over 5 packets per interrupt',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'cPktVmmqUs',
    default: 1.6,
    unit: 'µs/packet',
    source: 'GUESS: same as the VMQ path; no per-core figure for VMMQ is published',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'cPktRssUs',
    default: 1.2,
    unit: 'µs/packet',
    source: 'GUESS: native RSS skips the vSwitch, so cheaper than the VMQ path ("9+ Gbps" for one copy before VMs, F2)',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'vrssFanoutUs',
    default: 0.4,
    unit: 'µs/packet',
    source: 'GUESS: vRSS hands each batch from the queue\'s LP to another in software, so a batch costs two interrupts (F9); an inter-processor hand-off costs about 1-3 µs per batch (GUESS), here 2 µs over 5 packets per batch, charged per packet on the LP that receives the work',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'cIntUs',
    default: 2,
    unit: 'µs/interrupt',
    source: 'GUESS: interrupt + DPC dispatch, 1-5 µs, default 2 µs (only a 1990s measurement exists)',
    assumption: true,
    min: 0,
    max: 1000,
  },
  {
    name: 'modPackets',
    default: 5,
    unit: 'packets/interrupt',
    source: '[SRC] NVIDIA/Mellanox WinOF *InterruptModeration default: interrupt after 5 packets',
    assumption: false,
    min: 1,
    max: 10000,
    integer: true,
  },
  {
    name: 'modTimerUs',
    default: 10,
    unit: 'µs',
    source: '[SRC] NVIDIA/Mellanox WinOF default: or 10 µs after the first pending packet',
    assumption: false,
    min: 0,
    max: 1e6,
  },
  {
    name: 'modMaxIntsPerSec',
    default: 0,
    unit: 'interrupts/s per vector (0 = no cap)',
    source: 'GUESS: no ITR-style hard cap unless set; Intel ITR levels are ambiguous',
    assumption: true,
    min: 0,
    max: 1e9,
  },
  {
    name: 'htFactor',
    default: 0.6,
    unit: 'fraction of a core per busy sibling',
    source: 'GUESS: 0.55-0.65 per sibling, ~1.2 cores for two busy siblings',
    assumption: true,
    min: 0.01,
    max: 1,
  },
  {
    name: 'headerBytes',
    default: 52,
    unit: 'bytes/packet',
    source: '[DERIVED] IPv4 20 + TCP 20 + timestamps 12: 1500-byte packets carry 1448 bytes of payload',
    assumption: false,
    min: 0,
    max: 1000,
  },
  {
    name: 'wireOverheadBytes',
    default: 38,
    unit: 'bytes/packet',
    source: '[SRC] Ethernet header 14 + FCS 4 + preamble 8 + inter-frame gap 12 (812,744 pps at 10 Gbps)',
    assumption: false,
    min: 0,
    max: 1000,
  },
  {
    name: 'background',
    default: 0.05,
    unit: 'fraction of an LP',
    source: 'GUESS: per-LP background load when the profile gives none',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'avgPacketBytes',
    default: 1500,
    unit: 'bytes/packet (IP)',
    source: 'GUESS: average packet size of a vNIC the profile does not describe; full 1500-byte MTU frames, as bulk TCP receive',
    assumption: true,
    min: 64,
    max: 65535,
  },
  {
    name: 'defaultLinkGbps',
    default: 10,
    unit: 'Gbps',
    source: 'GUESS: link speed of a NIC whose export does not say',
    assumption: true,
    min: 0.001,
    max: 10000,
  },
  {
    name: 'defaultReceiveQueues',
    default: 16,
    unit: 'VM queues per NIC',
    source: 'GUESS: VM queues of a NIC whose export gives neither NumberOfReceiveQueues nor AvailableVMQueues',
    assumption: true,
    min: 0,
    max: 4096,
    integer: true,
  },
  {
    name: 'defaultFlows',
    default: 4,
    unit: 'flows per vNIC',
    source: 'GUESS: concurrent flows of a vNIC the profile does not describe',
    assumption: true,
    min: 1,
    max: 100000,
    integer: true,
  },
  {
    name: 'defaultVcpus',
    default: 2,
    unit: 'vCPUs per VM',
    source: 'GUESS: the export carries no vCPU count; the profile may give `vcpus`',
    assumption: true,
    min: 1,
    max: 1024,
    integer: true,
  },
  {
    name: 'guestGbpsPerVcpu',
    default: 6,
    unit: 'Gbps per usable vCPU',
    source: 'GUESS: a guest vCPU receives about what one host core does',
    assumption: true,
    min: 0.001,
    max: 10000,
  },
  {
    name: 'vmmqQueuePairs',
    default: 16,
    unit: 'queue pairs per VMMQ vPort',
    source: '[SRC] VmmqQueuePairs / DefaultQueueVmmqQueuePairs default 16 (F16)',
    assumption: false,
    min: 1,
    max: 1024,
    integer: true,
  },
  {
    name: 'iteCount',
    default: 128,
    unit: 'indirection-table entries per vPort',
    source: 'GUESS: the per-vPort count in VMQ mode is NIC-reported and not exported; native RSS allows at most 128 ITEs (F8)',
    assumption: true,
    min: 1,
    max: 4096,
    integer: true,
  },
  {
    name: 'hashSeed',
    default: 20240611,
    unit: 'seed',
    source: 'fixed seed of the flow hash, so runs are deterministic',
    assumption: false,
    min: 0,
    max: 4294967295,
    integer: true,
  },
  {
    name: 'dvmqEvalMs',
    default: 1000,
    unit: 'ms',
    source: 'GUESS: Dynamic VMQ evaluation period; Microsoft published none',
    assumption: true,
    min: 1,
    max: 3.6e6,
  },
  {
    name: 'dvmmqEvalMs',
    default: 100,
    unit: 'ms',
    source: 'GUESS: d.VMMQ evaluation period; RSSv2 shortened measure-to-update (F8), RSS++ ticks at 100 ms (b.3)',
    assumption: true,
    min: 1,
    max: 3.6e6,
  },
  {
    name: 'uHi',
    default: 0.9,
    unit: 'fraction of an LP',
    source: 'GUESS: spread threshold, compared with an LP\'s measured busy fraction (at most its capacity) and each queue\'s served share (docs/references.md, reading of F6); RSS++ treats > 0.90 as forced overload',
    assumption: true,
    min: 0.01,
    max: 1,
  },
  {
    name: 'uLo',
    default: 0.25,
    unit: 'fraction of an LP',
    source: 'GUESS: coalesce threshold; RSS++ DeviceBalancer UNDERLOAD 0.25',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'uPackDvmq',
    default: 0.75,
    unit: 'fraction of an LP',
    source: 'GUESS: fill level when packing queues (D-VMQ); RSS++ OVERLOAD 0.75',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'uPackDvmmq',
    default: 0.8,
    unit: 'fraction of an LP',
    source: 'GUESS: fill level when packing ITEs (d.VMMQ); RSS++ TARGET_LOAD 0.8',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'alphaDvmq',
    default: 0.5,
    unit: 'EWMA weight of the newest period',
    source: 'GUESS: load smoothing for D-VMQ',
    assumption: true,
    min: 0.01,
    max: 1,
  },
  {
    name: 'alphaDvmmq',
    default: 1,
    unit: 'EWMA weight of the newest period',
    source: 'RSS++ default _load_alpha = 1, no smoothing',
    assumption: true,
    min: 0.01,
    max: 1,
  },
  {
    name: 'freezeEvals',
    default: 1,
    unit: 'evaluations',
    source: 'RSS++ ignores a core that just received buckets for one tick; GUESS for Windows',
    assumption: true,
    min: 0,
    max: 1000,
    integer: true,
  },
  {
    name: 'movesPerLpDvmq',
    default: 1,
    unit: 'queues moved off one LP per evaluation',
    source: 'GUESS: the patent moves one VMQ and re-evaluates (F6); V9 expects moves per evaluation <= overloaded LPs',
    assumption: true,
    min: 1,
    max: 1000,
    integer: true,
  },
  {
    name: 'engagedThreshold',
    default: 0.05,
    unit: 'fraction of an LP',
    source: 'GUESS: an LP is engaged when its network load exceeds 5%',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'saturatedUtil',
    default: 0.95,
    unit: 'fraction of an LP',
    source: 'GUESS: steady-state utilisation from which an LP counts as saturated in the summary',
    assumption: true,
    min: 0,
    max: 1,
  },
  {
    name: 'limitTolerance',
    default: 0.01,
    unit: 'fraction of offered',
    source: 'reporting choice: a shortfall under 1% of the offered rate is reported as limitedBy none',
    assumption: false,
    min: 0,
    max: 1,
  },
  {
    name: 'solverIterations',
    default: 3,
    unit: 'iterations per tick',
    source: 'setting: iterate 2-3 times (fewer packets -> fewer interrupts)',
    assumption: false,
    min: 1,
    max: 50,
    integer: true,
  },
  {
    name: 'maxEvents',
    default: 10000,
    unit: 'events kept',
    source: 'reporting limit; further events are counted in summary.eventsDropped',
    assumption: false,
    min: 0,
    max: 1e7,
    integer: true,
  },
  {
    name: 'timelineBuckets',
    default: 600,
    unit: 'buckets',
    source: 'reporting resolution of the over-time charts',
    assumption: false,
    min: 1,
    max: 100000,
    integer: true,
  },
] as const satisfies readonly ParamDef[];

export type ParamName = (typeof defs)[number]['name'];

/** Every simulator constant by name. */
export type Params = Record<ParamName, number>;

/** The parameter definitions, in display order. */
export const PARAM_DEFS: readonly ParamDef[] = defs;

const byName = new Map<string, ParamDef>(PARAM_DEFS.map((d) => [d.name, d]));

/** The defaults. */
export function defaultParams(): Params {
  return Object.fromEntries(PARAM_DEFS.map((d) => [d.name, d.default])) as Params;
}

/** Check one value against its definition; throws UsageError naming the parameter. */
function checked(def: ParamDef, value: number): number {
  if (!Number.isFinite(value)) throw new UsageError(`--param ${def.name}: expected a number`);
  if (value < def.min || value > def.max) {
    throw new UsageError(`--param ${def.name}=${value}: expected ${def.min}..${def.max} (${def.unit})`);
  }
  if (def.integer && !Number.isInteger(value)) throw new UsageError(`--param ${def.name}=${value}: expected an integer`);
  return value;
}

/** Defaults with overrides applied and validated. */
export function resolveParams(overrides: Partial<Params> = {}): Params {
  const p = defaultParams();
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const def = byName.get(name);
    if (!def) throw new UsageError(`unknown parameter '${name}'${didYouMean(name, byName.keys())}; see vmqlint simulate --list-params`);
    p[name as ParamName] = checked(def, value);
  }
  return p;
}

/** Parse repeatable `--param NAME=VALUE` arguments. */
export function parseParamArgs(args: readonly string[]): Partial<Params> {
  const out: Partial<Params> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${arg}: expected NAME=VALUE`);
    const name = arg.slice(0, eq).trim();
    const text = arg.slice(eq + 1).trim();
    const def = byName.get(name);
    if (!def) throw new UsageError(`unknown parameter '${name}'${didYouMean(name, byName.keys())}; see vmqlint simulate --list-params`);
    const value = text === '' ? NaN : Number(text);
    out[name as ParamName] = checked(def, value);
  }
  return out;
}

/** The values a run used, with provenance, for outputs. */
export function paramValues(p: Params): SimParamValue[] {
  return PARAM_DEFS.map((d) => ({
    name: d.name,
    value: p[d.name as ParamName],
    default: d.default,
    unit: d.unit,
    source: d.source,
    assumption: d.assumption,
    overridden: p[d.name as ParamName] !== d.default,
  }));
}
