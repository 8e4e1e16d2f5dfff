/**
 * `vmqlint simulate <snapshot>`: run the VMQ / Dynamic VMQ / VMMQ simulator on one host under a
 * traffic profile (`--traffic FILE`) or a quick what-if (`--vms N --gbps X`), and print text or
 * JSON, optionally an HTML page; `--compare <before> <after>` shows the impact of a change;
 * `--list-params` prints every constant. Exit 0, or 2 when it cannot run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { decodeBytes } from '../ingest/decode.js';
import { loadPaths as loadInputPaths, type LoadOptions, type LoadResult } from '../ingest/load.js';
import { expandPathArgs } from './path-args.js';
import { UsageError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import { loadRules as loadCatalogRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { formatSimCompareHtml, formatSimHtml } from '../report/sim-html.js';
import { formatSimCompareJson, formatSimJson } from '../report/sim-json.js';
import { formatParamsText, formatSimCompareText, formatSimText } from '../report/sim-text.js';
import { compareResults } from '../sim/compare.js';
import { paramValues, parseParamArgs, resolveParams } from '../sim/params.js';
import { parseProfile, quickWhatIf, unmatchedEntries, type ProfileSource, type TrafficProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import { buildTopology } from '../sim/topology.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, writeOutput, type CommandIo } from './command-io.js';
import { parseOutputs } from './io.js';
import { displayPath } from './json-input.js';
import { simulateDefinition } from './simulate-definition.js';
import { verdictFindings } from './sim-verdict.js';

export { registerSimulate } from './simulate-definition.js';

/** What simulate loads from outside; tests swap in hosts built in memory. */
export interface SimulateDeps {
  loadPaths: (paths: string[], opts: LoadOptions) => LoadResult;
  /** The rule catalog, for the HTML page's verdict (the simulation rules' lint findings). */
  loadRules?: () => Promise<Rule[]>;
}

export const defaultSimulateDeps: SimulateDeps = { loadPaths: (paths, opts) => loadInputPaths(expandPathArgs(paths, opts.cwd), opts), loadRules: loadCatalogRules };

interface SimulateFlags {
  traffic?: string;
  format?: string[];
  html?: string;
  vms?: string;
  gbps?: string;
  param?: string[];
  listParams?: boolean;
  compare?: boolean;
  color?: boolean;
}

/** Load a snapshot that must hold exactly one host. */
function loadOne(path: string, io: CommandIo, deps: SimulateDeps): Host {
  const loaded = deps.loadPaths([path], { cwd: io.cwd });
  for (const f of loaded.failures) io.stderr(`vmqlint: ${f.error.message}\n`);
  for (const w of loaded.warnings ?? []) io.stderr(`vmqlint: warning: ${w.message}\n`);
  if (loaded.failures.length > 0) throw new UsageError(`cannot simulate ${path}: the snapshot did not load`);
  if (loaded.hosts.length !== 1) {
    const names = loaded.hosts.map((h) => h.name).join(', ');
    throw new UsageError(`simulate needs exactly one host; ${path} holds ${loaded.hosts.length}${names ? ` (${names})` : ''}`);
  }
  return loaded.hosts[0];
}

