/** `vmqlint show` text: a readable summary of each host model plus coverage per source. */
import { safeText } from './safe-text.js';
import { linesText } from './common.js';
import { createColors } from 'picocolors';
import type { Adapter, Host } from '../model/host.js';
import { formatLps, hyperThreaded, logicalCount, rssProcessorSet, vmqProcessorSet } from '../model/processors.js';
import { switchQueueCapacity } from '../model/queues.js';
import { ownEntry } from '../model/keyed.js';

export interface ShowTextInput {
  /** Read one at a time when streamed: each model can be dropped once its piece is made. */
  hosts: Iterable<Host>;
  failures: { host?: string; file: string; message: string }[];
  skipped: { file: string; reason: string }[];
  /** Load warnings, e.g. a snapshot that names several hosts. */
  warnings?: { file: string; message: string }[];
}

function speed(bps: number | undefined): string {
  if (bps === undefined) return '?';
  if (bps >= 1e9) return `${+(bps / 1e9).toFixed(1)} Gbps`;
  if (bps >= 1e6) return `${+(bps / 1e6).toFixed(0)} Mbps`;
  return `${bps} bps`;
}

function onOff(v: boolean | undefined): string {
  return v === undefined ? '?' : v ? 'on' : 'off';
}

function adapterLine(host: Host, a: Adapter, c: ReturnType<typeof createColors>): string[] {
  const lines: string[] = [];
  const desc = a.interfaceDescription && a.interfaceDescription !== a.name ? ` (${a.interfaceDescription})` : '';
  lines.push(`  ${c.bold(a.name)}${desc}  ${a.kind}, ${speed(a.linkSpeedBps)}${a.driver.version ? `, driver ${a.driver.version}` : ''}`);
  const vmqSet = vmqProcessorSet(host, a);
  if (a.vmq) {
    const v = a.vmq;
    lines.push(`    VMQ ${onOff(v.enabled)}  base ${v.baseProcessorGroup ?? 0}:${v.baseProcessorNumber ?? '?'}  max ${v.maxProcessorNumber ?? '?'}  MaxProcessors ${v.maxProcessors ?? '?'}  queues ${v.numberOfReceiveQueues ?? '?'}${vmqSet ? `  LPs ${formatLps(vmqSet.lps)}` : ''}`);
  } else if (vmqSet) {
    lines.push(`    VMQ (keywords)  LPs ${formatLps(vmqSet.lps)}`);
  }
  if (a.rss) {
    const r = a.rss;
    const set = rssProcessorSet(host, a);
    lines.push(`    RSS ${onOff(r.enabled)}  base ${r.baseProcessorGroup ?? 0}:${r.baseProcessorNumber ?? '?'}  MaxProcessors ${r.maxProcessors ?? '?'}  profile ${r.profile ?? '?'}${set ? `  LPs ${formatLps(set.lps)}${set.lpsFrom === 'RssProcessorArray' ? ' (RssProcessorArray)' : ''}` : ''}`);
  }
  const adv = Object.values(a.advanced);
  if (adv.length > 0) {
    const shown = ['*vmq', '*rss', '*jumbopacket', '*sriov', '*rssbaseprocnumber', '*maxrssprocessors']
      .map((k) => ownEntry(a.advanced, k))
      .filter((p) => p !== undefined)
      .map((p) => `${p.keyword}=${p.value ?? 'null'}${p.type && p.type !== 'REG_SZ' ? c.yellow(`(${p.type})`) : ''}${p.fromDefault ? c.dim('(default)') : ''}`);
    lines.push(`    ${adv.length} advanced properties${shown.length ? `: ${shown.join(' ')}` : ''}`);
  }
  if (a.queues.length > 0) lines.push(`    ${a.queues.length} allocated queues`);
  return lines;
}

/** NUMA nodes as exported; none at all means Get-VMHostNumaNode was not exported, so unknown (a host has at least one). */
function numaText(h: Host): string {
  const n = h.processors.numaNodes.length;
  return n === 0 ? '? NUMA nodes' : `${n} NUMA node${n === 1 ? '' : 's'}`;
}

