/**
 * The streamed diff, fleet and show --format json (issue 11) against loading every host at once,
 * on a generated fleet (bench/fleet-gen.ts; 200 hosts by default, `--hosts N`) and a copy of it
 * with a few values changed: wall time and peak RSS (getrusage maxRSS of the child,
 * bench/rss-preload.ts) of `diff BEFORE AFTER`, `fleet` and `show`, each a child process
 * (bench/diff-stream-child.ts), and whether both paths wrote the same bytes.
 *
 *   npm run bench -- diff-stream [--hosts N]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureFleet, hostsArg, markerPath } from './fleet-gen.js';
import { projectRoot } from '../scripts/project-root.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Hosts of the after copy whose VmqWeight is set to 0 (a change with findings to attribute). */
const EDITED = 4;

/** The after side: the fleet copied once (cached beside it) with a few vNIC weights set to 0. */
function afterCopy(dir: string, digest: string): string {
  const copy = `${dir}-after`;
  const marker = markerPath(copy);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return copy;
  rmSync(marker, { force: true });
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
  let edited = 0;
  for (const host of readdirSync(copy).sort()) {
    const file = join(copy, host, 'Get-VMNetworkAdapter.json');
    if (edited >= EDITED || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes('"VmqWeight": 100')) continue;
    writeFileSync(file, text.replace('"VmqWeight": 100', '"VmqWeight": 0'));
    edited++;
  }
  writeFileSync(marker, digest);
  return copy;
}

interface Figures {
  wallS: number;
  peakRssMb: number;
  exitCode: number | null;
  sha256: string;
}

/** Run the child once with the RSS preload; the report goes to a file, hashed. */
function measure(mode: 'streamed' | 'whole', command: string, args: string[], scratch: string): Figures {
  const rssDir = mkdtempSync(join(scratch, 'rss-'));
  const out = join(scratch, `${mode}-${command}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(here, 'rss-preload.js')).href, join(here, 'diff-stream-child.js'), mode, command, ...args, '--no-config', '--format', `json=${out}`], {
    cwd: projectRoot(),
    env: { ...process.env, VMQLINT_BENCH_RSS_DIR: rssDir },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const wallS = (performance.now() - t0) / 1000;
  let kb = 0;
  for (const f of readdirSync(rssDir)) kb = Math.max(kb, (JSON.parse(readFileSync(join(rssDir, f), 'utf8')) as { maxRssKb: number }).maxRssKb);
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`diff-stream bench: ${mode} ${command} exited ${r.status}: ${r.stderr.toString().slice(-1000)}\n`);
  const sha256 = existsSync(out) ? createHash('sha256').update(readFileSync(out)).digest('hex') : '(none)';
  rmSync(out, { force: true });
  return { wallS, peakRssMb: kb / 1024, exitCode: r.status, sha256 };
}

export function run(argv: readonly string[] = process.argv.slice(2)): string[] {
  const hosts = hostsArg(argv, 200);
  const fleet = ensureFleet({ hosts });
  const after = afterCopy(fleet.dir, fleet.digest);
  const scratch = mkdtempSync(join(tmpdir(), 'vmqlint-diffbench-'));
  const lines: string[] = [`fleet: ${hosts} hosts, ${(fleet.bytes / 1e6).toFixed(0)} MB a side; after side: ${EDITED} hosts with a VmqWeight set to 0`];
  const results: Record<string, { whole: Figures; streamed: Figures }> = {};
  try {
    for (const [command, args] of [
      ['diff', [fleet.dir, after]],
      ['fleet', [fleet.dir]],
      ['show', [fleet.dir]],
    ] as const) {
      const whole = measure('whole', command, [...args], scratch);
      const streamed = measure('streamed', command, [...args], scratch);
      results[command] = { whole, streamed };
      const same = whole.sha256 === streamed.sha256 ? 'same bytes' : 'OUTPUT DIFFERS';
      lines.push(
        `${command}: every host at once ${whole.wallS.toFixed(1)} s, peak RSS ${whole.peakRssMb.toFixed(0)} MB; ` +
          `streamed ${streamed.wallS.toFixed(1)} s, peak RSS ${streamed.peakRssMb.toFixed(0)} MB (exit ${whole.exitCode}/${streamed.exitCode}, ${same})`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const outDir = join(projectRoot(), 'bench-results');
  if (existsSync(outDir)) writeFileSync(join(outDir, `diff-stream-${hosts}.json`), `${JSON.stringify({ hosts, results }, null, 2)}\n`);
  return lines;
}

// Run alone: node dist/bench/diff-stream.bench.js [--hosts N]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) for (const l of run()) process.stdout.write(`${l}\n`);
