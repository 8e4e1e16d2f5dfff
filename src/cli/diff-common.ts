/**
 * What `diff`, `drift` and `fleet` share: the config (`diff.ignore`, `desired`, the rules' settings
 * and waivers), loading each side, the lint runner the diff attributes findings with, and the gate.
 */
import { resolve } from 'node:path';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import { RuleCatalog } from '../engine/catalog.js';
import { RuleSettings, validateConfig, type VmqlintConfig } from '../engine/config.js';
import { matchAny } from '../engine/glob.js';
import type { Locator } from '../engine/schema-errors.js';
import { lintHosts } from '../engine/run.js';
import { finishLint, lintHost, type HostLint } from '../engine/host-lint.js';
import { resolveToday } from '../engine/time.js';
import type { LintResult, Rule, RuleMeta } from '../engine/types.js';
import { WaiverSet } from '../engine/waivers.js';
import { ignoreFilter, type IgnoreFn } from '../diff/noise.js';
import { gateCount, gateTotal, ungatedRules, type FailOn } from '../diff/gate.js';
import type { DiffResult } from '../diff/types.js';
import { loadPaths as loadInputPaths, type LoadOptions, type LoadResult } from '../ingest/load.js';
import { expandPathArgs } from './path-args.js';
import type { SnapshotSource } from './side-stream.js';
import { UsageError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import type { CommandIo } from './command-io.js';
import { readJsonInput } from './json-input.js';
import { findConfig } from './lint.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/**
 * What diff, drift and fleet load from outside; tests swap in small rules or in-memory hosts.
 * With `loadPaths` every model is loaded at once (tests inject hosts so); without it the inputs
 * are streamed snapshot by snapshot (side-stream.ts) through `snapshots`.
 */
export interface DiffDeps {
  loadRules: () => Promise<Rule[]>;
  loadPaths?: (paths: string[], opts: LoadOptions) => LoadResult;
  /** How a streamed run finds and reads snapshots (default: the loader's). */
  snapshots?: SnapshotSource;
}

export const defaultDiffDeps: DiffDeps = { loadRules: loadCatalogRules };

/** loadPaths as the commands called it before streaming: every host at once. */
export const loadAllPaths = (paths: string[], opts: LoadOptions): LoadResult => loadInputPaths(expandPathArgs(paths, opts.cwd), opts);

/** The config as these commands use it, with where it was read for error positions. */
export interface LoadedConfig {
  config: VmqlintConfig;
  file?: string;
  locate?: Locator;
}

/** Read `--config FILE`, or `.vmqlintrc.json` found upward, unless `--no-config`. */
export function loadConfig(flag: string | false | undefined, io: CommandIo): LoadedConfig {
  const path = flag === false ? undefined : flag !== undefined ? resolve(io.cwd, flag) : findConfig(io.cwd);
  if (path === undefined) return { config: {} };
  const input = readJsonInput(path, io.cwd, 'config file');
  return { config: validateConfig(input.value, input.file, input.locate), file: input.file, locate: input.locate };
}

/** Noise, the config's `diff.ignore` and `--ignore` globs, unless `--include-noise`. */
export function ignoreFrom(config: VmqlintConfig, extra: readonly string[] | undefined, includeNoise: boolean | undefined): IgnoreFn {
  return ignoreFilter(ignoreSpec(config, extra, includeNoise));
}

/** What ignoreFrom builds its test from, as plain data (a diff worker thread builds the same test). */
export function ignoreSpec(config: VmqlintConfig, extra: readonly string[] | undefined, includeNoise: boolean | undefined): IgnoreSpec {
  return { extra: [...(config.diff?.ignore ?? []), ...(extra ?? [])], ...(includeNoise !== undefined ? { includeNoise } : {}) };
}

/** The globs and the noise switch of an ignore test (ignoreFilter's options). */
export interface IgnoreSpec {
  extra: string[];
  includeNoise?: boolean;
}

/**
 * Load one side (a snapshot or a fleet). A file that fails to load would make its host look
 * removed, so any failure is reported and ends the command with exit 2.
 */
export function loadSide(paths: string[], what: string, config: VmqlintConfig, io: CommandIo, deps: DiffDeps): Host[] {
  const ignore = config.ignore ?? [];
  const loaded = (deps.loadPaths ?? loadAllPaths)(paths, { cwd: io.cwd, ignore: ignore.length > 0 ? (rel) => matchAny(ignore, rel) : undefined });
  for (const f of loaded.failures) io.stderr(`vmqlint: ${f.error.message}\n`);
  for (const w of loaded.warnings ?? []) io.stderr(`vmqlint: warning: ${w.message}\n`);
  if (loaded.failures.length > 0) {
    throw new UsageError(`${what} ${paths.join(', ')} did not load completely (${loaded.failures.length} failed); a partial comparison would mislead`);
  }
  if (loaded.hosts.length === 0) throw new UsageError(`no host found in ${what} ${paths.join(', ')}`);
  return loaded.hosts;
}

/** A lint runner as diff uses it: whole host lists (memoized), and the two streamed steps. */
export interface DiffLinter {
  /** Lint hosts together, memoized per host list. */
  lint: (hosts: readonly Host[]) => LintResult;
  /** Lint one host alone, not memoized (attribution trials on copies). */
  alone: (host: Host) => LintResult;
  /** The streamed steps: one host at a time, then the fleet (host-lint.ts), as `lint` would give. */
  hostLint: (host: Host) => HostLint;
  finish: (hosts: readonly HostLint[]) => LintResult;
  rules: RuleMeta[];
  /** The day waivers expire against (a diff worker thread lints alone against the same day). */
  today: string;
}

/** A lint runner with the config's rule settings and waivers, and the rules' metadata. */
export async function linterFor(loaded: LoadedConfig, io: CommandIo, deps: DiffDeps, simulate?: (host: Host) => unknown): Promise<DiffLinter> {
  const catalog = new RuleCatalog(await deps.loadRules());
  const settings = loaded.file ? RuleSettings.fromConfig(catalog, loaded.config, loaded.file, loaded.locate) : new RuleSettings(catalog);
  const sources = loaded.config.waivers && loaded.file ? [{ file: loaded.file, pointer: '/waivers', waivers: loaded.config.waivers, locate: loaded.locate }] : [];
  const today = resolveToday(undefined, io.env.SOURCE_DATE_EPOCH);
  const tool = { name: TOOL_NAME, version: TOOL_VERSION };
  const alone = (host: Host): LintResult => lintHosts([host], [], { rules: catalog, tool, settings, waivers: new WaiverSet(catalog, sources, today), simulate });
  const cache = new Map<readonly Host[], LintResult>();
  const lint = (hosts: readonly Host[]): LintResult => {
    let r = cache.get(hosts);
    if (!r) {
      r = lintHosts(hosts, [], { rules: catalog, tool, settings, waivers: new WaiverSet(catalog, sources, today), simulate });
      cache.set(hosts, r);
    }
    return r;
  };
  // The options lintHosts passes to the two steps (run.ts), so a streamed side lints the same.
  const hostLint = (host: Host): HostLint => lintHost(host, { rules: catalog, settings, ...(simulate ? { simulate } : {}) });
  const finish = (hosts: readonly HostLint[]): LintResult => finishLint(hosts, [], { rules: catalog, settings, tool, waivers: new WaiverSet(catalog, sources, today) });
  return { lint, alone, hostLint, finish, rules: catalog.rules.map((r) => r.meta), today };
}

/** Parse `--fail-on`. */
export function parseFailOn(v: string): FailOn {
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'none') return v;
  throw new UsageError(`--fail-on ${v}: expected error, warning, info or none`);
}

