/**
 * Child process of registry.bench.ts: parses one `.reg` file by one path and prints JSON with the
 * time, the records kept and the peak RSS (VmHWM), measured alone in its own process so the
 * figure is this parse's, not the bench runner's.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeBytes } from '../src/ingest/decode.js';
import { registryOptions } from '../src/ingest/parse.js';
import { parseRegFile } from '../src/ingest/registry.js';
import { parseRegFileAt } from '../src/ingest/registry-stream.js';

const [mode, file] = process.argv.slice(2);
const t0 = performance.now();
let keys = 0;
let error: string | undefined;
try {
  if (mode === 'stream') {
    keys = parseRegFileAt(file, 'bench.reg').regKeys.length;
  } else {
    const d = decodeBytes(readFileSync(file));
    keys = parseRegFile(d.text, 'bench.reg', d.encoding, registryOptions).regKeys.length;
  }
} catch (err) {
  // The whole-text path cannot hold every size (Node's decoder and V8's string limit): report it.
  error = (err as Error).message;
}
const ms = performance.now() - t0;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify({ ms, keys, error, peakRssMb: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 1048576 }));
