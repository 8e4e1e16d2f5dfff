/**
 * `vmqlint merge RESULT.json...`: join the shard results of `lint FLEET --shard K/N` into one run
 * and finish it as one unsharded `lint` would: fleet rules over every host's summary, duplicate
 * hosts across shards, the traffic profile against the whole fleet, waivers, the baseline, every
 * report and the gate. A missing, duplicated or mismatched shard is refused (exit 2), so a lost
 * CI job can never give a green gate.
 */
import type { Command } from 'commander';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { InputError, UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { mergeDefinition } from './merge-definition.js';

export { MERGE_EXIT_CODES, registerMerge } from './merge-definition.js';
import { finishAndReport, redactError, RuleTimings } from './lint-finish.js';
import { joinCollected, type Gathered } from './lint-gather.js';
import { readLintSettings, type ReportFlags } from './lint-settings.js';
import type { LintSpec, SnapshotOutcome } from './lint-snapshot.js';
import { shardOf, type Collected } from './lint-stream.js';
import { fleetDigest, readShardResult, settingsDigest, type ShardResult } from './shard-result.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** What merge loads from outside; tests swap in small rules. */
export interface MergeDeps {
  loadRules: () => Promise<Rule[]>;
  clock: () => number;
}

export const defaultMergeDeps: MergeDeps = { loadRules: loadCatalogRules, clock: () => performance.now() };

type MergeFlags = ReportFlags;

interface ReadShard {
  file: string;
  doc: ShardResult;
}

/** A shard that does not hold what it says (edited by hand, or cut short): named, with why. */
function checkOne({ file, doc }: ReadShard): void {
  const bad = (detail: string) => new InputError(file, 0, 0, `${detail}; write it again with vmqlint lint --shard ${doc.shard.index}/${doc.shard.count}`);
  if (doc.tool.name !== TOOL_NAME || doc.tool.version !== TOOL_VERSION) {
    throw new InputError(file, 0, 0, `written by ${doc.tool.name} ${doc.tool.version}, this is ${TOOL_NAME} ${TOOL_VERSION}: lint every shard and merge with one version`);
  }
  const { index, count } = doc.shard;
  if (index > count) throw bad(`shard ${index}/${count}: K is above N`);
  const fleet = doc.fleet;
  if (fleet.count !== fleet.snapshots.length || doc.settings.spec.snapshotCount !== fleet.count) throw bad(`fleet.count ${fleet.count} does not match its ${fleet.snapshots.length} snapshots`);
  if (fleetDigest(fleet) !== fleet.digest) throw bad('fleet.digest does not match its snapshot list');
  if (settingsDigest(doc.settings.spec) !== doc.settings.digest) throw bad('settings.digest does not match its settings');
  const mine: number[] = [];
  fleet.snapshots.forEach((s, i) => {
    if (s.shard !== shardOf(s.path, count)) throw bad(`snapshot ${s.path} is listed in shard ${s.shard}, but belongs to shard ${shardOf(s.path, count)} of ${count}`);
    if (s.shard === index) mine.push(i);
  });
  const read = doc.outcomes.map((o) => o.index);
  const missing = mine.filter((i) => !read.includes(i));
  if (missing.length > 0 || read.length !== mine.length || read.some((i, n) => i !== mine[n])) {
    const first = missing.length > 0 ? `snapshot ${fleet.snapshots[missing[0]].path} of this shard has no outcome` : 'its outcomes are not the snapshots of this shard in discovery order';
    throw bad(first);
  }
  for (const o of doc.outcomes) if (o.outline.path !== fleet.snapshots[o.index].path) throw bad(`outcome ${o.index} is of ${o.outline.path}, not ${fleet.snapshots[o.index].path}`);
}

/** The shards together: one N, every K once, one fleet, one set of settings. */
function checkTogether(shards: readonly ReadShard[]): void {
  const n = shards[0].doc.shard.count;
  const otherN = shards.find((s) => s.doc.shard.count !== n);
  if (otherN) throw new UsageError(`${shards[0].file} is shard ${shards[0].doc.shard.index}/${n} but ${otherN.file} is shard ${otherN.doc.shard.index}/${otherN.doc.shard.count}: merge the shards of one split`);
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const seen = byIndex.get(s.doc.shard.index);
    if (seen !== undefined) throw new UsageError(`${seen} and ${s.file} are both shard ${s.doc.shard.index}/${n}: give each shard once`);
    byIndex.set(s.doc.shard.index, s.file);
  }
  const missing: number[] = [];
  for (let k = 1; k <= n; k++) if (!byIndex.has(k)) missing.push(k);
  if (missing.length > 0) {
    const have = [...byIndex].sort((a, b) => a[0] - b[0]).map(([k, f]) => `${k} (${f})`);
    throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')}: merge needs all ${n} (given ${have.join(', ')})`);
  }
  const first = shards[0];
  for (const s of shards) {
    if (s.doc.fleet.digest !== first.doc.fleet.digest) {
      throw new UsageError(`${first.file} and ${s.file} saw different fleets (${first.doc.fleet.count} and ${s.doc.fleet.count} snapshots, digests ${first.doc.fleet.digest.slice(0, 12)} and ${s.doc.fleet.digest.slice(0, 12)}): lint every shard on one checkout of the fleet`);
    }
    if (s.doc.settings.digest !== first.doc.settings.digest) {
      throw new UsageError(`${first.file} and ${s.file} were linted with different settings (config, --rule, --traffic, --max-file-mb or --codepage): lint every shard with the same ones`);
    }
  }
}

