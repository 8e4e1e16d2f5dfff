/**
 * `vmqlint lint <paths...>`: load snapshots and fleets, run the rules with the config, waivers
 * and baseline, write every requested report, and map the gate to the exit code:
 * 0 nothing at or above the gate, 1 the gate failed, 2 the tool could not do its job.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import { BaselineSet, buildBaseline, serializeBaseline } from '../engine/baseline.js';
import { RuleCatalog } from '../engine/catalog.js';
import { CONFIG_FILE_NAME, RuleSettings, validateConfig, type VmqlintConfig } from '../engine/config.js';
import { evaluateGate } from '../engine/gate.js';
import { matchAny } from '../engine/glob.js';
import { errorsOnly } from '../engine/quiet.js';
import { createRedactor, redactorFor, redactResult } from '../engine/redact.js';
import { applyBaseline, lintHosts, type HostFailure } from '../engine/run.js';
import { resolveToday } from '../engine/time.js';
import type { Severity, Rule, LintResult } from '../engine/types.js';
import { validateWaiversFile, WaiverSet, type WaiverSource } from '../engine/waivers.js';
import { decodeBytes } from '../ingest/decode.js';
import { loadPaths as loadInputPaths, type LoadOptions, type LoadResult } from '../ingest/load.js';
import { expandPathArgs } from './path-args.js';
import type { Host } from '../model/host.js';
import { InputError, UsageError } from '../model/errors.js';
import { plural } from '../report/common.js';
import { DEFAULT_HELP_URI_BASE, type ReportContext } from '../report/context.js';
import { formatFixScript } from '../report/fix-script.js';
import { LINT_FORMATTERS, LINT_FORMAT_NAMES } from '../report/lint-formats.js';
import { formatTiming, type RuleTiming } from '../report/timing.js';
import { resolveParams } from '../sim/params.js';
import { parseProfile, resolveProfile, unmatchedEntries } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import type { NoSimulation } from '../engine/types.js';
import { buildTopology } from '../sim/topology.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, writeOutput, type CommandIo } from './command-io.js';
import { parseOutputs } from './io.js';
import { readBaselineInput } from './baseline-input.js';
import { lintDefinition } from './lint-definition.js';
import { displayPath, readJsonInput } from './json-input.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { minOf } from '../model/bulk.js';

export { LINT_EXIT_CODES, registerLint } from './lint-definition.js';

/** What lint loads from outside; tests swap in small rules or in-memory hosts. */
export interface LintDeps {
  loadRules: () => Promise<Rule[]>;
  loadPaths: (paths: string[], opts: LoadOptions) => LoadResult;
  /** Builds the simulator for `--traffic FILE` (text and display name of the profile) for the hosts of the run. */
  simulator: (text: string, file: string, hosts: readonly Host[]) => (host: Host) => unknown;
  /** Monotonic clock for `--timing`. */
  clock: () => number;
}

/**
 * The simulator for `--traffic` over the hosts of a run. One profile serves a whole fleet, so each
 * host simulates the entries that name its own vNICs; an entry that names nothing on any host is
 * an error at that entry (a typo would otherwise be skipped everywhere in silence).
 */
export function fleetSimulator(text: string, file: string, hosts: readonly Host[]): (host: Host) => unknown {
  const { profile, source } = parseProfile(text, file);
  if (hosts.length < 2) return (host) => simulateHost(host, profile, {}, source);
  const params = resolveParams({});
  const unmatched = new Map(hosts.map((h) => [h, unmatchedEntries(h, buildTopology(h, params), profile)]));
  const nowhere = new Set(profile.vnics.map((_, i) => i).filter((i) => hosts.every((h) => unmatched.get(h)!.has(i))));
  if (nowhere.size > 0) {
    // Report on a host that has the entry's VM when there is one: "no adapter 'X'" there says
    // what is wrong, where "unknown VM" from the first host would deny a VM the run does have.
    const first = minOf(nowhere);
    const vm = profile.vnics[first].vm.toLowerCase();
    const at = hosts.find((h) => h.vnics.some((v) => v.vmName?.toLowerCase() === vm)) ?? hosts[0];
    try {
      resolveProfile(at, buildTopology(at, params), profile, source, { skip: (i) => i !== first });
    } catch (err) {
      if (err instanceof InputError) throw new InputError(err.file, err.line, err.col, `${err.detail} (on ${at.name}; no host of this run matches the entry)`);
      throw err;
    }
  }
  return (host) => {
    // A host the profile does not mention is not simulated as idle (which would pass every
    // simulation rule): those rules are not applicable there.
    if (profile.vnics.length > 0 && profile.vnics.every((_, i) => unmatched.get(host)?.has(i))) {
      const none: NoSimulation = { noSimulation: 'the traffic profile names no vNIC of this host' };
      return none;
    }
    return simulateHost(host, profile, {}, source, (i) => unmatched.get(host)?.has(i) ?? false);
  };
}

