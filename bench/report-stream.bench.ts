/**
 * Memory of writing a large report (issue 11): a result of VMQLINT_BENCH_REPORT_HOSTS hosts
 * (default 10,000) written to a temp file, built as one string (before) and written in pieces
 * (after), each in its own child process. Reports the peak RSS growth while writing, and checks
 * both ways wrote the same bytes. The formats are VMQLINT_BENCH_REPORT_FORMATS (comma-separated;
 * default sarif, json, diff-text, diff-markdown, fleet-text): lint's from the sample fleet's
 * findings copied under new names (about 6 a host), diff's and fleet's from the test scenarios
 * copied likewise (report-stream-child.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  const growth = r.peakReset ? `peak RSS growth while writing ${(r.peakMb - r.rssBeforeMb).toFixed(0)} MB` : `peak RSS ${r.peakMb.toFixed(0)} MB (could not reset the peak)`;
  return `${label}: ${(r.bytes / 1048576).toFixed(1)} MB in ${(r.ms / 1000).toFixed(2)} s, RSS before ${r.rssBeforeMb.toFixed(0)} MB, ${growth}`;
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
    return out;
  } finally {
    removeDir(dir);
  }
}
