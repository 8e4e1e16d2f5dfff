/**
 * Memory of writing a large report (issue 11): a result of VMQLINT_BENCH_REPORT_HOSTS hosts
 * (default 10,000) written to a temp file, built as one string (before) and written in pieces
 * (after), each in its own child process. Reports the peak RSS growth while writing, and checks
 * both ways wrote the same bytes. The formats are VMQLINT_BENCH_REPORT_FORMATS (comma-separated;
 * default sarif, json, diff-text, diff-markdown, fleet-text): lint's from the sample fleet's
 * findings copied under new names (about 6 a host), diff's and fleet's from the test scenarios
 * copied likewise (report-stream-child.ts).
 *
 * Whole commands, when VMQLINT_BENCH_REPORT_FLEET names a fleet folder (one bench/fleet-gen.ts
 * made, say): `fleet FLEET --all --include-unique --format text=FILE`, `show FLEET --format
 * text=FILE` and, with VMQLINT_BENCH_REPORT_FLEET_AFTER, `diff FLEET AFTER --format text|markdown`,
 * run by this build and, with VMQLINT_BENCH_REPORT_CLI_BEFORE (the dist/src/cli/main.js of an
 * older build), by that one too: wall time, peak RSS (bench/rss-preload.ts) and whether both
 * wrote the same bytes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { removeDir, tempDir } from '../test/hostile/helpers.js';

type ChildResult = { ms: number; bytes: number; hosts: number; findings: number; rssBeforeMb: number; peakMb: number; peakReset: boolean; error?: string };

function child(mode: string, format: string, hosts: number, out: string): ChildResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'report-stream-child.js');
  try {
    const text = execFileSync(process.execPath, ['--expose-gc', script, mode, format, String(hosts), out], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(text) as ChildResult;
  } catch (err) {
    // An abort (out of memory, a string too long) is a result too.
    const e = err as { signal?: string; status?: number; stderr?: string };
    const why = /RangeError[^\n]*|heap out of memory/.exec(e.stderr ?? '')?.[0] ?? String(e.signal ?? e.status);
    return { ms: NaN, bytes: NaN, hosts, findings: NaN, rssBeforeMb: NaN, peakMb: NaN, peakReset: false, error: `child failed: ${why}` };
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function line(label: string, r: ChildResult): string {
  if (r.error !== undefined) return `${label}: ${r.error}`;
  const mb = r.peakMb - r.rssBeforeMb;
  // RSS can fall while writing: the garbage of building the result is collected, and the report fits the heap it left.
  const grew = mb < 1 ? 'under 1 MB (RSS fell: the report fit in heap freed after building the result)' : `${mb.toFixed(0)} MB`;
  const growth = r.peakReset ? `peak RSS growth while writing ${grew}` : `peak RSS ${r.peakMb.toFixed(0)} MB (could not reset the peak)`;
  return `${label}: ${(r.bytes / 1048576).toFixed(1)} MB in ${(r.ms / 1000).toFixed(2)} s, RSS before ${r.rssBeforeMb.toFixed(0)} MB, ${growth}`;
}

const here = dirname(fileURLToPath(import.meta.url));

/** One run of a built CLI: wall time, peak RSS of its main process (worker threads included), and the report's sha256. */
function command(cli: string, args: string[], out: string, scratch: string): { s: number; peakMb: number; sha: string } {
  const rssDir = mkdtempSync(join(scratch, 'rss-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(here, 'rss-preload.js')).href, cli, ...args], {
    env: { ...process.env, VMQLINT_BENCH_RSS_DIR: rssDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`report-stream bench: ${args[0]} exited ${r.status}: ${r.stderr.toString().slice(-500)}\n`);
  let kb = 0;
  for (const f of readdirSync(rssDir)) kb = Math.max(kb, (JSON.parse(readFileSync(join(rssDir, f), 'utf8')) as { maxRssKb: number }).maxRssKb);
  const sha = existsSync(out) ? execFileSync('sha256sum', [out], { encoding: 'utf8' }).split(' ')[0] : '(none)';
  return { s, peakMb: kb / 1024, sha };
}

/** Lines of the whole commands on a fleet folder, this build against an older one when given. */
function wholeCommands(fleet: string, dir: string): string[] {
  const after = process.env.VMQLINT_BENCH_REPORT_FLEET_AFTER;
  const builds: [string, string][] = [['this build', join(here, '..', 'src', 'cli', 'main.js')]];
  if (process.env.VMQLINT_BENCH_REPORT_CLI_BEFORE) builds.unshift(['before', process.env.VMQLINT_BENCH_REPORT_CLI_BEFORE]);
  const runs: [string, (out: string) => string[]][] = [
    ['fleet --all --format text', (out) => ['fleet', fleet, '--all', '--include-unique', '--no-config', '--format', `text=${out}`]],
    ['show --format text', (out) => ['show', fleet, '--format', `text=${out}`]],
    ...(after ? (['text', 'markdown'].map((f) => [`diff --format ${f}`, (out: string) => ['diff', fleet, after, '--no-config', '--format', `${f}=${out}`]]) as [string, (out: string) => string[]][]) : []),
  ];
  const lines = [`whole commands on ${fleet}${after ? ` (diff against ${after})` : ''}:`];
  for (const [label, args] of runs) {
    const shas = new Set<string>();
    const parts = builds.map(([name, cli], i) => {
      const out = join(dir, `cmd-${i}.out`);
      const r = command(cli, args(out), out, dir);
      shas.add(r.sha);
      return `${name} ${r.s.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB`;
    });
    lines.push(`  ${label}: ${parts.join('; ')}${builds.length > 1 ? (shas.size === 1 ? ' (same bytes)' : ' (OUTPUT DIFFERS)') : ''}`);
  }
  return lines;
}

/** Lines of the report-writing benchmark. */
export async function run(): Promise<string[]> {
  const hosts = Number(process.env.VMQLINT_BENCH_REPORT_HOSTS ?? 10_000);
  const dir = tempDir('vmqlint-reportbench-');
  try {
    const out: string[] = [];
    const formats = (process.env.VMQLINT_BENCH_REPORT_FORMATS ?? 'sarif,json,diff-text,diff-markdown,fleet-text').split(',').filter(Boolean);
    for (const format of formats) {
      const files = { string: join(dir, `string.${format}`), stream: join(dir, `stream.${format}`) };
      const before = child('string', format, hosts, files.string);
      const after = child('stream', format, hosts, files.stream);
      const items = format.startsWith('diff-') ? 'changes' : format.startsWith('fleet-') ? 'rows' : 'findings';
      if (after.error === undefined) out.push(`${format}, ${after.hosts} hosts, ${after.findings} ${items}:`);
      out.push(line(`  one string (before)`, before), line(`  in pieces (after)`, after));
      if (before.error === undefined && after.error === undefined) out.push(`  same bytes: ${(await sha256(files.string)) === (await sha256(files.stream)) ? 'yes' : 'NO'}`);
    }
    const fleet = process.env.VMQLINT_BENCH_REPORT_FLEET;
    if (fleet) out.push(...wholeCommands(fleet, dir));
    return out;
  } finally {
    removeDir(dir);
  }
}
