/**
 * Processor-set arithmetic, in one place for every rule, the diff and the simulator
 * (https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-rss,
 * https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming). A VMQ or RSS set is the inclusive range from the base
 * (group:number) to the max (group:number), capped at MaxProcessors. On a hyper-threaded host the
 * siblings of a core are LPs 2k and 2k+1 (numbered within the group), and Dynamic VMQ spreads over
 * one LP per core, the even ones; static placement uses the range as given.
 */
import type { Adapter, Host, Loc, LocMap, RssSettings, VmqSettings } from './host.js';
import { ownEntry } from './keyed.js';

/** MAXIMUM_PROC_PER_GROUP on x64: 64 logical processors a group (https://learn.microsoft.com/windows/win32/procthread/processor-groups). */
export const MAX_PROC_PER_GROUP = 64;

export interface GroupNumber {
  group: number;
  number: number;
}

export interface ProcessorSet {
  source: 'vmq' | 'rss' | 'keywords';
  base: GroupNumber;
  max: GroupNumber;
  maxProcessors?: number;
  /** Global LP indexes in the configured range base..max (clipped to the host's LPs when known). */
  range: number[];
  /** LPs static placement uses: the range as given, capped at MaxProcessors. */
  staticLps: number[];
  /** LPs dynamic spreading uses: one per core (even LPs on HT hosts), capped at MaxProcessors. */
  lps: number[];
  /**
   * Where `lps` came from: the processors Windows reported using (Get-NetAdapterRss
   * RssProcessorArray), or derived from base/max/MaxProcessors and hyper-threading.
   */
  lpsFrom: 'RssProcessorArray' | 'configured';
  /** Where base/max/MaxProcessors were read. */
  at: Loc[];
  /** Assumptions made (unknown LP count, defaulted max, ...), for rule evidence. */
  assumptions: string[];
}

/** Logical processor count, when known. */
export function logicalCount(host: Host): number | undefined {
  const p = host.processors;
  if (p.logical !== undefined) return p.logical;
  const fromGroups = p.groups.reduce((s, g) => s + g.size, 0);
  if (fromGroups > 0) return fromGroups;
  const fromNuma = p.numaNodes.reduce((s, n) => s + n.lps.length, 0);
  return fromNuma > 0 ? fromNuma : undefined;
}

/** True/false when the host says whether it is hyper-threaded; undefined when unknown. */
export function hyperThreaded(host: Host): boolean | undefined {
  const p = host.processors;
  if (p.hyperThreading !== undefined) return p.hyperThreading;
  if (p.logical !== undefined && p.cores !== undefined) return p.logical > p.cores;
  return undefined;
}

/** Sizes of the processor groups: exported ones, else one group per 64 LPs. */
export function groupSizes(host: Host): number[] {
  if (host.processors.groups.length > 0) {
    const sizes: number[] = [];
    for (const g of [...host.processors.groups].sort(byGroup)) sizes.push(g.size);
    return sizes;
  }
  const n = logicalCount(host);
  if (n === undefined) return [];
  const sizes: number[] = [];
  for (let left = n; left > 0; left -= MAX_PROC_PER_GROUP) sizes.push(Math.min(left, MAX_PROC_PER_GROUP));
  return sizes;
}

// The set arithmetic runs for every NIC of every host: loops and module-level comparators rather
// than arrow callbacks, whose optimized code V8 drops at each major GC (a new closure per call).

function byGroup(a: { group: number }, b: { group: number }): number {
  return a.group - b.group;
}

function numeric(a: number, b: number): number {
  return a - b;
}

/** Global LP index of group:number (groups laid end to end). */
export function globalLp(host: Host, group: number, number: number): number {
  const sizes = groupSizes(host);
  let offset = 0;
  for (let g = 0; g < group; g++) offset += sizes[g] ?? MAX_PROC_PER_GROUP;
  return offset + number;
}

/** group:number of a global LP index. */
export function groupNumberOf(host: Host, lp: number): GroupNumber {
  const sizes = groupSizes(host);
  let rest = lp;
  for (let g = 0; g < sizes.length; g++) {
    if (rest < sizes[g]) return { group: g, number: rest };
    rest -= sizes[g];
  }
  // Beyond the known groups: keep counting in 64-LP groups.
  const extra = Math.floor(rest / MAX_PROC_PER_GROUP);
  return { group: sizes.length + extra, number: rest % MAX_PROC_PER_GROUP };
}

