/**
 * Finds the Net class instance keys (`...\Control\Class\{4d36e972-...}\NNNN`) and their
 * `Ndi\Params` metadata in parsed registry keys, and the VMSMP parameters. Input paths are the
 * normalised ones the registry parsers write (`HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\...`,
 * the current control set already chosen from `SYSTEM\Select`); every name is compared
 * case-insensitively (`Ndi\params` and `Ndi\Params`, `type` and `Type`, the class GUID).
 */
import type { KeywordMeta, Loc, RegType } from '../model/host.js';
import type { RegKeyRecord, RegValue } from '../model/records.js';
import { emptyRecord } from './registry-paths.js';

/** `Ndi\Params` metadata for one keyword of one instance key. */
export interface NicKeywordParams {
  /** Keyword as spelled in the key name (e.g. `*VMQ`). */
  keyword: string;
  meta: KeywordMeta;
  /** The `Ndi\Params\<keyword>` key. */
  at: Loc;
}

/** One Net class instance key (one adapter's driver key) with its metadata. */
export interface NicClassInstance {
  /** Normalised key path. */
  key: string;
  /** The path as written in the file. */
  originalPath: string;
  /** The four digits, e.g. "0007". */
  ordinal: string;
  /** Values of the instance key, keyed by lower-cased name: keywords and identity values alike. */
  values: Record<string, RegValue>;
  /** Links the key to the NetAdapter InterfaceGuid. */
  netCfgInstanceId?: string;
  driverDesc?: string;
  providerName?: string;
  driverVersion?: string;
  driverDate?: string;
  /** `Ndi\Params\<keyword>` metadata keyed by lower-cased keyword. */
  params: Record<string, NicKeywordParams>;
  at: Loc;
}

/** A keyword's effective value: the instance value, else the `Ndi\Params` default. */
export interface ResolvedKeyword {
  value: string | null;
  /** Registry type of the instance value; undefined when the value is the Ndi default. */
  type?: RegType;
  /** True when the instance key lacks the keyword and the Ndi default applies. */
  fromDefault: boolean;
  at?: Loc;
}

const NET_CLASS =
  /^HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\\{4d36e972-e325-11ce-bfc1-08002be10318\}\\(\d{4})(?:\\Ndi\\Params\\([^\\]+)(\\enum)?)?$/i;
const VMSMP = 'hkey_local_machine\\system\\currentcontrolset\\services\\vmsmp\\parameters';
const IDENTITY = [
  ['netCfgInstanceId', 'netcfginstanceid'],
  ['driverDesc', 'driverdesc'],
  ['providerName', 'providername'],
  ['driverVersion', 'driverversion'],
  ['driverDate', 'driverdate'],
] as const;
const PARAM_TYPES = new Set(['enum', 'int', 'long', 'word', 'dword', 'edit']);

function text(values: Record<string, RegValue>, name: string): string | undefined {
  return values[name]?.value;
}

/** Ndi numbers are REG_SZ text in decimal, sometimes `0x` hex; anything else is not a number. */
function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (/^-?\d+$/.test(t) || /^0x[0-9a-f]+$/i.test(t)) return Number(t);
  return undefined;
}

function byFileOrder(a: RegValue, b: RegValue): number {
  return a.at.line - b.at.line || (a.at.col ?? 0) - (b.at.col ?? 0);
}

function keywordMeta(params: RegKeyRecord, enumKey: RegKeyRecord | undefined): KeywordMeta {
  const v = params.values;
  const meta: KeywordMeta = { at: params.at };
  const displayName = text(v, 'paramdesc');
  if (displayName !== undefined) meta.displayName = displayName;
  const type = text(v, 'type')?.trim().toLowerCase();
  if (type !== undefined && PARAM_TYPES.has(type)) meta.paramType = type as KeywordMeta['paramType'];
  const def = text(v, 'default');
  if (def !== undefined) meta.defaultValue = def;
  for (const k of ['min', 'max', 'step', 'base'] as const) {
    const n = num(text(v, k));
    if (n !== undefined) meta[k] = n;
  }
  const optional = num(text(v, 'optional'));
  if (optional !== undefined) meta.optional = optional !== 0;
  if (enumKey !== undefined) {
    const entries = Object.values(enumKey.values)
      .filter((e) => e.name !== '')
      .sort(byFileOrder);
    meta.validValues = entries.map((e) => e.name);
    meta.validDisplayValues = entries.map((e) => e.value);
    if (def !== undefined) {
      const hit = entries.find((e) => e.name.toLowerCase() === def.toLowerCase());
      if (hit !== undefined) meta.defaultDisplayValue = hit.value;
    }
  }
  return meta;
}

