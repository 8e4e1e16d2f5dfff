/**
 * Advanced-property keywords: lookup, numeric values, the NDIS standardized catalogue
 * and which registry values are not advanced keywords at all.
 */
import type { Adapter, AdvancedProperty } from '../../src/model/host.js';
import { ownEntry, toKeyedTable } from '../../src/model/keyed.js';

/** The advanced property of an adapter, matched case-insensitively. */
export function advanced(a: Adapter, keyword: string): AdvancedProperty | undefined {
  return ownEntry(a.advanced, keyword.toLowerCase());
}

/** A registry number as text: decimal, or hex with 0x; undefined when it is not a number. */
export function parseNumber(text: string | null | undefined, base = 10): number | undefined {
  if (text === null || text === undefined) return undefined;
  const t = text.trim();
  if (t === '') return undefined;
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (base === 16 && /^[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (!/^[-+]?\d+$/.test(t)) return undefined;
  return Number(t);
}

/** Numeric value of a keyword with its property, when present and numeric. */
export function numericKeyword(a: Adapter, keyword: string): { value: number; prop: AdvancedProperty } | undefined {
  const prop = advanced(a, keyword);
  if (!prop) return undefined;
  const value = parseNumber(prop.value);
  return value === undefined ? undefined : { value, prop };
}

/** The processor keywords VMQ and RSS share; owned by the processor rules. */
export const PROCESSOR_KEYWORDS: readonly string[] = [
  '*rssbaseprocgroup',
  '*rssbaseprocnumber',
  '*maxrssprocessors',
  '*rssmaxprocnumber',
  '*rssmaxprocgroup',
  '*numanodeid',
];

/** Vendor keywords that carry a VLAN ID in the advanced properties ([S1] in docs/references.md). */
export function isVlanIdKeyword(keyword: string): boolean {
  const k = keyword.toLowerCase().replace(/^\*/, '');
  return k === 'vlanid' || k === 'vlan_id' || k === 'vlan';
}

/** A standardized keyword's documented value set. */
export interface StandardKeyword {
  keyword: string;
  /** Not shown in the UI; must not appear in the INF. */
  hidden?: boolean;
  values?: string[];
  min?: number;
  max?: number;
}

const bool = ['0', '1'];

/** The NDIS standardized keywords, keyed by lower-cased name (no prototype: looked up by exported keywords). */
export const STANDARD_KEYWORDS: Readonly<Record<string, StandardKeyword>> = toKeyedTable(Object.fromEntries(
  (
    [
      { keyword: '*VMQ', values: bool },
      { keyword: '*VMQLookaheadSplit', values: bool },
      { keyword: '*VMQVlanFiltering', values: bool },
      { keyword: '*RssOrVmqPreference', values: bool, hidden: true },
      { keyword: '*SriovPreferred', values: bool, hidden: true },
      { keyword: '*SRIOV', values: bool },
      { keyword: '*RSS', values: bool },
      { keyword: '*RSSProfile', values: ['1', '2', '3', '4', '5', '6'] },
      // 0..MAXIMUM_GROUPS-1; the value of MAXIMUM_GROUPS is not documented, so only the floor is checked.
      { keyword: '*RssBaseProcGroup', min: 0 },
      { keyword: '*RssBaseProcNumber', min: 0, max: 63 },
      { keyword: '*MaxRssProcessors', min: 1 },
      { keyword: '*RssMaxProcNumber', min: 0, max: 63 },
      { keyword: '*RssMaxProcGroup', min: 0 },
      { keyword: '*NumaNodeId', min: 0, max: 65535 },
      { keyword: '*NumRssQueues', min: 1 },
      { keyword: '*RssOnHostVPorts', values: bool },
      { keyword: '*JumboPacket', min: 1514 },
      { keyword: '*InterruptModeration', values: bool },
      { keyword: '*PriorityVLANTag', values: ['0', '1', '2', '3'] },
      { keyword: '*NetworkDirect', values: bool },
      { keyword: '*NetworkDirectTechnology', values: ['1', '2', '3', '4'] },
      { keyword: '*NetworkDirectRoCEFrameSize', values: ['256', '512', '1024', '2048', '4096'] },
      { keyword: '*FlowControl', values: ['0', '1', '2', '3', '4'] },
      // *SpeedDuplex also takes a speed in Mbps >= 1000, so it has no closed value set here.
      { keyword: '*SpeedDuplex' },
      { keyword: '*PacketCoalescing', values: bool },
    ] as StandardKeyword[]
  ).map((k) => [k.keyword.toLowerCase(), k]),
));

/**
 * Registry values under the NIC instance key that are not advanced keywords: the names reserved
 * from `Ndi\params` ([D8] in docs/references.md) and the REG_DWORD-by-design NicSwitches values ([D4]).
 */
export const NOT_ADVANCED: ReadonlySet<string> = new Set(
  [
    'BundleId', 'BusType', 'Characteristics', 'ComponentId', 'Description', 'DeviceInstanceId', 'DriverDate',
    'DriverDesc', 'DriverVersion', 'InfPath', 'InfSection', 'InfSectionExt', '*IfType', 'InstallTimeStamp',
    'Manufacturer', '*MediaType', 'NetCfgInstanceId', 'NetLuidIndex', '*PhysicalMediaType', 'Provider',
    'ProviderName', '*Flags', '*SwitchType', '*SwitchId', '*NumVFs', '*SwitchName',
  ].map((k) => k.toLowerCase()),
);

/**
 * An advanced keyword: one with an `Ndi\Params` entry (the cmdlet lists only those with a display
 * name), or a standardized UI keyword, and never a reserved name.
 */
export function isAdvancedKeyword(p: AdvancedProperty): boolean {
  const k = p.keyword.toLowerCase();
  if (NOT_ADVANCED.has(k)) return false;
  const hasNdiEntry = p.meta !== undefined && (p.meta.paramType !== undefined || !!p.meta.displayName);
  if (hasNdiEntry || !!p.displayName) return true;
  const std = STANDARD_KEYWORDS[k];
  return std !== undefined && !std.hidden;
}

/** Why a value is invalid for its keyword, with the allowed set and where that set was read. */
export interface ValueProblem {
  /** 'enum' (not one of the listed values), 'range' (outside min/max), 'not-a-number'. */
  kind: 'enum' | 'range' | 'not-a-number';
  value: string;
  allowed: string;
  /** 'driver' (Ndi\Params or cmdlet metadata) or 'standard'. */
  source: 'driver' | 'standard';
  defaultValue?: string;
}

const NUMERIC_TYPES = new Set(['int', 'long', 'word', 'dword']);

function sameValue(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const x = parseNumber(a);
  const y = parseNumber(b);
  return x !== undefined && y !== undefined && x === y;
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  if (min !== undefined) return `>= ${min}`;
  return `<= ${max}`;
}

/** Whether `value` is one of `values` (a loop, not a closure: this runs for every keyword). */
function anySameValue(value: string, values: readonly string[]): boolean {
  for (const v of values) if (sameValue(value, v)) return true;
  return false;
}

function check(value: string, values: string[] | undefined, numeric: boolean, min: number | undefined, max: number | undefined, base: number): Omit<ValueProblem, 'source' | 'defaultValue'> | undefined {
  if (values && values.length > 0) {
    return anySameValue(value, values) ? undefined : { kind: 'enum', value, allowed: values.join(', ') };
  }
  if (!numeric && min === undefined && max === undefined) return undefined;
  const n = parseNumber(value, base);
  if (n === undefined) return { kind: 'not-a-number', value, allowed: min !== undefined || max !== undefined ? rangeText(min, max) : 'a number' };
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) return { kind: 'range', value, allowed: rangeText(min, max) };
  return undefined;
}

/**
 * The problem with a property's configured value, judged against the driver's metadata when it
 * was exported, else against the standardized keyword's documented values. Defaults and absent
 * values are never a problem.
 */
export function valueProblem(p: AdvancedProperty): ValueProblem | undefined {
  if (p.value === null || p.fromDefault) return undefined;
  const m = p.meta;
  // The NDIS processor keywords are integers with documented ranges that NDIS itself applies
  // (standardized-inf-keywords-for-rss): a driver's Advanced-page enum (1, 2, 4, 8, 16) is a UI
  // convenience, not the set NDIS accepts, so `Set-NetAdapterVmq -MaxProcessors 7` is valid.
  if (PROCESSOR_KEYWORDS.includes(p.keyword.toLowerCase())) {
    const std = STANDARD_KEYWORDS[p.keyword.toLowerCase()];
    const found = check(p.value, undefined, true, std.min, std.max, 10);
    return found ? { ...found, source: 'standard', defaultValue: m?.defaultValue } : undefined;
  }
  const hasDriverRule = m !== undefined && ((m.validValues?.length ?? 0) > 0 || m.min !== undefined || m.max !== undefined || (m.paramType !== undefined && NUMERIC_TYPES.has(m.paramType)));
  if (m && hasDriverRule) {
    const found = check(p.value, m.validValues, m.paramType !== undefined && NUMERIC_TYPES.has(m.paramType), m.min, m.max, m.base ?? 10);
    return found ? { ...found, source: 'driver', defaultValue: m.defaultValue } : undefined;
  }
  if (m?.paramType === 'edit') return undefined;
  const std = STANDARD_KEYWORDS[p.keyword.toLowerCase()];
  if (!std) return undefined;
  const found = check(p.value, std.values, std.min !== undefined || std.max !== undefined, std.min, std.max, 10);
  return found ? { ...found, source: 'standard', defaultValue: m?.defaultValue } : undefined;
}
