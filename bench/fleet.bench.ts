/**
 * The fleet bench (issue 11): the built CLI lints a fleet of N hosts made from the sample fleet
 * (bench/fleet-gen.ts; 1,000 by default, about 730 KB of exports a host), each run a child
 * process, and the bench reports wall time, hosts/s, MB/s of exports, the ratio to the parse-only
 * floor measured in the same run (bench/fleet-floor-child.ts: read, decode, fast-xml-parser /
 * JSON.parse / line split, nothing else; the faster of two runs; and once more split over two
 * processes at once, the yardstick of what 2 cores give work that shares nothing), peak RSS of the whole process tree, the speed-up of
 * `--jobs 2` over `--jobs 1` and the warm `--cache` time. A flag the CLI's `lint --help` does not
 * list is reported as "n/a (flag not supported)". Figures also go to bench-results/fleet-N.json.
 *
 *   npm run bench                                  every bench, this one at 1,000 hosts
 *   npm run bench -- fleet --hosts 5000            only this one, 5,000 hosts
 *   node dist/bench/fleet.bench.js --hosts 10000   alone (after npm run build)
 *   node dist/bench/fleet.bench.js --clean         ... and delete the fleet afterwards
 *   node dist/bench/fleet-gen.js --clean           delete every cached fleet (.bench-cache/)
 *
 * VMQLINT_BENCH_CLI=path/to/main.js measures another build of the CLI (another branch's dist).
 *
 * The fleet is written once to .bench-cache/fleet-N/ and reused (free disk is checked first:
 * 7.3 GB at 10,000 hosts). Peak RSS is the larger of the process's own getrusage maxRSS at exit
 * (bench/rss-preload.ts; it counts worker threads) and the sum of VmRSS over the process and its
 * descendants sampled every 100 ms (child processes, if the CLI ever starts any). CPU time (all
 * threads) is reported beside wall time: on a machine others share it is the steadier ratio.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanFleets, ensureFleet, hostsArg, type FleetInfo } from './fleet-gen.js';
import { projectRoot } from '../scripts/project-root.js';

const here = dirname(fileURLToPath(import.meta.url));
const NA = 'n/a (flag not supported)';

/** One measured child process. */
interface Measured {
  wallMs: number;
  /** CPU time (user + system, every thread) of the process and the node processes it started. */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number | null;
  stdout: string;
  stderrTail: string;
}

/** A lint run's figures, as written to the JSON results. */
interface RunFigures {
  args: string[];
  wallS: number;
  cpuS: number;
  /** CPU time / the floor's: steadier than wall time on a machine others share. */
  cpuXFloor: number;
  hostsPerS: number;
  mbPerS: number;
  xFloor: number;
  /** wall x jobs / floor: the issue's "per job" ratio (only where the job count is known). */
  xFloorPerJob: number | null;
  peakRssMb: number;
  exitCode: number | null;
  hostsReported: number | null;
  findings: number | null;
  outputSha256: string | null;
}

/** Sum of VmRSS (KB) of `pid` and all its descendants; 0 once it is gone. */
function treeRssKb(pid: number): number {
  let kb = 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) kb += Number(m[1]);
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (kids !== '') for (const k of kids.split(/\s+/)) kb += treeRssKb(Number(k));
    }
  } catch {
    // Exited between two reads, or no /proc (not Linux): the preload's figure still counts.
  }
  return kb;
}

/** Run `node [args]` with the RSS preload; wall time from spawn to exit, peak RSS of the tree. */
function measure(args: string[], scratch: string): Promise<Measured> {
  const rssDir = mkdtempSync(join(scratch, 'rss-'));
  const preload = pathToFileURL(join(here, 'rss-preload.js')).href;
  return new Promise((resolveRun, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', preload, ...args], {
      cwd: projectRoot(),
      env: { ...process.env, VMQLINT_BENCH_RSS_DIR: rssDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (stdout.length > 1 << 20) stdout = stdout.slice(-(1 << 20));
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    let sampledKb = 0;
    const timer = setInterval(() => {
      if (child.pid !== undefined) sampledKb = Math.max(sampledKb, treeRssKb(child.pid));
    }, 100);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      clearInterval(timer);
      let ownKb = 0;
      let cpuUs = 0;
      for (const f of readdirSync(rssDir)) {
        // A process killed before its exit handler ran left none: the RSS samples still count.
        const r = JSON.parse(readFileSync(join(rssDir, f), 'utf8')) as { pid: number; maxRssKb: number; cpuUs: number };
        if (r.pid === child.pid) ownKb = r.maxRssKb;
        cpuUs += r.cpuUs;
      }
      resolveRun({ wallMs, cpuMs: cpuUs / 1000, peakRssMb: Math.max(ownKb, sampledKb) / 1024, exitCode: code, stdout, stderrTail: stderr.trim() });
    });
  });
}

