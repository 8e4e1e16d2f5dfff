/** Maps OS and processor objects (Get-ComputerInfo, Win32_*, Get-VMHostNumaNode) onto the host. */
import type { Host, NumaNode, OsInfo, ProductFamily, Release } from '../model/host.js';
import { MAX_PROC_PER_GROUP } from '../model/processors.js';
import { asInt } from './coerce.js';
import type { FieldReader } from './fields.js';

/** Windows Server releases by build number (first build of each release). */
const SERVER_BUILDS: readonly [number, Release][] = [
  [7600, '2008R2'],
  [9200, '2012'],
  [9600, '2012R2'],
  [14393, '2016'],
  [17763, '2019'],
  [20348, '2022'],
  [26100, '2025'],
];

/** Release named in a caption ("Microsoft Windows Server 2012 R2 Datacenter"). */
function releaseFromCaption(caption: string): Release | undefined {
  const m = /Windows Server (2008 R2|2012 R2|2012|2016|2019|2022|2025)/i.exec(caption);
  if (!m) return undefined;
  return m[1].replace(/\s+/g, '').toUpperCase() as Release;
}

/**
 * Release from the build. Azure Stack HCI / Azure Local share Server's numbers, so a build is
 * mapped to the Server release whose codebase it follows: 17784 (HCI 20H2) to 2019, 20348/20349
 * (HCI 21H2/22H2) and 25398 (23H2) to 2022, 26100 (24H2) to 2025. The caption decides first.
 */
function releaseFromBuild(build: number): Release {
  let found: Release = 'unknown';
  for (const [first, release] of SERVER_BUILDS) if (build >= first) found = release;
  return found;
}

function familyOf(caption: string | undefined): ProductFamily {
  if (!caption) return 'unknown';
  if (/Azure Local/i.test(caption)) return 'AzureLocal';
  if (/Azure Stack HCI/i.test(caption)) return 'AzureStackHCI';
  if (/Windows Server|Hyper-V Server/i.test(caption)) return 'WindowsServer';
  if (/Windows (10|11|8|7)/i.test(caption)) return 'WindowsClient';
  return 'unknown';
}

/** Recompute release and family from what is known of the OS. */
export function resolveRelease(os: OsInfo): void {
  os.family = familyOf(os.caption);
  const byCaption = os.caption ? releaseFromCaption(os.caption) : undefined;
  if (byCaption) os.release = byCaption;
  else if (os.family === 'WindowsClient') os.release = 'unknown';
  else if (os.build !== undefined) os.release = releaseFromBuild(os.build);
  else os.release = 'unknown';
}