/**
 * How many changes, and new findings no change explains, are at or above the gate (none never
 * fails). Findings of the `rules` whose category is coverage do not count (see `ungatedRules`).
 */
export function changesAtOrAbove(result: DiffResult, failOn: FailOn, rules: readonly RuleMeta[] = []): number {
  return gateTotal(gateCount(result, failOn, ungatedRules(rules)));
}

/**
 * The gate's exit code: 0 when nothing is at or above `--fail-on`, else 1, with the counts on
 * stderr worded as the command calls them (`change`/`changes`, `mismatch`/`mismatches`) and the
 * unexplained findings and unmatched expectations named as such, so "0 changes" never fails
 * silently.
 */
export function gateExitCode(result: DiffResult, failOn: FailOn, io: CommandIo, noun: { one: string; many: string }, rules: readonly RuleMeta[]): number {
  const g = gateCount(result, failOn, ungatedRules(rules));
  if (gateTotal(g) === 0) return 0;
  const reasons: string[] = [];
  if (g.changes + g.unexplained > 0) {
    const parts = [`${g.changes} ${g.changes === 1 ? noun.one : noun.many}`];
    if (g.unexplained > 0) parts.push(`${g.unexplained} ${g.unexplained === 1 ? 'finding' : 'findings'} no change explains`);
    reasons.push(`${parts.join(' and ')} at or above '${failOn}'`);
  }
  if (g.unmatched > 0) reasons.push(`${g.unmatched} ${g.unmatched === 1 ? 'expectation' : 'expectations'} matched nothing, so checked nothing`);
  io.stderr(`vmqlint: ${reasons.join('; ')}\n`);
  return 1;
}
