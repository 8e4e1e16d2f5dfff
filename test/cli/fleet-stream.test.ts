/**
 * `fleet` streams (issue 11): each snapshot is read once and only its hosts' fleet views stay;
 * every format is byte-identical to loading every host at once (the path injected hosts take).
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DiffDeps } from '../../src/cli/diff-common.js';
import { defaultFleetDeps, FLEET_FORMAT_NAMES, runFleet, type FleetDeps } from '../../src/cli/fleet.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { inMemory, watched } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const FLEET = join(root, 'fixtures', 'diff', 'fleet');
/** The built worker (npm ci runs the build); from the sources no worker script exists. */
const workerJs = join(root, 'dist', 'src', 'cli', 'fleet-worker.js');
const onWorkers: FleetDeps = { ...defaultFleetDeps, workerScript: () => pathToFileURL(workerJs) };

async function run(argv: string[], deps: DiffDeps | FleetDeps, cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await runFleet(argv, io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('vmqlint fleet streams the fleet', () => {
  it('gives every format byte for byte as loading every host at once', async () => {
    for (const fleet of [SAMPLE, FLEET]) {
      for (const format of FLEET_FORMAT_NAMES) {
        for (const extra of [[], ['--all'], ['--include-unique', '--include-noise']]) {
          const argv = [fleet, '--no-config', '--format', format, ...extra];
          expect(await run(argv, watched().deps)).toEqual(await run(argv, inMemory));
        }
      }
    }
  });

  it('reads each snapshot once', async () => {
    const w = watched();
    const r = await run([SAMPLE, '--no-config', '--format', 'json', '--golden', 'HV-2022'], w.deps);
    expect(r).toEqual(await run([SAMPLE, '--no-config', '--format', 'json', '--golden', 'HV-2022'], inMemory));
    expect(w.reads.sort()).toEqual(['HV-2022', 'HV-LBFO-2012R2', 'HV-SET-2019']);
  });

  it('refuses as the in-memory path does: a second capture of a host, an unknown golden host, a lone host', async () => {
    const dir = tempDir();
    cpSync(join(SAMPLE, 'HV-2022'), join(dir, 'fleet', 'a'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-2022'), join(dir, 'fleet', 'b'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-SET-2019'), join(dir, 'fleet', 'c'), { recursive: true });
    for (const argv of [['fleet', '--no-config'], [SAMPLE, '--no-config', '--golden', 'HV-NONE'], [join(SAMPLE, 'HV-2022'), '--no-config']]) {
      const streamed = await run(argv, watched().deps, dir);
      expect(streamed.code).toBe(2);
      expect(streamed).toEqual(await run(argv, inMemory, dir));
    }
  });

  it('gives the same bytes on worker threads (--jobs 2) as in one thread, whatever order snapshots finish in', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    for (const fleet of [SAMPLE, FLEET]) {
      for (const format of FLEET_FORMAT_NAMES) {
        const argv = [fleet, '--no-config', '--format', format, '--all'];
        const inOne = await run(argv, inMemory);
        expect(await run([...argv, '--jobs', '2'], onWorkers)).toEqual(inOne);
        expect(await run([...argv, '--jobs', '3'], onWorkers)).toEqual(inOne);
      }
    }
  });

  it('on worker threads refuses as in one thread: a second capture of a host, a file that fails to parse', async () => {
    const dir = tempDir();
    cpSync(join(SAMPLE, 'HV-2022'), join(dir, 'fleet', 'a'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-2022'), join(dir, 'fleet', 'b'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-SET-2019'), join(dir, 'fleet', 'c'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-LBFO-2012R2'), join(dir, 'broken', 'd'), { recursive: true });
    cpSync(join(SAMPLE, 'HV-SET-2019'), join(dir, 'broken', 'e'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'd', 'Get-NetAdapter.xml'), '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0">');
    for (const path of ['fleet', 'broken']) {
      const inOne = await run([path, '--no-config'], inMemory, dir);
      expect(inOne.code).toBe(2);
      expect(inOne.err).toMatch(/vmqlint: /);
      expect(await run([path, '--no-config', '--jobs', '2'], onWorkers, dir)).toEqual(inOne);
    }
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const r = await run([SAMPLE, '--no-config', '--jobs', '0'], onWorkers);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs 0: expected a whole number/);
  });
});
