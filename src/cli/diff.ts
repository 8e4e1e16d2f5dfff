/**
 * `vmqlint diff <before> <after>`: a terraform-plan style semantic diff of two snapshots or two
 * fleets, each change with the lint findings it introduces and resolves, and with `--traffic` the
 * simulator's predicted impact per host. Exit 0 when no change is at or above `--fail-on`
 * (default info: any change fails), 1 otherwise, 2 when the tool could not do its job.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { diffHosts } from '../diff/diff.js';
import { ungatedRules } from '../diff/gate.js';
import type { DiffResult } from '../diff/types.js';
import { decodeBytes } from '../ingest/decode.js';
import { UsageError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import type { LintResult, RuleMeta } from '../engine/types.js';
import { DEFAULT_HELP_URI_BASE, type ReportContext } from '../report/context.js';
import { diffGithubChunks, diffJunitChunks } from '../report/diff-ci.js';
import { diffJsonChunks } from '../report/diff-json.js';
import { diffMarkdownChunks } from '../report/diff-markdown.js';
import { diffSarifChunks, type DiffSarifInput } from '../report/diff-sarif.js';
import { diffTextChunks } from '../report/diff-text.js';
import { parseProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { defaultDiffDeps, gateExitCode, ignoreFrom, ignoreSpec, linterFor, loadConfig, loadSide, parseFailOn, type DiffDeps, type DiffLinter } from './diff-common.js';
import { DIFF_FORMAT_NAMES, diffDefinition } from './diff-definition.js';
import { streamDiff, type DiffPassTiming } from './diff-stream.js';
import { attachImpact, ImpactCollector } from './impact.js';
import { parseOutputs, type OutputSpec } from './io.js';
import { displayPath } from './json-input.js';
import { writeOutputChunks } from './report-stream.js';
import type { SideThreads } from './side-stream.js';
import { workerThreads } from './snapshot-pool.js';
import { wholeNumberFlag } from './lint-settings.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export { DIFF_FORMAT_NAMES, registerDiff } from './diff-definition.js';

interface DiffFlags {
  format?: string[];
  outputFile?: string;
  config?: string | false;
  failOn: string;
  ignore?: string[];
  includeNoise?: boolean;
  lint: boolean;
  traffic?: string;
  color?: boolean;
  jobs?: string;
}

/** What `diff` runs with: the loader (or injected hosts), the rules and its worker threads. */
export type DiffCommandDeps = DiffDeps & SideThreads & DiffPassTiming;

export const defaultDiffCommandDeps: DiffCommandDeps = { ...defaultDiffDeps, ...workerThreads('diff-worker.js') };

/** Read a traffic profile; its display name is the path as given, relative to the working directory. */
function readProfile(path: string, io: CommandIo): ReturnType<typeof parseProfile> & { name: string; text: string } {
  const abs = resolve(io.cwd, path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(abs);
  } catch {
    throw new UsageError(`cannot read traffic profile ${path}`);
  }
  const name = displayPath(io.cwd, abs);
  const text = decodeBytes(bytes).text;
  return { ...parseProfile(text, name), name, text };
}

/**
 * Write every requested diff or drift report. SARIF is built only when asked for, from `sarif()`
 * (what the command adds to the tool's name and version) and the rules it linted with.
 */
export async function writeDiffReports(
  result: DiffResult,
  outputs: ReturnType<typeof parseOutputs>,
  io: CommandIo,
  color: boolean | undefined,
  rules: RuleMeta[],
  sarif: () => Omit<DiffSarifInput, 'tool'>,
): Promise<void> {
  for (const spec of outputs) {
    // Every format grows with the fleet: written piece by piece, never one string (issue 11).
    await writeOutputChunks(spec, diffReportChunks(spec, result, io, color, rules, sarif), io);
  }
}

