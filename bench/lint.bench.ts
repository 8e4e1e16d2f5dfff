/**
 * Rule evaluation throughput (hosts/s), parsing excluded: hosts are loaded once, then the whole
 * catalog runs over them repeatedly. The hosts are the sample fleet (fixtures/sample-fleet) when
 * it exists, else one host per rule built from that rule's documented example; either set is
 * repeated (renamed) up to FLEET hosts, so fleet rules see a realistically large fleet.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../rules/index.js';
import { RuleCatalog } from '../src/engine/catalog.js';
import { lintHosts } from '../src/engine/run.js';
import { loadFiles, loadPaths } from '../src/ingest/load.js';
import type { Host } from '../src/model/host.js';
import { projectRoot } from '../scripts/project-root.js';

const FLEET = 200;
const MIN_MS = 2000;

async function baseHosts(catalog: RuleCatalog): Promise<{ hosts: Host[]; source: string }> {
  const fleetDir = join(projectRoot(), 'fixtures', 'sample-fleet');
  if (existsSync(fleetDir)) {
    const loaded = loadPaths([fleetDir], { cwd: projectRoot() });
    if (loaded.hosts.length > 0) return { hosts: loaded.hosts, source: `fixtures/sample-fleet (${loaded.hosts.length} hosts)` };
  }
  const enc = new TextEncoder();
  const hosts = catalog.rules.flatMap((r, i) =>
    loadFiles(
      Object.entries(r.meta.docs.example.files).map(([name, text]) => ({ path: `example-${i}/${name}`, bytes: enc.encode(text) })),
      `example-${i}`,
    ).hosts,
  );
  return { hosts, source: `rule examples (${hosts.length} hosts)` };
}

/** `count` hosts cycling through `base`, each with its own name. */
function scale(base: readonly Host[], count: number): Host[] {
  return Array.from({ length: count }, (_, i) => {
    const h = base[i % base.length];
    return { ...h, name: `${h.name}-${String(i).padStart(4, '0')}` };
  });
}

export async function run(): Promise<string[]> {
  const catalog = new RuleCatalog(await loadRules());
  const { hosts: base, source } = await baseHosts(catalog);
  if (base.length === 0) return ['no hosts to lint'];
  const tool = { name: 'vmqlint', version: 'bench' };
  const lines = [`hosts: ${source}; ${catalog.rules.length} rules`];
  for (const size of [base.length, FLEET]) {
    const hosts = scale(base, size);
    lintHosts(hosts, [], { rules: catalog, tool }); // warm-up: JIT and lazy caches
    let runs = 0;
    let findings = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < MIN_MS || runs < 3) {
      findings = lintHosts(hosts, [], { rules: catalog, tool }).findings.length;
      runs++;
      elapsed = performance.now() - start;
    }
    const perSecond = (runs * size * 1000) / elapsed;
    lines.push(
      `fleet of ${String(size).padStart(4)}: ${perSecond.toFixed(0).padStart(8)} hosts/s  (${(1000 / perSecond).toFixed(3)} ms/host, ${runs} runs, ${findings} findings per run)`,
    );
  }
  return lines;
}
