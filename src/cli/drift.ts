/**
 * `vmqlint drift --desired FILE <snapshot-or-fleet...>`: check hosts against a desired-state file
 * (or the config's `desired` block); every mismatch is a change with the PowerShell that restores
 * it. Formats and exit codes as diff: 0 no mismatch at or above `--fail-on` (default info), 1
 * otherwise or when an expectation matched nothing (unless none), 2 when the tool could not do its job.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { joinDesired, validateDesired, type DesiredDocument } from '../diff/desired.js';
import { ignoreFilter } from '../diff/noise.js';
import type { VmqlintConfig } from '../engine/config.js';
import { UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { defaultDiffDeps, gateExitCode, loadConfig, loadSide, parseFailOn, type DiffDeps, type LoadedConfig } from './diff-common.js';
import { driftHost, type DriftCheck, type DriftHost } from './drift-host.js';
import type { DriftWorkerData } from './drift-worker.js';
import { wholeNumberFlag } from './lint-settings.js';
import { DIFF_FORMAT_NAMES } from './diff-definition.js';
import { writeDiffReports } from './diff.js';
import { driftDefinition } from './drift-definition.js';
import { parseOutputs } from './io.js';
import { readJsonInput } from './json-input.js';
import { readSideThreaded, type SideThreads } from './side-stream.js';
import { workerThreads } from './snapshot-pool.js';

export { registerDrift } from './drift-definition.js';

interface DriftFlags {
  desired?: string;
  format?: string[];
  outputFile?: string;
  config?: string | false;
  failOn: string;
  ignore?: string[];
  color?: boolean;
  jobs?: string;
}

/** The desired state from `--desired FILE`, else from the config's `desired` block. */
function loadDesired(flag: string | undefined, loaded: LoadedConfig, io: CommandIo): DesiredDocument {
  if (flag !== undefined) {
    const input = readJsonInput(flag, io.cwd, 'desired-state file');
    return validateDesired(input.value, input.file, input.locate);
  }
  if (loaded.config.desired !== undefined && loaded.file !== undefined) {
    const locate = loaded.locate;
    return validateDesired(loaded.config.desired, loaded.file, locate ? (pointer, key) => locate(`/desired${pointer}`, key) : undefined);
  }
  throw new UsageError('drift needs --desired FILE, or a `desired` block in the config file');
}

/** What `drift` runs with: the loader (or injected hosts) and its worker threads. */
export type DriftDeps = DiffDeps & SideThreads;

export const defaultDriftDeps: DriftDeps = { ...defaultDiffDeps, ...workerThreads('drift-worker.js') };

/**
 * Every host checked, in loadPaths' order: streamed snapshot by snapshot, each model dropped once
 * checked (issue 11), on worker threads with --jobs, or from hosts injected whole (tests).
 */
async function driftHosts(paths: string[], config: VmqlintConfig, io: CommandIo, deps: DriftDeps, check: DriftCheck, jobs: number | undefined): Promise<DriftHost[]> {
  const ignore = ignoreFilter({ extra: check.ignore, includeNoise: false });
  if (deps.loadPaths) return loadSide(paths, 'input', config, io, deps).map((h) => driftHost(h, check, ignore));
  const workerData: DriftWorkerData = { ...check, cwd: resolve(io.cwd) };
  // A clone: strings cut from a file's text (V8 slices) would keep the whole text alive.
  const side = await readSideThreaded(paths, 'input', config, io, deps.snapshots, { ...deps, jobs, workerData }, (h) => structuredClone(driftHost(h, check, ignore)));
  side.dispose();
  return side.hosts.map((e) => e.digest);
}

/** Run drift with parsed flags; returns the exit code. Usage and input problems throw. */
export async function driftCommand(paths: string[], flags: DriftFlags, io: CommandIo, deps: DriftDeps = defaultDriftDeps): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  const outputs = parseOutputs(flags.format, DIFF_FORMAT_NAMES, 'text', flags.outputFile);
  const jobs = wholeNumberFlag('--jobs', flags.jobs);
  const loaded = loadConfig(flags.config, io);
  const desired = loadDesired(flags.desired, loaded, io);
  // As ignoreFrom builds it: the config's diff.ignore, then --ignore, noise left out.
  const hosts = await driftHosts(paths, loaded.config, io, deps, { desired, ignore: [...(loaded.config.diff?.ignore ?? []), ...(flags.ignore ?? [])] }, jobs);
  const result = joinDesired(
    hosts.map((h) => h.check),
    desired,
  );

  const statuses = hosts.map((h) => ({ name: h.name, release: h.release, ...(h.build !== undefined ? { build: h.build } : {}), status: 'ok' as const }));
  const firstSource = new Map(hosts.map((h) => [h.name.toLowerCase(), h.source]));
  await writeDiffReports(result, outputs, io, flags.color, [], () => ({ hosts: statuses, sourceOf: (host) => firstSource.get(host.toLowerCase()) }));
  return gateExitCode(result, failOn, io, { one: 'mismatch', many: 'mismatches' }, []);
}

/** Register `drift` on a program, with injectable I/O and dependencies. */
export function defineDrift(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: DriftDeps = defaultDriftDeps): void {
  driftDefinition(program).action(async (paths: string[], flags: DriftFlags) => {
    setExitCode(await driftCommand(paths, flags, io(), deps));
  });
}

/** Run `vmqlint drift <argv...>` in-process (tests, embedding); returns the exit code. */
export function runDrift(argv: string[], io: CommandIo, deps: DriftDeps = defaultDriftDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineDrift(program, setExitCode, getIo, deps), ['drift', ...argv], io);
}
