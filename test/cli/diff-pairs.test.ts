/**
 * `diff --jobs N` runs its second pass on the worker threads (issue 11): the pairs that may differ
 * are diffed there and joined here in name order, so every format is byte-identical at any N to
 * the single-thread run, a pair that fails is reported as one thread reports it, and a worker's
 * entry for a pair is the one this thread computes.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDiffCommandDeps, runDiff, type DiffCommandDeps } from '../../src/cli/diff.js';
import { defaultDiffDeps, ignoreSpec, linterFor } from '../../src/cli/diff-common.js';
import { pairDigest, fromWirePair } from '../../src/cli/diff-digest.js';
import { pairTasks, runPairTask, wireTask, type PairOutcome, type RereadPair } from '../../src/cli/diff-pairs.js';
import type { DiffWorkerData } from '../../src/cli/diff-worker.js';
import { ImpactCollector } from '../../src/cli/impact.js';
import { defaultSnapshotSource, mapDigests, scanSide } from '../../src/cli/side-stream.js';
import { runTasksOnWorkers } from '../../src/cli/snapshot-pool.js';
import { refFromWire } from '../../src/cli/snapshot-wire.js';
import { PairwiseDiff } from '../../src/diff/diff.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { VmqlintConfig } from '../../src/engine/config.js';
import { parseProfile } from '../../src/sim/profile.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { inMemory } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const workerJs = join(root, 'dist', 'src', 'cli', 'diff-worker.js');

/** The production deps with the built worker, noting the threads each second pass ran on; `between` runs after the first pass. */
function onWorkers(between?: () => void): { deps: DiffCommandDeps; threads: (number | undefined)[] } {
  const threads: (number | undefined)[] = [];
  const deps: DiffCommandDeps = {
    ...defaultDiffCommandDeps,
    workerScript: () => pathToFileURL(workerJs),
    onPass: (pass, _ms, n) => {
      if (pass === 'first') between?.();
      else threads.push(n);
    },
  };
  return { deps, threads };
}

