/**
 * `vmqlint fleet <fleet...>`: the hosts of a cluster should match. Every property is compared with
 * the majority (or `--golden HOST`); properties that differ per node by design are left out.
 * Exit 0 when all hosts agree, 1 when any deviates (or a property has no majority), 2 on error.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compareFleetHosts, fleetHost, type FleetHost } from '../diff/fleet.js';
import type { VmqlintConfig } from '../engine/config.js';
import { UsageError } from '../model/errors.js';
import { fleetJsonChunks } from '../report/fleet-json.js';
import { fleetMarkdownChunks } from '../report/fleet-markdown.js';
import { fleetTextChunks } from '../report/fleet-text.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { defaultDiffDeps, ignoreFrom, loadConfig, loadSide, type DiffDeps } from './diff-common.js';
import { FLEET_FORMAT_NAMES, fleetDefinition } from './fleet-definition.js';
import { parseOutputs } from './io.js';
import { writeOutputChunks } from './report-stream.js';
import { readSideThreaded, type SideThreads } from './side-stream.js';
import { workerThreads } from './snapshot-pool.js';
import { wholeNumberFlag } from './lint-settings.js';
import type { FleetWorkerData } from './fleet-worker.js';

export { FLEET_FORMAT_NAMES, registerFleet } from './fleet-definition.js';

interface FleetFlags {
  golden?: string;
  format?: string[];
  outputFile?: string;
  config?: string | false;
  ignore?: string[];
  includeNoise?: boolean;
  includeUnique?: boolean;
  all?: boolean;
  color?: boolean;
  jobs?: string;
}

/** What `fleet` runs with: the loader (or injected hosts) and its worker threads. */
export type FleetDeps = DiffDeps & SideThreads;

export const defaultFleetDeps: FleetDeps = { ...defaultDiffDeps, ...workerThreads('fleet-worker.js') };

/**
 * The fleet view (fleetHost) of every host, sorted by name: streamed snapshot by snapshot, each
 * model dropped once its view is taken (issue 11), on worker threads with --jobs, or from hosts
 * injected whole (tests).
 */
async function fleetHosts(paths: string[], config: VmqlintConfig, io: CommandIo, deps: FleetDeps, jobs: number | undefined): Promise<FleetHost[]> {
  if (deps.loadPaths) return loadSide(paths, 'fleet', config, io, deps).map(fleetHost);
  const workerData: FleetWorkerData = { cwd: resolve(io.cwd) };
  // A clone: strings cut from a file's text (V8 slices) would keep the whole text alive.
  const side = await readSideThreaded(paths, 'fleet', config, io, deps.snapshots, { ...deps, jobs, workerData }, (h) => structuredClone(fleetHost(h)));
  side.dispose();
  return side.hosts.map((e) => e.digest);
}

/** Run fleet with parsed flags; returns the exit code. Usage and input problems throw. */
export async function fleetCommand(paths: string[], flags: FleetFlags, io: CommandIo, deps: FleetDeps = defaultFleetDeps): Promise<number> {
  const outputs = parseOutputs(flags.format, FLEET_FORMAT_NAMES, 'text', flags.outputFile);
  const jobs = wholeNumberFlag('--jobs', flags.jobs);
  const loaded = loadConfig(flags.config, io);
  const hosts = await fleetHosts(paths, loaded.config, io, deps, jobs);
  if (hosts.length < 2) throw new UsageError(`fleet compares hosts with each other and found ${hosts.length === 1 ? `only ${hosts[0].name}` : 'none'}`);
  const result = compareFleetHosts(hosts, {
    golden: flags.golden,
    ignore: ignoreFrom(loaded.config, flags.ignore, flags.includeNoise),
    includeUnique: flags.includeUnique,
    all: flags.all,
  });
  for (const spec of outputs) {
    // Rows and host columns grow with the fleet: every format is written piece by piece, never one string (issue 11).
    const chunks =
      spec.format === 'json'
        ? fleetJsonChunks(result)
        : spec.format === 'markdown'
          ? fleetMarkdownChunks(result)
          : fleetTextChunks(result, {
              color: spec.path === undefined && io.color(flags.color),
              // Only a terminal's width transposes the table: files and pipes get the same bytes at any width.
              ...(spec.path === undefined && io.width?.() !== undefined ? { width: io.width!()! } : {}),
            });
    await writeOutputChunks(spec, chunks, io);
  }
  return result.summary.deviating + result.summary.ties > 0 ? 1 : 0;
}

/** Register `fleet` on a program, with injectable I/O and dependencies. */
export function defineFleet(program: Command, setExitCode: SetExitCode, io: () => CommandIo, deps: FleetDeps = defaultFleetDeps): void {
  fleetDefinition(program).action(async (paths: string[], flags: FleetFlags) => {
    setExitCode(await fleetCommand(paths, flags, io(), deps));
  });
}

/** Run `vmqlint fleet <argv...>` in-process (tests, embedding); returns the exit code. */
export function runFleet(argv: string[], io: CommandIo, deps: FleetDeps = defaultFleetDeps): Promise<number> {
  return runCommand((program, setExitCode, getIo) => defineFleet(program, setExitCode, getIo, deps), ['fleet', ...argv], io);
}
