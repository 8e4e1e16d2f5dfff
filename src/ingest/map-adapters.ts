/** Maps adapter-level cmdlet objects (Get-NetAdapter*, Get-NetAdapterVmq/Rss/Sriov/VmqQueue) onto adapters. */
import type { Adapter, AdvancedProperty, KeywordMeta, Loc, RssProcessor } from '../model/host.js';
import type { PsValue } from '../model/records.js';
import { adapterKind, type AdapterIndex } from './adapter-index.js';
import { asInt, asLinkSpeedBps, asString, isLossy, normalizeMac } from './coerce.js';
import { DISPLAY_PARAMETER_TYPE, QUEUE_STATE, RSS_PROFILE, regTypeOf } from './enums.js';
import { readInto, type FieldReader } from './fields.js';
import { ownEntry, setEntry } from '../model/keyed.js';

function keysOf(r: FieldReader) {
  return { name: r.text('Name'), description: r.text('InterfaceDescription'), guid: r.text('InterfaceGuid') };
}

/** Set `target[key] = value` and its provenance when the value is defined. */
function put<T extends object, K extends keyof T>(target: T, at: Record<string, Loc>, key: K, value: T[K] | undefined, loc: Loc | undefined, path?: string): void {
  if (value === undefined) return;
  target[key] = value;
  if (loc) at[path ?? String(key)] = loc;
}

/** The link speed's spellings, in order of preference. */
const SPEED_FIELDS = ['ReceiveLinkSpeed', 'Speed', 'LinkSpeed'] as const;

/** Get-NetAdapter. */
export function mapNetAdapter(r: FieldReader, index: AdapterIndex): Adapter {
  const a = index.ensure(keysOf(r), r.rec.at);
  a.at.adapter = r.rec.at;
  if (r.at('Name')) a.at.name = r.at('Name')!;
  put(a, a.at, 'macAddress', normalizeMac(r.text('MacAddress')), r.at('MacAddress'));
  put(a, a.at, 'permanentAddress', normalizeMac(r.text('PermanentAddress')), r.at('PermanentAddress'));
  // Three spellings of the link speed; all are read (none is then listed as not understood), the
  // first that holds a speed wins.
  let speedField: string | undefined;
  let speed: number | undefined;
  for (const p of SPEED_FIELDS) {
    const v = asLinkSpeedBps(r.value(p) ?? null);
    if (speedField === undefined && v !== undefined) (speedField = p), (speed = v);
  }
  if (speedField !== undefined) put(a, a.at, 'linkSpeedBps', speed, r.at(speedField));
  put(a, a.at, 'status', r.text('Status'), r.at('Status'));
  const provider = r.text('DriverProvider');
  // Both are read (neither is then listed as not understood); the string form is the one shown.
  const versionString = r.text('DriverVersionString');
  const versionNumber = r.text('DriverVersion');
  const version = versionString ?? versionNumber;
  const date = r.text('DriverDate');
  const description = r.text('DriverDescription');
  if (provider) (a.driver.provider = provider), (a.at['driver.provider'] = r.at('DriverProvider')!);
  if (version) (a.driver.version = version), (a.at['driver.version'] = r.at(versionString ? 'DriverVersionString' : 'DriverVersion')!);
  if (date) (a.driver.date = date), (a.at['driver.date'] = r.at('DriverDate')!);
  if (description) (a.driver.description = description), (a.at['driver.description'] = r.at('DriverDescription')!);
  const virtual = r.bool('Virtual');
  const hardware = r.bool('HardwareInterface');
  a.kind = adapterKind(a.interfaceDescription, virtual, hardware);
  return a;
}


