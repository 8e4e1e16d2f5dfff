/**
 * Processor sets as the rules see them: which set of a NIC is active (VMQ under a vSwitch, RSS
 * outside one), how to describe it in evidence, where its values were read, a plan of disjoint
 * sets for overlap fixes, and the command that applies a set. The arithmetic itself lives in
 * src/model/processors.ts.
 */
import type { Adapter, Host, Loc, Team } from '../../src/model/host.js';
import type { FixCommand, ProcessorValues } from '../../src/engine/types.js';
import { quotePs } from '../../src/engine/targets.js';
import {
  coreZeroLpsIfInDoubt,
  formatLps,
  globalLp,
  siblingOf,
  groupNumberOf,
  groupSizes,
  hyperThreaded,
  invalidProcessorValues,
  logicalCount,
  overlap,
  perCoreLps,
  rssProcessorSet,
  vmqProcessorSet,
  type ProcessorSet,
} from '../../src/model/processors.js';
import { adapterById } from '../../src/model/queues.js';
import { advanced, numericKeyword } from './keywords.js';
import { ADAPTER_RESTART, PHASE, setAdvanced } from './fix.js';
import { byName, switchOf } from './topology.js';
import { vmqSetting } from './vmq.js';

// These helpers run for every NIC of every host: loops and module-level functions rather than
// arrow callbacks, whose optimized code V8 drops at each major GC (a new closure per call).

function numeric(x: number, y: number): number {
  return x - y;
}

/**
 * The assumption every rule that moves a processor set states (and the fix plan relies on when it
 * merges a VMQ and an RSS change of one NIC into one command, src/engine/fix-plan.ts).
 */
export const SHARED_PROCESSOR_KEYWORDS =
  'Set-NetAdapterVmq and Set-NetAdapterRss are assumed to write the same *RssBaseProcGroup/*RssBaseProcNumber/*RssMaxProcNumber/*MaxRssProcessors keywords (UNCONFIRMED one-to-one mapping: https://learn.microsoft.com/powershell/module/netadapter/set-netadaptervmq documents the parameters, not the keywords they write), so the fix plan never gives one NIC two different sets.';

export type SetKind = 'VMQ' | 'RSS';

/** A processor set with the feature it serves. */
export interface NamedSet {
  kind: SetKind;
  set: ProcessorSet;
}

/** RSS on or off as the cmdlet or `*RSS` reports it; undefined when neither was exported. */
export function rssEnabled(a: Adapter): boolean | undefined {
  if (a.rss?.enabled !== undefined) return a.rss.enabled;
  const v = advanced(a, '*RSS')?.value?.trim();
  return v === '1' ? true : v === '0' ? false : undefined;
}

/**
 * The processor sets a physical NIC actually uses: its VMQ set when it is bound to a vSwitch, its
 * RSS set otherwise ([D1][D5] in docs/references.md). When the export has no vSwitch at
 * all the binding is unknown, so both are checked; a set read from the shared keywords is
 * reported once.
 */
export function activeSets(host: Host, a: Adapter): NamedSet[] {
  if (a.kind !== 'physical') return [];
  const vmq = vmqSetting(a).enabled !== false ? vmqProcessorSet(host, a) : undefined;
  const rss = rssEnabled(a) !== false ? rssProcessorSet(host, a) : undefined;
  if (switchOf(host, a)) return vmq ? [{ kind: 'VMQ', set: vmq }] : [];
  const out: NamedSet[] = [];
  if (host.switches.length === 0 && vmq && (a.vmq?.enabled === true || vmq.source === 'vmq')) out.push({ kind: 'VMQ', set: vmq });
  // `out` holds at most the VMQ set here.
  if (rss && !(rss.source === 'keywords' && out.length > 0 && out[0].set.source === 'keywords')) out.push({ kind: 'RSS', set: rss });
  return out;
}

/** The adapters, by name, that have an active set, each with its sets (activeSets). */
export function adaptersWithSets(host: Host): { a: Adapter; sets: NamedSet[] }[] {
  const out: { a: Adapter; sets: NamedSet[] }[] = [];
  for (const a of byName(host.adapters)) {
    const sets = activeSets(host, a);
    if (sets.length > 0) out.push({ a, sets });
  }
  return out;
}

/**
 * Processor sets that were exported with values that are not valid, on physical adapters, as
 * reasons ("NIC1: BaseProcessorNumber 1e400 is not a valid value, file:line"): those sets are
 * unknown, so the rules that need them do not judge the adapter and say why.
 */