function readProfile(path: string, io: CommandIo): { profile: TrafficProfile; source: ProfileSource } {
  const abs = resolve(io.cwd, path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read traffic profile ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String((err as Error).message)}`);
  }
  return parseProfile(decodeBytes(bytes).text, displayPath(io.cwd, abs));
}

function quickArgs(flags: SimulateFlags): { vms: number; gbps: number } | undefined {
  if (flags.vms === undefined && flags.gbps === undefined) return undefined;
  if (flags.vms === undefined || flags.gbps === undefined) throw new UsageError('--vms and --gbps go together: --vms N --gbps X');
  if (flags.traffic !== undefined) throw new UsageError('give either --traffic FILE or --vms N --gbps X, not both');
  return { vms: Number(flags.vms), gbps: Number(flags.gbps) };
}

/** Run simulate with parsed flags; returns the exit code. Usage and input problems throw. */
export async function simulateCommand(paths: string[], flags: SimulateFlags, io: CommandIo, deps: SimulateDeps = defaultSimulateDeps): Promise<number> {
  const overrides = parseParamArgs(flags.param ?? []);
  const outputs = parseOutputs(flags.format, ['text', 'json'], 'text');
  const color = (spec: { path?: string }): boolean => spec.path === undefined && io.color(flags.color);
  if (flags.listParams) {
    const values = paramValues(resolveParams(overrides));
    for (const spec of outputs) writeOutput(spec, spec.format === 'json' ? JSON.stringify({ schemaVersion: 1, params: values }, null, 2) + '\n' : formatParamsText(values, color(spec)), io);
    return 0;
  }
  const quick = quickArgs(flags);
  if (!quick && flags.traffic === undefined) throw new UsageError('simulate needs traffic: --traffic FILE, or --vms N --gbps X for a quick what-if');
  const read = flags.traffic !== undefined ? readProfile(flags.traffic, io) : undefined;

  if (flags.compare) {
    if (paths.length !== 2) throw new UsageError('--compare takes two snapshots: simulate --compare <before> <after> --traffic FILE');
    if (!read) throw new UsageError('--compare needs --traffic FILE (the same profile runs on both snapshots)');
    const [before, after] = paths.map((p) => loadOne(p, io, deps));
    const { profile, source } = read;
    const p = resolveParams(overrides);
    const missBefore = unmatchedEntries(before, buildTopology(before, p), profile);
    const missAfter = unmatchedEntries(after, buildTopology(after, p), profile);
    // An entry may name a VM only one side has; one that neither has is an error.
    const skip = (i: number): boolean => !(missBefore.has(i) && missAfter.has(i));
    const [rBefore, rAfter] = [simulateHost(before, profile, overrides, source, skip), simulateHost(after, profile, overrides, source, skip)];
    const cmp = compareResults(rBefore, rAfter);
    for (const spec of outputs) writeOutput(spec, spec.format === 'json' ? formatSimCompareJson(cmp) : formatSimCompareText(cmp, color(spec)), io);
    if (flags.html !== undefined) {
      const rules = await (deps.loadRules ?? loadCatalogRules)();
      const verdict = { before: verdictFindings(before, rBefore, rules), after: verdictFindings(after, rAfter, rules) };
      writeOutput({ format: 'html', path: flags.html }, formatSimCompareHtml(rBefore, rAfter, cmp, { verdict }), io);
    }
    return 0;
  }

  if (paths.length !== 1) throw new UsageError(`simulate takes one snapshot (got ${paths.length}); use --compare <before> <after> for two`);
  let host = loadOne(paths[0], io, deps);
  let profile: TrafficProfile;
  let source: ProfileSource | undefined;
  if (read) {
    ({ profile, source } = read);
  } else {
    const w = quickWhatIf(host, quick!.vms, quick!.gbps, resolveParams(overrides));
    if (w.added > 0) io.stderr(`vmqlint: the snapshot has fewer than ${quick!.vms} VMs; added ${w.added} what-if VM(s)\n`);
    host = w.host;
    profile = w.profile;
  }
  const result = simulateHost(host, profile, overrides, source);
  for (const spec of outputs) writeOutput(spec, spec.format === 'json' ? formatSimJson(result) : formatSimText(result, color(spec)), io);
  if (flags.html !== undefined) {
    const verdict = verdictFindings(host, result, await (deps.loadRules ?? loadCatalogRules)());
    writeOutput({ format: 'html', path: flags.html }, formatSimHtml(result, { verdict }), io);
  }
  return 0;
}

/** Register `simulate` on a program, with injectable I/O and dependencies. */
export function defineSimulate(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: SimulateDeps = defaultSimulateDeps): void {
  simulateDefinition(program).action(async (paths: string[], flags: SimulateFlags) => {
    setExitCode(await simulateCommand(paths, flags, io(), deps));
  });
}

/** Run `vmqlint simulate <argv...>` in-process (tests, embedding); returns the exit code. */
export function runSimulate(argv: string[], io: CommandIo, deps: SimulateDeps = defaultSimulateDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineSimulate(program, setExitCode, getIo, deps), ['simulate', ...argv], io);
}