/** Physical core index of a global LP: 2k and 2k+1 share core k on a hyper-threaded host. */
export function coreOf(host: Host, lp: number): number {
  return hyperThreaded(host) ? Math.floor(lp / 2) : lp;
}

/** The other hyper-thread of the same core, or undefined without hyper-threading. */
export function siblingOf(host: Host, lp: number): number | undefined {
  if (!hyperThreaded(host)) return undefined;
  return lp % 2 === 0 ? lp + 1 : lp - 1;
}

/** NUMA node holding a global LP, when the layout is known. */
export function numaNodeOf(host: Host, lp: number): number | undefined {
  for (const node of host.processors.numaNodes) if (node.lps.includes(lp)) return node.id;
  return undefined;
}

/** The LPs among `lps` that spreading uses: one per core, the even LPs of each group when hyper-threaded. */
export function perCoreLps(host: Host, lps: readonly number[]): number[] {
  return hyperThreaded(host) ? evenInGroup(host, lps) : [...lps];
}

/** The LPs among `lps` with an even number within their group. */
function evenInGroup(host: Host, lps: readonly number[]): number[] {
  const out: number[] = [];
  for (const lp of lps) if (groupNumberOf(host, lp).number % 2 === 0) out.push(lp);
  return out;
}

/** The LPs of core 0 (LP 0, and LP 1 on a hyper-threaded host). */
export function coreZeroLps(host: Host): number[] {
  return hyperThreaded(host) ? [0, 1] : [0];
}

/**
 * The LPs of core 0 when in doubt: an unknown layout counts as hyper-threaded, as the NIC Teaming
 * guide says ("If in doubt assume" two LPs per core:
 * https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming).
 */
export function coreZeroLpsIfInDoubt(host: Host): number[] {
  return hyperThreaded(host) === false ? [0] : [0, 1];
}

interface RawSet {
  source: ProcessorSet['source'];
  baseGroup?: number;
  baseNumber?: number;
  maxGroup?: number;
  maxNumber?: number;
  maxProcessors?: number;
  at: Loc[];
}

function numberKeyword(adapter: Adapter, keyword: string): { value: number; at: Loc } | undefined {
  const p = ownEntry(adapter.advanced, keyword.toLowerCase());
  if (!p || p.value === null || p.value === undefined) return undefined;
  const n = keywordNumber(p.value);
  return n !== undefined ? { value: n, at: p.at } : undefined;
}