/**
 * Load the path arguments from disk. A path that does not exist is a mistyped argument, not an
 * unreadable host: it is a usage error naming the path as typed, so no report lists a "host"
 * called `../../nonexistent`.
 */
export function loadExistingPaths(given: string[], opts: LoadOptions): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const paths = expandPathArgs(given, cwd);
  const missing = paths.filter((p) => !existsSync(resolve(cwd, p)));
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')}: no such file or folder`);
  return loadInputPaths(paths, opts);
}

export const defaultLintDeps: LintDeps = {
  loadRules: loadCatalogRules,
  loadPaths: loadExistingPaths,
  simulator: fleetSimulator,
  clock: () => performance.now(),
};

interface LintFlags {
  format?: string[];
  outputFile?: string;
  config?: string | false;
  rule?: string[];
  failOn: string;
  maxWarnings?: string;
  exitZero?: boolean;
  baseline?: string;
  maxBaselineEntries?: string;
  maxFileMb?: string;
  writeBaseline?: string;
  waivers?: string;
  quiet?: boolean;
  timing?: boolean;
  redact?: boolean;
  color?: boolean;
  now?: string;
  traffic?: string;
  fixScript?: string;
  fix?: boolean;
  verbose?: boolean;
}

const FAIL_ON: readonly (Severity | 'none')[] = ['error', 'warning', 'info', 'none'];

/** A flag that takes a whole number of 1 or more; undefined when not given. */
function wholeNumberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new UsageError(`${name} ${value}: expected a whole number from 1 to 999999999`);
  return Number(value);
}

