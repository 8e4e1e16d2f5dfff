/**
 * Where lint's linted hosts come from: streamed from disk (the default: one snapshot at a time,
 * on worker threads, through the cache; lint-stream.ts), or loaded all at once by an injected
 * loader (tests, embedding). Both give the same HostLints for finishLint.
 */
import { resolve } from 'node:path';
import type { RuleCatalog } from '../engine/catalog.js';
import type { RuleSettings } from '../engine/config.js';
import { lintHost, type HostLint } from '../engine/host-lint.js';
import type { Rule } from '../engine/types.js';
import type { LoadFailure, LoadOptions, LoadWarning, SkippedFile } from '../ingest/load.js';
import { InputError, UsageError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import { DEFAULT_CACHE_LOCATION, LintCache, lintCacheBase, type CacheStats } from './lint-cache.js';
import { formatPhaseSummary } from '../report/timing.js';
import { hostNamesOf, withHostNames } from './host-names-error.js';
import { lintContext, type LintSpec } from './lint-snapshot.js';
import { collectOutcomes, joinOutcomes, type Collected, type ProgressSink, type Shard } from './lint-stream.js';
import { minSnapshotsForWorkers } from './snapshot-pool.js';

/** The linted hosts of a run and everything read on the way. */
export interface Gathered {
  hosts: HostLint[];
  failures: LoadFailure[];
  skipped: SkippedFile[];
  warnings: LoadWarning[];
}

/** Load every host at once through an injected loader and lint them in this thread. */
export function gatherInMemory(
  hosts: Host[],
  loaded: { failures: LoadFailure[]; skipped: SkippedFile[]; warnings?: LoadWarning[] },
  catalog: RuleCatalog,
  settings: RuleSettings,
  simulate: ((host: Host) => unknown) | undefined,
  clock: () => number,
  timing?: (ruleId: string, ms: number) => void,
): Gathered {
  try {
    const linted = hosts.map((h) => lintHost(h, { rules: catalog, settings, clock, ...(simulate ? { simulate } : {}), ...(timing ? { timing } : {}) }));
    return { hosts: linted, failures: loaded.failures, skipped: loaded.skipped, warnings: loaded.warnings ?? [] };
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) throw withHostNames(err, hosts.map((h) => h.name));
    throw err;
  }
}

/** What a streamed gather needs besides the paths. */
export interface StreamedOptions {
  load: LoadOptions;
  spec: Omit<LintSpec, 'snapshotCount'>;
  rules: Rule[];
  jobs: number;
  /** True when --jobs was given: honoured for any number of snapshots. */
  jobsGiven: boolean;
  workerScript?: URL;
  cache?: { location: string; version: string };
  shard?: Shard;
  progress?: ProgressSink;
  clock: () => number;
}


/** The per-snapshot part of a streamed run (all of a shard's work). */
export async function collectStreamed(paths: string[], opts: StreamedOptions): Promise<{ collected: Collected; cache?: LintCache }> {
  const cache = opts.cache ? new LintCache(resolve(opts.spec.cwd, opts.cache.location), lintCacheBase(opts.cache.version, cacheSettings(opts)), opts.cache.version) : undefined;
  const collected = await collectOutcomes(paths, {
    load: opts.load,
    spec: opts.spec,
    rules: opts.rules,
    jobs: opts.jobs,
    minForWorkers: minSnapshotsForWorkers(opts.jobsGiven),
    ...(opts.workerScript ? { workerScript: opts.workerScript } : {}),
    ...(cache ? { cache } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
    clock: opts.clock,
  });
  // Every hit of this run is renewed by now, and every miss written: what is left unused that long is dead.
  cache?.prune();
  return { collected, ...(cache ? { cache } : {}) };
}

/** What changes a host's lint, for the cache key (--timing does not: a cached snapshot simply spent no time in rules). */
function cacheSettings(opts: StreamedOptions): unknown {
  const s = opts.spec;
  return { cwd: s.cwd, maxFileBytes: s.maxFileBytes ?? null, config: s.config ?? null, ruleFlags: s.ruleFlags, traffic: s.traffic ?? null, codepage: opts.load.codepage ?? null };
}

/** The fleet-wide part: join the outcomes into the hosts that stand. */
export function joinCollected(collected: Collected, rules: Rule[], clock: () => number): Gathered {
  try {
    return joinOutcomes(collected.outcomes, collected, collected.spec, () => lintContext(collected.spec, rules, clock));
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) throw withHostNames(err, collected.outcomes.flatMap((o) => o.hosts.map((h) => h.lint.status.name)));
    throw err;
  }
}

/** Where a streamed run's time went, for --timing: read and lint summed over workers. */
export function phaseSummary(collected: Collected, cache: CacheStats | undefined, startMs: number, clock: () => number, after: { fleetRulesMs: number; reportMs: number; hosts: number }): string {
  let read = 0;
  let lint = 0;
  for (const o of collected.outcomes) {
    read += o.ms.read;
    lint += o.ms.lint;
  }
  return formatPhaseSummary({
    wallMs: clock() - startMs,
    hosts: after.hosts,
    phases: [
      { phase: 'discover', ms: collected.ms.discover },
      { phase: 'read, parse, assemble', ms: read },
      { phase: 'lint rules', ms: lint },
      { phase: 'fleet rules', ms: after.fleetRulesMs },
      { phase: 'report writing', ms: after.reportMs },
    ],
    ...(collected.workers > 1 ? { jobs: collected.workers } : {}),
    ...(cache ? { cache: { hits: cache.hits, misses: cache.misses, rejected: cache.rejected, pruned: cache.pruned } } : {}),
    maxRssKiB: process.resourceUsage().maxRSS,
  });
}

export { DEFAULT_CACHE_LOCATION, hostNamesOf };
