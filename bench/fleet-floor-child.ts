/**
 * Child process of fleet.bench.ts: the parse-only floor of a fleet. Reads every file of the fleet
 * folder given, decodes it (decodeBytes, as the ingest does) and runs only a general parser on it:
 * fast-xml-parser configured as the ingest reads CLIXML (bench/fxp-options.ts; the ingest's own
 * scan builds the same tree since issue 11, and the floor stays where it was so the target does
 * not move), JSON.parse for JSON, a line split for CSV and .reg. Nothing is assembled or kept. Prints JSON: time, files, bytes,
 * peak RSS (VmHWM).
 *
 * An optional second argument `K/N` (0 <= K < N) parses only the fleet's top-level entries
 * (hosts) whose position in name order is K mod N: N such children run at once are the floor on
 * N cores, which says how far this machine scales work that shares nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { XMLParser } from 'fast-xml-parser';
import { FXP_OPTIONS } from './fxp-options.js';
import { decodeBytes } from '../src/ingest/decode.js';

const parser = new XMLParser(FXP_OPTIONS);
const LINES = /\r?\n/;

/** Every file under `dir`, hosts and files in name order. */
function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory()) walk(join(dir, e.name), out);
    else if (e.isFile()) out.push(join(dir, e.name));
  }
  return out;
}

const dir = process.argv[2];
const part = /^(\d+)\/(\d+)$/.exec(process.argv[3] ?? '0/1');
if (!part || Number(part[1]) >= Number(part[2])) throw new Error(`fleet-floor-child: the part must be K/N with K < N, not '${process.argv[3]}'`);
const [k, n] = [Number(part[1]), Number(part[2])];
const t0 = performance.now();
let files = 0;
let bytes = 0;
// Something of every result is used, so no parse can be skipped as dead code.
let items = 0;
const tops = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const mine = tops.filter((_, i) => i % n === k).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
for (const file of mine) {
  const raw = readFileSync(file);
  bytes += raw.length;
  files++;
  const { text } = decodeBytes(raw);
  switch (extname(file).toLowerCase()) {
    case '.xml':
      items += (parser.parse(text) as unknown[]).length;
      break;
    case '.json':
      items += JSON.stringify(Object.keys(JSON.parse(text) as object)).length;
      break;
    default:
      items += text.split(LINES).length;
  }
}
const ms = performance.now() - t0;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify({ ms, files, bytes, items, peakRssMb: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 1048576 }));
