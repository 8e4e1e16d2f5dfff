/**
 * `text` for `vmqlint simulate`: uplinks, summary, per-LP load bars, per-VM offered / delivered /
 * limited-by, the queue-to-LP map, rebalancing events and the assumptions behind the numbers;
 * and the side-by-side view of `simulate --compare`. Pure functions; colour is a parameter.
 */
import { safeText } from './safe-text.js';
import { factsCited } from '../engine/references.js';
import { releaseName } from '../engine/release.js';
import { createColors } from 'picocolors';
import { formatLps } from '../model/processors.js';
import type { SimComparison } from '../sim/compare.js';
import type { SimParamValue, SimResult, SimUplink } from '../sim/types.js';
import { maxOf } from '../model/bulk.js';

type Colors = ReturnType<typeof createColors>;

/** Rebalancing events shown before "... and N more". */
const MAX_EVENTS = 40;
const BAR = 30;

function pct(x: number): string {
  return `${Math.round(x * 100)}%`.padStart(4);
}

/** 1234567 -> "1,234,567" without depending on the runtime's locale data. */
function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function gbps(x: number): string {
  return x.toFixed(2);
}

function bar(util: number, net: number, c: Colors, saturatedAt: number): string {
  const filled = Math.round(Math.min(1, util) * BAR);
  const bg = Math.max(0, Math.min(filled, Math.round(Math.max(0, util - net) * BAR)));
  const body = '='.repeat(bg) + '#'.repeat(filled - bg);
  const paint = util >= saturatedAt ? c.red : util >= 0.75 ? c.yellow : c.green;
  return `[${paint(body)}${' '.repeat(BAR - filled)}]`;
}

/** "2012R2" -> "2012 R2", as Microsoft writes the release names. */
/** "Windows Server 2012 R2", or "release unknown": the one release wording (engine/release.ts). */
export function releaseLabel(release: string): string {
  return releaseName(release, 'release unknown');
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, i) => maxOf(rows.map((r) => r[i].length)));
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

const POLICY_TEXT: Record<SimUplink['policy'], string> = { static: 'static placement', dvmq: 'Dynamic VMQ', dvmmq: 'Dynamic VMMQ' };

function modeText(u: SimUplink): string {
  const mode = { single: 'VMQ off (one receive queue)', rss: 'RSS', vmq: 'VMQ', vmmq: 'VMMQ' }[u.mode];
  const policy = POLICY_TEXT[u.policy];
  const team = u.queueMode === 'sum' ? 'team, Sum-of-Queues' : u.queueMode === 'min' ? 'team, Min-Queues' : 'single NIC';
  return u.mode === 'single' || u.mode === 'rss' ? `${mode}, ${team}` : `${mode}, ${policy}, ${team}`;
}

function uplinkLines(r: SimResult, c: Colors): string[] {
  const lines = [c.bold('Uplinks')];
  for (const u of r.uplinks) {
    const queues = u.mode === 'vmq' || u.mode === 'vmmq' ? `: ${u.queuesAllocated} of ${u.queuesAvailable} VM queues allocated (${u.capacitySource})` : '';
    lines.push(`  ${u.name}  ${modeText(u)}${queues}`);
    for (const m of u.members) {
      const mod = m.moderation.packets <= 1 ? 'moderation off' : `moderation ${m.moderation.packets} packets / ${m.moderation.timerUs} µs`;
      const own = m.policy !== u.policy && (u.mode === 'vmq' || u.mode === 'vmmq') ? `  ${POLICY_TEXT[m.policy]}${m.dynamicAffinity ? '' : ' (no dynamic affinity support)'}` : '';
      lines.push(
        c.dim(
          `    ${m.adapter}  ${m.linkGbps} Gbps  ${m.vmqEnabled ? `${m.queues} queues` : 'VMQ off'}  static LPs ${formatLps(m.staticLps)}  spread LPs ${formatLps(m.dynamicLps)}  default queue LP ${formatLps(m.defaultQueueLps)}  ${mod}${m.vectorCoalescing ? '  vector coalescing' : ''}${own}`,
        ),
      );
    }
  }
  return lines;
}

function summaryLines(r: SimResult, c: Colors): string[] {
  const s = r.summary;
  const lines = [c.bold('Summary') + c.dim(` (steady state: ${r.steadyFromSeconds}-${r.durationSeconds} s)`)];
  lines.push(`  offered ${gbps(s.offeredGbps)} Gbps, delivered ${gbps(s.deliveredGbps)} Gbps`);
  // "saturated: 1" read as a count; name the LPs as LPs.
  const saturated = s.saturatedLps.length > 0 ? c.red(`LP ${formatLps(s.saturatedLps)}`) : 'none';
  lines.push(`  ${s.engagedLps} LP(s) engaged; saturated: ${saturated}; ${thousands(s.interruptsPerSec)} interrupts/s`);
  lines.push(`  VM queues: ${s.queuesAllocated} of ${s.queuesAvailable} allocated`);
  if (s.vmsOnDefaultQueue.length > 0) lines.push(`  on the default queue (${s.vmsOnDefaultQueue.length}): ${s.vmsOnDefaultQueue.join(', ')}`);
  return lines;
}