/** Get-NetAdapterHardwareInfo: PCI location and NUMA node. */
export function mapHardwareInfo(r: FieldReader, index: AdapterIndex): void {
  const a = index.ensure(keysOf(r), r.rec.at);
  const bus = r.int('Bus');
  const device = r.int('Device');
  const fn = r.int('Function');
  if (bus !== undefined && device !== undefined && fn !== undefined) {
    a.pci = { segment: r.int('Segment'), bus, device, function: fn };
    if (a.pci.segment === undefined) delete a.pci.segment;
    a.at.pci = r.at('Bus')!;
  }
  put(a, a.at, 'numaNode', r.int('NumaNode'), r.at('NumaNode'));
}

/** Get-NetAdapterVmq. */
export function mapVmq(r: FieldReader, index: AdapterIndex): void {
  const a = index.ensure(keysOf(r), r.rec.at);
  const v = (a.vmq ??= { at: {} });
  readInto(r, v, {
    enabled: 'bool',
    baseProcessorGroup: 'int',
    baseProcessorNumber: 'int',
    maxProcessorNumber: 'int',
    maxProcessors: 'int',
    numaNode: 'int',
    numberOfReceiveQueues: 'int',
    dynamicProcessorAffinityChangeSupported: 'bool',
    interruptVectorCoalescingSupported: 'bool',
    vlanFilteringSupported: 'bool',
  });
  // The table view's computed "group:number" column, when only it was exported.
  const bvp = r.text('BaseVmqProcessor');
  if (bvp && v.baseProcessorNumber === undefined) {
    const m = /^(\d+):(\d+)$/.exec(bvp);
    if (m) {
      put(v, v.at, 'baseProcessorGroup', Number(m[1]), r.at('BaseVmqProcessor'));
      put(v, v.at, 'baseProcessorNumber', Number(m[2]), r.at('BaseVmqProcessor'));
    }
  }
}

/** One RSS processor from an embedded MSFT_NetAdapter_RssProcessor, its text form, or its CimInstanceProperties. */
function rssProcessor(item: PsValue): RssProcessor | undefined {
  if (typeof item === 'string') {
    // Text form "group:number/distance" (Format-List).
    const m = /^(\d+):(\d+)(?:\/(\d+))?$/.exec(item.trim());
    return m ? { group: Number(m[1]), number: Number(m[2]), ...(m[3] !== undefined ? { numaDistance: Number(m[3]) } : {}) } : undefined;
  }
  if (!item || typeof item !== 'object' || !('$object' in item)) return undefined;
  const f = item.fields;
  const group = f.processorgroup ? asInt(f.processorgroup.value) : undefined;
  const number = f.processornumber ? asInt(f.processornumber.value) : undefined;
  if (group === undefined || number === undefined) return undefined;
  const dist = f.preferencenumanodedistance ?? f.numadistance;
  const d = dist ? asInt(dist.value) : undefined;
  return { group, number, ...(d !== undefined ? { numaDistance: d } : {}) };
}

/** An RSS processor list, or undefined after reporting it lost when an item cannot be read. */
function rssProcessors(r: FieldReader, name: string): RssProcessor[] | undefined {
  const v = r.value(name);
  if (v === undefined || v === null || isLossy(v)) return undefined;
  if (!Array.isArray(v)) {
    r.lost(name, `expected a list of processors, found ${typeof v === 'string' ? JSON.stringify(v) : 'an object'}`);
    return undefined;
  }
  // Items the parser already reported as lost (depth truncation) are not reported again.
  if (v.some((item) => isLossy(item))) return undefined;
  const out: RssProcessor[] = [];
  for (const item of v) {
    const p = rssProcessor(item);
    if (!p) {
      r.lost(name, 'a processor entry carries no ProcessorGroup/ProcessorNumber (export with a greater -Depth)');
      return undefined;
    }
    out.push(p);
  }
  return out;
}

