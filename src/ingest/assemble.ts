/**
 * Builds one host model from the records of every file that names the host: adapters first
 * (joined across sources), then the registry, then teams, switches and vNICs that point at
 * adapters by their final ids, then OS and processors. Whatever was read but not mapped is
 * counted and listed, never dropped.
 */
import { emptyHost } from '../model/empty-host.js';
import type { Conflict, Host, Loc, LossyItem, SourceFile, UnknownItem } from '../model/host.js';
import type { ObjectRecord, ParsedFile, RegKeyRecord } from '../model/records.js';
import { AdapterIndex } from './adapter-index.js';
import { classifyRecord, type RecordKind } from './classify.js';
import { FieldReader } from './fields.js';
import { IRRELEVANT } from './irrelevant.js';
import { mapAdvancedProperty, mapHardwareInfo, mapNetAdapter, mapRss, mapSriov, mapVmq, mapVmqQueue } from './map-adapters.js';
import { isTeamedPseudo, mapNetwork } from './map-network.js';
import { mapNicClassKeys, mapVmsmp, unreadVmsmpValues } from './map-registry.js';
import { mapVm, sortVms } from './map-vms.js';
import { mapWin32NetworkAdapter } from './map-wmi.js';
import { finishProcessors, mapComputerInfo, mapNumaNode, mapOperatingSystem, mapProcessor, resolveRelease } from './map-system.js';
import { keyedTable, setEntry } from '../model/keyed.js';
import { pushAll } from '../model/bulk.js';

/** The part of one parsed file that belongs to one host. */
export interface HostSlice {
  parsed: ParsedFile;
  objects: ObjectRecord[];
  regKeys: RegKeyRecord[];
  /** True when the whole file belongs to this host (no split). */
  whole: boolean;
}

interface Classified {
  slice: HostSlice;
  kind: RecordKind | undefined;
  reader: FieldReader;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The helpers below are module-level functions, not closures inside assembleHost: V8 drops the
// optimized code of a per-call closure at a major GC when none is alive, and a fleet run
// compiled the same arrows here again a dozen times.

/** The readers of each kind, in record order (one pass over the records, not one per kind). */
function readersByKind(all: readonly Classified[]): Map<RecordKind, FieldReader[]> {
  const out = new Map<RecordKind, FieldReader[]>();
  for (const c of all) {
    if (c.kind === undefined) continue;
    const list = out.get(c.kind);
    if (list === undefined) out.set(c.kind, [c.reader]);
    else list.push(c.reader);
  }
  return out;
}

/** The readers of one kind (an empty list when there are none). */
function readersOf(byKind: Map<RecordKind, FieldReader[]>, kind: RecordKind): FieldReader[] {
  return byKind.get(kind) ?? [];
}

/** Each classified record by its record, for finding the owner of a parser note. */
function recordIndex(all: readonly Classified[]): Map<ObjectRecord, Classified> {
  const out = new Map<ObjectRecord, Classified>();
  for (const c of all) out.set(c.reader.rec, c);
  return out;
}

/** The classified records of one slice, in record order. */
function ofSlice(all: readonly Classified[], slice: HostSlice): Classified[] {
  const out: Classified[] = [];
  for (const c of all) if (c.slice === slice) out.push(c);
  return out;
}

function bySourceFile(a: SourceFile, b: SourceFile): number {
  return cmp(a.file, b.file);
}

function byQueueId(x: { queueId: number }, y: { queueId: number }): number {
  return x.queueId - y.queueId;
}

function byAdapterName(a: Host['adapters'][number], b: Host['adapters'][number]): number {
  return cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.id, b.id);
}

