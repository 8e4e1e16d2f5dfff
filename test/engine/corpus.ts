/**
 * The inputs the fix-plan tests run over: every fixture snapshot (fixtures/production is picked
 * up by folder when it exists) and every rule's documented example, loaded by the real loader;
 * a rule that needs traffic ships its profile as `traffic.json` and runs under the real simulator.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadFiles, loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { parseProfile } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';
import { rules } from './converge.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Case {
  name: string;
  hosts: Host[];
  simulate?: (h: Host) => unknown;
}

function dirs(rel: string): string[] {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((n) => statSync(join(abs, n)).isDirectory())
    .sort()
    .map((n) => `${rel}/${n}`);
}

/** Snapshot folders of the fixture corpus: fleets as one case, same-host and diff pairs per snapshot. */
export function fixturePaths(): string[] {
  const out = ['fixtures/sample-fleet', 'fixtures/multi-host', ...dirs('fixtures/same-host')];
  for (const d of dirs('fixtures/diff')) {
    const sides = dirs(d).filter((s) => /\/(before|after|desired)$/.test(s));
    // A diff fixture is a pair of snapshots (before/after) or a fleet folder (fleet/HV01...).
    out.push(...(sides.length > 0 ? sides : [d]));
  }
  if (existsSync(join(ROOT, 'fixtures/production'))) out.push('fixtures/production');
  return out;
}

export function fixtureCase(path: string): Case {
  const r = loadPaths([path], { cwd: ROOT });
  return { name: path, hosts: r.hosts };
}

/** Each rule's documented example (with its traffic profile, if any). */
export function exampleCases(): Case[] {
  const enc = new TextEncoder();
  return rules.map((rule) => {
    const files = rule.meta.docs.example.files;
    const loaded = loadFiles(
      Object.entries(files)
        .filter(([n]) => n !== 'traffic.json')
        .map(([path, text]) => ({ path, bytes: enc.encode(text) })),
      'example',
    );
    const traffic = files['traffic.json'] !== undefined ? parseProfile(files['traffic.json'], 'traffic.json') : undefined;
    return {
      name: `example of ${rule.meta.id}`,
      hosts: loaded.hosts,
      ...(traffic ? { simulate: (h: Host) => simulateHost(h, traffic.profile, {}, traffic.source) } : {}),
    };
  });
}
