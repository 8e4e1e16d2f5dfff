/**
 * `vmqlint drift --desired FILE <snapshot-or-fleet...>`: check hosts against a desired-state file
 * (or the config's `desired` block); every mismatch is a change with the PowerShell that restores
 * it. Formats and exit codes as diff: 0 no mismatch at or above `--fail-on` (default info), 1
 * otherwise or when an expectation matched nothing (unless none), 2 when the tool could not do its job.
 */
import type { Command } from 'commander';
import { checkDesiredHost, joinDesired, validateDesired, type DesiredDocument, type DesiredHostCheck } from '../diff/desired.js';
import type { VmqlintConfig } from '../engine/config.js';
import type { Host } from '../model/host.js';
import { UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { defaultDiffDeps, gateExitCode, ignoreFrom, loadConfig, loadSide, parseFailOn, type DiffDeps, type LoadedConfig } from './diff-common.js';
import { DIFF_FORMAT_NAMES } from './diff-definition.js';
import { writeDiffReports } from './diff.js';
import { driftDefinition } from './drift-definition.js';
import { parseOutputs } from './io.js';
import { readJsonInput } from './json-input.js';
import { defaultSnapshotSource, scanSide } from './side-stream.js';

export { registerDrift } from './drift-definition.js';

interface DriftFlags {
  desired?: string;
  format?: string[];
  outputFile?: string;
  config?: string | false;
  failOn: string;
  ignore?: string[];
  color?: boolean;
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

/** What drift keeps of a host: its check, and what the SARIF log says of it. */
interface DriftHost {
  name: string;
  release: Host['os']['release'];
  build?: number;
  source?: string;
  check: DesiredHostCheck;
}

function driftHost(h: Host, check: (host: Host) => DesiredHostCheck): DriftHost {
  return { name: h.name, release: h.os.release, ...(h.os.build !== undefined ? { build: h.os.build } : {}), source: h.sources[0]?.file, check: check(h) };
}

/**
 * Every host checked, in loadPaths' order: streamed snapshot by snapshot, each model dropped once
 * checked (issue 11), or from hosts injected whole (tests).
 */
function driftHosts(paths: string[], config: VmqlintConfig, io: CommandIo, deps: DiffDeps, check: (host: Host) => DesiredHostCheck): DriftHost[] {
  if (deps.loadPaths) return loadSide(paths, 'input', config, io, deps).map((h) => driftHost(h, check));
  // A clone: strings cut from a file's text (V8 slices) would keep the whole text alive.
  const side = scanSide(paths, 'input', config, io, deps.snapshots ?? defaultSnapshotSource, (h) => structuredClone(driftHost(h, check)));
  side.dispose();
  return side.hosts.map((e) => e.digest);
}

/** Run drift with parsed flags; returns the exit code. Usage and input problems throw. */
export async function driftCommand(paths: string[], flags: DriftFlags, io: CommandIo, deps: DiffDeps = defaultDiffDeps): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  const outputs = parseOutputs(flags.format, DIFF_FORMAT_NAMES, 'text', flags.outputFile);
  const loaded = loadConfig(flags.config, io);
  const desired = loadDesired(flags.desired, loaded, io);
  const ignore = ignoreFrom(loaded.config, flags.ignore, false);
  const hosts = driftHosts(paths, loaded.config, io, deps, (h) => checkDesiredHost(h, desired, { ignore }));
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
export function defineDrift(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: DiffDeps = defaultDiffDeps): void {
  driftDefinition(program).action(async (paths: string[], flags: DriftFlags) => {
    setExitCode(await driftCommand(paths, flags, io(), deps));
  });
}

/** Run `vmqlint drift <argv...>` in-process (tests, embedding); returns the exit code. */
export function runDrift(argv: string[], io: CommandIo, deps: DiffDeps = defaultDiffDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineDrift(program, setExitCode, getIo, deps), ['drift', ...argv], io);
}
