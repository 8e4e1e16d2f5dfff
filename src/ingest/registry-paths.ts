/**
 * Registry key paths shared by the `.reg` and `reg query` parsers: root names, offline mount
 * prefixes, and the choice of one control set. Both parsers feed key blocks into a
 * `RegKeyCollector`, which decides at the end of the file which `ControlSet00N` is current (the
 * `SYSTEM\Select\Current` value may come after the sets it names) and then merges repeated keys.
 */
import type { Loc, UnknownItem } from '../model/host.js';
import type { RegKeyRecord, RegValue } from '../model/records.js';
import { minOf } from '../model/bulk.js';

const ROOTS: Record<string, string> = {
  hkey_local_machine: 'HKEY_LOCAL_MACHINE',
  hklm: 'HKEY_LOCAL_MACHINE',
  hkey_current_user: 'HKEY_CURRENT_USER',
  hkcu: 'HKEY_CURRENT_USER',
  hkey_classes_root: 'HKEY_CLASSES_ROOT',
  hkcr: 'HKEY_CLASSES_ROOT',
  hkey_users: 'HKEY_USERS',
  hku: 'HKEY_USERS',
  hkey_current_config: 'HKEY_CURRENT_CONFIG',
  hkcc: 'HKEY_CURRENT_CONFIG',
  hkey_performance_data: 'HKEY_PERFORMANCE_DATA',
  hkey_dyn_data: 'HKEY_DYN_DATA',
};

/** Root names a key path may start with, full and abbreviated, for error messages. */
export const ROOT_NAMES_TEXT = 'HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG';

/** The canonical spelling of a root key name (`hklm` -> `HKEY_LOCAL_MACHINE`), or undefined. */
export function canonicalRoot(name: string): string | undefined {
  return ROOTS[name.toLowerCase()];
}

/** Length of the root name at `start` when it is followed by `\` or the end, else 0. */
export function rootLengthAt(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ || c === 32 || c === 9) break;
    i++;
  }
  if (i - start > 21) return 0;
  if (canonicalRoot(text.slice(start, i)) === undefined) return 0;
  return i === end || text.charCodeAt(i) === 92 ? i - start : 0;
}

/** One key block as read, before the control set is chosen. */
interface RawKey {
  originalPath: string;
  /** Canonical root plus hive (`HKEY_LOCAL_MACHINE\SYSTEM`), or the whole path when no set. */
  prefix: string;
  /** Control set number, 0 for a literal `CurrentControlSet`, -1 when the path has none. */
  set: number;
  /** Segments after the control set ('' when none), joined with `\`. */
  rest: string;
  values: Record<string, RegValue>;
  at: Loc;
}

const CONTROL_SET = /^ControlSet(\d{3})$/i;
const CURRENT_CONTROL_SET = /^CurrentControlSet$/i;
/** Children that only a SYSTEM hive has; a hive mounted under another name is folded to SYSTEM. */
const SYSTEM_CHILD = /^(?:ControlSet\d{3}|CurrentControlSet|Select)$/i;

/** Path split into prefix, control set and rest; the hive is folded to SYSTEM when mounted. */
export interface SplitPath {
  prefix: string;
  set: number;
  rest: string;
}

/**
 * Split a key path: canonical root; an offline mount such as `HKEY_LOCAL_MACHINE\OFFLINE_SYS` or
 * `HKEY_USERS\SYSTEM_OFFLINE` holding `ControlSet00N`/`Select` is folded to
 * `HKEY_LOCAL_MACHINE\SYSTEM`; the control set segment is taken out. `mounts` names (lower-case)
 * hives already known to be SYSTEM mounts, so their other children fold too.
 */
export function splitKeyPath(original: string, mounts?: Set<string>): SplitPath {
  const segs = original.split('\\');
  while (segs.length > 1 && segs[segs.length - 1] === '') segs.pop();
  const root = canonicalRoot(segs[0]);
  if (root === undefined) return { prefix: original, set: -1, rest: '' };
  segs[0] = root;
  if ((root === 'HKEY_LOCAL_MACHINE' || root === 'HKEY_USERS') && segs.length >= 2) {
    const hive = segs[1].toLowerCase();
    const mounted =
      (root === 'HKEY_LOCAL_MACHINE' && hive === 'system') ||
      (segs.length >= 3 && SYSTEM_CHILD.test(segs[2])) ||
      (mounts !== undefined && mounts.has(hive));
    if (mounted) {
      const prefix = 'HKEY_LOCAL_MACHINE\\SYSTEM';
      if (segs.length >= 3) {
        const m = CONTROL_SET.exec(segs[2]);
        if (m !== null || CURRENT_CONTROL_SET.test(segs[2])) {
          return { prefix, set: m !== null ? Number(m[1]) : 0, rest: segs.slice(3).join('\\') };
        }
      }
      return { prefix: segs.length > 2 ? `${prefix}\\${segs.slice(2).join('\\')}` : prefix, set: -1, rest: '' };
    }
  }
  return { prefix: segs.join('\\'), set: -1, rest: '' };
}

/** Join a split path, writing the control set as `CurrentControlSet`. */
export function joinKeyPath(p: SplitPath): string {
  if (p.set < 0) return p.prefix;
  return p.rest === '' ? `${p.prefix}\\CurrentControlSet` : `${p.prefix}\\CurrentControlSet\\${p.rest}`;
}

