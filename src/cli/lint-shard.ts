/**
 * `lint FLEET --shard K/N`: one CI job's share of a fleet. The job discovers the whole fleet (so
 * every shard agrees on it), reads and lints only the snapshots of shard K, and writes a shard
 * result for `vmqlint merge` instead of reports: everything that needs the whole fleet (fleet
 * rules, duplicate hosts, waivers, the baseline, the gate) is decided at merge.
 */
import { currentDefaultCodepage } from '../ingest/netview/load-hook.js';
import { UsageError } from '../model/errors.js';
import type { CommandIo } from './command-io.js';
import { collectStreamed, phaseSummary, type StreamedOptions } from './lint-gather.js';
import type { ReportFlags } from './lint-settings.js';
import type { Shard } from './lint-stream.js';
import { writeOutputChunks } from './report-stream.js';
import { shardResult, shardResultChunks } from './shard-result.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Flags that belong to merge, with what to say when one is given to a shard. */
const MERGE_ONLY: [keyof ReportFlags, string][] = [
  ['format', '--format'],
  ['writeBaseline', '--write-baseline'],
  ['fixScript', '--fix-script'],
  ['baseline', '--baseline'],
  ['waivers', '--waivers'],
  ['maxWarnings', '--max-warnings'],
  ['exitZero', '--exit-zero'],
  ['redact', '--redact'],
  ['now', '--now'],
];

/** `--shard K/N` (1 <= K <= N, as Jest and Playwright count); refuses the flags that belong to merge. */
export function parseShardFlag(value: string, flags: ReportFlags): Shard {
  const m = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/.exec(value);
  if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard ${value}: expected K/N with 1 <= K <= N <= 999999 (e.g. --shard 2/4)`);
  for (const [key, name] of MERGE_ONLY) {
    if (flags[key] !== undefined && flags[key] !== false) {
      throw new UsageError(`${name} belongs to vmqlint merge: a shard writes only its shard result (to --output-file or stdout); give ${name} to merge`);
    }
  }
  if (flags.failOn !== 'error') throw new UsageError('--fail-on belongs to vmqlint merge: the gate is applied to the whole fleet there');
  return { index: Number(m[1]), count: Number(m[2]) };
}

/**
 * Lint this shard's snapshots and write the shard result; 0 once written. Input failures are
 * recorded in the result (merge exits 2 for them); a fleet with nothing in it is a usage error.
 */
export async function writeShard(paths: string[], opts: StreamedOptions & { shard: Shard }, flags: ReportFlags, io: CommandIo): Promise<number> {
  // Timings are left out of the result (it is deterministic), so none are measured per rule.
  const start = opts.clock();
  const { collected, cache } = await collectStreamed(paths, { ...opts, spec: { ...opts.spec, timing: false } });
  if (collected.snapshots.length === 0 && collected.failures.length === 0) throw new UsageError(`no host found in ${paths.join(', ')}`);
  const doc = shardResult(collected, opts.shard, { name: TOOL_NAME, version: TOOL_VERSION }, opts.load.codepage ?? currentDefaultCodepage());
  await writeOutputChunks({ format: 'shard', ...(flags.outputFile !== undefined ? { path: flags.outputFile } : {}) }, shardResultChunks(doc), io);
  if (flags.outputFile !== undefined && !flags.quiet) {
    io.stderr(`vmqlint: wrote shard ${opts.shard.index}/${opts.shard.count} (${collected.outcomes.length} of ${collected.snapshots.length} snapshots) to ${flags.outputFile}\n`);
  }
  if (flags.timing) io.stderr(phaseSummary(collected, cache?.stats, start, opts.clock, { fleetRulesMs: 0, reportMs: 0, hosts: collected.outcomes.reduce((n, o) => n + o.hosts.length, 0) }));
  return 0;
}
