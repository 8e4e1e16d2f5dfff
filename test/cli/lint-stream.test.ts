/**
 * The streamed lint (issue 11): worker threads, the cache and the in-memory path give the same
 * bytes; outcomes are placed by index, not by finish order; a corrupt or foreign cache entry is
 * never trusted. The worker tests use the built worker script (npm ci runs the build).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultLintDeps, runLint, type LintDeps } from '../../src/cli/lint.js';
import { finishLint, lintHost } from '../../src/engine/host-lint.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { loadPaths } from '../../src/ingest/load.js';
import { loadRules } from '../../rules/index.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { collectOutcomes } from '../../src/cli/lint-stream.js';
import { CACHE_MAX_AGE_DAYS, entryBytes, LintCache, parseEntry, type EntryHeader } from '../../src/cli/lint-cache.js';
import { packOutcome } from '../../src/cli/packed-bytes.js';
import { rule as liveMigration } from '../../rules/live-migration-vmq-fallback.js';

const root = join(import.meta.dirname, '..', '..');
const workerJs = join(root, 'dist', 'src', 'cli', 'lint-worker.js');

/** A temp folder holding the sample fleet and the production corpus: 15 snapshots. */
function fleetCopy(): string {
  const dir = tempDir();
  cpSync(join(root, 'fixtures', 'sample-fleet'), join(dir, 'fleet', 'sample'), { recursive: true });
  cpSync(join(root, 'fixtures', 'production'), join(dir, 'fleet', 'production'), { recursive: true });
  return dir;
}