/**
 * Under --traffic, a host that stands alone in a fleet of several snapshots simulates every entry,
 * as a lone host does, so the join lints it again from its snapshot (joinOutcomes): merge needs
 * that snapshot where the shards read it. Its old lint still standing means it was not found.
 */
function checkLoneReread(gathered: Gathered, outcomes: readonly SnapshotOutcome[], spec: LintSpec): void {
  if (!spec.traffic || gathered.hosts.length !== 1) return;
  for (const o of outcomes) {
    if (o.hosts.some((h) => h.lint === gathered.hosts[0] && h.traffic)) {
      throw new UsageError(`${o.outline.path}: one host stands in this fleet, and under --traffic it is simulated as a lone host, which reads its snapshot again: run merge in the folder the shards ran in, with the fleet checked out`);
    }
  }
}

/** Run merge with parsed flags; returns the exit code. Usage and input problems throw. */
export async function mergeCommand(files: string[], flags: MergeFlags, io: CommandIo, deps: MergeDeps = defaultMergeDeps): Promise<number> {
  const shards = files.map((f) => readShardResult(f, io.cwd));
  for (const s of shards) checkOne(s);
  checkTogether(shards);
  const recorded = shards[0].doc.settings.spec;
  const s = await readLintSettings({ ...flags, rule: recorded.ruleFlags }, io, deps.loadRules);
  // Waivers and rule settings come from merge's config; it must be the one the shards linted with.
  if (settingsDigest({ ...recorded, ...(s.configPath !== undefined ? { config: { value: s.config, file: '' } } : { config: undefined }) }) !== shards[0].doc.settings.digest) {
    const theirs = recorded.config ? `the config ${recorded.config.file}` : 'no config';
    throw new UsageError(`the config of this merge (${s.configPath !== undefined ? 'found or given here' : 'none'}) is not the one the shards were linted with (${theirs}): give merge the same --config (or --no-config)`);
  }

  const spec: LintSpec = {
    cwd: io.cwd,
    ...(recorded.maxFileBytes !== undefined ? { maxFileBytes: recorded.maxFileBytes } : {}),
    ...(recorded.config ? { config: recorded.config as LintSpec['config'] & object } : {}),
    ruleFlags: recorded.ruleFlags,
    ...(recorded.traffic ? { traffic: recorded.traffic } : {}),
    snapshotCount: recorded.snapshotCount,
    timing: false,
  };
  const outcomes: SnapshotOutcome[] = shards.flatMap((sh) => sh.doc.outcomes.map((o) => ({ ...o, ms: { read: 0, lint: 0 } })));
  outcomes.sort((a, b) => a.index - b.index);
  const fleet = shards[0].doc.fleet;
  const collected: Collected = { spec, snapshots: fleet.snapshots, outcomes, failures: fleet.failures, skipped: fleet.skipped, ms: { discover: 0, work: 0 }, workers: 0, rescued: 0 };
  let gathered: Gathered;
  try {
    gathered = joinCollected(collected, s.catalog.rules as Rule[], deps.clock);
  } catch (err) {
    throw redactError(err, flags.redact, io);
  }
  checkLoneReread(gathered, outcomes, spec);
  return finishAndReport(gathered, s, flags, io, { inputs: `the fleet of ${files.join(', ')}`, clock: deps.clock, timings: new RuleTimings() });
}

/** Register `merge` on a program, with injectable I/O and dependencies. */
export function defineMerge(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: MergeDeps = defaultMergeDeps): void {
  mergeDefinition(program).action(async (results: string[], flags: MergeFlags) => {
    setExitCode(await mergeCommand(results, flags, io(), deps));
  });
}

/** Run `vmqlint merge <argv...>` in-process (tests, embedding); returns the exit code. */
export function runMerge(argv: string[], io: CommandIo, deps: MergeDeps = defaultMergeDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineMerge(program, setExitCode, getIo, deps), ['merge', ...argv], io);
}
