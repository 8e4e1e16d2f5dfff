import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';

const root = new URL('../../fixtures/same-host/', import.meta.url).pathname;

/** The model without provenance and bookkeeping: what the exports say about the host. */
function facts(h: Host): unknown {
  return JSON.parse(
    JSON.stringify(h, (key, value) => {
      if (['at', 'sources', 'unknown', 'lossy', 'conflicts', 'observed'].includes(key)) return undefined;
      return value;
    }),
  );
}

/** Paths (a.b[0].c) where two JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`));
  }
  return [path];
}

function load(variant: string): Host {
  const r = loadPaths([variant], { cwd: root });
  expect(r.failures).toEqual([]);
  expect(r.hosts).toHaveLength(1);
  return r.hosts[0];
}

describe('the same host exported six ways', () => {
  const reference = load('clixml-5.1');

  it('reads the reference export fully, with nothing lost', () => {
    expect(reference.lossy).toEqual([]);
    expect(reference.unknown).toEqual([]);
    expect(reference.adapters.length).toBeGreaterThan(1);
  });

  for (const variant of ['clixml-7', 'json-7']) {
    it(`${variant} gives the same model`, () => {
      const h = load(variant);
      expect(h.lossy).toEqual([]);
      expect(differences(facts(h), facts(reference))).toEqual([]);
    });
  }

  it('json-5.1 differs only where ConvertTo-Json -Depth 2 lost data, and says so', () => {
    const h = load('json-5.1');
    const diffs = differences(facts(h), facts(reference));
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) expect(d).toMatch(/\/rss\/(processorArray|indirectionTable)$/);
    expect(h.lossy.map((l) => l.what)).toEqual(expect.arrayContaining([expect.stringMatching(/RssProcessorArray$/)]));
  });

  for (const variant of ['csv-5.1', 'csv-7']) {
    it(`${variant} differs only where Export-Csv wrote arrays as type names, and says so`, () => {
      const h = load(variant);
      const diffs = differences(facts(h), facts(reference));
      const lost = h.lossy.map((l) => l.what.slice(l.what.lastIndexOf('.') + 1));
      // Each difference is a field whose source property was reported lost.
      const explainedBy: Record<string, RegExp> = {
        RegistryValue: /\/advanced\/[^/]+\/(value|displayValue)$/,
        ValidRegistryValues: /\/advanced\/[^/]+\/meta\/validValues$/,
        ValidDisplayValues: /\/advanced\/[^/]+\/(meta\/validDisplayValues|displayValue)$/,
        RssProcessorArray: /\/rss\/processorArray$/,
        IndirectionTable: /\/rss\/indirectionTable$/,
        NetAdapterInterfaceDescriptions: /\/(switches\/\d+\/(uplinks|uplinkDescriptions)|teams\/\d+\/members|adapters\/\d+\/(switchId|teamId))(\/\d+)?$/,
        NetAdapterInterfaceDescription: /\/(switches\/\d+\/(uplinks|uplinkDescriptions)|teams\/\d+\/members|adapters\/\d+\/(switchId|teamId))$/,
        VlanSetting: /\/vnics\/\d+\/vlanId$/,
      };
      const unexplained = diffs.filter((d) => !Object.entries(explainedBy).some(([prop, re]) => lost.includes(prop) && re.test(d)));
      expect(unexplained).toEqual([]);
      expect(diffs.length).toBeGreaterThan(0);
    });
  }
});
