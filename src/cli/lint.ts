/**
 * `vmqlint lint <paths...>`: load snapshots and fleets, run the rules with the config, waivers
 * and baseline, write every requested report, and map the gate to the exit code:
 * 0 nothing at or above the gate, 1 the gate failed, 2 the tool could not do its job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import { matchAny } from '../engine/glob.js';
import type { Rule } from '../engine/types.js';
import { decodeBytes } from '../ingest/decode.js';
import type { LoadOptions, LoadResult } from '../ingest/load.js';
import { expandPathArgs } from './path-args.js';
import { collectStreamed, DEFAULT_CACHE_LOCATION, gatherInMemory, joinCollected, phaseSummary, type Gathered, type StreamedOptions } from './lint-gather.js';
import { finishAndReport, redactError, RuleTimings, type FinishRun } from './lint-finish.js';
import { createProgress } from './progress.js';
import { workerThreads } from './snapshot-pool.js';
import { readLintSettings, wholeNumberFlag, type ReportFlags } from './lint-settings.js';
import { parseShardFlag, writeShard } from './lint-shard.js';
import { entriesNowhere, hostSimulation, throwEntryNowhere, type LintSpec } from './lint-snapshot.js';
import type { ProgressSink } from './lint-stream.js';
import type { Host } from '../model/host.js';
import { UsageError } from '../model/errors.js';
import { parseProfile } from '../sim/profile.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { lintDefinition } from './lint-definition.js';
import { displayPath } from './json-input.js';
import { TOOL_VERSION } from './version.js';
import { minOf } from '../model/bulk.js';

export { findConfig } from './lint-settings.js';
export { LINT_EXIT_CODES, registerLint } from './lint-definition.js';

/** What lint loads from outside; tests swap in small rules or in-memory hosts. */
export interface LintDeps {
  loadRules: () => Promise<Rule[]>;
  /**
   * Loads every host at once (tests, embedding). Without it, lint streams: snapshots are read and
   * linted one at a time, on worker threads with --jobs (lint-stream.ts).
   */
  loadPaths?: (paths: string[], opts: LoadOptions) => LoadResult;
  /** With loadPaths: builds the simulator for `--traffic FILE` (text and display name of the profile) for the hosts of the run; default fleetSimulator. */
  simulator?: (text: string, file: string, hosts: readonly Host[]) => (host: Host) => unknown;
  /** Monotonic clock for `--timing`. */
  clock: () => number;
  /** The built worker thread script; undefined runs in-process (as from the TypeScript sources). */
  workerScript?: () => URL | undefined;
  /** Cores for the default --jobs. */
  cores?: () => number;
  /** Progress on stderr while snapshots are linted (a terminal only). */
  progress?: (io: CommandIo) => ProgressSink | undefined;
}

/**
 * The simulator for `--traffic` over the hosts of a run. One profile serves a whole fleet, so each
 * host simulates the entries that name its own vNICs; an entry that names nothing on any host is
 * an error at that entry (a typo would otherwise be skipped everywhere in silence).
 */
export function fleetSimulator(text: string, file: string, hosts: readonly Host[]): (host: Host) => unknown {
  const traffic = parseProfile(text, file);
  const lone = hosts.length < 2;
  const sims = new Map(hosts.map((h) => [h, hostSimulation(traffic, h, lone)]));
  if (!lone) {
    const nowhere = entriesNowhere(hosts.map((h) => sims.get(h)!.traffic));
    if (nowhere.size > 0) {
      const first = minOf(nowhere);
      throwEntryNowhere(hosts.find((h) => sims.get(h)!.traffic?.vmHere.includes(first)) ?? hosts[0], traffic, first);
    }
  }
  return (host) => (sims.get(host) ?? hostSimulation(traffic, host, lone)).simulate(host);
}

export const defaultLintDeps: LintDeps = {
  loadRules: loadCatalogRules,
  clock: () => performance.now(),
  ...workerThreads('lint-worker.js'),
  progress: (io) => createProgress(io, { clock: () => performance.now() }),
};

/** Path arguments that name nothing are a usage error naming them as typed (see loadExistingPaths). */
function existingPaths(given: string[], cwd: string): string[] {
  const paths = expandPathArgs(given, cwd);
  const missing = paths.filter((p) => !existsSync(resolve(cwd, p)));
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')}: no such file or folder`);
  return paths;
}

interface LintFlags extends ReportFlags {
  rule?: string[];
  maxFileMb?: string;
  traffic?: string;
  jobs?: string;
  cache?: boolean;
  cacheLocation?: string;
  shard?: string;
}

/**
 * True when a config `ignore` glob matches the path or one of its folders, so `"fleet/HV09"`
 * leaves out that host's folder as `.gitignore` would, not only a file of that name.
 */