/** Assemble the host `name` from its slices of parsed files. */
export function assembleHost(name: string, slices: HostSlice[]): Host {
  const host = emptyHost(name);
  const index = new AdapterIndex();
  const all: Classified[] = [];
  const mapperLossy: LossyItem[] = [];
  for (const slice of slices) {
    for (const rec of slice.objects) {
      const kind = classifyRecord(rec);
      const reader = new FieldReader(rec, mapperLossy);
      if (kind) reader.ignore(...IRRELEVANT[kind]);
      all.push({ slice, kind, reader });
    }
  }
  const byKind = readersByKind(all);

  for (const r of readersOf(byKind, 'NetAdapter')) mapNetAdapter(r, index);
  for (const r of readersOf(byKind, 'Win32_NetworkAdapter')) mapWin32NetworkAdapter(r, index);
  for (const r of readersOf(byKind, 'NetAdapterHardwareInfo')) mapHardwareInfo(r, index);
  for (const r of readersOf(byKind, 'NetAdapterVmq')) mapVmq(r, index);
  for (const r of readersOf(byKind, 'NetAdapterRss')) mapRss(r, index);
  for (const r of readersOf(byKind, 'NetAdapterSriov')) mapSriov(r, index);
  for (const r of readersOf(byKind, 'NetAdapterAdvancedProperty')) mapAdvancedProperty(r, index);
  for (const r of readersOf(byKind, 'NetAdapterVmqQueue')) mapVmqQueue(r, index);
  ensureReferencedAdapters(index, all);
  const regKeys = slices.flatMap((s) => s.regKeys);
  const unknown: UnknownItem[] = [];
  mapNicClassKeys(regKeys, index, unknown);
  for (const u of index.sharedDescriptions()) unknown.push(u);
  mapVmsmp(regKeys, host, unknown);
  index.finalizeIds();
  for (const a of index.adapters) a.queues.sort(byQueueId);
  host.adapters = [...index.adapters].sort(byAdapterName);
  host.conflicts = resolveAdvanced(host);

  mapNetwork(host, index, {
    lbfoTeams: readersOf(byKind, 'NetLbfoTeam'),
    lbfoMembers: readersOf(byKind, 'NetLbfoTeamMember'),
    lbfoTeamNics: readersOf(byKind, 'NetLbfoTeamNic'),
    switches: readersOf(byKind, 'VMSwitch'),
    switchTeams: readersOf(byKind, 'VMSwitchTeam'),
    vnics: readersOf(byKind, 'VMNetworkAdapter'),
  });

  for (const r of readersOf(byKind, 'VM')) mapVm(r, host, mapperLossy);
  sortVms(host);

  for (const r of readersOf(byKind, 'Win32_OperatingSystem')) mapOperatingSystem(r, host);
  for (const r of readersOf(byKind, 'ComputerInfo')) mapComputerInfo(r, host);
  const cpu = { cores: 0, logical: 0, sockets: 0 };
  for (const r of readersOf(byKind, 'Win32_Processor')) mapProcessor(r, host, cpu);
  if (cpu.sockets > 0) {
    if (cpu.cores > 0) host.processors.cores = cpu.cores;
    if (cpu.logical > 0) host.processors.logical = cpu.logical;
    host.processors.sockets = cpu.sockets;
  }
  const numa: { id: number; count: number }[] = [];
  for (const r of readersOf(byKind, 'VMHostNumaNode')) mapNumaNode(r, numa, host);
  finishProcessors(host, numa);
  resolveRelease(host.os);

  const byRecord = recordIndex(all);
  host.sources = coverage(slices, all, byRecord, unknown);
  host.unknown = unknown.sort((a, b) => cmp(a.at.file, b.at.file) || a.at.line - b.at.line || cmp(a.name, b.name));
  host.lossy = collectLossy(slices, byRecord, mapperLossy);
  return host;
}

/** Adapters named only by a team or switch still exist; create them before ids are final. */
function ensureReferencedAdapters(index: AdapterIndex, all: Classified[]): void {
  for (const c of all) {
    const r = c.reader;
    const at = r.rec.at;
    if (c.kind === 'NetLbfoTeam') for (const m of listOf(r, 'members')) if (!index.find({ name: m })) index.ensure({ name: m }, at);
    if (c.kind === 'NetLbfoTeamMember' || c.kind === 'NetLbfoTeamNic') {
      const name = textOf(r, 'name');
      const description = textOf(r, 'interfacedescription');
      if (name && !index.find({ name, description })) index.ensure({ name, description }, at);
    }
    if (c.kind === 'VMSwitch' || c.kind === 'VMSwitchTeam') {
      const plural = listOf(r, 'netadapterinterfacedescriptions');
      for (const d of plural.length > 0 ? plural : listOf(r, 'netadapterinterfacedescription')) {
        if (d.trim() && !isTeamedPseudo(d) && !index.find({ description: d.trim() }) && !index.isShared(d.trim(), at)) {
          const a = index.ensure({ description: d.trim() }, at);
          if (/multiplexor driver/i.test(d)) a.kind = 'team-nic';
        }
      }
    }
  }
}

