/**
 * `diff`'s second pass (the pairs that may differ, read again and diffed) at --jobs 1 and 2, on a
 * generated fleet (bench/fleet-gen.ts; 200 hosts by default, `--hosts N`) against a copy in which
 * four hosts of five have every 9014-byte jumbo value reset to the 1514 default, as a driver
 * update does: wall time of each pass (the diff's own pass timing, bench/diff-pairs-child.ts),
 * and whether both runs wrote the same bytes.
 *
 *   npm run bench -- diff-pairs [--hosts N]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFleet, hostsArg, markerPath } from './fleet-gen.js';
import { projectRoot } from '../scripts/project-root.js';

const here = dirname(fileURLToPath(import.meta.url));
const EDITED_FILE = 'Get-NetAdapterAdvancedProperty.xml';

/**
 * The after side, cached beside the fleet: files the edit leaves alone are hard links to the
 * fleet's (copies where links fail), an edited file is written anew, never through a link.
 */
function resetCopy(dir: string, digest: string): { dir: string; edited: number } {
  const copy = `${dir}-reset-after`;
  const marker = markerPath(copy);
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { digest: string; edited: number };
    if (m.digest === digest) return { dir: copy, edited: m.edited };
  }
  rmSync(marker, { force: true });
  rmSync(copy, { recursive: true, force: true });
  let edited = 0;
  readdirSync(dir)
    .sort()
    .forEach((host, i) => {
      mkdirSync(join(copy, host), { recursive: true });
      for (const f of readdirSync(join(dir, host))) {
        const from = join(dir, host, f);
        const to = join(copy, host, f);
        if (f === EDITED_FILE && i % 5 !== 4) {
          const bytes = readFileSync(from);
          const enc = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le' : 'utf8';
          const text = bytes.toString(enc);
          const reset = text.split('>9014<').join('>1514<');
          if (reset !== text) {
            writeFileSync(to, Buffer.from(reset, enc));
            edited++;
            continue;
          }
        }
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
        }
      }
    });
  writeFileSync(marker, JSON.stringify({ digest, edited }));
  return { dir: copy, edited };
}

interface Figures {
  firstS: number;
  secondS: number;
  threads: number;
  wallS: number;
  sha256: string;
}

function measure(before: string, after: string, jobs: number, scratch: string): Figures {
  const out = join(scratch, `jobs-${jobs}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(here, 'diff-pairs-child.js'), before, after, '--no-config', '--jobs', String(jobs), '--format', `json=${out}`], {
    cwd: projectRoot(),
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const wallS = (performance.now() - t0) / 1000;
  const last = r.stderr.toString().trim().split('\n').pop() ?? '{}';
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`diff-pairs bench: --jobs ${jobs} exited ${r.status}: ${r.stderr.toString().slice(-1000)}\n`);
  const passes = JSON.parse(last) as { first?: number; second?: number; threads?: number };
  const sha256 = existsSync(out) ? createHash('sha256').update(readFileSync(out)).digest('hex') : '(none)';
  rmSync(out, { force: true });
  return { firstS: (passes.first ?? NaN) / 1000, secondS: (passes.second ?? NaN) / 1000, threads: passes.threads ?? 0, wallS, sha256 };
}

export function run(argv: readonly string[] = process.argv.slice(2)): string[] {
  const hosts = hostsArg(argv, 200);
  const fleet = ensureFleet({ hosts });
  const after = resetCopy(fleet.dir, fleet.digest);
  const scratch = mkdtempSync(join(tmpdir(), 'vmqlint-pairsbench-'));
  const lines = [`fleet: ${hosts} hosts; after side: jumbo values reset on ${after.edited} hosts`];
  try {
    const one = measure(fleet.dir, after.dir, 1, scratch);
    const two = measure(fleet.dir, after.dir, 2, scratch);
    for (const [jobs, f] of [[1, one], [2, two]] as const) {
      lines.push(`--jobs ${jobs}: first pass ${f.firstS.toFixed(1)} s, second pass ${f.secondS.toFixed(1)} s on ${f.threads || 'this'} thread(s), wall ${f.wallS.toFixed(1)} s`);
    }
    lines.push(`second pass speed-up: ${(one.secondS / two.secondS).toFixed(2)}x (${one.sha256 === two.sha256 ? 'same bytes' : 'OUTPUT DIFFERS'})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return lines;
}

// Run alone: node dist/bench/diff-pairs.bench.js [--hosts N]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) for (const l of run()) process.stdout.write(`${l}\n`);