/**
 * Net class instance keys (four-digit subkeys only), in ordinal order, each with its
 * `Ndi\Params` metadata. An `Ndi\Params` key whose instance key is absent from the export still
 * yields an instance (with no values) so its defaults are not lost.
 */
export function findNicClassInstances(keys: RegKeyRecord[]): NicClassInstance[] {
  const instances = new Map<string, RegKeyRecord>();
  const params = new Map<string, Map<string, RegKeyRecord>>();
  const enums = new Map<string, RegKeyRecord>();
  for (const k of keys) {
    const m = NET_CLASS.exec(k.path);
    if (m === null) continue;
    const ordinal = m[1];
    if (m[2] === undefined) {
      instances.set(ordinal, k);
    } else if (m[3] === undefined) {
      let forOrdinal = params.get(ordinal);
      if (forOrdinal === undefined) params.set(ordinal, (forOrdinal = new Map()));
      forOrdinal.set(m[2].toLowerCase(), k);
    } else {
      enums.set(`${ordinal}\\${m[2].toLowerCase()}`, k);
    }
  }
  const ordinals = [...new Set([...instances.keys(), ...params.keys()])].sort(byCodeUnits);
  const out: NicClassInstance[] = [];
  for (const ordinal of ordinals) out.push(nicClassInstance(ordinal, instances.get(ordinal), params.get(ordinal), enums));
  return out;
}

// Module-level helpers, not arrows made per call: V8 drops the optimized code of a per-call
// closure at a major GC, and a fleet run compiled these again for many hosts.

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One instance key (or the instance its `Ndi\Params` keys imply) with its keyword metadata. */
function nicClassInstance(
  ordinal: string,
  inst: RegKeyRecord | undefined,
  ownParams: Map<string, RegKeyRecord> | undefined,
  enums: Map<string, RegKeyRecord>,
): NicClassInstance {
  const paramKeys = ownParams ?? new Map<string, RegKeyRecord>();
  const any = inst ?? [...paramKeys.values()][0];
  const cut = any.path.search(/\\Ndi\\Params\\/i);
  const key = inst !== undefined ? inst.path : any.path.slice(0, cut);
  const originalPath = inst !== undefined ? inst.originalPath : any.originalPath.replace(/\\Ndi\\Params\\.*$/i, '');
  const values = inst?.values ?? emptyRecord<RegValue>();
  const out: NicClassInstance = {
    key,
    originalPath,
    ordinal,
    values,
    params: emptyRecord(),
    at: inst?.at ?? { file: any.at.file, line: any.at.line, col: any.at.col, pointer: originalPath },
  };
  for (const [field, name] of IDENTITY) {
    const v = text(values, name);
    if (v !== undefined) out[field] = v;
  }
  const names = [...paramKeys.keys()].sort(byCodeUnits);
  for (const lower of names) {
    const p = paramKeys.get(lower)!;
    const keyword = p.path.slice(p.path.lastIndexOf('\\') + 1);
    out.params[lower] = { keyword, meta: keywordMeta(p, enums.get(`${ordinal}\\${lower}`)), at: p.at };
  }
  return out;
}

/**
 * The effective value of a keyword on an instance: the instance value when present, otherwise
 * the `Ndi\Params` default (never 0), otherwise null.
 */
export function resolveKeyword(instance: NicClassInstance, keyword: string): ResolvedKeyword {
  const lower = keyword.toLowerCase();
  const v = instance.values[lower];
  if (v !== undefined) return { value: v.value, type: v.type, fromDefault: false, at: v.at };
  const meta = instance.params[lower]?.meta;
  if (meta?.defaultValue !== undefined) return { value: meta.defaultValue, fromDefault: true, at: meta.at };
  return { value: null, fromDefault: false };
}

/** True for the key `HKLM\SYSTEM\CurrentControlSet\Services\VMSMP\Parameters`. */
export function isVmsmpParameters(key: RegKeyRecord): boolean {
  return key.path.toLowerCase() === VMSMP;
}

/** Values of `HKLM\SYSTEM\CurrentControlSet\Services\VMSMP\Parameters` (keyed lower-case), if exported. */
export function findVmsmpParameters(keys: RegKeyRecord[]): Record<string, RegValue> | undefined {
  let found: Record<string, RegValue> | undefined;
  for (const k of keys) {
    if (k.path.toLowerCase() !== VMSMP) continue;
    found = Object.assign(found ?? emptyRecord<RegValue>(), k.values);
  }
  return found;
}