async function lint(cwd: string, args: string[], deps: LintDeps = defaultLintDeps) {
  const io = captureIo(cwd);
  const code = await runLint(args, io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const FORMATS = ['--format', 'json=r.json', '--format', 'sarif=r.sarif', '--format', 'junit=r.xml', '--format', 'stylish=r.txt', '--fix-script', 'fix.ps1'];

function outputs(dir: string): string[] {
  return ['r.json', 'r.sarif', 'r.xml', 'r.txt', 'fix.ps1'].map((f) => readFileSync(join(dir, f), 'utf8'));
}

describe('lint --jobs', () => {
  it('gives the bytes of an in-process run on worker threads, and says it used them', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const dir = fleetCopy();
    const one = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--jobs', '1', ...FORMATS]);
    expect(one.code).toBe(0);
    const inProcess = outputs(dir);
    const deps: LintDeps = { ...defaultLintDeps, workerScript: () => pathToFileURL(workerJs) };
    const two = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--jobs', '2', '--timing', ...FORMATS], deps);
    expect(two.code).toBe(0);
    expect(two.err).toMatch(/2 jobs \(phase times are summed over them\)/);
    expect(outputs(dir)).toEqual(inProcess);
    expect(JSON.parse(inProcess[0]).hosts).toHaveLength(15);
  });

  it('refuses a --jobs that is not a whole number of 1 or more', async () => {
    const run = await lint(fleetCopy(), ['fleet', '--no-config', '--jobs', '0']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--jobs 0: expected a whole number/);
  });
});

describe('finishLint', () => {
  it('gives the same result whatever order the linted hosts arrive in', async () => {
    const catalog = new RuleCatalog(await loadRules());
    const hosts = loadPaths([join(root, 'fixtures', 'sample-fleet'), join(root, 'fixtures', 'production')]).hosts;
    const linted = hosts.map((h) => lintHost(h, { rules: catalog }));
    const tool = { name: 'vmqlint', version: 'test' };
    const forward = finishLint(structuredClone(linted), [], { rules: catalog, tool });
    const backward = finishLint(structuredClone(linted).reverse(), [], { rules: catalog, tool });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it('judges a fleet rule from the summaries of hosts linted apart (the models are gone)', () => {
    const catalog = new RuleCatalog([liveMigration]);
    const files = liveMigration.meta.docs.example!.files;
    const dir = tempDir(files);
    const hosts = loadPaths([dir], { cwd: dir }).hosts;
    // Each host is linted alone and only its plain-data outcome is kept, as a worker sends it.
    const linted = hosts.map((h) => JSON.parse(JSON.stringify(lintHost(h, { rules: catalog }))));
    const result = finishLint(linted, [], { rules: catalog, tool: { name: 'vmqlint', version: 'test' } });
    expect(result.findings.map((f) => [f.host, f.ruleId])).toEqual([['HV02', 'live-migration-vmq-fallback']]);
    expect(result.findings[0].message).toMatch(/while HV01 does/);
    // One host alone has no peers: not applicable, as before.
    const alone = finishLint([linted[1]], [], { rules: catalog, tool: { name: 'vmqlint', version: 'test' } });
    expect(alone.findings).toEqual([]);
    expect(alone.notApplicable.map((n) => n.reason)).toEqual(['compares peers and needs at least two hosts']);
  });
});

describe('lint --cache', () => {
  const cacheFiles = (dir: string): string[] =>
    readdirSync(join(dir, '.vmqlintcache'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();

  it('re-lints an unchanged fleet from the cache with the same bytes, and misses only what changed', async () => {
    const dir = fleetCopy();
    const cold = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', ...FORMATS]);
    expect(cold.err).toMatch(/cache 0 hits, 15 misses/);
    const first = outputs(dir);
    expect(cacheFiles(dir)).toHaveLength(15);
    const warm = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', ...FORMATS]);
    expect(warm.err).toMatch(/cache 15 hits, 0 misses/);
    expect(outputs(dir)).toEqual(first);
    // One host's file changes: that snapshot alone is read again.
    const rss = join(dir, 'fleet', 'sample', 'HV-2022', 'Get-NetAdapterRss.json');
    writeFileSync(rss, readFileSync(rss, 'utf8').replace('"BaseProcessorNumber": 18', '"BaseProcessorNumber": 20'));
    const changed = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', '--format', 'json']);
    expect(changed.err).toMatch(/cache 14 hits, 1 miss \(/);
    // Another setting: nothing of the old entries applies.
    const other = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', '--rule', 'jumbo-mismatch=off', '--format', 'json']);
    expect(other.err).toMatch(/cache 0 hits, 15 misses/);
  });

  it('ignores and rewrites a corrupt entry or one from another version, never trusting it', async () => {
    const dir = fleetCopy();
    await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', ...FORMATS]);
    const first = outputs(dir);
    const [a, b] = cacheFiles(dir);
    writeFileSync(a, '{"format":2,"version":"0.1.0","key":');
    const entry = parseEntry(readFileSync(b));
    const outcome = entry.outcome as { hosts: unknown[] };
    expect(outcome.hosts.length).toBeGreaterThan(0);
    // A forged entry of another version with no findings must not hide the real ones.
    writeFileSync(b, entryBytes({ ...(entry.header as EntryHeader), version: '0.0.1' }, packOutcome({ ...outcome, hosts: [] })));
    const run = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', ...FORMATS]);
    expect(run.err).toMatch(/cache 13 hits, 2 misses \(86\.7% hits\), 2 rejected/);
    expect(outputs(dir)).toEqual(first);
    expect(parseEntry(readFileSync(b)).header.version).toBe(entry.header.version);
    const again = await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', '--format', 'json']);
    expect(again.err).toMatch(/cache 15 hits, 0 misses/);
  });

  it('prunes entries unused for a month, renews the ones it hits, and keeps what it does not own', async () => {
    const dir = fleetCopy();
    const args = ['fleet', '--no-config', '--exit-zero', '--cache', '--timing', '--format', 'json=r.json'];
    await lint(dir, args);
    const files = cacheFiles(dir);
    expect(files).toHaveLength(15);
    const long = new Date(Date.now() - (CACHE_MAX_AGE_DAYS + 1) * 24 * 3600 * 1000);
    // An entry of a snapshot since deleted (or of another version) that nobody has used for long.
    const stale = join(dir, '.vmqlintcache', 'ab', `ab${'0'.repeat(62)}.entry`);
    mkdirSync(join(dir, '.vmqlintcache', 'ab'), { recursive: true });
    writeFileSync(stale, 'old');
    // A half-written entry of a run that died, and files that are not the cache's to delete.
    const tmp = join(dir, '.vmqlintcache', 'ab', `ab${'1'.repeat(62)}.entry.123.tmp`);
    writeFileSync(tmp, 'half');
    const foreign = [join(dir, '.vmqlintcache', 'README.md'), join(dir, '.vmqlintcache', 'ab', 'notes.txt'), join(dir, '.vmqlintcache', 'ab', `cd${'2'.repeat(62)}.entry`)];
    for (const f of foreign) writeFileSync(f, 'mine');
    for (const f of [...files, stale, tmp, ...foreign]) utimesSync(f, long, long);
    const warm = await lint(dir, args);
    // Every live entry was hit (so renewed), the stale one and the leftover went, the rest stayed.
    expect(warm.err).toMatch(/cache 15 hits, 0 misses \(100\.0% hits\), 2 unused entries pruned/);
    expect(cacheFiles(dir).filter((f) => !foreign.includes(f))).toEqual(files);
    for (const f of files) expect(Date.now() - statSync(f).mtimeMs).toBeLessThan(24 * 3600 * 1000);
    for (const f of foreign) expect(existsSync(f)).toBe(true);
    const again = await lint(dir, args);
    expect(again.err).not.toMatch(/pruned/);
  });

  it('prunes by last use on its own clock, and removes a sub-folder it empties', () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 0, 1);
    const cache = new LintCache(dir, 'base', 'test', () => now);
    const key = 'ef'.repeat(32);
    cache.put(key, packOutcome({ index: 0, hosts: [], failures: [], skipped: [], warnings: [] } as never));
    const file = join(dir, 'ef', `${key}.entry`);
    utimesSync(file, new Date(now), new Date(now));
    now += (CACHE_MAX_AGE_DAYS - 1) * 24 * 3600 * 1000;
    expect(cache.prune()).toBe(0);
    expect(cache.get(key, 3)?.index).toBe(3);
    // The hit renewed it: another CACHE_MAX_AGE_DAYS - 1 days later it is still there.
    now += (CACHE_MAX_AGE_DAYS - 1) * 24 * 3600 * 1000;
    expect(cache.prune()).toBe(0);
    now += 2 * 24 * 3600 * 1000;
    // An empty folder named as the cache names its sub-folders, which this prune did not empty, stays.
    mkdirSync(join(dir, '0a'));
    expect(cache.prune()).toBe(1);
    expect(existsSync(join(dir, 'ef'))).toBe(false);
    expect(existsSync(join(dir, '0a'))).toBe(true);
    expect(cache.stats.pruned).toBe(1);
  });

  it('puts the cache where --cache-location says', async () => {
    const dir = fleetCopy();
    await lint(dir, ['fleet', '--no-config', '--exit-zero', '--cache', '--cache-location', 'tmp/lint-cache', '--format', 'json']);
    expect(existsSync(join(dir, 'tmp', 'lint-cache'))).toBe(true);
    expect(existsSync(join(dir, '.vmqlintcache'))).toBe(false);
  });
});

describe('a worker that runs out of heap', () => {
  it('hands its snapshots to the main thread and a fresh worker: same outcomes, nothing lost', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const dir = fleetCopy();
    const rules = await loadRules();
    const common = { load: { cwd: dir }, spec: { cwd: dir, ruleFlags: [], timing: false }, rules, clock: () => 0 };
    const plain = await collectOutcomes(['fleet'], { ...common, jobs: 1 });
    // 2 MiB of old generation cannot hold a host's parse: every worker runs out.
    const starved = await collectOutcomes(['fleet'], { ...common, jobs: 2, workerScript: pathToFileURL(workerJs), workerHeapMb: 2 });
    expect(starved.workers).toBe(2);
    expect(starved.rescued).toBeGreaterThan(0);
    expect(JSON.stringify(starved.outcomes)).toBe(JSON.stringify(plain.outcomes));
  });
});

describe('--traffic loaded all at once (an injected loader) and streamed', () => {
  const profile = (third: string) =>
    `{\n  "durationSeconds": 20,\n  "vnics": [\n    { "vm": "VM-APP01", "gbps": 9 },\n    { "vm": "VM09", "gbps": 4 },\n    { "vm": "${third}", "gbps": 4 }\n  ]\n}\n`;
  const memory: LintDeps = { ...defaultLintDeps, loadPaths: (paths, opts) => loadPaths(paths, opts) };

  it('simulate the same hosts and give the same bytes, and refuse an entry no host matches alike', async () => {
    for (const third of ['VM10', 'VM10X']) {
      const dir = tempDir({ 'traffic.json': profile(third) });
      cpSync(join(root, 'fixtures', 'sample-fleet'), join(dir, 'fleet'), { recursive: true });
      const args = ['fleet', '--no-config', '--format', 'json', '--traffic', 'traffic.json'];
      const streamed = await lint(dir, args);
      const inMemory = await lint(dir, args, memory);
      expect(inMemory).toEqual(streamed);
      expect(streamed.code).toBe(third === 'VM10' ? 1 : 2);
      if (third === 'VM10X') expect(streamed.err).toMatch(/unknown VM 'VM10X'.*no host of this run matches the entry/);
    }
  });
});
