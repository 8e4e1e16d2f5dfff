/**
 * Docs that run (house style 4): every rule's documented example, loaded by the real loader,
 * makes the rule fire; the documented fixed export leaves it quiet. Fleet rules spread their
 * example over folders (`HV01/...`, `HV02/...`), one host each; a rule that needs traffic ships
 * its profile as `traffic.json` and runs under the real simulator.
 */
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import type { Rule, RuleOutcome } from '../../src/engine/types.js';
import { loadFiles } from '../../src/ingest/load.js';
import { parseProfile } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';

const rules = await loadRules();
const TRAFFIC = 'traffic.json';

function outcomes(rule: Rule, files: Record<string, string>): { host: string; outcome: RuleOutcome }[] {
  const enc = new TextEncoder();
  const input = Object.entries(files)
    .filter(([name]) => name !== TRAFFIC)
    .map(([path, text]) => ({ path, bytes: enc.encode(text) }));
  const loaded = loadFiles(input, 'example');
  expect(loaded.failures.map((f) => f.error.message)).toEqual([]);
  expect(loaded.hosts.length).toBeGreaterThan(0);
  const traffic = files[TRAFFIC] !== undefined ? parseProfile(files[TRAFFIC], TRAFFIC) : undefined;
  if (rule.meta.needs?.includes('traffic')) expect(traffic, `${rule.meta.id} needs ${TRAFFIC} in its example`).toBeDefined();
  if (rule.meta.needs?.includes('fleet')) expect(loaded.hosts.length, `${rule.meta.id} needs a fleet example`).toBeGreaterThan(1);
  return loaded.hosts.map((host) => ({
    host: host.name,
    outcome: rule.check({
      host,
      fleet: loaded.hosts,
      options: { ...(rule.meta.defaultOptions ?? {}) },
      simulation: traffic ? () => simulateHost(host, traffic.profile, {}, traffic.source) : undefined,
    }),
  }));
}

describe('documented examples', () => {
  it('cover every rule', () => expect(rules.length).toBeGreaterThanOrEqual(21));
  for (const rule of rules) {
    it(`${rule.meta.id}: the example fires`, () => {
      const results = outcomes(rule, rule.meta.docs.example.files);
      const fired = results.flatMap((r) => (Array.isArray(r.outcome) ? r.outcome : []));
      expect(fired.length, JSON.stringify(results.map((r) => [r.host, r.outcome]))).toBeGreaterThan(0);
      for (const f of fired) {
        expect(f.locations.length).toBeGreaterThan(0);
        for (const l of f.locations) expect(l.line, JSON.stringify(l)).toBeGreaterThanOrEqual(1);
      }
    });
    it(`${rule.meta.id}: the fixed export stays quiet`, () => {
      const results = outcomes(rule, rule.meta.docs.fixed.files);
      for (const r of results) {
        expect(Array.isArray(r.outcome) ? r.outcome.map((f) => f.message) : r.outcome, `${r.host}`).toEqual([]);
      }
    });
  }
});