function lpLines(r: SimResult, c: Colors): string[] {
  const sat = r.params.find((p) => p.name === 'saturatedUtil')?.value ?? 0.95;
  const engaged = r.params.find((p) => p.name === 'engagedThreshold')?.value ?? 0.05;
  const shown = r.lps.filter((l) => l.meanNetwork > engaged / 5 || l.peakUtilization >= 0.5);
  const lines = [c.bold('LP load') + c.dim(' (steady-state mean; = background, # network; peak over the run)')];
  const width = String(r.lps.length - 1).length;
  for (const l of shown) {
    lines.push(`  LP ${String(l.lp).padStart(width)} ${c.dim(`(${l.group}:${l.number})`)} ${bar(l.meanUtilization, l.meanNetwork, c, sat)} ${pct(l.meanUtilization)}  peak ${pct(l.peakUtilization)}`);
  }
  const idle = r.lps.length - shown.length;
  if (idle > 0) lines.push(c.dim(`  ${idle} other LP(s) idle or background only`));
  return lines;
}

function vmLines(r: SimResult, c: Colors): string[] {
  const lines = [c.bold('VMs') + c.dim(' (Gbps of payload, steady-state mean)')];
  if (r.vms.length === 0) return [...lines, '  none'];
  const rows = [['VM', 'vNIC', 'queue', 'LP', 'offered', 'delivered', 'limited by']];
  for (const v of r.vms) {
    const queue = v.queue === 0 ? `default${v.defaultReason ? ` (${v.defaultReason})` : ''}` : `${v.queue}${v.vrss?.active ? ' (vRSS)' : ''}`;
    rows.push([v.vm, v.vnic, queue, v.lps.length > 1 ? formatLps(v.lps) : String(v.lp), gbps(v.offeredGbps), gbps(v.deliveredGbps), v.limitedBy]);
  }
  const body = table(rows);
  lines.push(c.dim(body[0]));
  for (let i = 1; i < body.length; i++) lines.push(r.vms[i - 1].limitedBy === 'none' ? body[i] : c.yellow(body[i]));
  return lines;
}

function queueLines(r: SimResult, c: Colors): string[] {
  const lines = [c.bold('Queue -> LP map') + c.dim(' (end of run)')];
  let current = '';
  for (const q of r.queues) {
    const head = `${q.uplink} / ${q.adapter}`;
    if (head !== current) {
      lines.push(`  ${head}`);
      current = head;
    }
    const name = q.queue === 0 ? 'default' : `queue ${q.queue}`;
    lines.push(`    ${name.padEnd(9)} LP ${formatLps(q.lps).padEnd(8)} ${q.vms.length > 0 ? q.vms.join(', ') : c.dim('(none)')}`);
  }
  if (r.queues.length === 0) lines.push('  no vSwitch uplinks');
  return lines;
}

function eventLines(r: SimResult, c: Colors): string[] {
  const moves = r.events.filter((e) => e.kind === 'spread' || e.kind === 'pack');
  const lines = [c.bold(`Rebalancing events (${moves.length}${r.summary.eventsDropped > 0 ? `, ${r.summary.eventsDropped} more not kept` : ''})`)];
  if (moves.length === 0) return [...lines, '  none'];
  for (const e of moves.slice(0, MAX_EVENTS)) {
    const part = e.share !== undefined && e.share < 1 ? ` ${Math.round(e.share * 1000) / 10}% of` : '';
    lines.push(`  ${e.t.toFixed(1).padStart(8)} s  ${(e.kind === 'spread' ? c.yellow : c.cyan)(e.kind.padEnd(6))} ${part ? `${part.trim()} ` : ''}${e.vm}/${e.vnic} queue ${e.queue} (${e.adapter}): LP ${e.from} -> LP ${e.to}  ${c.dim(e.reason)}`);
  }
  if (moves.length > MAX_EVENTS) lines.push(c.dim(`  ... and ${moves.length - MAX_EVENTS} more (see --format json)`));
  return lines;
}

function assumptionLines(r: SimResult, c: Colors): string[] {
  const overridden = r.params.filter((p) => p.overridden);
  const lines = [c.bold('Assumptions') + c.dim(' (unpublished values are GUESS; override with --param NAME=VALUE)')];
  for (const p of overridden) lines.push(`  ${c.cyan('override')} ${p.name}=${p.value} ${p.unit} (default ${p.default})`);
  for (const a of r.assumptions) lines.push(c.dim(`  - ${a}`));
  const guesses = r.params.filter((p) => p.assumption).map((p) => `${p.name}=${p.value}`);
  lines.push(c.dim(`  - GUESS values in use (vmqlint simulate --list-params gives units and sources): ${guesses.join(', ')}`));
  return lines;
}

/** The simulation as text. */
function formatSimTextUnsafe(r: SimResult, color: boolean): string {
  const c = createColors(color);
  const head = `${c.bold(`Simulation of ${r.host}`)} ${c.dim(`(${releaseLabel(r.release)}, ${r.durationSeconds} s at ${r.tickMs} ms ticks)`)}`;
  const sections = [[head], uplinkLines(r, c), summaryLines(r, c), lpLines(r, c), vmLines(r, c), queueLines(r, c), eventLines(r, c), assumptionLines(r, c)];
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}

