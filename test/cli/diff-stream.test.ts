/**
 * `diff` of two fleets streams (issue 11): the real loader read snapshot by snapshot, each pair's
 * models read again only when the pair may differ, and every format byte-identical to loading
 * every host at once (the in-memory path, which injected hosts still take).
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { defaultDiffCommandDeps, DIFF_FORMAT_NAMES, runDiff, type DiffCommandDeps } from '../../src/cli/diff.js';
import { defaultDiffDeps, linterFor, loadAllPaths, type DiffDeps } from '../../src/cli/diff-common.js';
import { pairDigest } from '../../src/cli/diff-digest.js';
import type { DiffWorkerData } from '../../src/cli/diff-worker.js';
import { runOnWorkers } from '../../src/cli/snapshot-pool.js';
import { discoverSnapshots, readSnapshot } from '../../src/ingest/load.js';
import type { VmqlintConfig } from '../../src/engine/config.js';
import { defaultSnapshotSource, sideSnapshot, type SnapshotSource } from '../../src/cli/side-stream.js';
import { diffHosts } from '../../src/diff/diff.js';
import { DEFAULT_HELP_URI_BASE } from '../../src/report/context.js';
import { diffJsonChunks, formatDiffJson } from '../../src/report/diff-json.js';
import { diffSarifChunks, formatDiffSarif } from '../../src/report/diff-sarif.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { inMemory, watched } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const pair = (kind: string, side: 'before' | 'after'): string => join(root, 'fixtures', 'diff', kind, side);

/** Every host at once, as diff loaded before streaming. */


/** The built worker (npm ci runs the build); from the sources no worker script exists. */
const workerJs = join(root, 'dist', 'src', 'cli', 'diff-worker.js');
const onWorkers: DiffCommandDeps = { ...defaultDiffCommandDeps, workerScript: () => pathToFileURL(workerJs) };

