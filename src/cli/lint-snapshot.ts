/**
 * The unit of a streamed lint (issue 11): read one snapshot, lint its hosts, keep what the report
 * and the fleet-wide steps need, and let the models go. The same function runs in-process
 * (`--jobs 1`), in a worker thread, and is what the cache and CI shards store, so everything here
 * crosses `structuredClone` and JSON: a LintSpec in, a SnapshotOutcome out.
 */
import { RuleCatalog } from '../engine/catalog.js';
import { RuleSettings, type VmqlintConfig } from '../engine/config.js';
import { lintHost, type HostLint } from '../engine/host-lint.js';
import type { NoSimulation, Rule } from '../engine/types.js';
import { readSnapshot, type LoadFailure, type LoadWarning, type SkippedFile, type SnapshotOutline, type SnapshotRef } from '../ingest/load.js';
import { InputError, UsageError } from '../model/errors.js';
import { withHostNames } from './host-names-error.js';
import { toWire, type WireFailure } from './snapshot-wire.js';

export { fromWire, toWire, type WireFailure } from './snapshot-wire.js';
import type { Host } from '../model/host.js';
import { resolveParams } from '../sim/params.js';
import { parseProfile, resolveProfile, unmatchedEntries, type ProfileSource, type TrafficProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import { buildTopology } from '../sim/topology.js';

/** Everything a worker needs to lint snapshots as the main thread would (plain data). */
export interface LintSpec {
  cwd: string;
  maxFileBytes?: number;
  /** The validated config and its display path, when there is one. */
  config?: { value: VmqlintConfig; file: string };
  /** `--rule` values, applied after the config. */
  ruleFlags: string[];
  traffic?: { text: string; file: string };
  /** Snapshots in the whole run (a lone host simulates every traffic entry: see trafficMode). */
  snapshotCount: number;
  timing: boolean;
}


/** One host of a snapshot, linted. */
export interface OutcomeHost {
  lint: HostLint;
  /** Read from a vmqlint model document: never claims a name in the join. */
  model: boolean;
  /** Under a fleet traffic profile: the entries naming nothing here, and those whose VM is here. */
  traffic?: { unmatched: number[]; vmHere: number[] };
}

/** What one snapshot gave. */
export interface SnapshotOutcome {
  index: number;
  outline: SnapshotOutline;
  hosts: OutcomeHost[];
  failures: WireFailure[];
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  /** Milliseconds spent reading (decode, parse, assemble) and linting, and per rule under --timing. */
  ms: { read: number; lint: number };
  rules?: Record<string, { ms: number; runs: number }>;
}

/** The catalog, settings and traffic profile built once per thread from a LintSpec. */
export interface LintContext {
  spec: LintSpec;
  catalog: RuleCatalog;
  settings: RuleSettings;
  traffic?: Traffic;
  clock: () => number;
}

/** Build the per-thread context (the main thread validated the config and flags already). */
export function lintContext(spec: LintSpec, rules: Rule[], clock: () => number = () => performance.now()): LintContext {
  const catalog = new RuleCatalog(rules);
  const settings = spec.config ? RuleSettings.fromConfig(catalog, spec.config.value, spec.config.file) : new RuleSettings(catalog);
  settings.addCommandLine(spec.ruleFlags);
  const ctx: LintContext = { spec, catalog, settings, clock };
  if (spec.traffic) ctx.traffic = parseProfile(spec.traffic.text, spec.traffic.file);
  return ctx;
}

/** A traffic profile as parsed once per thread. */
export interface Traffic {
  profile: TrafficProfile;
  source: ProfileSource;
}

/**
 * How a host is simulated under the traffic profile. One profile serves a fleet, so each host
 * simulates the entries that name its own vNICs and a host it names nothing of is not applicable;
 * a run of one host simulates every entry, so a typo is an error at that entry.
 */
export function hostSimulation(traffic: Traffic, host: Host, lone: boolean): { simulate: (h: Host) => unknown; traffic?: OutcomeHost['traffic'] } {
  const { profile, source } = traffic;
  if (lone) return { simulate: (h) => simulateHost(h, profile, {}, source) };
  const unmatched = unmatchedEntries(host, buildTopology(host, resolveParams({})), profile);
  const vms = new Set(host.vnics.map((v) => v.vmName?.toLowerCase()));
  const found = { unmatched: [...unmatched].sort((a, b) => a - b), vmHere: [...unmatched].filter((i) => vms.has(profile.vnics[i].vm.toLowerCase())).sort((a, b) => a - b) };
  if (profile.vnics.length > 0 && profile.vnics.every((_, i) => unmatched.has(i))) {
    const none: NoSimulation = { noSimulation: 'the traffic profile names no vNIC of this host' };
    return { simulate: () => none, traffic: found };
  }
  return { simulate: (h) => simulateHost(h, profile, {}, source, (i) => unmatched.has(i)), traffic: found };
}

/** The entries of a fleet's profile that name a vNIC on none of the hosts (their `traffic` from hostSimulation). */
export function entriesNowhere(hosts: readonly (OutcomeHost['traffic'] | undefined)[]): Set<number> {
  const nowhere = new Set(hosts[0]?.unmatched ?? []);
  for (const t of hosts) {
    const here = new Set(t?.unmatched ?? []);
    for (const i of nowhere) if (!here.has(i)) nowhere.delete(i);
  }
  return nowhere;
}

/**
 * Throw the error of a profile entry no host of the run matches, as `host` (the one that has the
 * entry's VM, else the first) sees it: "no adapter 'X'" says more than "unknown VM".
 */
export function throwEntryNowhere(host: Host, traffic: Traffic, entry: number): void {
  try {
    resolveProfile(host, buildTopology(host, resolveParams({})), traffic.profile, traffic.source, { skip: (i) => i !== entry });
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.file, err.line, err.col, `${err.detail} (on ${host.name}; no host of this run matches the entry)`);
    throw err;
  }
}

