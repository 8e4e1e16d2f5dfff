/**
 * `show --jobs N` (issue 11): the first read of every snapshot (names, failures, warnings) runs on
 * worker threads (show-worker.ts); the reports are the bytes of one thread, failures included.
 * Uses the built worker script: run `npm run build` first.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runShow } from '../../src/cli/show.js';
import type { WorkerThreads } from '../../src/cli/snapshot-pool.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { joinedNamesFleet } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const PRODUCTION = join(root, 'fixtures', 'production');
const workerJs = join(root, 'dist', 'src', 'cli', 'show-worker.js');
/** The built worker on a machine of two cores (the default --jobs). */
const onWorkers: WorkerThreads = { workerScript: () => pathToFileURL(workerJs), cores: () => 2 };
/** No worker script: everything in one thread, as show ran before --jobs. */
const oneThread: WorkerThreads = {};

const FORMATS: Record<string, string[]> = {
  text: ['--format', 'text'],
  json: ['--format', 'json'],
  mix: ['--format', 'text', '--format', 'json=out/model.json'],
};

/** show in-process in `cwd`: exit code, stdout, stderr and the json file a mix wrote (removed after). */
async function run(argv: string[], threads: WorkerThreads, cwd: string) {
  const io = captureIo(cwd);
  const code = await runShow([...argv, '--no-color'], io, threads);
  const file = join(cwd, 'out', 'model.json');
  const written = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  rmSync(join(cwd, 'out'), { recursive: true, force: true });
  return { code, out: io.out.join(''), err: io.err.join(''), written };
}

describe('vmqlint show --jobs', () => {
  it('writes the bytes of one thread at --jobs 1 and 2 (3 and the default with text and json together), text, json and both, on the fixture fleets', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const joined = joinedNamesFleet();
    const cases: { paths: string[]; cwd: string; code: number }[] = [
      { paths: [SAMPLE], cwd: tempDir(), code: 0 },
      { paths: [PRODUCTION], cwd: tempDir(), code: 0 },
      // A broken snapshot, two captures of one host and a model document: exit 2, the same stderr.
      { paths: ['fleet', 'model.json'], cwd: joined, code: 2 },
      { paths: [join(SAMPLE, 'HV-2022')], cwd: tempDir(), code: 0 },
    ];
    for (const c of cases) {
      for (const [name, format] of Object.entries(FORMATS)) {
        const argv = [...c.paths, ...format];
        const inOne = await run(argv, oneThread, c.cwd);
        expect(inOne.code, `${c.paths} ${name}`).toBe(c.code);
        expect(inOne.out.length + (inOne.written?.length ?? 0)).toBeGreaterThan(1000);
        if (c.code === 2) expect(inOne.err).toMatch(/Get-NetAdapter\.json/);
        // Three threads (an order of answers two cannot give) and the default (workers from 8 snapshots) once a case: a third less time in npm test.
        const jobs = name === 'mix' ? ['1', '2', '3', undefined] : ['1', '2'];
        for (const j of jobs) {
          const flags = j === undefined ? [] : ['--jobs', j];
          expect(await run([...argv, ...flags], onWorkers, c.cwd), `${c.paths} ${name} ${flags.join(' ')}`).toEqual(inOne);
        }
      }
    }
  });

  it('reads on the workers at --jobs 2 and from 8 snapshots by default, in-process at --jobs 1 and under 8 snapshots', async () => {
    // A worker script that fails at once: the run fails exactly when it reads on workers.
    const dir = tempDir();
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('show worker started');\n");
    const probe: WorkerThreads = { workerScript: () => pathToFileURL(broken), cores: () => 2 };
    const three = [SAMPLE, '--format', 'json'];
    await expect(run([...three, '--jobs', '2'], probe, dir)).rejects.toThrow(/show worker started/);
    expect((await run([...three, '--jobs', '1'], probe, dir)).code).toBe(0);
    expect((await run(three, probe, dir)).code).toBe(0);
    // fixtures/production holds 12 snapshots or more: workers by default.
    await expect(run([PRODUCTION, '--format', 'json'], probe, dir)).rejects.toThrow(/show worker started/);
    // A lone snapshot stays in-process (it is read once, its read kept for the report).
    expect((await run([join(SAMPLE, 'HV-2022'), '--jobs', '2'], probe, dir)).code).toBe(0);
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const r = await run([SAMPLE, '--jobs', '0'], onWorkers, tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs 0: expected a whole number/);
    expect(r.out).toBe('');
  });
});
