/**
 * `show --jobs N` (issue 11): the first read of every snapshot (names, failures, warnings) runs on
 * worker threads (show-worker.ts), and so does the second (each host's piece written there,
 * show-pieces.ts); the reports are the bytes of one thread, failures included.
 * Uses the built worker script: run `npm run build` first.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Captured } from './cli-helpers.js';
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
async function run(argv: string[], threads: WorkerThreads, cwd: string, between?: () => void) {
  const io: Captured = captureIo(cwd);
  if (between) {
    // The first pass ends with its failures on stderr: the files change there, before the second.
    const stderr = io.stderr;
    let changed = false;
    io.stderr = (t) => {
      if (!changed) between();
      changed = true;
      stderr(t);
    };
  }
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

  it('refuses a snapshot changed between the two reads with exit 2 and the message of one thread, at the host whose turn it is', async () => {
    for (const format of Object.values(FORMATS)) {
      const results = [];
      for (const [threads, jobs] of [[oneThread, []], [onWorkers, ['--jobs', '1']], [onWorkers, ['--jobs', '2']], [onWorkers, ['--jobs', '3']]] as const) {
        const cwd = joinedNamesFleet();
        const model = join(cwd, 'model.json');
        const text = readFileSync(model, 'utf8');
        const name = (JSON.parse(text) as { hosts: { name: string }[] }).hosts[0].name;
        const r = await run(['fleet', 'model.json', ...format, ...jobs], threads, cwd, () => writeFileSync(model, text.replaceAll(JSON.stringify(name), '"HV-RENAMED"')));
        expect(r.code).toBe(2);
        expect(r.err).toMatch(new RegExp(`model\\.json.*changed while it was being read \\(host '${name}' is no longer where it was\\)`));
        expect(r.written).toBeUndefined();
        results.push(r);
      }
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    }
  });

  it('fails the run when a worker of the second pass throws, and writes hosts there only with workers', async () => {
    const dir = tempDir();
    const failing = join(dir, 'render-fails.mjs');
    // The first pass as built; the second throws: the run fails exactly when hosts are written on workers.
    writeFileSync(failing, `import { workerData } from 'node:worker_threads';\nif (workerData.render) throw new Error('render worker failed');\nawait import(${JSON.stringify(pathToFileURL(workerJs).href)});\n`);
    const threads: WorkerThreads = { workerScript: () => pathToFileURL(failing), cores: () => 2 };
    for (const format of Object.values(FORMATS)) {
      await expect(run([SAMPLE, ...format, '--jobs', '2'], threads, dir)).rejects.toThrow(/render worker failed/);
      expect(existsSync(join(dir, 'out', 'model.json'))).toBe(false);
      expect((await run([SAMPLE, ...format, '--jobs', '1'], threads, dir)).code).toBe(0);
    }
  });

  it('stops the workers and ends when the reader of stdout has gone, as one thread does', async () => {
    for (const [threads, jobs] of [[oneThread, []], [onWorkers, ['--jobs', '2']]] as const) {
      const io = { ...captureIo(tempDir()), drain: async () => false };
      // The first batch of 64 KiB is written, then the run ends (exit code unchanged).
      expect(await runShow([PRODUCTION, '--format', 'json', '--no-color', ...jobs], io, threads)).toBe(0);
      expect(io.out.length).toBe(1);
    }
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const r = await run([SAMPLE, '--jobs', '0'], onWorkers, tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs 0: expected a whole number/);
    expect(r.out).toBe('');
  });
});