/** A processor keyword's value as a non-negative safe integer (decimal or 0x hex), else undefined. */
function keywordNumber(value: string): number | undefined {
  const text = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Model fields of a VMQ or RSS settings object that place its processor set. */
const SET_FIELDS = ['baseProcessorGroup', 'baseProcessorNumber', 'maxProcessorGroup', 'maxProcessorNumber', 'maxProcessors'] as const;
/** The advanced keywords that place the processor set when no cmdlet settings were exported. */
const SET_KEYWORDS = ['*RssBaseProcNumber', '*RssBaseProcGroup', '*RssMaxProcNumber', '*RssMaxProcGroup', '*MaxRssProcessors'];

const where = (at: Loc) => `${at.file}:${at.line}`;

/** Processor-set values of a settings object that were exported but are not valid, as reasons. */
function invalidSetFields(s: VmqSettings | RssSettings | undefined): string[] {
  if (!s?.invalid) return [];
  const out: string[] = [];
  for (const f of SET_FIELDS) {
    const bad = Object.hasOwn(s.invalid, f) ? s.invalid[f] : undefined;
    if (bad) out.push(`${f.charAt(0).toUpperCase()}${f.slice(1)} ${bad.value} is not a valid value, ${where(bad.at)}`);
  }
  return out;
}

/** Processor keywords exported with a value that is no processor number or count, as reasons. */
function invalidSetKeywords(adapter: Adapter): string[] {
  const out: string[] = [];
  for (const k of SET_KEYWORDS) {
    const p = ownEntry(adapter.advanced, k.toLowerCase());
    if (p && p.value !== null && p.value !== undefined && keywordNumber(p.value) === undefined) out.push(`${p.keyword} ${p.value} is not a valid value, ${where(p.at)}`);
  }
  return out;
}

/**
 * Why an adapter has no VMQ (or RSS) processor set although one was exported: the base/max values
 * that are not valid ("BaseProcessorNumber 1e400 is not a valid value, file:line"). Empty when
 * every exported value is valid. Such a set is unknown: never computed from defaults.
 */
export function invalidProcessorValues(adapter: Adapter, view: 'vmq' | 'rss'): string[] {
  const own = invalidSetFields(view === 'vmq' ? adapter.vmq : adapter.rss);
  if (own.length > 0) return own;
  const s = view === 'vmq' ? adapter.vmq : adapter.rss;
  if (s && (s.baseProcessorNumber !== undefined || s.maxProcessors !== undefined)) return [];
  return invalidSetKeywords(adapter);
}

/** Build a set from raw base/max values; missing pieces take the documented defaults. */
function expand(host: Host, raw: RawSet): ProcessorSet {
  const assumptions: string[] = [];
  const lpCount = logicalCount(host);
  const sizes = groupSizes(host);
  const base: GroupNumber = { group: raw.baseGroup ?? 0, number: raw.baseNumber ?? 0 };
  if (raw.baseNumber === undefined) assumptions.push('base processor not exported; assumed 0 (driver default)');
  let max: GroupNumber;
  if (raw.maxNumber !== undefined) {
    max = { group: raw.maxGroup ?? base.group, number: raw.maxNumber };
  } else {
    const lastGroup = sizes.length > 0 ? sizes.length - 1 : base.group;
    const lastSize = sizes.length > 0 ? sizes[lastGroup] : MAX_PROC_PER_GROUP;
    max = { group: Math.max(lastGroup, base.group), number: lastSize - 1 };
    assumptions.push('max processor not exported; assumed the last LP of the host (driver default)');
  }
  if (lpCount === undefined) assumptions.push('logical processor count unknown; range not clipped to the host');
  const first = globalLp(host, base.group, base.number);
  let last = globalLp(host, max.group, max.number);
  if (lpCount !== undefined) last = Math.min(last, lpCount - 1);
  const range: number[] = [];
  for (let lp = first; lp <= last; lp++) range.push(lp);
  const cap = raw.maxProcessors !== undefined && raw.maxProcessors > 0 ? raw.maxProcessors : undefined;
  const staticLps = cap === undefined ? range : range.slice(0, cap);
  const ht = hyperThreaded(host);
  if (ht === undefined) assumptions.push('hyper-threading unknown; every LP treated as a core');
  const perCore = ht ? evenInGroup(host, range) : range;
  const lps = cap === undefined ? perCore : perCore.slice(0, cap);
  return { source: raw.source, base, max, maxProcessors: raw.maxProcessors, range, staticLps, lps, lpsFrom: 'configured', at: raw.at, assumptions };
}

/** Processor set from the advanced keywords (*RssBaseProcNumber, *MaxRssProcessors, ...). */
export function keywordProcessorSet(host: Host, adapter: Adapter): ProcessorSet | undefined {
  if (invalidSetKeywords(adapter).length > 0) return undefined;
  const baseNumber = numberKeyword(adapter, '*RssBaseProcNumber');
  const baseGroup = numberKeyword(adapter, '*RssBaseProcGroup');
  const maxNumber = numberKeyword(adapter, '*RssMaxProcNumber');
  const maxGroup = numberKeyword(adapter, '*RssMaxProcGroup');
  const maxProcessors = numberKeyword(adapter, '*MaxRssProcessors');
  if (!baseNumber && !maxNumber && !maxProcessors) return undefined;
  return expand(host, {
    source: 'keywords',
    baseGroup: baseGroup?.value,
    baseNumber: baseNumber?.value,
    maxGroup: maxGroup?.value,
    maxNumber: maxNumber?.value,
    maxProcessors: maxProcessors?.value,
    at: keywordLocs([baseNumber, baseGroup, maxNumber, maxGroup, maxProcessors]),
  });
}

function keywordLocs(found: readonly ({ at: Loc } | undefined)[]): Loc[] {
  const at: Loc[] = [];
  for (const x of found) if (x) at.push(x.at);
  return at;
}

/** The settings fields whose Locs a cmdlet-exported set reports, in this order. */
const SET_LOC_FIELDS = ['baseProcessorNumber', 'maxProcessorNumber', 'maxProcessors'];

function settingsLocs(at: LocMap): Loc[] {
  const out: Loc[] = [];
  for (const k of SET_LOC_FIELDS) {
    const loc = at[k];
    if (loc) out.push(loc);
  }
  return out;
}

/**
 * The VMQ processor set of an adapter: Get-NetAdapterVmq when exported, else the shared
 * processor keywords (VMQ and RSS share them:
 * https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-vmq).
 * Undefined when neither was exported.
 */
export function vmqProcessorSet(host: Host, adapter: Adapter): ProcessorSet | undefined {
  const v = adapter.vmq;
  // An exported value that is not valid makes the set unknown; defaults would place it on LP 0.
  if (invalidSetFields(v).length > 0) return undefined;
  if (v && (v.baseProcessorNumber !== undefined || v.maxProcessors !== undefined)) {
    return expand(host, {
      source: 'vmq',
      baseGroup: v.baseProcessorGroup,
      baseNumber: v.baseProcessorNumber,
      maxNumber: v.maxProcessorNumber,
      maxProcessors: v.maxProcessors,
      at: settingsLocs(v.at),
    });
  }
  return keywordProcessorSet(host, adapter);
}

/** Global LPs of the RssProcessorArray Get-NetAdapterRss exported, in order; undefined when absent. */
export function rssArrayLps(host: Host, adapter: Adapter): number[] | undefined {
  const arr = adapter.rss?.processorArray;
  if (!arr || arr.length === 0) return undefined;
  const lps = new Set<number>();
  for (const p of arr) lps.add(globalLp(host, p.group, p.number));
  return [...lps].sort(numeric);
}

/**
 * The RSS processor set of an adapter: Get-NetAdapterRss when exported, else the keywords. Its
 * LPs are the ones Windows reported using (RssProcessorArray) when exported, else derived from
 * base/max/MaxProcessors and hyper-threading: the one computation that show, lint, diff and the
 * simulator share.
 */
export function rssProcessorSet(host: Host, adapter: Adapter): ProcessorSet | undefined {
  const configured = configuredRssSet(host, adapter);
  const array = rssArrayLps(host, adapter);
  if (!array) return configured;
  const at = adapter.rss?.at['processorArray'];
  const base = configured?.base ?? groupNumberOf(host, array[0]);
  const max = configured?.max ?? groupNumberOf(host, array[array.length - 1]);
  const range: number[] = [];
  for (let lp = array[0]; lp <= array[array.length - 1]; lp++) range.push(lp);
  return {
    source: configured?.source ?? 'rss',
    base,
    max,
    maxProcessors: configured?.maxProcessors ?? adapter.rss?.maxProcessors,
    range,
    staticLps: array,
    lps: array,
    lpsFrom: 'RssProcessorArray',
    at: [...(configured?.at ?? []), ...(at ? [at] : [])],
    assumptions: [],
  };
}

function configuredRssSet(host: Host, adapter: Adapter): ProcessorSet | undefined {
  const r = adapter.rss;
  if (invalidSetFields(r).length > 0) return undefined;
  if (r && (r.baseProcessorNumber !== undefined || r.maxProcessors !== undefined)) {
    return expand(host, {
      source: 'rss',
      baseGroup: r.baseProcessorGroup,
      baseNumber: r.baseProcessorNumber,
      maxGroup: r.maxProcessorGroup,
      maxNumber: r.maxProcessorNumber,
      maxProcessors: r.maxProcessors,
      at: settingsLocs(r.at),
    });
  }
  return keywordProcessorSet(host, adapter);
}

/** LPs present in both sets. */
export function overlap(a: readonly number[], b: readonly number[]): number[] {
  const s = new Set(b);
  const out: number[] = [];
  for (const x of a) if (s.has(x)) out.push(x);
  return out;
}

/** Compact text for a set of LPs: "2,4,6-9". */
export function formatLps(lps: readonly number[]): string {
  const sorted = [...lps].sort(numeric);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}