function listOf(r: FieldReader, key: string): string[] {
  const v = r.rec.fields[key]?.value;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v.trim() ? [v] : [];
}

function textOf(r: FieldReader, key: string): string | undefined {
  const v = r.rec.fields[key]?.value;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function sameValue(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = a.trim();
  const y = b.trim();
  if (x === y) return true;
  const nx = Number(x);
  const ny = Number(y);
  return x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny) && nx === ny;
}

/**
 * Effective value of every advanced property: the registry instance value (its type is what the
 * driver reads), else the cmdlet's RegistryValue, else the Ndi\Params default: a keyword the
 * cmdlet lists without a value is not set, so the driver uses its default ([D8] in docs/references.md). A
 * value the export lost (CSV) is unknown: null, never the default. Registry and cmdlet
 * disagreeing on the value or the type is a conflict; both observations stay.
 */
function resolveAdvanced(host: Host): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const a of host.adapters) {
    const sorted = keyedTable<(typeof a.advanced)[string]>();
    for (const key of Object.keys(a.advanced).sort(cmp)) setEntry(sorted, key, a.advanced[key]);
    a.advanced = sorted;
    for (const p of Object.values(a.advanced)) {
      const reg = p.observed.filter((o) => o.source === 'registry').at(-1);
      const cmd = p.observed.filter((o) => o.source === 'cmdlet').at(-1);
      const pick = reg ?? (cmd && cmd.value !== null ? cmd : undefined);
      delete p.fromDefault;
      if (pick) {
        p.value = pick.value;
        if (pick.type) p.type = pick.type;
        p.at = pick.at;
      } else if (cmd?.lost) {
        // The value is gone; its registry type (RegistryDataType) still came through.
        p.value = null;
        if (cmd.type) p.type = cmd.type;
        p.at = cmd.at;
      } else if (p.meta?.defaultValue !== undefined) {
        p.value = p.meta.defaultValue;
        p.fromDefault = true;
        p.at = cmd?.at ?? p.meta.at ?? p.at;
      }
      if (p.displayName === undefined && p.meta?.displayName) p.displayName = p.meta.displayName;
      if (p.displayValue === undefined && p.value !== null && p.meta?.validValues && p.meta.validDisplayValues) {
        const i = p.meta.validValues.indexOf(p.value);
        if (i >= 0 && p.meta.validDisplayValues[i] !== undefined) p.displayValue = p.meta.validDisplayValues[i];
      }
      if (reg && cmd && !cmd.lost && (!sameValue(reg.value, cmd.value) || (cmd.type !== undefined && reg.type !== cmd.type))) {
        conflicts.push({
          adapterId: a.id,
          keyword: p.keyword,
          registry: { value: reg.value, ...(reg.type ? { type: reg.type } : {}) },
          cmdlet: { value: cmd.value, ...(cmd.type ? { type: cmd.type } : {}) },
          at: [reg.at, cmd.at],
        });
      }
    }
  }
  return conflicts;
}

/** The classified record a parser note (lossy value, odd value) falls inside, if any. */
function ownerOf(at: Loc, slice: HostSlice, byRecord: Map<ObjectRecord, Classified>): Classified | undefined {
  let owner: ObjectRecord | undefined;
  for (const o of slice.parsed.objects) if (o.at.line <= at.line && (!owner || o.at.line >= owner.at.line)) owner = o;
  return owner ? byRecord.get(owner) : undefined;
}

/** A parser note about a property this host model does not need (IRRELEVANT) changes nothing. */
function irrelevantNote(name: string, owner: Classified | undefined): boolean {
  if (!owner?.kind) return false;
  const prop = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  for (const n of IRRELEVANT[owner.kind]) if (n.toLowerCase() === prop) return true;
  return false;
}