/** Get-NetAdapterRss. */
export function mapRss(r: FieldReader, index: AdapterIndex): void {
  const a = index.ensure(keysOf(r), r.rec.at);
  const s = (a.rss ??= { at: {} });
  readInto(r, s, {
    enabled: 'bool',
    baseProcessorGroup: 'int',
    baseProcessorNumber: 'int',
    maxProcessorGroup: 'int',
    maxProcessorNumber: 'int',
    maxProcessors: 'int',
    numaNode: 'int',
    numberOfReceiveQueues: 'int',
  });
  put(s, s.at, 'profile', r.enum('Profile', RSS_PROFILE), r.at('Profile'));
  put(s, s.at, 'processorArray', rssProcessors(r, 'RssProcessorArray'), r.at('RssProcessorArray'));
  put(s, s.at, 'indirectionTable', rssProcessors(r, 'IndirectionTable'), r.at('IndirectionTable'));
}

/** Get-NetAdapterSriov. */
export function mapSriov(r: FieldReader, index: AdapterIndex): void {
  const a = index.ensure(keysOf(r), r.rec.at);
  const s = (a.sriov ??= { at: {} });
  put(s, s.at, 'enabled', r.bool('Enabled'), r.at('Enabled'));
  const support = r.str('SriovSupport');
  if (support !== undefined) {
    // SriovSupport: 0 Unknown, 1 Supported, 2 MissingAcs, 3 MissingPfDriver... only 1 means supported.
    const supported = support === '1' || /^supported$/i.test(support);
    put(s, s.at, 'supported', supported, r.at('SriovSupport'));
  }
  put(s, s.at, 'numVFs', r.int('NumVFs'), r.at('NumVFs'));
}