/** The pieces of one diff or drift report, by its format. */
function diffReportChunks(
  spec: OutputSpec,
  result: DiffResult,
  io: CommandIo,
  color: boolean | undefined,
  rules: RuleMeta[],
  sarif: () => Omit<DiffSarifInput, 'tool'>,
): Iterable<string> {
  if (spec.format === 'json') return diffJsonChunks(result);
  if (spec.format === 'sarif') {
    const ctx: ReportContext = { color: false, rules, helpUriBase: DEFAULT_HELP_URI_BASE };
    return diffSarifChunks(result, { tool: { name: TOOL_NAME, version: TOOL_VERSION }, ...sarif() }, ctx);
  }
  if (spec.format === 'github') return diffGithubChunks(result);
  if (spec.format === 'junit') return diffJunitChunks(result);
  if (spec.format === 'markdown') return diffMarkdownChunks(result, ungatedRules(rules));
  return diffTextChunks(result, { color: spec.path === undefined && io.color(color), ungated: ungatedRules(rules) });
}

/** Run diff with parsed flags; returns the exit code. Usage and input problems throw. */
export async function diffCommand(beforePath: string, afterPath: string, flags: DiffFlags, io: CommandIo, deps: DiffCommandDeps = defaultDiffCommandDeps): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  const outputs = parseOutputs(flags.format, DIFF_FORMAT_NAMES, 'text', flags.outputFile);
  const jobs = wholeNumberFlag('--jobs', flags.jobs);
  const loaded = loadConfig(flags.config, io);
  const profile = flags.traffic !== undefined ? readProfile(flags.traffic, io) : undefined;
  // Rules that need a simulation run under the same profile on both sides.
  const simulate = profile ? (host: Host) => simulateHost(host, profile.profile, {}, profile.source, () => true) : undefined;
  const ignore = ignoreFrom(loaded.config, flags.ignore, flags.includeNoise);
  let result: DiffResult;
  let linter: DiffLinter | undefined;
  let afterLint: () => LintResult | undefined;
  if (deps.loadPaths) {
    // Hosts injected whole (tests): every model in memory, as before streaming.
    const before = loadSide([beforePath], 'before', loaded.config, io, deps);
    const after = loadSide([afterPath], 'after', loaded.config, io, deps);
    linter = flags.lint ? await linterFor(loaded, io, deps, simulate) : undefined;
    const lint = linter?.lint;
    result = diffHosts(before, after, { ignore, lint: lint ? (hosts) => lint(hosts).findings : undefined });
    if (profile) attachImpact(result, before, after, profile.profile, profile.source, profile.name);
    afterLint = () => lint?.(after);
  } else {
    const impact = profile ? new ImpactCollector(profile.profile, profile.source, profile.name) : undefined;
    const streamed = await streamDiff(beforePath, afterPath, {
      loaded,
      io,
      deps,
      ignore,
      ignoreSpec: ignoreSpec(loaded.config, flags.ignore, flags.includeNoise),
      linter: flags.lint ? () => linterFor(loaded, io, deps, simulate) : undefined,
      impact,
      ...(jobs !== undefined ? { jobs } : {}),
      ...(profile ? { traffic: { text: profile.text, name: profile.name } } : {}),
    });
    result = streamed.result;
    linter = streamed.linter;
    impact?.attach(result);
    afterLint = () => streamed.after;
  }
  if (profile) {
    // The impact belongs to a host's changes; an unchanged host simulates the same twice, and its
    // block of equal numbers would only pad the plan. (Every host is still simulated, so a profile
    // entry for a VM on an unchanged host is not taken for a typo.)
    for (const h of result.hosts) if (h.status === 'unchanged') delete h.impact;
  }

  await writeDiffReports(result, outputs, io, flags.color, linter?.rules ?? [], () => ({ after: afterLint() }));
  return gateExitCode(result, failOn, io, { one: 'change', many: 'changes' }, linter?.rules ?? []);
}

/** Register `diff` on a program, with injectable I/O and dependencies. */
export function defineDiff(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: DiffCommandDeps = defaultDiffCommandDeps): void {
  diffDefinition(program).action(async (before: string, after: string, flags: DiffFlags) => {
    setExitCode(await diffCommand(before, after, flags, io(), deps));
  });
}

/** Run `vmqlint diff <argv...>` in-process (tests, embedding); returns the exit code. */
export function runDiff(argv: string[], io: CommandIo, deps: DiffCommandDeps = defaultDiffCommandDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineDiff(program, setExitCode, getIo, deps), ['diff', ...argv], io);
}