export function invalidSetReasons(host: Host): string[] {
  const out: string[] = [];
  for (const a of host.adapters) {
    if (a.kind !== 'physical') continue;
    const seen = new Set<string>();
    for (const view of ['vmq', 'rss'] as const) {
      for (const r of invalidProcessorValues(a, view)) {
        if (seen.has(r)) continue;
        seen.add(r);
        out.push(`${a.name}: ${r}`);
      }
    }
  }
  return out.sort();
}

/** A not-applicable reason, with the invalid processor values that left no set to judge. */
export function noSetReason(host: Host, reason: string): string {
  const bad = invalidSetReasons(host);
  return bad.length > 0 ? `${reason}; not valid: ${bad.join('; ')}` : reason;
}

/** Every LP a set may place work on: static placement and per-core spreading together. */
export function placementLps(set: ProcessorSet): number[] {
  return [...new Set([...set.staticLps, ...set.lps])].sort(numeric);
}

/** LPs of core 0 in a set (owned by vmq-base-processor-zero); an unknown layout counts as HT. */
export function coreZeroIn(host: Host, set: ProcessorSet): number[] {
  return overlap(placementLps(set), coreZeroLpsIfInDoubt(host));
}

/** LPs two sets share outside core 0 (core 0 is vmq-base-processor-zero's fact). */
export function sharedLps(host: Host, a: ProcessorSet, b: ProcessorSet): number[] {
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  return overlap(a.lps, b.lps).filter((lp) => !zero.has(lp));
}

function gn(g: { group: number; number: number }): string {
  return `${g.group}:${g.number}`;
}

/** "VMQ set LPs 2,4,6 (base 0:2, max 0:6, MaxProcessors 3)". */
export function describeSet(ns: NamedSet): string {
  const s = ns.set;
  const mp = s.maxProcessors !== undefined ? `, MaxProcessors ${s.maxProcessors}` : '';
  return `${ns.kind} set LPs ${formatLps(s.lps) || 'none'} (base ${gn(s.base)}, max ${gn(s.max)}${mp})`;
}

/** Evidence object for a set: the configured values and the LPs as a list and as text. */
export function setEvidence(ns: NamedSet): Record<string, unknown> {
  const s = ns.set;
  return {
    kind: ns.kind,
    source: s.source,
    base: gn(s.base),
    max: gn(s.max),
    maxProcessors: s.maxProcessors ?? null,
    lps: s.lps,
    lpsText: formatLps(s.lps),
    staticLps: formatLps(s.staticLps),
    assumptions: s.assumptions,
  };
}

/** A configured value of a set with where it was read. */
export interface RawValue {
  value: number;
  at?: Loc;
}

/** The base, max and MaxProcessors values behind a set, as configured. */
export interface RawSet {
  baseGroup?: RawValue;
  baseNumber?: RawValue;
  maxGroup?: RawValue;
  maxNumber?: RawValue;
  maxProcessors?: RawValue;
}

/** Read the configured values of a set back from the source it came from. */
export function rawSet(a: Adapter, source: ProcessorSet['source']): RawSet {
  if (source === 'vmq' && a.vmq) {
    const v = a.vmq;
    return {
      baseGroup: pick(v.baseProcessorGroup, v.at['baseProcessorGroup']),
      baseNumber: pick(v.baseProcessorNumber, v.at['baseProcessorNumber']),
      maxNumber: pick(v.maxProcessorNumber, v.at['maxProcessorNumber']),
      maxProcessors: pick(v.maxProcessors, v.at['maxProcessors']),
    };
  }
  if (source === 'rss' && a.rss) {
    const r = a.rss;
    return {
      baseGroup: pick(r.baseProcessorGroup, r.at['baseProcessorGroup']),
      baseNumber: pick(r.baseProcessorNumber, r.at['baseProcessorNumber']),
      maxGroup: pick(r.maxProcessorGroup, r.at['maxProcessorGroup']),
      maxNumber: pick(r.maxProcessorNumber, r.at['maxProcessorNumber']),
      maxProcessors: pick(r.maxProcessors, r.at['maxProcessors']),
    };
  }
  return {
    baseGroup: keywordValue(a, '*RssBaseProcGroup'),
    baseNumber: keywordValue(a, '*RssBaseProcNumber'),
    maxGroup: keywordValue(a, '*RssMaxProcGroup'),
    maxNumber: keywordValue(a, '*RssMaxProcNumber'),
    maxProcessors: keywordValue(a, '*MaxRssProcessors'),
  };
}