export function ignoredPath(globs: readonly string[], rel: string): boolean {
  const parts = rel.split('/');
  for (let n = parts.length; n >= 1; n--) if (matchAny(globs, parts.slice(0, n).join('/'))) return true;
  return false;
}

/** Run lint with parsed flags; returns the exit code. Usage and input problems throw. */
export async function lintCommand(paths: string[], flags: LintFlags, io: CommandIo, deps: LintDeps = defaultLintDeps): Promise<number> {
  const shard = flags.shard !== undefined ? parseShardFlag(flags.shard, flags) : undefined;
  const s = await readLintSettings(flags, io, deps.loadRules);
  const { catalog, config, configPath, settings } = s;
  let traffic: { text: string; file: string } | undefined;
  if (flags.traffic !== undefined) {
    const abs = resolve(io.cwd, flags.traffic);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(abs);
    } catch {
      throw new UsageError(`cannot read traffic profile ${flags.traffic}`);
    }
    traffic = { text: decodeBytes(bytes).text, file: displayPath(io.cwd, abs) };
  }

  const ignore = config.ignore ?? [];
  const maxFileMb = wholeNumberFlag('--max-file-mb', flags.maxFileMb);
  const jobs = wholeNumberFlag('--jobs', flags.jobs);
  const loadOptions: LoadOptions = {
    cwd: io.cwd,
    ignore: ignore.length > 0 ? (rel) => ignoredPath(ignore, rel) : undefined,
    ...(maxFileMb !== undefined ? { maxFileBytes: maxFileMb * 1024 * 1024 } : {}),
  };
  const timings = new RuleTimings();
  const time = (id: string, ms: number, runs = 1) => timings.add(id, ms, runs);
  const spec: Omit<LintSpec, 'snapshotCount'> = {
    cwd: io.cwd,
    ...(maxFileMb !== undefined ? { maxFileBytes: maxFileMb * 1024 * 1024 } : {}),
    ...(configPath !== undefined ? { config: { value: config, file: displayPath(io.cwd, configPath) } } : {}),
    ruleFlags: flags.rule ?? [],
    ...(traffic ? { traffic } : {}),
    timing: flags.timing === true,
  };
  const streamed = (): StreamedOptions => {
    const script = deps.workerScript?.();
    return {
      load: loadOptions,
      spec,
      rules: catalog.rules as Rule[],
      jobs: jobs ?? deps.cores?.() ?? 1,
      jobsGiven: jobs !== undefined,
      ...(script ? { workerScript: script } : {}),
      ...(flags.cache ? { cache: { location: flags.cacheLocation ?? DEFAULT_CACHE_LOCATION, version: TOOL_VERSION } } : {}),
      ...(deps.progress && !flags.quiet ? { progress: deps.progress(io) } : {}),
      clock: deps.clock,
    };
  };
  if (shard) {
    if (deps.loadPaths) throw new Error('lint --shard reads the fleet from disk (no injected loader)');
    return writeShard(existingPaths(paths, io.cwd), { ...streamed(), shard }, flags, io);
  }
  let gathered: Gathered;
  let phases: FinishRun['phases'];
  const startMs = deps.clock();
  try {
    if (deps.loadPaths) {
      const loaded = deps.loadPaths(paths, loadOptions);
      const simulate = traffic ? (deps.simulator ?? fleetSimulator)(traffic.text, traffic.file, loaded.hosts) : undefined;
      gathered = gatherInMemory(loaded.hosts, loaded, catalog, settings, simulate, deps.clock, flags.timing ? time : undefined);
    } else {
      const { collected, cache } = await collectStreamed(existingPaths(paths, io.cwd), streamed());
      for (const o of collected.outcomes) for (const [id, t] of Object.entries(o.rules ?? {})) time(id, t.ms, t.runs);
      gathered = joinCollected(collected, catalog.rules as Rule[], deps.clock);
      if (flags.timing) phases = (after) => phaseSummary(collected, cache?.stats, startMs, deps.clock, after);
    }
  } catch (err) {
    // A traffic profile that does not fit a host names that host's VMs (and the host itself).
    throw redactError(err, flags.redact, io);
  }
  return finishAndReport(gathered, s, flags, io, { inputs: paths.join(', '), clock: deps.clock, timings, ...(phases !== undefined ? { phases } : {}) });
}

/** Register `lint` on a program, with injectable I/O and dependencies. */
export function defineLint(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: LintDeps = defaultLintDeps): void {
  lintDefinition(program).action(async (paths: string[], flags: LintFlags) => {
    setExitCode(await lintCommand(paths, flags, io(), deps));
  });
}

/** Run `vmqlint lint <argv...>` in-process (tests, embedding); returns the exit code. */
export function runLint(argv: string[], io: CommandIo, deps: LintDeps = defaultLintDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineLint(program, setExitCode, getIo, deps), ['lint', ...argv], io);
}