/** Processors of a queue from its affinity mask (bit n = processor n within the group). */
function maskProcessors(mask: string): number[] {
  let m: bigint;
  try {
    m = BigInt(mask);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (let i = 0; m > 0n; i++, m >>= 1n) if (m & 1n) out.push(i);
  return out;
}

/** Get-NetAdapterVmqQueue: one allocated queue. */
export function mapVmqQueue(r: FieldReader, index: AdapterIndex): void {
  const a = index.ensure({ name: r.text('Name'), description: r.text('InterfaceDescription') }, r.rec.at);
  const queueId = r.int('QueueID');
  if (queueId === undefined) return;
  const maskRaw = r.value('ProcessorAffinityMask');
  const mask = maskRaw === undefined ? undefined : asString(maskRaw);
  let processors = mask ? maskProcessors(mask) : undefined;
  let group = r.int('ProcessorGroup');
  const proc = r.text('Processor');
  if ((!processors || processors.length === 0) && proc) {
    const m = /^(\d+):(\d+)$/.exec(proc);
    if (m) {
      group ??= Number(m[1]);
      processors = [Number(m[2])];
    }
  }
  const filters = r.list('FilterList');
  let mac = normalizeMac(r.text('MacAddress'));
  let vlan = r.int('VlanID');
  if (!mac && filters && filters.length > 0) {
    // "MAC + VLAN" pairs (an assumed layout: not documented): take the first MAC-looking token.
    const m = /([0-9a-f]{2}[-:]?){5}[0-9a-f]{2}/i.exec(filters[0]);
    if (m) mac = normalizeMac(m[0]);
    const v = /\b(?:vlan\s*)?(\d{1,4})\s*$/i.exec(filters[0]);
    if (vlan === undefined && v && m && !filters[0].trim().endsWith(m[0])) vlan = Number(v[1]);
  }
  a.queues.push({
    queueId,
    ...(group !== undefined ? { processorGroup: group } : {}),
    ...(mask !== undefined ? { processorAffinityMask: mask } : {}),
    ...(processors && processors.length > 0 ? { processors } : {}),
    ...(r.text('VmFriendlyName') ? { vmName: r.text('VmFriendlyName') } : {}),
    ...(r.text('VmID') ? { vmId: r.text('VmID')!.toLowerCase() } : {}),
    ...(mac ? { macAddress: mac } : {}),
    ...(vlan !== undefined ? { vlanId: vlan } : {}),
    ...(r.enum('State', QUEUE_STATE) ? { state: r.enum('State', QUEUE_STATE) } : {}),
    at: r.at('QueueID') ?? r.rec.at,
  });
}

/**
 * Set `meta[k]` when `v` is defined. Module-level, not a closure per call: V8 drops a per-call
 * closure's optimized code at a major GC, and recompiled it in every fleet run.
 */
function setIf<K extends keyof KeywordMeta>(meta: KeywordMeta, k: K, v: KeywordMeta[K] | undefined): void {
  if (v !== undefined) meta[k] = v;
}

/** Get-NetAdapterAdvancedProperty: one keyword observation plus its metadata. */
export function mapAdvancedProperty(r: FieldReader, index: AdapterIndex): void {
  const keyword = r.text('RegistryKeyword');
  if (!keyword) return;
  const instance = r.text('InstanceID');
  const guid = instance && instance.includes('::') ? instance.slice(0, instance.indexOf('::')) : undefined;
  const a = index.ensure({ name: r.text('Name'), description: r.text('InterfaceDescription'), guid }, r.rec.at);
  const raw = r.value('RegistryValue');
  const lost = raw !== undefined && isLossy(raw);
  const items = r.list('RegistryValue');
  const typeCode = r.int('RegistryDataType');
  const at = r.at('RegistryValue') ?? r.at('RegistryKeyword') ?? r.rec.at;
  const meta: KeywordMeta = {};
  const paramType = r.enum('DisplayParameterType', DISPLAY_PARAMETER_TYPE);
  if (paramType && ['enum', 'int', 'long', 'word', 'dword', 'edit'].includes(paramType)) meta.paramType = paramType as KeywordMeta['paramType'];
  setIf(meta, 'displayName', r.text('DisplayName'));
  setIf(meta, 'defaultValue', r.str('DefaultRegistryValue'));
  setIf(meta, 'defaultDisplayValue', r.str('DefaultDisplayValue'));
  const valid = r.list('ValidRegistryValues');
  if (valid && valid.length > 0) meta.validValues = valid;
  const validDisplay = r.list('ValidDisplayValues');
  if (validDisplay && validDisplay.length > 0) meta.validDisplayValues = validDisplay;
  setIf(meta, 'min', r.num('NumericParameterMinValue'));
  setIf(meta, 'max', r.num('NumericParameterMaxValue'));
  setIf(meta, 'step', r.num('NumericParameterStepValue'));
  setIf(meta, 'base', r.num('NumericParameterBaseValue'));
  setIf(meta, 'optional', r.bool('Optional'));
  meta.at = r.rec.at;
  addObservation(a, keyword, {
    source: 'cmdlet',
    value: items === undefined ? null : items.length === 1 ? items[0] : items.join(','),
    ...(items && items.length > 1 ? { values: items } : {}),
    ...(typeCode !== undefined ? { type: regTypeOf(typeCode) } : {}),
    ...(lost ? { lost: true } : {}),
    at,
  }, meta, { displayName: r.text('DisplayName'), displayValue: r.str('DisplayValue') });
}

/** Merge one observation (and metadata) of a keyword into an adapter's advanced properties. */
export function addObservation(
  a: Adapter,
  keyword: string,
  obs: AdvancedProperty['observed'][number],
  meta: KeywordMeta | undefined,
  display?: { displayName?: string; displayValue?: string },
): void {
  const key = keyword.toLowerCase();
  const p = ownEntry(a.advanced, key) ?? setEntry(a.advanced, key, { keyword, value: null, observed: [], at: obs.at });
  p.observed.push(obs);
  if (meta) p.meta = { ...meta, ...(p.meta ?? {}) };
  if (display?.displayName && !p.displayName) p.displayName = display.displayName;
  if (display?.displayValue !== undefined && p.displayValue === undefined) p.displayValue = display.displayValue;
}