/** Read and lint one snapshot; `lone` forces one-host traffic semantics (see finishing in lint-stream.ts). */
export function lintSnapshot(ref: SnapshotRef, index: number, ctx: LintContext, lone?: boolean): SnapshotOutcome {
  const t0 = ctx.clock();
  const read = readSnapshot(ref, { cwd: ctx.spec.cwd, ...(ctx.spec.maxFileBytes !== undefined ? { maxFileBytes: ctx.spec.maxFileBytes } : {}) });
  const t1 = ctx.clock();
  const rules: Record<string, { ms: number; runs: number }> = {};
  const timing = ctx.spec.timing
    ? (id: string, ms: number) => {
        const r = (rules[id] ??= { ms: 0, runs: 0 });
        r.ms += ms;
        r.runs++;
      }
    : undefined;
  const all = [...read.hosts.map((h) => ({ h, model: false })), ...read.modelHosts.map((h) => ({ h, model: true }))];
  const isLone = lone ?? (ctx.spec.snapshotCount === 1 && all.length === 1);
  const hosts: OutcomeHost[] = all.map(({ h, model }) => {
    try {
      const sim = ctx.traffic ? hostSimulation(ctx.traffic, h, isLone) : undefined;
      const lint = lintHost(h, { rules: ctx.catalog, settings: ctx.settings, clock: ctx.clock, ...(sim ? { simulate: sim.simulate } : {}), ...(timing ? { timing } : {}) });
      const out: OutcomeHost = { lint, model };
      if (sim?.traffic) out.traffic = sim.traffic;
      return out;
    } catch (err) {
      // A traffic profile that does not fit the host names its VMs and the host: --redact hides them.
      if (err instanceof InputError || err instanceof UsageError) throw withHostNames(err, all.map((x) => x.h.name));
      throw err;
    }
  });
  const t2 = ctx.clock();
  const outcome: SnapshotOutcome = {
    index,
    outline: { claims: read.claims, broken: read.broken, name: read.name, path: read.path },
    hosts,
    failures: read.failures.map(toWire),
    skipped: read.skipped,
    warnings: read.warnings,
    ms: { read: t1 - t0, lint: t2 - t1 },
  };
  if (timing) outcome.rules = rules;
  return outcome;
}
