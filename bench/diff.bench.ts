/**
 * Diff throughput with finding attribution: the three-node fixture fleet (fixtures/diff/fleet)
 * repeated up to FLEET hosts, every host changed in a few places on the after side (a reset jumbo
 * value, a moved VMQ base, a new VmqWeight), diffed with the real rule catalog as the linter.
 */
import { join } from 'node:path';
import { loadRules } from '../rules/index.js';
import { diffHosts } from '../src/diff/diff.js';
import { ignoreFilter } from '../src/diff/noise.js';
import { RuleCatalog } from '../src/engine/catalog.js';
import { lintHosts } from '../src/engine/run.js';
import { loadPaths } from '../src/ingest/load.js';
import type { Host } from '../src/model/host.js';
import { projectRoot } from '../scripts/project-root.js';

const FLEET = 200;
const MIN_MS = 2000;

function scale(base: readonly Host[], count: number): Host[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(base[i % base.length]), name: `HV${String(i).padStart(4, '0')}` }));
}

function change(hosts: readonly Host[]): Host[] {
  return hosts.map((h, i) => {
    const c = structuredClone(h);
    const a = c.adapters.find((x) => x.name === 'SLOT 2 Port 2');
    if (a?.advanced['*jumbopacket'] && i % 3 === 0) a.advanced['*jumbopacket'].value = '1514';
    if (a?.vmq && i % 4 === 0) a.vmq.baseProcessorNumber = 4;
    if (c.vnics[0] && i % 5 === 0) c.vnics[0].vmqWeight = 0;
    return c;
  });
}

export async function run(): Promise<string[]> {
  const root = projectRoot();
  const base = loadPaths([join(root, 'fixtures', 'diff', 'fleet')], { cwd: root }).hosts;
  if (base.length === 0) return ['no hosts in fixtures/diff/fleet'];
  const catalog = new RuleCatalog(await loadRules());
  const tool = { name: 'vmqlint', version: 'bench' };
  const lint = (hosts: readonly Host[]) => lintHosts(hosts, [], { rules: catalog, tool }).findings;
  const lines = [`hosts: fixtures/diff/fleet (${base.length}) repeated; ${catalog.rules.length} rules`];
  for (const size of [base.length, FLEET]) {
    const before = scale(base, size);
    const after = change(before);
    const ignore = ignoreFilter();
    diffHosts(before, after, { lint, ignore }); // warm-up
    for (const withLint of [false, true]) {
      let runs = 0;
      let changes = 0;
      const start = performance.now();
      while (performance.now() - start < MIN_MS) {
        changes = diffHosts(before, after, { lint: withLint ? lint : undefined, ignore }).changes.length;
        runs++;
      }
      const ms = (performance.now() - start) / runs;
      lines.push(`${size} hosts, ${changes} changes, ${withLint ? 'with' : 'without'} attribution: ${ms.toFixed(1)} ms per diff (${((size / ms) * 1000).toFixed(0)} hosts/s)`);
    }
  }
  return lines;
}
