/**
 * ConvertTo-Json ingest throughput on the largest JSON export a host has: the sample fleet's
 * Get-NetAdapterRss.json (PowerShell 5.1 CimInstances with CimClass/CimInstanceProperties
 * metadata, the file every fleet-N host copies). Reports MB/s of our positioned parse
 * (parseJsonDocument), of the whole export mapping (parseJsonExport: parse + records), and of
 * JSON.parse on the same text for reference. Interleaved rounds, best of each, in memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBytes } from '../src/ingest/decode.js';
import { parseJsonExport } from '../src/ingest/json.js';
import { parseJsonDocument } from '../src/ingest/json-syntax.js';
import { projectRoot } from '../scripts/project-root.js';

const ROUNDS = 15;
/** Parses per timed call, so one call lasts long enough to time. */
const REPEAT = 10;

function time(f: () => unknown): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < REPEAT; i++) f();
  return Number(process.hrtime.bigint() - t) / 1e6 / REPEAT;
}

/** The lines of the report. */
export function run(): string[] {
  const file = join(projectRoot(), 'fixtures', 'sample-fleet', 'HV-2022', 'Get-NetAdapterRss.json');
  const bytes = readFileSync(file);
  const { text, encoding } = decodeBytes(bytes);
  let records = 0;
  const fs: [string, () => unknown][] = [
    ['parseJsonDocument (positioned parse)', () => parseJsonDocument(text, 'bench.json')],
    ['parseJsonExport (parse + records)', () => (records = parseJsonExport(text, 'bench.json', encoding).objects.length)],
    ['JSON.parse (reference, no positions)', () => JSON.parse(text)],
  ];
  for (const [, f] of fs) for (let i = 0; i < 5; i++) f(); // warm up
  const best = fs.map(() => Infinity);
  for (let r = 0; r < ROUNDS; r++) fs.forEach(([, f], i) => (best[i] = Math.min(best[i], time(f))));
  if (records === 0) throw new Error('bench: the export gave no records');
  const mb = bytes.length / 1e6;
  return [
    `Get-NetAdapterRss.json (HV-2022 template): ${(mb * 1000).toFixed(0)} KB, ${records} records; best of ${ROUNDS} interleaved rounds of ${REPEAT}`,
    ...fs.map(([label], i) => `  ${label.padEnd(40)} ${best[i].toFixed(2).padStart(7)} ms  ${(mb / (best[i] / 1000)).toFixed(0).padStart(5)} MB/s`),
  ];
}