/** One host's piece of the summary, before it is made safe. */
function hostUnsafeText(h: Host, c: ReturnType<typeof createColors>): string {
  const out: string[] = [];
  const lps = logicalCount(h);
  const ht = hyperThreaded(h);
  out.push(c.bold(c.cyan(h.name)));
  out.push(`  OS: ${h.os.caption ?? '?'} (release ${h.os.release}${h.os.build !== undefined ? `, build ${h.os.build}` : ''}, ${h.os.family})`);
  out.push(`  Processors: ${lps ?? '?'} LPs, ${h.processors.cores ?? '?'} cores, hyper-threading ${ht === undefined ? '?' : ht ? 'on' : 'off'}, ${numaText(h)}, ${h.processors.groups.length} groups`);
  if (h.vmsmp.tenGigVmqEnabled !== undefined || h.vmsmp.belowTenGigVmqEnabled !== undefined) {
    out.push(`  VMSMP: TenGigVmqEnabled=${h.vmsmp.tenGigVmqEnabled ?? '-'} BelowTenGigVmqEnabled=${h.vmsmp.belowTenGigVmqEnabled ?? '-'}`);
  }
  out.push(c.bold(`  Adapters (${h.adapters.length})`));
  for (const a of h.adapters) for (const item of adapterLine(h, a, c)) out.push(item);
  if (h.teams.length > 0) {
    out.push(c.bold(`  Teams (${h.teams.length})`));
    for (const t of h.teams) {
      out.push(`  ${c.bold(t.name)}  ${t.kind.toUpperCase()} ${t.teamingMode ?? '?'} / ${t.loadBalancingAlgorithm ?? '?'}  ${t.queueMode === 'sum' ? 'Sum-of-Queues' : 'Min-Queues'}  members: ${t.members.map((m) => m.name + (m.administrativeMode === 'Standby' ? ' (standby)' : '')).join(', ')}`);
    }
  }
  if (h.switches.length > 0) {
    out.push(c.bold(`  Switches (${h.switches.length})`));
    for (const s of h.switches) {
      const cap = switchQueueCapacity(h, s);
      const uplinks = s.uplinks.map((id) => h.adapters.find((a) => a.id === id)?.name ?? id);
      out.push(`  ${c.bold(s.name)}  ${s.switchType ?? '?'}${s.embeddedTeaming ? ', SET' : ''}, IOV ${onOff(s.iovEnabled)}, uplinks: ${uplinks.join(', ') || '-'}, VM queues ${cap.queues ?? '?'}`);
    }
  }
  if (h.vnics.length > 0) {
    out.push(c.bold(`  vNICs (${h.vnics.length})`));
    for (const v of h.vnics) {
      out.push(`  ${v.isManagementOs ? 'host' : v.vmName ?? '?'} / ${v.name}  switch ${v.switchName ?? '?'}  VmqWeight ${v.vmqWeight ?? '?'}  IovWeight ${v.iovWeight ?? '?'}`);
    }
  }
  out.push(c.bold('  Coverage'));
  for (const s of h.sources) {
    out.push(`  ${s.file}  ${s.format}${s.psVersion ? ` (PowerShell ${s.psVersion})` : ''}, ${s.encoding}: ${s.objects} objects, ${s.propertiesMapped} properties mapped, ${s.propertiesUnknown > 0 ? c.yellow(`${s.propertiesUnknown} not understood`) : '0 not understood'}${s.kinds.length ? ` [${s.kinds.join(', ')}]` : ''}`);
  }
  if (h.unknown.length > 0) {
    out.push(c.yellow(`  Not understood (${h.unknown.reduce((n, u) => n + u.count, 0)}):`));
    for (const u of h.unknown) out.push(`    ${u.kind} ${u.name}${u.context ? ` (${u.context})` : ''}${u.count > 1 ? ` x${u.count}` : ''}  ${u.at.file}:${u.at.line}`);
  }
  if (h.lossy.length > 0) {
    out.push(c.yellow(`  Lost by the export format (${h.lossy.length}):`));
    for (const l of h.lossy) out.push(`    ${l.what}: ${l.reason}  ${l.at.file}:${l.at.line}`);
  }
  if (h.conflicts.length > 0) {
    out.push(c.yellow(`  Registry and cmdlet disagree (${h.conflicts.length}):`));
    for (const k of h.conflicts) {
      const a = h.adapters.find((x) => x.id === k.adapterId);
      out.push(`    ${a?.name ?? k.adapterId} ${k.keyword}: registry ${k.registry.value}${k.registry.type ? ` (${k.registry.type})` : ''}, cmdlet ${k.cmdlet.value}${k.cmdlet.type ? ` (${k.cmdlet.type})` : ''}`);
    }
  }
  out.push('');
  return linesText(out);
}

/** One host's piece of the summary, made safe (whole lines): what showTextChunks writes for it, so worker threads can render hosts apart. */
export function showHostText(h: Host, color: boolean): string {
  return safeText(hostUnsafeText(h, createColors(color)));
}

/** The summary's closing piece (problems and the count of `hosts` written), made safe. */
export function showTextFooter(input: Omit<ShowTextInput, 'hosts'>, hosts: number, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [];
  for (const f of input.failures) out.push(c.red(`error: ${f.host ? `host ${f.host}: ` : ''}${f.message}`));
  for (const s of input.skipped) out.push(c.dim(`skipped: ${s.file} (${s.reason})`));
  for (const w of input.warnings ?? []) out.push(c.yellow(`warning: ${w.message}`));
  out.push(`${hosts} host${hosts === 1 ? '' : 's'} read${input.failures.length ? `, ${input.failures.length} failed` : ''}${input.skipped.length ? `, ${input.skipped.length} file${input.skipped.length === 1 ? '' : 's'} skipped` : ''}`);
  return safeText(linesText(out));
}

/** The summary in pieces of whole lines (a piece a host, then the problems and the count), made safe for a terminal or CI log (names from exports cannot inject escapes or CI commands). Colour is a parameter, never sniffed here. */
export function* showTextChunks(input: ShowTextInput, color: boolean): Generator<string> {
  // Counted as they go by: the hosts may be a stream read once.
  let hosts = 0;
  for (const h of input.hosts) {
    hosts++;
    yield showHostText(h, color);
  }
  yield showTextFooter(input, hosts, color);
}

/** Format the summary as one string (showTextChunks, joined). */
export function formatShowText(input: ShowTextInput, color: boolean): string {
  return [...showTextChunks(input, color)].join('');
}