function lpsText(lps: number[]): string {
  return lps.length > 0 ? formatLps(lps) : 'none';
}

/** `simulate --compare`: before and after side by side. */
function formatSimCompareTextUnsafe(cmp: SimComparison, color: boolean): string {
  const c = createColors(color);
  const b = cmp.before;
  const a = cmp.after;
  const sign = (x: number): string => (x > 0 ? c.green(`+${gbps(x)}`) : x < 0 ? c.red(gbps(x)) : gbps(x));
  const lines = [c.bold(`Predicted impact: ${b.host} -> ${a.host}`), ''];
  lines.push(
    ...table([
      ['', 'before', 'after'],
      ['delivered Gbps', gbps(b.deliveredGbps), `${gbps(a.deliveredGbps)} (${sign(cmp.deltaDeliveredGbps)})`],
      ['offered Gbps', gbps(b.offeredGbps), gbps(a.offeredGbps)],
      ['VM queues allocated/available', `${b.queuesAllocated}/${b.queuesAvailable}`, `${a.queuesAllocated}/${a.queuesAvailable}`],
      ['saturated LPs', lpsText(b.saturatedLps), lpsText(a.saturatedLps)],
      ['engaged LPs', String(b.engagedLps), String(a.engagedLps)],
      ['interrupts/s', thousands(b.interruptsPerSec), thousands(a.interruptsPerSec)],
      ['on the default queue', String(b.vmsOnDefaultQueue.length), String(a.vmsOnDefaultQueue.length)],
    ]),
  );
  if (cmp.newlySaturatedLps.length > 0) lines.push('', `  ${c.red('newly saturated LPs')}: ${formatLps(cmp.newlySaturatedLps)}`);
  if (cmp.relievedLps.length > 0) lines.push('', `  ${c.green('relieved LPs')}: ${formatLps(cmp.relievedLps)}`);
  if (cmp.movedToDefaultQueue.length > 0) lines.push('', `  ${c.red('moved to the default queue')}: ${cmp.movedToDefaultQueue.join(', ')}`);
  if (cmp.movedOffDefaultQueue.length > 0) lines.push('', `  ${c.green('got a queue')}: ${cmp.movedOffDefaultQueue.join(', ')}`);
  const changed = cmp.vms.filter((v) => Math.abs(v.deltaGbps) >= 0.01 || v.before?.queue !== v.after?.queue || v.before?.limitedBy !== v.after?.limitedBy);
  lines.push('', c.bold('VMs that change'));
  if (changed.length === 0) lines.push('  none');
  else {
    const rows = [['vNIC', 'before', 'after', 'delta Gbps']];
    const side = (s: SimComparison['vms'][number]['before']): string => (s ? `${gbps(s.deliveredGbps)} q${s.queue} LP ${s.lp} ${s.limitedBy}` : '(absent)');
    for (const v of changed) rows.push([v.label, side(v.before), side(v.after), v.deltaGbps > 0 ? `+${gbps(v.deltaGbps)}` : gbps(v.deltaGbps)]);
    for (const item of table(rows)) lines.push(item);
  }
  return lines.join('\n') + '\n';
}

/** GUESS, sourced ([SRC]/[DERIVED]), or a setting (seed, reporting and solver choices). */
function paramKind(p: SimParamValue): string {
  if (p.assumption) return 'GUESS';
  return /^\[(SRC|DERIVED)\]/.test(p.source) ? 'sourced' : 'setting';
}

/** `simulate --list-params`: every parameter with its value, unit and source. */
export function formatParamsText(params: readonly SimParamValue[], color: boolean): string {
  const c = createColors(color);
  const rows = [['name', 'value', 'unit', 'kind', 'source']];
  for (const p of params) rows.push([p.name, String(p.value), p.unit, `${paramKind(p)}${p.overridden ? ` (overridden; default ${p.default})` : ''}`, p.source]);
  const body = table(rows, '');
  const legend = 'GUESS: not published anywhere; stated as an assumption in every output. sourced: published or derived from published figures. setting: a reporting or solver choice, not a claim about Windows. Override with --param NAME=VALUE.';
  // The sources cite published facts by number (F3); each is listed once with its public source.
  const facts = factsCited(params.map((p) => p.source).join('\n')).map((f) => `${f.tag}: ${f.title}: ${f.url}`);
  return [c.bold(body[0]), ...body.slice(1)].join('\n') + '\n' + c.dim(legend) + '\n' + (facts.length ? `\nFacts cited:\n${facts.map((f) => `  ${f}`).join('\n')}\n` : '');
}

/** formatSimText for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatSimText(r: SimResult, color: boolean): string {
  return safeText(formatSimTextUnsafe(r, color));
}

/** formatSimCompareText for a terminal or CI log: names from exports cannot inject escapes or CI commands. */
export function formatSimCompareText(cmp: SimComparison, color: boolean): string {
  return safeText(formatSimCompareTextUnsafe(cmp, color));
}