/** Which of the flags the bench needs `vmqlint lint --help` lists. */
function supportedFlags(cli: string): { jobs: boolean; cache: boolean } {
  const r = spawnSync(process.execPath, [cli, 'lint', '--help'], { encoding: 'utf8' });
  const help = `${r.stdout}${r.stderr}`;
  if (!/--format\b/.test(help)) throw new Error(`fleet bench: '${cli} lint --help' printed no options (exit ${r.status}): ${help.slice(0, 300)}`);
  return { jobs: /--jobs\b/.test(help), cache: /--cache\b/.test(help) && /--cache-location\b/.test(help) };
}

/** Every file under `dir` read once, so every measured run finds the fleet in the page cache. */
function warmPageCache(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) warmPageCache(p);
    else if (e.isFile()) readFileSync(p);
  }
}

/** Hosts and findings of a JSON report, and its digest (to compare runs byte for byte). */
function readReport(file: string): { hosts: number | null; findings: number | null; sha256: string | null } {
  if (!existsSync(file)) return { hosts: null, findings: null, sha256: null };
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // A report too large to parse here comfortably is only digested.
  if (bytes.length > 512 * 1024 * 1024) return { hosts: null, findings: null, sha256 };
  const doc = JSON.parse(bytes.toString('utf8')) as { hosts?: unknown[]; findings?: unknown[] };
  return { hosts: doc.hosts?.length ?? null, findings: doc.findings?.length ?? null, sha256 };
}