function pick(value: number | undefined, at: Loc | undefined): RawValue | undefined {
  return value === undefined ? undefined : { value, at };
}

function keywordValue(a: Adapter, k: string): RawValue | undefined {
  const n = numericKeyword(a, k);
  return n ? { value: n.value, at: n.prop.at } : undefined;
}

/** A set to apply: group-relative base and max numbers and the processor count. */
export interface SetPlan {
  group: number;
  baseNumber: number;
  maxNumber: number;
  maxProcessors: number;
  /** Global LPs the plan spreads over. */
  lps: number[];
}

/** LPs of a NUMA node, when the export lists the host's nodes and the node is one of them. */
function nodeLps(host: Host, node: number | undefined): Set<number> | undefined {
  if (node === undefined || host.processors.numaNodes.length < 2) return undefined;
  const n = host.processors.numaNodes.find((x) => x.id === node);
  return n && n.lps.length > 0 ? new Set(n.lps) : undefined;
}

/** Per-core LPs off core 0 (one LP per core, never a hyper-threading sibling), optionally on one NUMA node. */
function freeCandidates(host: Host, node?: number): { lp: number; group: number; number: number }[] | undefined {
  const lpCount = logicalCount(host);
  if (lpCount === undefined) return undefined;
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  const onNode = nodeLps(host, node);
  const all: number[] = [];
  for (let lp = 0; lp < lpCount; lp++) if (!zero.has(lp) && (onNode === undefined || onNode.has(lp))) all.push(lp);
  const out: { lp: number; group: number; number: number }[] = [];
  for (const lp of perCoreLps(host, all)) out.push({ lp, ...groupNumberOf(host, lp) });
  return out;
}

/**
 * Plan `count` disjoint sets that avoid core 0, one LP per core on a hyper-threaded host (even
 * LPs from 2), each inside one processor group, as large and equal as the host allows. `limit`
 * caps the processors per set. `nodes` gives each set's NIC NUMA node: on a host with several
 * nodes each set stays on its NIC's node. Undefined when the LP count is unknown or too small.
 */
export function planDisjointSets(host: Host, count: number, limit?: number, nodes?: readonly (number | undefined)[]): SetPlan[] | undefined {
  if (count < 1) return undefined;
  // With the NICs' NUMA nodes (Get-NetAdapterHardwareInfo) on a host of several nodes, each set stays on its NIC's node.
  const keys = Array.from({ length: count }, (_, k) => (nodeLps(host, nodes?.[k]) ? nodes?.[k] : undefined));
  return planNodeSets(host, keys, new Set(), limit);
}

/**
 * `count` disjoint sets drawn from a pool of LPs (the caller leaves out core 0 and whatever must
 * stay clear): one LP per core, each a run of consecutive cores inside one processor group, so
 * that the range from base to max holds no LP outside the pool. Undefined when the pool is too small.
 */
export function planDisjointSetsIn(host: Host, pool: readonly number[], count: number, limit?: number): SetPlan[] | undefined {
  if (count < 1) return undefined;
  const step = hyperThreaded(host) ? 2 : 1;
  const candidates: { lp: number; group: number; number: number }[] = [];
  for (const lp of perCoreLps(host, [...new Set(pool)].sort(numeric))) candidates.push({ lp, ...groupNumberOf(host, lp) });
  for (let share = Math.min(Math.floor(candidates.length / count), limit ?? Infinity); share >= 1; share--) {
    const plans: SetPlan[] = [];
    let i = 0;
    for (let m = 0; m < count; m++) {
      let chunk: typeof candidates = [];
      while (i < candidates.length && chunk.length < share) {
        // A VMQ set has one base group (Set-NetAdapterVmq has no max group), so a set never spans
        // groups; and its range must not take in cores the pool leaves out.
        const prev = chunk[chunk.length - 1];
        if (prev && (candidates[i].group !== prev.group || candidates[i].lp !== prev.lp + step)) chunk = [];
        chunk.push(candidates[i]);
        i++;
      }
      if (chunk.length < share) break;
      plans.push({
        group: chunk[0].group,
        baseNumber: chunk[0].number,
        maxNumber: chunk[chunk.length - 1].number,
        maxProcessors: chunk.length,
        lps: chunk.map((c) => c.lp),
      });
    }
    if (plans.length === count) return plans;
  }
  return undefined;
}

