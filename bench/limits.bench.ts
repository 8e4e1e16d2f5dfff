/**
 * Peak RSS of the inputs issue 10 sized to exhaust memory, each read in its own child process:
 * a baseline read positionally (before) and on the large-file path (after), an Export-Csv read
 * whole, and the same Export-Csv refused above the file-size limit. VMQLINT_BENCH_BEFORE_ENTRIES
 * sets the size of the positional run (default 250,000: a million takes 4.6 GB and minutes).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeDir, sizeMb, tempDir, writeBigBaseline, writeBigCsv } from '../test/hostile/helpers.js';

type ChildResult = { ms: number; count: number; peakRssMb: number; error?: string };

function child(mode: string, file: string): ChildResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'limits-child.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [script, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] })) as ChildResult;
  } catch (err) {
    // An abort (out of memory) is a result too.
    return { ms: NaN, count: 0, peakRssMb: NaN, error: `child failed: ${String((err as { signal?: string; status?: number }).signal ?? (err as { status?: number }).status)}` };
  }
}

function line(label: string, mb: number, r: ChildResult): string {
  const what = r.error !== undefined ? `-> ${r.error.slice(0, 160)}` : `${r.count} read`;
  return `${label}: ${mb.toFixed(0)} MB in ${r.ms.toFixed(0)} ms, ${what}, peak RSS ${r.peakRssMb.toFixed(0)} MB`;
}

/** Lines of the limits benchmark report. */
export function run(): string[] {
  const dir = tempDir('vmqlint-limitsbench-');
  try {
    const out: string[] = [];
    const before = Number(process.env.VMQLINT_BENCH_BEFORE_ENTRIES ?? 250_000);
    for (const n of [...new Set([before, 1_000_000])].sort((a, b) => a - b)) {
      const file = join(dir, `baseline-${n}.json`);
      writeBigBaseline(file, n);
      const mb = sizeMb(file);
      if (n === before) out.push(line(`baseline ${n} entries, positional parse (before)`, mb, child('baseline-positional', file)));
      out.push(line(`baseline ${n} entries, readBaselineInput (after)`, mb, child('baseline', file)));
    }
    for (const rows of [200_000, 1_400_000]) {
      const file = join(dir, `csv-${rows}`, 'HV01', 'Get-NetAdapterAdvancedProperty.csv');
      writeBigCsv(file, rows);
      const mb = sizeMb(file);
      if (rows === 200_000) out.push(line(`Export-Csv ${rows} rows read whole (limit lifted)`, mb, child('csv', file)));
      else out.push(line(`Export-Csv ${rows} rows, default limit`, mb, child('csv-refused', file)));
    }
    return out;
  } finally {
    removeDir(dir);
  }
}
