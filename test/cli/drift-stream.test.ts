/**
 * `drift` streams (issue 11): each snapshot is read once and only its hosts' checks stay; every
 * format is byte-identical to loading every host at once (the path injected hosts take).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIFF_FORMAT_NAMES } from '../../src/cli/diff.js';
import type { DiffDeps } from '../../src/cli/diff-common.js';
import { defaultDriftDeps, runDrift, type DriftDeps } from '../../src/cli/drift.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { inMemory, watched } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const FLEET = join(root, 'fixtures', 'diff', 'fleet');
const DESIRED = join(root, 'fixtures', 'diff', 'desired', 'desired.json');
/** The built worker (npm ci runs the build); from the sources no worker script exists. */
const workerJs = join(root, 'dist', 'src', 'cli', 'drift-worker.js');
const onWorkers: DriftDeps = { ...defaultDriftDeps, workerScript: () => pathToFileURL(workerJs) };

async function run(argv: string[], deps: DiffDeps | DriftDeps, cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await runDrift(argv, io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('vmqlint drift streams the fleet', () => {
  it('gives every format byte for byte as loading every host at once', async () => {
    for (const paths of [[FLEET], [SAMPLE], [SAMPLE, FLEET]]) {
      for (const format of DIFF_FORMAT_NAMES) {
        const argv = ['--desired', DESIRED, ...paths, '--no-config', '--format', format];
        const streamed = await run(argv, watched().deps);
        expect(streamed).toEqual(await run(argv, inMemory));
      }
    }
  });

  it('reads each snapshot once and reports every host', async () => {
    const w = watched();
    const r = await run(['--desired', DESIRED, SAMPLE, '--no-config', '--format', 'json'], w.deps);
    expect(w.reads.sort()).toEqual(['HV-2022', 'HV-LBFO-2012R2', 'HV-SET-2019']);
    const doc = JSON.parse(r.out) as { hosts: { host: string }[] };
    expect(doc.hosts.map((h) => h.host)).toEqual(['HV-2022', 'HV-LBFO-2012R2', 'HV-SET-2019']);
  });

  it('gives the same bytes on worker threads (--jobs 2) as in one thread, with --ignore and a config ignore list', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const dir = tempDir();
    writeFileSync(join(dir, '.vmqlintrc.json'), JSON.stringify({ diff: { ignore: ['adapter:*JumboPacket'] } }));
    for (const paths of [[FLEET], [SAMPLE, FLEET]]) {
      for (const format of DIFF_FORMAT_NAMES) {
        for (const extra of [['--no-config'], ['--ignore', 'vmq.*'], ['--no-config', '--ignore', 'rss.*']]) {
          const argv = ['--desired', DESIRED, ...paths, '--format', format, ...extra];
          const inOne = await run(argv, inMemory, dir);
          expect(await run([...argv, '--jobs', '2'], onWorkers, dir)).toEqual(inOne);
        }
      }
    }
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const r = await run(['--desired', DESIRED, SAMPLE, '--no-config', '--jobs', 'two'], onWorkers);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs two: expected a whole number/);
  });
});