/**
 * Disjoint sets for several NICs (or groups of NICs that share one set), each kept on its NUMA
 * node when the node and the host's layout are known; the others share what is left. Never core
 * 0 and never an LP of `avoid`. `limit` caps each set. Undefined when the LP count is unknown or
 * some NIC would get no processor.
 */
export function planNodeSets(host: Host, nodes: readonly (number | undefined)[], avoid: ReadonlySet<number>, limit?: number): SetPlan[] | undefined {
  const lpCount = logicalCount(host);
  if (lpCount === undefined || nodes.length === 0) return undefined;
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  const taken = new Set<number>();
  const out: SetPlan[] = [];
  const byNode = new Map<number, number[]>();
  const loose: number[] = [];
  nodes.forEach((n, i) => {
    const node = n === undefined ? undefined : host.processors.numaNodes.find((x) => x.id === n);
    if (node) byNode.set(node.id, [...(byNode.get(node.id) ?? []), i]);
    else loose.push(i);
  });
  const place = (pool: number[], idx: number[]): boolean => {
    const plans = planDisjointSetsIn(host, pool, idx.length, limit);
    if (!plans) return false;
    plans.forEach((p, k) => {
      out[idx[k]] = p;
      for (const lp of p.lps) taken.add(lp);
    });
    return true;
  };
  for (const [id, idx] of [...byNode].sort((x, y) => x[0] - y[0])) {
    const node = host.processors.numaNodes.find((x) => x.id === id)!;
    const pool: number[] = [];
    for (const lp of node.lps) if (isFree(lp, lpCount, zero, avoid, taken)) pool.push(lp);
    if (!place(pool, idx)) return undefined;
  }
  if (loose.length > 0) {
    const pool: number[] = [];
    for (let lp = 0; lp < lpCount; lp++) if (isFree(lp, lpCount, zero, avoid, taken)) pool.push(lp);
    if (!place(pool, loose)) return undefined;
  }
  return out;
}

/** Whether planNodeSets may still give `lp` to a set: off core 0, not avoided, not taken, on the host. */
function isFree(lp: number, lpCount: number, zero: ReadonlySet<number>, avoid: ReadonlySet<number>, taken: ReadonlySet<number>): boolean {
  return !zero.has(lp) && !avoid.has(lp) && !taken.has(lp) && lp < lpCount;
}

/**
 * A set to apply to a NIC, as group-relative values; undefined fields are left alone, so a fix
 * that only narrows a set never restates (and so undoes) another fix's base. `group` goes with
 * the base and the max.
 */
export interface SetValues {
  group?: number;
  baseNumber?: number;
  maxNumber?: number;
  maxProcessors?: number;
}

/**
 * The command that applies a set, through the interface the set was read from: Set-NetAdapterVmq,
 * Set-NetAdapterRss, or the shared keywords (Set-NetAdapterAdvancedProperty).
 */
export function applySet(host: Host, a: Adapter, ns: NamedSet, v: SetValues): FixCommand[] {
  const multiGroup = groupSizes(host).length > 1 || (v.group ?? 0) !== 0;
  // One subject per set, so the fix script can tell a whole new set from a one-value change.
  const subject = `${ns.kind} processor set of ${quotePs(a.name)}`;
  const vmq = ns.kind === 'VMQ' ? { vmq: { adapter: a.name, change: 'processors' as const } } : {};
  if (ns.set.source === 'keywords') {
    const cmds: FixCommand[] = [];
    const put = (keyword: string, value: number, values: ProcessorValues): void => {
      cmds.push({ ...setAdvanced(a, keyword, value, subject), phase: PHASE.processors, ...vmq, effect: { kind: 'processors', adapter: a.name, via: 'keywords', values } });
    };
    if (v.baseNumber !== undefined) {
      if (multiGroup && v.group !== undefined) put('*RssBaseProcGroup', v.group, { baseGroup: v.group });
      put('*RssBaseProcNumber', v.baseNumber, { baseNumber: v.baseNumber });
    }
    if (v.maxNumber !== undefined) {
      if (multiGroup && v.group !== undefined) put('*RssMaxProcGroup', v.group, { maxGroup: v.group });
      put('*RssMaxProcNumber', v.maxNumber, { maxNumber: v.maxNumber });
    }
    if (v.maxProcessors !== undefined) put('*MaxRssProcessors', v.maxProcessors, { maxProcessors: v.maxProcessors });
    return cmds;
  }
  const cmdlet = ns.set.source === 'vmq' ? 'Set-NetAdapterVmq' : 'Set-NetAdapterRss';
  const head = `${cmdlet} -Name ${quotePs(a.name)}`;
  const parameters: [string, string][] = [];
  const values: ProcessorValues = {};
  if (v.baseNumber !== undefined) {
    if (multiGroup && v.group !== undefined) {
      parameters.push(['-BaseProcessorGroup', String(v.group)]);
      values.baseGroup = v.group;
    }
    parameters.push(['-BaseProcessorNumber', String(v.baseNumber)]);
    values.baseNumber = v.baseNumber;
  }
  if (v.maxNumber !== undefined) {
    if (cmdlet === 'Set-NetAdapterRss' && multiGroup && v.group !== undefined) {
      parameters.push(['-MaxProcessorGroup', String(v.group)]);
      values.maxGroup = v.group;
    }
    parameters.push(['-MaxProcessorNumber', String(v.maxNumber)]);
    values.maxNumber = v.maxNumber;
  }
  if (v.maxProcessors !== undefined) {
    parameters.push(['-MaxProcessors', String(v.maxProcessors)]);
    values.maxProcessors = v.maxProcessors;
  }
  if (parameters.length === 0) return [];
  return [
    {
      command: commandLine(head, parameters),
      disruption: ADAPTER_RESTART,
      phase: PHASE.processors,
      merge: { head, parameters, subject },
      ...vmq,
      effect: { kind: 'processors', adapter: a.name, via: ns.set.source === 'vmq' ? 'vmq' : 'rss', values },
    },
  ];
}