function buildFromVersion(version: string | undefined): number | undefined {
  const m = version ? /^\d+\.\d+\.(\d+)/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

/** Win32_OperatingSystem. */
export function mapOperatingSystem(r: FieldReader, host: Host): void {
  const caption = r.text('Caption');
  const version = r.text('Version');
  const build = r.int('BuildNumber') ?? buildFromVersion(version);
  if (caption) (host.os.caption = caption), (host.at['os.caption'] = r.at('Caption')!);
  if (version) (host.os.version = version), (host.at['os.version'] = r.at('Version')!);
  if (build !== undefined) (host.os.build = build), (host.at['os.build'] = (r.at('BuildNumber') ?? r.at('Version'))!);
}

/** Get-ComputerInfo: OS and processor counts. */
export function mapComputerInfo(r: FieldReader, host: Host): void {
  // Both names are read (so neither is listed as not understood); OsName is the finer one.
  const osName = r.text('OsName');
  const productName = r.text('WindowsProductName');
  const caption = osName ?? productName;
  const version = r.text('OsVersion');
  const build = r.int('OsBuildNumber') ?? buildFromVersion(version);
  if (caption && !host.os.caption) (host.os.caption = caption), (host.at['os.caption'] = r.at(osName ? 'OsName' : 'WindowsProductName')!);
  if (version && !host.os.version) (host.os.version = version), (host.at['os.version'] = r.at('OsVersion')!);
  if (build !== undefined && host.os.build === undefined) (host.os.build = build), (host.at['os.build'] = (r.at('OsBuildNumber') ?? r.at('OsVersion'))!);
  const logical = r.int('CsNumberOfLogicalProcessors');
  const sockets = r.int('CsNumberOfProcessors');
  if (logical !== undefined && host.processors.logical === undefined) (host.processors.logical = logical), (host.at['processors.logical'] = r.at('CsNumberOfLogicalProcessors')!);
  if (sockets !== undefined && host.processors.sockets === undefined) (host.processors.sockets = sockets), (host.at['processors.sockets'] = r.at('CsNumberOfProcessors')!);
  const cpus = r.value('CsProcessors');
  if (Array.isArray(cpus) && host.processors.cores === undefined) {
    let cores = 0;
    let lps = 0;
    let complete = cpus.length > 0;
    for (const c of cpus) {
      if (c && typeof c === 'object' && '$object' in c) {
        const n = c.fields.numberofcores ? asInt(c.fields.numberofcores.value) : undefined;
        const l = c.fields.numberoflogicalprocessors ? asInt(c.fields.numberoflogicalprocessors.value) : undefined;
        if (n === undefined) complete = false;
        cores += n ?? 0;
        lps += l ?? 0;
      } else complete = false;
    }
    if (complete) {
      host.processors.cores = cores;
      host.at['processors.cores'] = r.at('CsProcessors')!;
      if (host.processors.logical === undefined && lps > 0) host.processors.logical = lps;
    }
  }
}

/** Win32_Processor: one object per socket; cores and LPs add up. */
export function mapProcessor(r: FieldReader, host: Host, acc: { cores: number; logical: number; sockets: number }): void {
  const cores = r.int('NumberOfCores');
  const logical = r.int('NumberOfLogicalProcessors');
  if (cores !== undefined) acc.cores += cores;
  if (logical !== undefined) acc.logical += logical;
  acc.sockets++;
  if (r.at('NumberOfCores')) host.at['processors.cores'] ??= r.at('NumberOfCores')!;
  if (r.at('NumberOfLogicalProcessors')) host.at['processors.logical'] ??= r.at('NumberOfLogicalProcessors')!;
}

/** Get-VMHostNumaNode: node id and its LP count (ProcessorsAvailability has one entry per LP). */
export function mapNumaNode(r: FieldReader, nodes: { id: number; count: number }[], host: Host): void {
  const id = r.int('NodeId');
  const avail = r.value('ProcessorsAvailability');
  if (id === undefined || !Array.isArray(avail)) return;
  nodes.push({ id, count: avail.length });
  host.at[`processors.numa.${id}`] = r.at('NodeId')!;
}

/**
 * Finish the processor layout. NUMA nodes hold contiguous LP ranges in node order (ASSUMED: the
 * export gives counts, not LP numbers). Groups pack whole NUMA nodes up to 64 LPs, as Windows
 * does; without NUMA data, groups are 64-LP chunks.
 */
export function finishProcessors(host: Host, nodes: { id: number; count: number }[]): void {
  const p = host.processors;
  const sorted = [...nodes].sort((a, b) => a.id - b.id);
  let next = 0;
  const numa: NumaNode[] = [];
  for (const n of sorted) {
    // A loop, not Array.from with an arrow: a closure made per call is compiled again after each major GC.
    const lps: number[] = [];
    for (let i = 0; i < n.count; i++) lps.push(next + i);
    numa.push({ id: n.id, lps });
    next += n.count;
  }
  p.numaNodes = numa;
  if (p.logical === undefined && next > 0) p.logical = next;
  if (p.logical !== undefined && p.cores !== undefined) p.hyperThreading = p.logical > p.cores;
  p.groups = [];
  if (p.logical !== undefined) {
    if (p.logical <= MAX_PROC_PER_GROUP) {
      p.groups.push({ group: 0, size: p.logical });
      p.layoutSource = numa.length > 0 ? 'Get-VMHostNumaNode, one processor group' : 'one processor group';
    } else if (numa.length > 0 && numa.every((n) => n.lps.length <= MAX_PROC_PER_GROUP)) {
      let size = 0;
      for (const n of numa) {
        if (size + n.lps.length > MAX_PROC_PER_GROUP) {
          p.groups.push({ group: p.groups.length, size });
          size = 0;
        }
        size += n.lps.length;
      }
      if (size > 0) p.groups.push({ group: p.groups.length, size });
      p.layoutSource = 'assumed: whole NUMA nodes packed into groups of at most 64 LPs';
    } else {
      for (let left = p.logical; left > 0; left -= MAX_PROC_PER_GROUP) p.groups.push({ group: p.groups.length, size: Math.min(left, MAX_PROC_PER_GROUP) });
      p.layoutSource = 'assumed: groups of 64 LPs';
    }
  }
}
