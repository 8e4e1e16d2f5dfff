/**
 * Child process of limits.bench.ts: reads one big input one way and prints JSON with the time,
 * what was read and the peak RSS (VmHWM), measured alone in its own process.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBaselineInput } from '../src/cli/baseline-input.js';
import { readJsonInput } from '../src/cli/json-input.js';
import { BaselineSet, validateBaseline } from '../src/engine/baseline.js';
import { loadPaths } from '../src/ingest/load.js';

const [mode, file] = process.argv.slice(2);
const t0 = performance.now();
let count = 0;
let error: string | undefined;
try {
  if (mode === 'baseline-positional') {
    // The reading before issue 10: a positional node per value, for every size.
    const input = readJsonInput(file, process.cwd(), 'baseline file');
    count = new BaselineSet(input.file, validateBaseline(input.value, input.file, input.locate).entries).entries.length;
  } else if (mode === 'baseline') {
    const read = readBaselineInput(file, process.cwd());
    count = new BaselineSet(read.file, read.doc.entries).entries.length;
  } else {
    // csv: read whole (limit lifted); csv-refused: the default limit.
    const r = loadPaths([dirname(file)], { cwd: dirname(dirname(file)), maxFileBytes: mode === 'csv' ? Number.MAX_SAFE_INTEGER : undefined });
    count = r.hosts.reduce((s, h) => s + h.adapters.length, 0);
    error = r.failures[0]?.error.message;
  }
} catch (err) {
  error = (err as Error).message;
}
const ms = performance.now() - t0;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify({ ms, count, error, peakRssMb: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 1048576 }));