/** The command line: the head, then each parameter with its value. */
function commandLine(head: string, parameters: readonly [string, string][]): string {
  let line = head;
  for (const [n, x] of parameters) line += ` ${n} ${x}`;
  return line;
}

/** Where a set's base value lives, as the property path of a finding. */
export function baseProperty(source: ProcessorSet['source']): string {
  return source === 'vmq' ? 'vmq.baseProcessorNumber' : source === 'rss' ? 'rss.baseProcessorNumber' : '*RssBaseProcNumber';
}

/**
 * The longest run of free per-core LPs (off core 0, not in `used`, inside one group, on NUMA node
 * `node` when given and the host has several), capped at `want` processors: a set that keeps clear
 * of other NICs' sets. Undefined when none is free.
 */
export function planFreeSet(host: Host, used: ReadonlySet<number>, want: number, node?: number): SetPlan | undefined {
  const candidates = freeCandidates(host, node);
  if (!candidates) return undefined;
  let best: { lp: number; group: number; number: number }[] = [];
  let run: { lp: number; group: number; number: number }[] = [];
  for (const c of candidates) {
    if (used.has(c.lp) || (run.length > 0 && run[0].group !== c.group)) {
      if (run.length > best.length) best = run;
      run = used.has(c.lp) ? [] : [c];
      continue;
    }
    run.push(c);
  }
  if (run.length > best.length) best = run;
  if (best.length === 0) return undefined;
  const chunk = best.slice(0, Math.max(1, want));
  return { group: chunk[0].group, baseNumber: chunk[0].number, maxNumber: chunk[chunk.length - 1].number, maxProcessors: chunk.length, lps: chunk.map((c) => c.lp) };
}

/**
 * applySet for a fix that moves a set's base: MaxProcessors is lowered to the whole cores the
 * moved range offers (so the fix does not leave a count larger than the range), and a
 * member of a Sum-of-Queues team whose moved set would run into a teammate's gets the largest free
 * run of whole cores off core 0 on its NUMA node instead (so the fix does not create a team
 * overlap; with no free core it proposes no command). Used by the rules whose fixes nudge a base
 * (core 0, odd base) and by team-processor-mismatch when its reference set is on core 0.
 */
export function applySettled(host: Host, a: Adapter, ns: NamedSet, values: SetValues): FixCommand[] {
  const settled = settle(host, a, ns, values);
  return settled ? applySet(host, a, ns, settled.values) : [];
}