/** Per-file coverage and the list of properties and objects not understood. */
function coverage(slices: HostSlice[], all: Classified[], byRecord: Map<ObjectRecord, Classified>, unknown: UnknownItem[]): SourceFile[] {
  const agg = new Map<string, UnknownItem>();
  const out: SourceFile[] = [];
  for (const slice of slices) {
    const mine = ofSlice(all, slice);
    let mapped = 0;
    let notUnderstood = 0;
    const kinds = new Set<string>();
    for (const c of mine) {
      if (c.kind === undefined) {
        const typeName = c.reader.rec.className ?? c.reader.rec.typeNames[0] ?? 'object without a type name';
        const key = `o\0${slice.parsed.file}\0${typeName}`;
        const item = agg.get(key);
        if (item) item.count++;
        else agg.set(key, { kind: 'object', name: typeName, context: 'no cmdlet vmqlint understands', count: 1, at: c.reader.rec.at });
        notUnderstood += Object.keys(c.reader.rec.fields).length;
        continue;
      }
      kinds.add(c.kind);
      mapped += c.reader.mappedCount();
      for (const f of c.reader.unmapped()) {
        notUnderstood++;
        const key = `p\0${slice.parsed.file}\0${c.kind}\0${f.name.toLowerCase()}`;
        const item = agg.get(key);
        if (item) item.count++;
        else agg.set(key, { kind: 'property', name: f.name, context: c.kind, count: 1, at: f.at });
      }
      // Exported but not valid (8.5, 1e400 as an integer): unknown, listed with its place.
      for (const u of c.reader.invalidItems(c.kind)) {
        agg.set(`v\0${u.at.file}\0${u.at.line}\0${u.at.col ?? 0}\0${u.name}`, u);
        notUnderstood++;
        mapped--;
      }
    }
    if (slice.regKeys.length > 0) {
      kinds.add('registry');
      let unread = 0;
      let values = 0;
      for (const k of slice.regKeys) {
        unread += unreadVmsmpValues(k).length;
        values += Object.keys(k.values).length;
      }
      mapped += values - unread;
      notUnderstood += unread;
    }
    const lossyAt = new Set(slice.parsed.lossy.map((l) => `${l.at.line}:${l.at.col ?? 0}`));
    const fromParser = slice.parsed.unknown.filter((u) => {
      if (!slice.whole && !belongs(u.at, slice)) return false;
      // A value the format lost is listed once, as lossy, not again as not understood.
      if (u.kind === 'value' && lossyAt.has(`${u.at.line}:${u.at.col ?? 0}`)) return false;
      return !(u.kind === 'value' && irrelevantNote(u.name, ownerOf(u.at, slice, byRecord)));
    });
    for (const u of fromParser) unknown.push(u);
    out.push({
      file: slice.parsed.file,
      format: slice.parsed.format,
      encoding: slice.parsed.encoding,
      ...(slice.parsed.psVersion ? { psVersion: slice.parsed.psVersion } : {}),
      kinds: [...kinds].sort(cmp),
      objects: mine.length + slice.regKeys.length,
      propertiesMapped: mapped,
      propertiesUnknown: notUnderstood + fromParser.reduce((s, u) => s + u.count, 0),
    });
  }
  pushAll(unknown, agg.values());
  return out.sort(bySourceFile);
}

/** A parser note belongs to a slice when it falls inside one of the slice's objects. */
function belongs(at: Loc, slice: HostSlice): boolean {
  const starts = slice.parsed.objects.map((o) => o.at.line).sort((a, b) => a - b);
  let owner = -1;
  for (const s of starts) if (s <= at.line) owner = s;
  return slice.objects.some((o) => o.at.line === owner);
}

/** Values the export format lost, for properties the model reads (an irrelevant loss changes nothing). */
function collectLossy(slices: HostSlice[], byRecord: Map<ObjectRecord, Classified>, fromMappers: LossyItem[]): LossyItem[] {
  const out: LossyItem[] = [...fromMappers];
  for (const slice of slices) {
    for (const l of slice.parsed.lossy) {
      if (!slice.whole && !belongs(l.at, slice)) continue;
      if (irrelevantNote(l.what, ownerOf(l.at, slice, byRecord))) continue;
      out.push(l);
    }
  }
  return out.sort((a, b) => cmp(a.at.file, b.at.file) || a.at.line - b.at.line || cmp(a.what, b.what));
}