/** The hive segment (lower-case) when `original` is a SYSTEM hive mounted under another name. */
function mountName(original: string): string | undefined {
  const segs = original.split('\\');
  if (segs.length < 3) return undefined;
  const root = canonicalRoot(segs[0]);
  if (root !== 'HKEY_LOCAL_MACHINE' && root !== 'HKEY_USERS') return undefined;
  const hive = segs[1].toLowerCase();
  if (hive === 'system' && root === 'HKEY_LOCAL_MACHINE') return undefined;
  return SYSTEM_CHILD.test(segs[2]) ? hive : undefined;
}

/** A map keyed by names from the file: no prototype, so a value named `__proto__` is just a value. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function setName(set: number): string {
  return set === 0 ? 'CurrentControlSet' : `ControlSet${String(set).padStart(3, '0')}`;
}

/** Options shared by the registry parsers. */
export interface RegParseOptions {
  /**
   * Keep only keys whose normalised path passes (e.g. the Net class and VMSMP subtrees of a
   * whole-HKLM Get-NetView export); the file is still checked in full and `Select` still read.
   */
  keep?: (path: string) => boolean;
}

/** Handle for the key block being filled; null when the key is filtered out. */
export type KeyHandle = RawKey | null;

/**
 * Gathers key blocks and their values, then chooses one control set and merges repeated keys.
 * Never merges two control sets: values of a non-current set are dropped and counted.
 */
export class RegKeyCollector {
  private readonly raw: RawKey[] = [];
  private selectCurrent: { set: number; at: Loc } | undefined;
  private readonly mounts = new Set<string>();

  constructor(private readonly options: RegParseOptions = {}) {}

  /** Start a key block; returns null when the caller's filter drops it. */
  beginKey(originalPath: string, at: Loc): KeyHandle {
    const mount = mountName(originalPath);
    if (mount !== undefined) this.mounts.add(mount);
    const split = splitKeyPath(originalPath, this.mounts);
    const isSelect = split.set < 0 && split.prefix.toLowerCase() === 'hkey_local_machine\\system\\select';
    const keep = this.options.keep;
    if (keep !== undefined && !isSelect && !keep(joinKeyPath(split))) return null;
    const key: RawKey = { originalPath, prefix: split.prefix, set: split.set, rest: split.rest, values: emptyRecord(), at };
    this.raw.push(key);
    return key;
  }

  /** Add (or replace: later lines win) a value in the current key block. */
  addValue(key: KeyHandle, value: RegValue): void {
    if (key === null) return;
    const lower = value.name.toLowerCase();
    key.values[lower] = value;
    if (lower === 'current' && key.set < 0 && key.prefix.toLowerCase() === 'hkey_local_machine\\system\\select') {
      const n = /^\d{1,3}$/.test(value.value) ? Number(value.value) : NaN;
      if ((value.type === 'REG_DWORD' || value.type === 'REG_SZ') && n > 0) {
        this.selectCurrent = { set: n, at: value.at };
      }
    }
  }

  /** Choose the control set, normalise paths, merge repeated keys (first block's order and `at`). */
  finish(): { regKeys: RegKeyRecord[]; unknown: UnknownItem[] } {
    const unknown: UnknownItem[] = [];
    // A mount is only known once one of its SYSTEM children was seen; refold earlier keys.
    if (this.mounts.size > 0) {
      for (const k of this.raw) {
        if (k.set < 0) Object.assign(k, splitKeyPath(k.originalPath, this.mounts));
      }
    }
    const sets = new Map<number, { count: number; at: Loc }>();
    for (const k of this.raw) {
      if (k.set < 0) continue;
      const s = sets.get(k.set);
      if (s === undefined) sets.set(k.set, { count: 1, at: k.at });
      else s.count++;
    }
    const chosen = this.chooseSet(sets, unknown);
    const sorted = [...sets.keys()].sort((a, b) => a - b);
    for (const set of sorted) {
      if (set === chosen) continue;
      const s = sets.get(set)!;
      const why =
        set === 0
          ? `CurrentControlSet (not used: ${setName(chosen)} is the current control set)`
          : `${setName(set)} (not the current control set)`;
      unknown.push({ kind: 'object', name: why, context: 'registry control set', count: s.count, at: s.at });
    }
    const byPath = new Map<string, RegKeyRecord>();
    const regKeys: RegKeyRecord[] = [];
    for (const k of this.raw) {
      if (k.set >= 0 && k.set !== chosen) continue;
      const path = joinKeyPath(k);
      const id = path.toLowerCase();
      const prev = byPath.get(id);
      if (prev === undefined) {
        const rec: RegKeyRecord = { path, originalPath: k.originalPath, values: k.values, at: k.at };
        byPath.set(id, rec);
        regKeys.push(rec);
      } else {
        Object.assign(prev.values, k.values);
      }
    }
    return { regKeys, unknown };
  }

  private chooseSet(sets: Map<number, { count: number; at: Loc }>, unknown: UnknownItem[]): number {
    if (sets.size === 0) return -1;
    const sel = this.selectCurrent;
    if (sel !== undefined) {
      if (sets.has(sel.set)) return sel.set;
      if (sets.has(0)) return 0;
      const fallback = minOf(sets.keys());
      unknown.push({
        kind: 'object',
        name: `${setName(fallback)} used: SYSTEM\\Select\\Current names ${setName(sel.set)}, which the file does not contain`,
        context: 'registry control set',
        count: 1,
        at: sel.at,
      });
      return fallback;
    }
    if (sets.size === 1) return [...sets.keys()][0];
    const chosen = sets.has(0) ? 0 : minOf(sets.keys());
    unknown.push({
      kind: 'object',
      name: `${setName(chosen)} used as the current control set (no SYSTEM\\Select\\Current in the file)`,
      context: 'registry control set',
      count: 1,
      at: sets.get(chosen)!.at,
    });
    return chosen;
  }
}