/** The values applySettled applies and the LPs they give; undefined when no free core is left. */
function settle(host: Host, a: Adapter, ns: NamedSet, values: SetValues): { values: SetValues; lps: number[] } | undefined {
  const v: SetValues = { ...values };
  const lpCount = logicalCount(host);
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  const group = v.group ?? ns.set.base.group;
  const from = v.baseNumber ?? ns.set.base.number;
  const mp = v.maxProcessors ?? ns.set.maxProcessors;
  const to = v.maxNumber ?? ns.set.max.number;
  const cores = (): number[] => coresOff(host, group, from, to, zero);
  // Only the count is lowered: growing the range would change the set a teammate must match.
  if (mp !== undefined && lpCount !== undefined && cores().length < mp && mp > 1) v.maxProcessors = Math.max(1, cores().length);
  const team = ns.kind === 'VMQ' ? host.teams.find((t) => t.id === a.teamId && t.queueMode === 'sum') : undefined;
  const moved = [...new Set([globalLp(host, group, from), ...cores().slice(0, v.maxProcessors ?? mp ?? Infinity)])];
  // The moved set stays on the NIC's NUMA node (a nudge past the node's last LP does not).
  const node = nodeLps(host, a.numaNode);
  const offNode = node !== undefined && moved.some((lp) => !node.has(lp));
  if (!team && !offNode) return { values: v, lps: moved };
  const used = team ? occupied(host, team, team.members.findIndex((m) => m.adapterId === a.id)) : new Set<number>();
  if (!offNode && !moved.some((lp) => used.has(lp))) return { values: v, lps: moved };
  // No whole core is free of the teammates' sets: a command would trade this finding for an
  // overlap, so the finding keeps its advice and proposes none.
  const plan = planFreeSet(host, used, Math.max(1, ns.set.lps.length), a.numaNode);
  if (!plan) return undefined;
  return { values: { group: plan.group, baseNumber: plan.baseNumber, maxNumber: plan.maxNumber, maxProcessors: plan.maxProcessors }, lps: plan.lps };
}

/** The per-core LPs of group-relative numbers `from`..`to` of `group`, leaving out `zero`. */
function coresOff(host: Host, group: number, from: number, to: number, zero: ReadonlySet<number>): number[] {
  const lps: number[] = [];
  for (let i = 0; i < to - from + 1; i++) {
    const lp = globalLp(host, group, from + i);
    if (!zero.has(lp)) lps.push(lp);
  }
  return perCoreLps(host, lps);
}

/** A team member's VMQ set, when VMQ is on and the set was exported. */
function memberSet(host: Host, m: { adapterId: string }): { a: Adapter; set: ProcessorSet } | undefined {
  const a = adapterById(host, m.adapterId);
  const set = a && vmqSetting(a).enabled !== false ? vmqProcessorSet(host, a) : undefined;
  return a && set ? { a, set } : undefined;
}

function wholeCores(host: Host, lps: readonly number[]): number[] {
  const out: number[] = [];
  for (const lp of lps) {
    out.push(lp);
    const sibling = siblingOf(host, lp);
    if (sibling !== undefined) out.push(sibling);
  }
  return out;
}

/** Whether a base nudge (off core 0, or off an odd LP on a hyper-threaded host) moves the set. */
export function needsNudge(host: Host, set: ProcessorSet): boolean {
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  return placementLps(set).some((lp) => zero.has(lp)) || (hyperThreaded(host) !== false && set.base.number % 2 === 1);
}

/** The group-relative base a nudge gives a set: past core 0, then to an even LP on a hyper-threaded host. */
export function nudgedBase(host: Host, set: ProcessorSet): number {
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  let from = set.base.number;
  while (zero.has(globalLp(host, set.base.group, from))) from++;
  if (hyperThreaded(host) !== false && from % 2 === 1) from = from + 1 >= (groupSizes(host)[set.base.group] ?? Infinity) ? from - 1 : from + 1;
  return from;
}

/**
 * The whole cores the other members of a Sum-of-Queues team hold, as the nudging fixes leave
 * them: a member listed before `self` that a nudge moves is where the nudge (or, when that runs
 * into its own earlier teammates, its free run) puts it; any other member is where it is. The
 * earlier member keeps its nudge and the later one moves clear, so two nudged members never land
 * on one core, whatever order the fixes run in.
 */
function occupied(host: Host, team: Team, self: number): Set<number> {
  const out = new Set<number>();
  for (let j = 0; j < team.members.length; j++) {
    if (j === self) continue;
    const ms = memberSet(host, team.members[j]);
    if (!ms) continue;
    if (j < self && needsNudge(host, ms.set)) {
      const lps = settle(host, ms.a, { kind: 'VMQ', set: ms.set }, { group: ms.set.base.group, baseNumber: nudgedBase(host, ms.set) })?.lps ?? placementLps(ms.set);
      for (const lp of wholeCores(host, lps)) out.add(lp);
    } else {
      for (const lp of wholeCores(host, placementLps(ms.set))) out.add(lp);
    }
  }
  return out;
}
