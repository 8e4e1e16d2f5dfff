/** `lint --timing`: time spent in each rule, like ESLint's TIMING table (printed to stderr). */
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
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ');
  // ESLint's layout: a Markdown alignment row whose pipes sit under the ` | ` of the rows.
  const last = widths.length - 1;
  const sep = widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w)}` : `${'-'.repeat(i === last ? w : w + 1)}:`)).join('|');
  return `${[line(head), sep, ...cells.map(line)].join('\n')}\n${rows.length} rules on ${hosts} host${hosts === 1 ? '' : 's'}: ${total.toFixed(3)} ms in rules\n`;
}