async function run(argv: string[], deps: DiffDeps | DiffCommandDeps, cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await runDiff(argv, io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** The sample fleet after a reset jumbo value on HV-SET-2019 and a VmqWeight on HV-2022; HV-LBFO-2012R2 untouched. */
function editedCopy(): string {
  const dir = tempDir();
  cpSync(SAMPLE, join(dir, 'after'), { recursive: true });
  const xml = join(dir, 'after', 'HV-SET-2019', 'Get-NetAdapterAdvancedProperty.xml');
  let text = readFileSync(xml).toString('utf16le');
  const value = text.indexOf('<S>9014</S>', text.indexOf('::*JumboPacket'));
  text = `${text.slice(0, value)}<S>1514</S>${text.slice(value + '<S>9014</S>'.length)}`;
  writeFileSync(xml, Buffer.from(text, 'utf16le'));
  const json = join(dir, 'after', 'HV-2022', 'Get-VMNetworkAdapter.json');
  writeFileSync(json, readFileSync(json, 'utf8').replace('"VmqWeight": 100', '"VmqWeight": 0'));
  return join(dir, 'after');
}

describe('vmqlint diff streams two fleets', () => {
  it('gives every format byte for byte as loading every host at once', async () => {
    const after = editedCopy();
    for (const format of DIFF_FORMAT_NAMES) {
      const argv = [SAMPLE, after, '--no-config', '--format', format];
      const streamed = await run(argv, watched(2).deps);
      const whole = await run(argv, inMemory);
      expect(streamed.code).toBe(1);
      expect(streamed).toEqual(whole);
    }
  });

  it('agrees with the in-memory diff under a config with waivers and rule settings', async () => {
    const after = editedCopy();
    const config = { waivers: [{ rule: 'jumbo-mismatch', host: 'HV-SET-*', reason: 'known' }], rules: { 'vmq-queue-waste': 'off', 'vmq-on-slow-nic': 'error' } };
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify(config) });
    for (const format of ['text', 'json', 'sarif']) {
      const argv = [SAMPLE, after, '--format', format];
      const streamed = await run(argv, watched(2).deps, cwd);
      expect(streamed.code).toBe(1);
      expect(streamed).toEqual(await run(argv, inMemory, cwd));
      // The waiver took: the jumbo finding the edit introduces is accepted, so no change owns it.
      if (format === 'text') expect(streamed.out).not.toContain('introduces jumbo-mismatch');
    }
  });

  it('reads each snapshot once, and again only for pairs that may differ', async () => {
    const after = editedCopy();
    const w = watched(2);
    const r = await run([SAMPLE, after, '--no-config', '--format', 'json'], w.deps);
    expect(r.code).toBe(1);
    // Pass 1: the three hosts of each side; pass 2: the two edited pairs, before then after per pair.
    expect(w.reads.filter((p) => p.endsWith('HV-LBFO-2012R2'))).toHaveLength(2);
    expect(w.reads.filter((p) => p.endsWith('HV-2022'))).toHaveLength(4);
    expect(w.reads.filter((p) => p.endsWith('HV-SET-2019'))).toHaveLength(4);
    expect(w.reads).toHaveLength(10);
  });

  it('agrees with the in-memory diff on a removed host, without lint, and between a fleet and itself', async () => {
    const after = editedCopy();
    rmSync(join(after, 'HV-LBFO-2012R2'), { recursive: true });
    for (const argv of [
      [SAMPLE, after, '--no-config', '--format', 'json'],
      [after, SAMPLE, '--no-config', '--format', 'markdown', '--no-lint'],
      [SAMPLE, SAMPLE, '--no-config', '--format', 'sarif'],
    ]) {
      expect(await run(argv, watched(2).deps)).toEqual(await run(argv, inMemory));
    }
    const same = watched(2);
    expect((await run([SAMPLE, SAMPLE, '--no-config'], same.deps)).out).toBe('No changes.\n');
    // Nothing may differ: no snapshot is read a second time.
    expect(same.reads).toHaveLength(6);
  });

  it('agrees with the in-memory diff under --traffic, which simulates every pair', async () => {
    const profile = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM1', gbps: 6 }, { vm: 'VM2', gbps: 9 }] });
    const cwd = tempDir({ 'traffic.json': profile, 'bad.json': JSON.stringify({ vnics: [{ vm: 'VM9', gbps: 1 }] }) });
    for (const file of ['traffic.json', 'bad.json']) {
      const argv = [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', file, '--format', 'json'];
      expect(await run(argv, watched(2).deps, cwd)).toEqual(await run(argv, inMemory, cwd));
    }
  });

  it('gives the same bytes with the first pass on worker threads (--jobs 2): lint, waivers, --no-lint, --traffic and its refusal', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const after = editedCopy();
    // Rule options change what a host's lint finds: the workers must read them as this thread does.
    const config = {
      waivers: [{ rule: 'jumbo-mismatch', host: 'HV-SET-*', reason: 'known' }],
      rules: { 'vmq-queue-waste': 'off', 'vmq-on-slow-nic': 'error', 'vmq-coalescing-risk': ['warning', { maxProcessorsWithoutCoalescing: 1 }] },
    };
    const profile = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM1', gbps: 6 }, { vm: 'VM2', gbps: 9 }] });
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify(config), 'traffic.json': profile, 'bad.json': JSON.stringify({ vnics: [{ vm: 'VM9', gbps: 1 }] }) });
    const cases = [
      ...DIFF_FORMAT_NAMES.map((format) => [SAMPLE, after, '--no-config', '--format', format]),
      [SAMPLE, after, '--format', 'sarif'],
      [SAMPLE, after, '--format', 'text'],
      [after, SAMPLE, '--no-config', '--no-lint', '--format', 'json'],
      [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', 'traffic.json', '--format', 'json'],
      [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', 'bad.json', '--format', 'json'],
      // Three snapshots a side, so the workers lint under the profile and send back its refusal.
      [SAMPLE, after, '--no-config', '--traffic', 'traffic.json', '--format', 'json'],
      [SAMPLE, after, '--no-config', '--traffic', 'bad.json', '--format', 'json'],
    ];
    for (const argv of cases) {
      const inOne = await run(argv, inMemory, cwd);
      expect(await run([...argv, '--jobs', '2'], onWorkers, cwd)).toEqual(inOne);
    }
    // Both passes start worker threads for each case: slow on a busy machine.
  }, 120_000);

  it('a diff worker digests each host as this thread does, with rule options and the slimmed before side', async () => {
    const config = { rules: { 'vmq-on-slow-nic': 'error', 'vmq-coalescing-risk': ['warning', { maxProcessorsWithoutCoalescing: 1 }] } } as unknown as VmqlintConfig;
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify(config) });
    const io = captureIo(cwd);
    const linter = await linterFor({ config, file: join(cwd, '.vmqlintrc.json') }, io, defaultDiffDeps);
    const found = discoverSnapshots([SAMPLE], { cwd });
    try {
      const tasks = found.snapshots.map((ref, index) => ({ ref, index }));
      for (const slim of [true, false]) {
        const here = tasks.map((t) => sideSnapshot(readSnapshot(t.ref, { cwd }), t.index, (h) => pairDigest(h, linter.hostLint, slim)));
        const there: unknown[] = new Array(tasks.length);
        const data: DiffWorkerData = { cwd, slim, lint: { config, file: join(cwd, '.vmqlintrc.json') } };
        await runOnWorkers(pathToFileURL(workerJs), data, 2, tasks, (i, r) => (there[i] = r), () => {
          throw new Error('no snapshot should be done on this thread');
        });
        expect(there).toEqual(here);
        expect(JSON.stringify(here)).toContain('vmq-coalescing-risk');
      }
    } finally {
      found.dispose();
    }
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const r = await run([SAMPLE, SAMPLE, '--no-config', '--jobs', '0'], onWorkers);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs 0: expected a whole number/);
  });

  it('refuses a snapshot whose files changed between its two reads (exit 2, naming it)', async () => {
    const after = editedCopy();
    const seen = new Map<string, number>();
    const source: SnapshotSource = {
      discover: defaultSnapshotSource.discover,
      read: (ref, opts) => {
        const r = defaultSnapshotSource.read(ref, opts);
        const n = (seen.get(ref.path) ?? 0) + 1;
        seen.set(ref.path, n);
        // The second read of HV-2022's after side finds another host there.
        if (n === 2 && ref.path.endsWith('after/HV-2022')) r.hosts[0].name = 'HV-OTHER';
        return r;
      },
    };
    const r = await run([SAMPLE, after, '--no-config'], { loadRules, snapshots: source });
    expect(r.code).toBe(2);
    expect(r.err).toContain("after/HV-2022: changed while it was being read (host 'HV-2022' is no longer where it was)");
    expect(r.out).toBe('');
  });

  it('fails as the in-memory diff does on a snapshot that does not load, before reading the other side', async () => {
    const cwd = tempDir({ 'snap/Get-NetAdapter.json': '[{"Name": "NIC1", "InterfaceGuid": ' });
    const w = watched(2);
    const streamed = await run(['snap', SAMPLE, '--no-config'], w.deps, cwd);
    expect(streamed.code).toBe(2);
    expect(streamed).toEqual(await run(['snap', SAMPLE, '--no-config'], inMemory, cwd));
    expect(w.reads).toEqual(['snap/Get-NetAdapter.json']);
  });
});

describe('diff reports written in pieces', () => {
  it('gives json and sarif change by change, the same bytes as one string', async () => {
    const after = editedCopy();
    const result = diffHosts(loadAllPaths([SAMPLE], { cwd: root }).hosts, loadAllPaths([after], { cwd: root }).hosts);
    const pieces = [...diffJsonChunks(result)];
    // One piece per change and per host at least: never the whole report as one string.
    expect(pieces.length).toBeGreaterThan(result.changes.length + result.hosts.length);
    expect(pieces.join('')).toBe(formatDiffJson(result));
    const ctx = { color: false, rules: [], helpUriBase: DEFAULT_HELP_URI_BASE };
    const sarif = [...diffSarifChunks(result, { tool: { name: 'vmqlint', version: '0' } }, ctx)];
    expect(sarif.length).toBeGreaterThan(1);
    expect(sarif.join('')).toBe(formatDiffSarif(result, { tool: { name: 'vmqlint', version: '0' } }, ctx));
  });
});