const fmt = {
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  n: (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-'),
};

/** Lines of the fleet bench report (argv: `--hosts N`, `--clean`). */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<string[]> {
  const hosts = hostsArg(argv, 1000);
  const root = projectRoot();
  const cli = process.env.VMQLINT_BENCH_CLI ? resolve(process.env.VMQLINT_BENCH_CLI) : join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`fleet bench: ${cli} not found; run 'npm run build' first`);
  const flags = supportedFlags(cli);
  const lines: string[] = [];

  const fleet: FleetInfo = ensureFleet({ hosts });
  const mb = fleet.bytes / 1e6;
  const shown = relative(root, fleet.dir) || fleet.dir;
  lines.push(
    `fleet: ${fleet.hosts} hosts, ${fleet.files} files, ${fmt.n(mb)} MB of exports (${fmt.n(fleet.bytes / fleet.hosts / 1e3, 0)} KB a host) in ${shown}, ` +
      (fleet.reused ? 'reused from the cache' : `generated in ${fmt.s(fleet.generatedMs ?? 0)}`),
  );

  const loadBefore = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'vmqlint-fleetbench-'));
  try {
    warmPageCache(fleet.dir);
    // The floor runs twice and the faster run counts: fast-xml-parser's garbage makes one run vary
    // by half (17-30 s at 1,000 hosts on 2 cores), and a low floor only makes every ratio harsher.
    const floorRuns: Measured[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await measure([join(here, 'fleet-floor-child.js'), fleet.dir], scratch);
      if (r.exitCode !== 0) throw new Error(`fleet bench: the floor child failed (exit ${r.exitCode}): ${r.stderrTail}`);
      floorRuns.push(r);
    }
    const floorRun = floorRuns.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const floorInner = JSON.parse(floorRun.stdout) as { ms: number; files: number; bytes: number };
    const floorMs = floorRun.wallMs;
    lines.push(
      `parse-only floor (1 thread: read, decodeBytes, fast-xml-parser / JSON.parse / line split; the faster of ${floorRuns.map((r) => fmt.s(r.wallMs)).join(' and ')}): ${fmt.s(floorMs)} (cpu ${fmt.s(floorRun.cpuMs)}), ` +
        `${fmt.n((hosts / floorMs) * 1000)} hosts/s, ${fmt.n((mb / floorMs) * 1000)} MB/s, peak RSS ${fmt.n(floorRun.peakRssMb, 0)} MB`,
    );

    // The same floor split over two processes at once: how far this machine scales work that
    // shares nothing (no JIT, heap or collector in common), the yardstick for --jobs 2.
    const halves = await Promise.all([0, 1].map((k) => measure([join(here, 'fleet-floor-child.js'), fleet.dir, `${k}/2`], scratch)));
    for (const r of halves) if (r.exitCode !== 0) throw new Error(`fleet bench: a parallel floor child failed (exit ${r.exitCode}): ${r.stderrTail}`);
    const floor2Ms = Math.max(...halves.map((r) => r.wallMs));
    const floor2CpuMs = halves.reduce((a, r) => a + r.cpuMs, 0);
    lines.push(
      `parse-only floor on 2 processes at once (each half the hosts): ${fmt.s(floor2Ms)} (cpu ${fmt.s(floor2CpuMs)}), ` +
        `${fmt.n(floorMs / floor2Ms, 2)}x the 1-process floor; the 1-process floor used ${fmt.n(floorRun.cpuMs / floorMs, 2)} cores`,
    );

    const lint = async (label: string, extra: string[], jobs: number | null): Promise<RunFigures> => {
      const out = join(scratch, `${label}.json`);
      const args = [cli, 'lint', fleet.dir, '--format', `json=${out}`, '--exit-zero', ...extra];
      const m = await measure(args, scratch);
      if (m.exitCode !== 0) process.stderr.write(`fleet bench: ${label} exited ${m.exitCode}: ${m.stderrTail.slice(-1000)}\n`);
      const report = readReport(out);
      rmSync(out, { force: true });
      return {
        args: ['lint', 'FLEET', '--format', 'json=OUT', '--exit-zero', ...extra],
        wallS: m.wallMs / 1000,
        cpuS: m.cpuMs / 1000,
        cpuXFloor: m.cpuMs / floorRun.cpuMs,
        hostsPerS: (hosts / m.wallMs) * 1000,
        mbPerS: (mb / m.wallMs) * 1000,
        xFloor: m.wallMs / floorMs,
        xFloorPerJob: jobs === null ? null : (m.wallMs * jobs) / floorMs,
        peakRssMb: m.peakRssMb,
        exitCode: m.exitCode,
        hostsReported: report.hosts,
        findings: report.findings,
        outputSha256: report.sha256,
      };
    };

    const runs: Record<string, RunFigures | null> = {};
    runs.default = await lint('default', [], flags.jobs ? null : 1);
    runs.jobs1 = flags.jobs ? await lint('jobs1', ['--jobs', '1'], 1) : null;
    runs.jobs2 = flags.jobs ? await lint('jobs2', ['--jobs', '2'], 2) : null;
    const cacheDir = join(scratch, 'cache');
    runs.cacheCold = flags.cache ? await lint('cache-cold', ['--cache', '--cache-location', cacheDir], null) : null;
    runs.cacheWarm = flags.cache ? await lint('cache-warm', ['--cache', '--cache-location', cacheDir], null) : null;

    const speedup = runs.jobs1 && runs.jobs2 ? runs.jobs1.wallS / runs.jobs2.wallS : null;
    const warmFraction = runs.cacheCold && runs.cacheWarm ? runs.cacheWarm.wallS / runs.cacheCold.wallS : null;
    const digests = Object.values(runs).flatMap((r) => (r?.outputSha256 ? [r.outputSha256] : []));
    const identical = digests.length > 1 ? new Set(digests).size === 1 : null;

    const labels: Record<string, string> = {
      default: 'lint (defaults)',
      jobs1: 'lint --jobs 1',
      jobs2: 'lint --jobs 2',
      cacheCold: 'lint --cache (cold)',
      cacheWarm: 'lint --cache (warm)',
    };
    const pad = (s: string, n: number) => s.padEnd(n);
    const lpad = (s: string, n: number) => s.padStart(n);
    lines.push(`${pad('run', 22)}${lpad('wall', 9)}${lpad('hosts/s', 9)}${lpad('MB/s', 7)}${lpad('x floor', 9)}${lpad('per job', 9)}${lpad('cpu', 9)}${lpad('x floor', 9)}${lpad('peak RSS', 11)}  report`);
    for (const [key, r] of Object.entries(runs)) {
      if (r === null) {
        lines.push(`${pad(labels[key], 22)}${NA}`);
        continue;
      }
      const report = r.exitCode !== 0 ? `exit ${r.exitCode}!` : `${r.hostsReported ?? '?'} hosts, ${r.findings ?? '?'} findings`;
      lines.push(
        `${pad(labels[key], 22)}${lpad(fmt.n(r.wallS), 7)} s${lpad(fmt.n(r.hostsPerS), 9)}${lpad(fmt.n(r.mbPerS), 7)}${lpad(fmt.n(r.xFloor, 2), 9)}` +
          `${lpad(r.xFloorPerJob === null ? '-' : fmt.n(r.xFloorPerJob, 2), 9)}${lpad(fmt.n(r.cpuS), 7)} s${lpad(fmt.n(r.cpuXFloor, 2), 9)}` +
          `${lpad(`${fmt.n(r.peakRssMb, 0)} MB`, 11)}  ${report}`,
      );
    }
    lines.push(`--jobs 2 speed-up over --jobs 1: ${speedup === null ? NA : `${fmt.n(speedup, 2)}x`} (the floor's on 2 processes: ${fmt.n(floorMs / floor2Ms, 2)}x)`);
    if (runs.jobs1 && runs.jobs2) {
      lines.push(
        `cores used: --jobs 1 ${fmt.n(runs.jobs1.cpuS / runs.jobs1.wallS, 2)}, --jobs 2 ${fmt.n(runs.jobs2.cpuS / runs.jobs2.wallS, 2)} ` +
          `(V8 compiles and collects on threads of its own: what one job uses beyond one core, two jobs on 2 cores cannot)`,
      );
      lines.push(`--jobs 2 wall / the floor on 2 processes: ${fmt.n(runs.jobs2.wallS / (floor2Ms / 1000), 2)}`);
    }
    lines.push(`warm --cache: ${warmFraction === null || runs.cacheWarm === null ? NA : `${fmt.n(runs.cacheWarm!.wallS)} s, ${fmt.n(warmFraction * 100, 0)}% of the cold --cache run`}`);
    const loadAfter = loadavg()[0];
    // Others' work on a shared machine stretches wall times; the cpu columns suffer less.
    lines.push(`load average (1 min) before / after: ${fmt.n(loadBefore, 2)} / ${fmt.n(loadAfter, 2)} on ${availableParallelism()} cores`);
    if (identical !== null) lines.push(`JSON reports of every run byte-identical: ${identical ? 'yes' : 'NO'}`);
    const wrongCount = Object.values(runs).some((r) => r !== null && r.hostsReported !== null && r.hostsReported !== hosts);
    if (wrongCount) lines.push(`WARNING: a run reported a host count other than ${hosts}: host renaming or host identity is broken`);

    const resultsDir = join(root, 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    const resultsFile = join(resultsDir, `fleet-${hosts}.json`);
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: availableParallelism(), node: process.version, platform: process.platform, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || null,
      fleet: {
        hosts,
        files: fleet.files,
        bytes: fleet.bytes,
        bytesPerHost: Math.round(fleet.bytes / hosts),
        diskBytes: null as number | null,
        generatedS: fleet.reused ? null : (fleet.generatedMs ?? 0) / 1000,
        reused: fleet.reused,
        digest: fleet.digest,
      },
      flags: { jobs: flags.jobs, cache: flags.cache },
      floor2: { wallS: floor2Ms / 1000, cpuS: floor2CpuMs / 1000, speedupOverFloor: floorMs / floor2Ms, peakRssMb: halves.reduce((a, r) => a + r.peakRssMb, 0) },
      floor: { wallS: floorMs / 1000, cpuS: floorRun.cpuMs / 1000, innerS: floorInner.ms / 1000, hostsPerS: (hosts / floorMs) * 1000, mbPerS: (mb / floorMs) * 1000, peakRssMb: floorRun.peakRssMb, files: floorInner.files, bytes: floorInner.bytes },
      runs,
      jobs2SpeedupOverJobs1: speedup,
      cacheWarmFractionOfCold: warmFraction,
      reportsByteIdentical: identical,
    };
    results.fleet.diskBytes = diskUsage(fleet.dir);
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    lines.push(`disk: ${fmt.n((results.fleet.diskBytes ?? 0) / hosts / 1e3, 0)} KB a host on disk; figures: ${relative(root, resultsFile)}`);
    return lines;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (argv.includes('--clean')) for (const d of cleanFleets(hosts)) lines.push(`deleted ${relative(root, d) || d}`);
  }
}

/** Bytes the folder takes on disk (allocated blocks), or null where stat gives no blocks. */
function diskUsage(dir: string): number | null {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = statSync(p);
      bytes += st.blocks * 512;
      if (e.isDirectory()) walk(p);
    }
  };
  try {
    walk(dir);
    return bytes;
  } catch {
    return null;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const line of await run()) process.stdout.write(`${line}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}