/** `.vmqlintrc.json` in the working directory or the nearest folder above it. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
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
  if (!FAIL_ON.includes(flags.failOn as Severity | 'none')) throw new UsageError(`--fail-on ${flags.failOn}: expected error, warning, info or none`);
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    if (!/^\d+$/.test(flags.maxWarnings)) throw new UsageError(`--max-warnings ${flags.maxWarnings}: expected a whole number of 0 or more`);
    maxWarnings = Number(flags.maxWarnings);
  }
  const outputs = parseOutputs(flags.format, LINT_FORMAT_NAMES, 'stylish', flags.outputFile);
  const today = resolveToday(flags.now, io.env.SOURCE_DATE_EPOCH);

  const catalog = new RuleCatalog(await deps.loadRules());

  const configPath = flags.config === false ? undefined : flags.config !== undefined ? resolve(io.cwd, flags.config) : findConfig(io.cwd);
  let config: VmqlintConfig = {};
  const waiverSources: WaiverSource[] = [];
  let settings = new RuleSettings(catalog);
  if (configPath !== undefined) {
    const input = readJsonInput(configPath, io.cwd, 'config file');
    config = validateConfig(input.value, input.file, input.locate);
    settings = RuleSettings.fromConfig(catalog, config, input.file, input.locate);
    if (config.waivers) waiverSources.push({ file: input.file, pointer: '/waivers', waivers: config.waivers, locate: input.locate });
  }
  settings.addCommandLine(flags.rule ?? []);
  if (flags.waivers !== undefined) {
    const input = readJsonInput(flags.waivers, io.cwd, 'waivers file');
    waiverSources.push({ file: input.file, pointer: '/waivers', waivers: validateWaiversFile(input.value, input.file, input.locate), locate: input.locate });
  }
  const waivers = new WaiverSet(catalog, waiverSources, today);
  let baseline: BaselineSet | undefined;
  if (flags.baseline !== undefined) {
    const read = readBaselineInput(flags.baseline, io.cwd, { maxEntries: wholeNumberFlag('--max-baseline-entries', flags.maxBaselineEntries) });
    baseline = new BaselineSet(read.file, read.doc.entries);
  }
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
  const loaded = deps.loadPaths(paths, {
    cwd: io.cwd,
    ignore: ignore.length > 0 ? (rel) => ignoredPath(ignore, rel) : undefined,
    ...(maxFileMb !== undefined ? { maxFileBytes: maxFileMb * 1024 * 1024 } : {}),
  });
  if (loaded.hosts.length === 0 && loaded.failures.length === 0) {
    throw new UsageError(`no host found in ${paths.join(', ')}`);
  }
  const timings = new Map<string, { ms: number; runs: number }>();
  const failures: HostFailure[] = loaded.failures.map((f) => ({ host: f.host, file: f.file, error: f.error }));
  let result: LintResult;
  try {
    const simulate = traffic ? deps.simulator(traffic.text, traffic.file, loaded.hosts) : undefined;
    result = lintHosts(loaded.hosts, failures, {
      rules: catalog,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      settings,
      waivers,
      baseline,
      simulate,
      clock: deps.clock,
      timing: flags.timing
        ? (id, ms) => {
            const t = timings.get(id) ?? { ms: 0, runs: 0 };
            timings.set(id, { ms: t.ms + ms, runs: t.runs + 1 });
          }
        : undefined,
    });
  } catch (err) {
    // A traffic profile that does not fit a host names that host's VMs (and the host itself).
    if (!flags.redact || !(err instanceof InputError || err instanceof UsageError)) throw err;
    const r = createRedactor(loaded.hosts.map((h) => h.name), io.env.VMQLINT_REDACT_SALT ?? '');
    throw err instanceof InputError ? new InputError(r.text(err.file), err.line, err.col, r.text(err.detail)) : new UsageError(r.text(err.message));
  }

  let written: { file: string; entries: number } | undefined;
  if (flags.writeBaseline !== undefined) {
    // Everything not waived is accepted as it stands; the run then gates against the new baseline.
    const abs = resolve(io.cwd, flags.writeBaseline);
    const doc = buildBaseline(result.findings);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, serializeBaseline(doc));
    written = { file: displayPath(io.cwd, abs), entries: doc.entries.length };
    result = applyBaseline(result, new BaselineSet(written.file, doc.entries));
  }

  // Messages wait until the host names are known, so --redact covers stderr too.
  const redactor = flags.redact ? redactorFor(result, io.env.VMQLINT_REDACT_SALT ?? '') : undefined;
  const say = (text: string) => io.stderr(redactor ? redactor.text(text) : text);
  // Files that are known not to be exports (vmqlint's own files, documentation) are listed by
  // `show`, not on every run; a file vmqlint did not recognise is worth a line each time.
  if (!flags.quiet) for (const s of loaded.skipped) if (!s.reason.startsWith('not an export')) say(`vmqlint: skipped ${s.file}: ${s.reason}\n`);
  for (const w of loaded.warnings ?? []) say(`vmqlint: warning: ${w.message}\n`);
  for (const f of loaded.failures) say(`vmqlint: ${f.error.message}\n`);
  if (written) say(`vmqlint: wrote ${written.entries} baseline ${written.entries === 1 ? 'entry' : 'entries'} to ${written.file}\n`);

  const gate = evaluateGate(result, { failOn: flags.failOn as Severity | 'none', maxWarnings });
  // The fix script is run on the hosts, like a baseline is read back: hashed names would make
  // every `if ($env:COMPUTERNAME -ieq ...)` block a silent no-op, so it keeps the real names.
  const unredacted = result;
  if (flags.redact) result = redactResult(result, io.env.VMQLINT_REDACT_SALT ?? '');
  const shown = flags.quiet ? errorsOnly(result) : result;
  const ctx: ReportContext = { color: false, rules: catalog.rules.map((r) => r.meta), helpUriBase: DEFAULT_HELP_URI_BASE, fix: flags.fix !== false, verbose: flags.verbose === true };
  for (const spec of outputs) {
    const color = spec.path === undefined && io.color(flags.color);
    // Only a terminal's width wraps: a file or a pipe gets the same bytes at any width.
    const width = spec.path === undefined ? io.width?.() : undefined;
    writeOutput(spec, LINT_FORMATTERS[spec.format](shown, { ...ctx, color, ...(width !== undefined ? { width } : {}) }), io);
  }
  if (flags.fixScript !== undefined) writeOutput({ format: 'ps1', path: flags.fixScript }, formatFixScript(unredacted), io);

  const hk = result.housekeeping;
  if (hk && !flags.quiet) {
    const notes = [
      hk.expiredWaivers.length ? `${plural(hk.expiredWaivers.length, 'waiver')} expired` : '',
      hk.unusedWaivers.length ? `${plural(hk.unusedWaivers.length, 'waiver')} matched nothing` : '',
      hk.unmatchedBaseline.length ? `${hk.unmatchedBaseline.length} baseline ${hk.unmatchedBaseline.length === 1 ? 'entry no longer matches' : 'entries no longer match'}` : '',
    ].filter(Boolean);
    if (notes.length) say(`vmqlint: ${notes.join('; ')} (listed in the report)\n`);
  }
  if (flags.timing) {
    const rows: RuleTiming[] = [...timings].map(([ruleId, t]) => ({ ruleId, ms: t.ms, runs: t.runs }));
    io.stderr(formatTiming(rows, loaded.hosts.length));
  }

  if (failures.length > 0) return 2;
  if (!gate.failed) return 0;
  say(`vmqlint: gate failed: ${gate.reasons.join('; ')}${flags.exitZero ? ' (--exit-zero: exit 0)' : ''}\n`);
  return flags.exitZero ? 0 : 1;
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
