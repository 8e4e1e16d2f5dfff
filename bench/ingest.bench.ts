/**
 * Ingest throughput on real-shaped exports: the sample fleet's files are read once into memory,
 * then loaded again and again as separate snapshots (as a fleet run or a worker thread would),
 * so figures exclude disk I/O. Reports hosts/s and MB/s, where the time goes (decode+parse vs
 * assembling the model), whether cost grows linearly with the number of hosts, and how close
 * load+lint comes to load alone ("linted at close to the speed of parsing").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRules } from '../rules/index.js';
import { RuleCatalog } from '../src/engine/catalog.js';
import { lintHosts } from '../src/engine/run.js';
import { loadFiles } from '../src/ingest/load.js';
import { parseDetected, sniff } from '../src/ingest/parse.js';
import { projectRoot } from '../scripts/project-root.js';

interface Snapshot {
  name: string;
  files: { path: string; bytes: Uint8Array }[];
  bytes: number;
}

function snapshots(root: string): Snapshot[] {
  const fleet = join(root, 'fixtures', 'sample-fleet');
  return readdirSync(fleet)
    .filter((n) => statSync(join(fleet, n)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(fleet, name);
      const files = readdirSync(dir)
        .sort()
        .map((f) => ({ path: relative(root, join(dir, f)).split('\\').join('/'), bytes: new Uint8Array(readFileSync(join(dir, f))) }));
      return { name, files, bytes: files.reduce((s, f) => s + f.bytes.length, 0) };
    });
}

/** Best wall time (ms) of `rounds` runs of fn. */
function best(rounds: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function run(): Promise<string[]> {
  const root = projectRoot();
  const base = snapshots(root);
  const catalog = new RuleCatalog(await loadRules());
  const tool = { name: 'vmqlint', version: 'bench' };
  const lines = [`sample fleet: ${base.length} hosts, ${base.reduce((s, b) => s + b.files.length, 0)} files, ${(base.reduce((s, b) => s + b.bytes, 0) / 1e6).toFixed(2)} MB; in memory, best of 3`];

  const parseOnly = (n: number) => () => {
    for (let i = 0; i < n; i++) for (const f of base[i % base.length].files) parseDetected(sniff(f.bytes), f.path);
  };
  const load = (n: number) => () => {
    for (let i = 0; i < n; i++) loadFiles(base[i % base.length].files, base[i % base.length].name);
  };
  const loadAndLint = (n: number) => () => {
    for (let i = 0; i < n; i++) {
      const s = base[i % base.length];
      lintHosts(loadFiles(s.files, s.name).hosts, [], { rules: catalog, tool });
    }
  };
  load(base.length)();
  loadAndLint(base.length)();
  let perHost30 = 0;
  for (const n of [30, 150]) {
    const mb = Array.from({ length: n }, (_, i) => base[i % base.length].bytes).reduce((s, b) => s + b, 0) / 1e6;
    const tParse = best(3, parseOnly(n));
    const tLoad = best(3, load(n));
    const tLint = best(3, loadAndLint(n));
    const perHost = tLoad / n;
    if (n === 30) perHost30 = perHost;
    lines.push(
      `${String(n).padStart(4)} hosts (${mb.toFixed(1)} MB): decode+parse ${tParse.toFixed(0)} ms (${((mb / tParse) * 1000).toFixed(1)} MB/s); ` +
        `load (parse + assemble) ${tLoad.toFixed(0)} ms = ${((n / tLoad) * 1000).toFixed(0)} hosts/s, ${((mb / tLoad) * 1000).toFixed(1)} MB/s, assemble ${(((tLoad - tParse) / tLoad) * 100).toFixed(0)}% of it; ` +
        `load + lint ${tLint.toFixed(0)} ms (${(tLint / tLoad).toFixed(2)}x load alone)`,
    );
    if (n === 150) lines.push(`per-host load cost at 150 hosts / at 30 hosts: ${(perHost / perHost30).toFixed(2)} (1.00 = linear)`);
  }
  return lines;
}
