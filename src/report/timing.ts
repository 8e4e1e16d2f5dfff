/**
 * `lint --timing`: where the time went. A summary of the run's phases (share of the wall time,
 * hosts a second, peak memory, cache hits) and the time spent in each rule, like ESLint's TIMING
 * table; both printed to stderr.
 */
import { ordinal } from '../engine/catalog.js';

export interface RuleTiming {
  ruleId: string;
  /** Total milliseconds over every host. */
  ms: number;
  /** Hosts the rule ran on. */
  runs: number;
}

/** A table of rules by total time, slowest first, with each rule's share. */
export function formatTiming(timings: readonly RuleTiming[], hosts: number): string {
  const rows = [...timings].sort((a, b) => b.ms - a.ms || ordinal(a.ruleId, b.ruleId));
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const cells = rows.map((r) => [r.ruleId, r.ms.toFixed(3), r.runs > 0 ? (r.ms / r.runs).toFixed(4) : '0', total > 0 ? `${((100 * r.ms) / total).toFixed(1)}%` : '0.0%']);
  const head = ['Rule', 'Time (ms)', 'Per host (ms)', 'Relative'];
  return `${table(head, cells)}\n${rows.length} rules on ${hosts} host${hosts === 1 ? '' : 's'}: ${total.toFixed(3)} ms in rules\n`;
}

/** ESLint's layout: the first column left-aligned, the others right; a Markdown alignment row whose pipes sit under the ` | ` of the rows. */
function table(head: readonly string[], cells: readonly string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ');
  const last = widths.length - 1;
  const sep = widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w)}` : `${'-'.repeat(i === last ? w : w + 1)}:`)).join('|');
  return [line(head), sep, ...cells.map(line)].join('\n');
}

/** The phases of a lint run, in pipeline order: the names the summary expects (others are printed as given). */
export const RUN_PHASES = ['discover', 'read+parse', 'assemble', 'lint rules', 'fleet rules', 'report writing'] as const;

export interface PhaseTiming {
  /** One of RUN_PHASES, or another name (`cache lookups`, `simulate`). */
  phase: string;
  /** Milliseconds spent in the phase; with workers, summed over them. */
  ms: number;
}

/** What `lint --timing` measured over the whole run; the CLI gathers it, so the formatter stays pure. */
export interface RunTiming {
  /** Wall time of the run, start to exit, in milliseconds. */
  wallMs: number;
  /** Hosts linted (from the cache or not). */
  hosts: number;
  /** Phases in the order to print them; a phase of 0 ms is printed (it ran, and was fast). */
  phases: readonly PhaseTiming[];
  /** Worker threads that ran the phases; above 1 the phases add up to more than the wall time. */
  jobs?: number;
  /** `--cache`: snapshots answered from the cache, and those parsed and linted afresh. */
  cache?: { hits: number; misses: number; rejected?: number; pruned?: number };
  /** Peak resident set size in KiB, as `process.resourceUsage().maxRSS` gives it. */
  maxRssKiB?: number;
}

/** Thousands separated by commas, whatever the locale (output is byte-identical everywhere). */
function grouped(n: number, decimals: number): string {
  const [int, frac] = n.toFixed(decimals).split('.');
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? withCommas : `${withCommas}.${frac}`;
}

/**
 * Where the time went: each phase's milliseconds and share of the wall time, then the rest of the
 * wall time (start-up, waiting on disk or workers) when the phases leave some, then hosts a second,
 * peak RSS and cache hits.
 */
export function formatPhaseSummary(run: RunTiming): string {
  const share = (ms: number) => (run.wallMs > 0 ? `${((100 * ms) / run.wallMs).toFixed(1)}%` : '-');
  const rows = run.phases.map((p) => [p.phase, grouped(p.ms, 1), share(p.ms)]);
  const jobs = run.jobs ?? 1;
  const spent = run.phases.reduce((s, p) => s + p.ms, 0);
  // Phases summed over several workers can exceed the wall time; the rest then means nothing.
  if (jobs <= 1 && run.wallMs - spent >= 0.05) rows.push(['other', grouped(run.wallMs - spent, 1), share(run.wallMs - spent)]);
  const facts = [`${run.hosts} host${run.hosts === 1 ? '' : 's'} in ${grouped(run.wallMs / 1000, 1)} s`];
  if (run.wallMs > 0) facts.push(`${grouped(run.hosts / (run.wallMs / 1000), 1)} hosts/s`);
  if (jobs > 1) facts.push(`${jobs} jobs (phase times are summed over them)`);
  if (run.maxRssKiB !== undefined) facts.push(`peak RSS ${grouped(run.maxRssKiB / 1024, 0)} MiB`);
  if (run.cache) {
    const asked = run.cache.hits + run.cache.misses;
    facts.push(`cache ${run.cache.hits} hit${run.cache.hits === 1 ? '' : 's'}, ${run.cache.misses} miss${run.cache.misses === 1 ? '' : 'es'}${asked > 0 ? ` (${((100 * run.cache.hits) / asked).toFixed(1)}% hits)` : ''}${run.cache.rejected ? `, ${run.cache.rejected} rejected (corrupt or of another version)` : ''}${run.cache.pruned ? `, ${run.cache.pruned} unused entr${run.cache.pruned === 1 ? 'y' : 'ies'} pruned` : ''}`);
  }
  return `${table(['Phase', 'Time (ms)', 'Share of wall'], rows)}\n${facts.join('; ')}\n`;
}