async function run(argv: string[], deps: DiffCommandDeps | typeof inMemory, cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await runDiff(argv, io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** The sample fleet with every host changed: one team member's jumbo value reset on HV-SET-2019, a VmqWeight on HV-2022, the team's load balancing (Dynamic to HyperVPort) on HV-LBFO-2012R2. */
function editedCopy(): string {
  const dir = tempDir();
  const after = join(dir, 'after');
  cpSync(SAMPLE, after, { recursive: true });
  const xml = join(after, 'HV-SET-2019', 'Get-NetAdapterAdvancedProperty.xml');
  let text = readFileSync(xml).toString('utf16le');
  const value = text.indexOf('<S>9014</S>', text.indexOf('::*JumboPacket'));
  text = `${text.slice(0, value)}<S>1514</S>${text.slice(value + '<S>9014</S>'.length)}`;
  writeFileSync(xml, Buffer.from(text, 'utf16le'));
  const json = join(after, 'HV-2022', 'Get-VMNetworkAdapter.json');
  writeFileSync(json, readFileSync(json, 'utf8').replace('"VmqWeight": 100', '"VmqWeight": 0'));
  const team = join(after, 'HV-LBFO-2012R2', 'Get-NetLbfoTeam.xml');
  const t = readFileSync(team).toString('utf16le');
  const edited = t.replace(/(N="LoadBalancingAlgorithm">)5</, '$14<');
  expect(edited).not.toBe(t);
  writeFileSync(team, Buffer.from(edited, 'utf16le'));
  return after;
}

describe('diff --jobs N: the second pass on worker threads', () => {
  it('gives json, sarif and text byte for byte as one thread, at --jobs 1, 2 and 3', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const after = editedCopy();
    const removed = tempDir();
    cpSync(after, join(removed, 'after'), { recursive: true });
    rmSync(join(removed, 'after', 'HV-LBFO-2012R2'), { recursive: true });
    const config = {
      waivers: [{ rule: 'jumbo-mismatch', host: 'HV-SET-*', reason: 'known' }],
      rules: { 'vmq-queue-waste': 'off', 'vmq-on-slow-nic': 'error', 'vmq-coalescing-risk': ['warning', { maxProcessorsWithoutCoalescing: 1 }] },
      // The workers drop what this thread drops: the config's globs and --ignore's.
      diff: { ignore: ['team:loadBalancing*'] },
    };
    // VMs of each of the sample's hosts: every pair has an impact.
    const profile = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM-APP01', gbps: 6 }, { vm: 'VM04', gbps: 4 }, { vm: 'WEB02', gbps: 9 }] });
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify(config), 'traffic.json': profile, 'bad.json': JSON.stringify({ vnics: [{ vm: 'VM9', gbps: 1 }] }) });
    const cases: { argv: string[]; formats: string[] }[] = [
      { argv: [SAMPLE, after, '--no-config'], formats: ['json', 'sarif', 'text'] },
      { argv: [SAMPLE, after], formats: ['json', 'sarif', 'text'] },
      { argv: [SAMPLE, after, '--no-config', '--no-lint', '--ignore', 'vmqW*'], formats: ['json'] },
      { argv: [SAMPLE, join(removed, 'after'), '--no-config', '--include-noise'], formats: ['text'] },
      { argv: [join(removed, 'after'), SAMPLE, '--no-config'], formats: ['json'] },
      // --traffic simulates every pair: each pair's impact comes from a worker.
      { argv: [SAMPLE, after, '--no-config', '--traffic', 'traffic.json'], formats: ['json'] },
      { argv: [SAMPLE, after, '--no-config', '--traffic', 'bad.json'], formats: ['json'] },
    ];
    for (const [c, { argv, formats }] of cases.entries()) {
      for (const format of formats) {
        const args = [...argv, '--format', format];
        const inOne = await run(args, inMemory, cwd);
        // bad.json names no VM of the fleet: refused (exit 2) once every pair was simulated.
        expect(inOne.code, args.join(' ')).toBe(argv.includes('bad.json') ? 2 : 1);
        // Three threads (more than the tasks of some cases) once; the rest at 1 and 2 keep the suite quick.
        for (const jobs of c === 0 ? [1, 2, 3] : [1, 2]) {
          const w = onWorkers();
          expect(await run([...args, '--jobs', String(jobs)], w.deps, cwd), `${args.join(' ')} --jobs ${jobs}`).toEqual(inOne);
          // Every pair differs (three tasks): as many threads as --jobs, up to three.
          expect(w.threads).toEqual([jobs === 1 ? 0 : Math.min(jobs, 3)]);
        }
      }
    }
  }, 240_000);

  it('reports a snapshot that changed between the two passes as one thread does: exit 2, the first such pair in name order', async () => {
    const after = editedCopy();
    const vmna = join(after, 'HV-2022', 'Get-VMNetworkAdapter.json');
    const xml = join(after, 'HV-SET-2019', 'Get-NetAdapterAdvancedProperty.xml');
    const original = { vmna: readFileSync(vmna), xml: readFileSync(xml) };
    // Cut short after the first pass read them: the files no longer parse.
    const breakVmna = () => writeFileSync(vmna, original.vmna.subarray(0, 100));
    const breakXml = () => writeFileSync(xml, original.xml.subarray(0, 1000));
    const restore = () => {
      writeFileSync(vmna, original.vmna);
      writeFileSync(xml, original.xml);
    };
    const argv = [SAMPLE, after, '--no-config', '--format', 'json'];
    const tried = async (between: () => void) => {
      const out = [];
      for (const jobs of [1, 2, 3]) {
        restore();
        const w = onWorkers(between);
        out.push(await run([...argv, '--jobs', String(jobs)], w.deps));
        // The second pass never finished.
        expect(w.threads).toEqual([]);
      }
      return out;
    };
    const both = await tried(() => {
      breakVmna();
      breakXml();
    });
    expect(both[0].code).toBe(2);
    expect(both[0].out).toBe('');
    expect(both[0].err).toMatch(/HV-2022: changed while it was being read \(host 'HV-2022' is no longer where it was\)\n$/);
    expect(both[1]).toEqual(both[0]);
    expect(both[2]).toEqual(both[0]);
    const onlySet = await tried(breakXml);
    expect(onlySet[0].code).toBe(2);
    expect(onlySet[0].err).toMatch(/HV-SET-2019: changed while it was being read \(host 'HV-SET-2019' is no longer where it was\)\n$/);
    expect(onlySet[1]).toEqual(onlySet[0]);
    expect(onlySet[2]).toEqual(onlySet[0]);
    restore();
  }, 120_000);

  it('a worker computes each pair entry and impact as this thread does, with rule options, waivers and a traffic profile', async () => {
    expect(existsSync(workerJs), `${workerJs} missing: run npm run build`).toBe(true);
    const after = editedCopy();
    const config = {
      waivers: [{ rule: 'vmq-on-slow-nic', host: 'HV-2022', reason: 'known' }],
      rules: { 'vmq-on-slow-nic': 'error', 'vmq-coalescing-risk': ['warning', { maxProcessorsWithoutCoalescing: 1 }] },
      diff: { ignore: ['vnic:status'] },
    } as unknown as VmqlintConfig;
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify(config) });
    const file = join(cwd, '.vmqlintrc.json');
    const io = captureIo(cwd);
    const linter = await linterFor({ config, file }, io, defaultDiffDeps);
    const text = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM-APP01', gbps: 6 }, { vm: 'VM04', gbps: 4 }, { vm: 'WEB02', gbps: 9 }] });
    const profile = parseProfile(text, 'traffic.json');
    const side = (path: string, slim: boolean) => mapDigests(scanSide([path], 'side', config, io, defaultSnapshotSource, (h) => pairDigest(h, linter.hostLint, slim)), fromWirePair);
    const before = side(SAMPLE, true);
    const afterSide = side(after, false);
    try {
      const lintOf = { before: linter.finish(before.hosts.map((e) => e.digest.lint!)), after: linter.finish(afterSide.hosts.map((e) => e.digest.lint!)) };
      const diff = new PairwiseDiff({ lint: { before: lintOf.before.findings, after: lintOf.after.findings, alone: (h) => linter.alone(h).findings } });
      // The sample's three hosts on both sides, in name order.
      const pairs: RereadPair[] = before.hosts.map((b, i) => ({ before: b, after: afterSide.hosts[i] }));
      const lint = (p: RereadPair) => {
        const l = diff.pairLint(p.after!.name.toLowerCase())!;
        return { was: [...l.was.values()], is: [...l.is.values()] };
      };
      const tasks = pairTasks(pairs);
      expect(tasks).toHaveLength(3);
      const snapshots = { before: before.snapshots!, after: afterSide.snapshots! };
      const spec = ignoreSpec(config, [], undefined);
      const here = { read: (ref: Parameters<typeof defaultSnapshotSource.read>[0]) => defaultSnapshotSource.read(ref, { cwd }), ignore: ignoreFilter(spec), alone: (h: Parameters<typeof linter.alone>[0]) => linter.alone(h).findings, impact: new ImpactCollector(profile.profile, profile.source, 'traffic.json') };
      const local = tasks.map((t) => structuredClone(runPairTask(wireTask(t, pairs, snapshots, lint, 256), here, refFromWire)));
      const data: DiffWorkerData = { cwd, slim: false, lint: { config, file, today: linter.today }, traffic: { text, name: 'traffic.json' }, pairs: { ignore: spec, impact: true } };
      const there: PairOutcome[][] = new Array(tasks.length);
      await runTasksOnWorkers(pathToFileURL(workerJs), data, 2, tasks, (t) => wireTask(t, pairs, snapshots, lint, 256), (i, r: PairOutcome[]) => (there[i] = r), () => {
        throw new Error('no task should be done on this thread');
      });
      expect(there).toEqual(local);
      const outcomes = local.flat();
      expect(outcomes.every((o) => o.entry && !o.error)).toBe(true);
      // What the comparison covers: changes with findings attributed, and an impact per pair.
      expect(outcomes.reduce((n, o) => n + o.entry!.changes.length, 0)).toBeGreaterThan(2);
      expect(outcomes.some((o) => o.entry!.findings !== undefined)).toBe(true);
      expect(outcomes.filter((o) => o.impact?.impact)).toHaveLength(3);
    } finally {
      before.dispose();
      afterSide.dispose();
    }
  }, 60_000);
});
