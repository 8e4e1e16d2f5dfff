/** The simulate formatters (src/report/sim-*.ts): text (golden), JSON shape, HTML structure. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSimHtml } from '../../src/report/sim-html.js';
import { formatSimCompareJson, formatSimJson } from '../../src/report/sim-json.js';
import { formatParamsText, formatSimCompareText, formatSimText } from '../../src/report/sim-text.js';
import { compareResults } from '../../src/sim/compare.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from './hosts.js';

/** The golden text; `UPDATE_GOLDEN=1 npx vitest run test/sim/report.test.ts` rewrites it after a deliberate change. */
function golden(name: string, actual: string): string {
  const path = join(import.meta.dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}
const v4 = simulateHost(defaultHost('2012R2', 8, { queues: 4 }).hostVnic('Management').build(), constantProfile(8, 1.2, {}, 20));

describe('formatSimText', () => {
  it('matches the golden file (V4-like host: 4 queues, host vNIC + 8 VMs)', () => {
    const text = formatSimText(v4, false);
    expect(text).toBe(golden('v4.txt', text));
  });

  it('the HTML saturated-LPs card gives a count and the LPs, so LP 0 never reads as "0 saturated"', () => {
    const r = structuredClone(v4);
    r.summary.saturatedLps = [0];
    expect(formatSimHtml(r)).toContain('1 (LP 0)');
    r.summary.saturatedLps = [];
    expect(formatSimHtml(r)).toMatch(/saturated LPs<\/[a-z]+>\s*<[a-z]+[^>]*>none</);
  });

  it('colours only when asked', () => {
    expect(formatSimText(v4, false)).not.toMatch(/\u001b\[/);
    expect(formatSimText(v4, true)).toMatch(/\u001b\[/);
  });

  it('lists parameters with their kind and source', () => {
    const text = formatParamsText(v4.params, false);
    expect(text).toMatch(/^name +value +unit +kind +source/);
    expect(text).toMatch(/cIntUs +2 +µs\/interrupt +GUESS/);
    expect(text).toMatch(/modPackets +5 +packets\/interrupt +sourced/);
    expect(text).toMatch(/hashSeed +\d+ +seed +setting/);
  });

  it("cites the simulator facts by their public sources, not the project's notes", () => {
    const text = formatParamsText(v4.params, false);
    expect(text).not.toMatch(/\b(?:domain|simulator)\.md\b/);
    expect(text).toMatch(/\nFacts cited:\n {2}F1: .+: https:\/\//);
    expect(text).toContain(`F8: Receive Side Scaling Version 2 (RSSv2): https://learn.microsoft.com/windows-hardware/drivers/network/receive-side-scaling-version-2-rssv2-`);
    expect(formatSimHtml(v4)).not.toMatch(/\b(?:domain|simulator)\.md\b/);
    // An assumption (data in JSON) may name the notes; the text and HTML pages do not.
    const r = structuredClone(v4);
    r.assumptions.push('GUESS (simulator.md a.3): a freed VM queue goes to the next vNIC to start, not to one already on the default queue');
    for (const out of [formatSimText(r, false), formatSimHtml(r)]) {
      expect(out).not.toMatch(/\b(?:domain|simulator)\.md\b/);
      expect(out).toContain('GUESS: a freed VM queue goes to the next vNIC to start');
    }
  });
});

describe('formatSimJson', () => {
  const doc = JSON.parse(formatSimJson(v4));

  it('has the published shape', () => {
    expect(doc.schemaVersion).toBe(1);
    expect(Object.keys(doc.summary)).toEqual(expect.arrayContaining(['offeredGbps', 'deliveredGbps', 'queuesAvailable', 'queuesAllocated', 'vmsOnDefaultQueue', 'saturatedLps', 'engagedLps', 'interruptsPerSec']));
    expect(Object.keys(doc.lps[0])).toEqual(expect.arrayContaining(['lp', 'group', 'number', 'meanUtilization', 'peakUtilization']));
    const vm = doc.vms.find((v: { vm: string }) => v.vm === 'VM08');
    expect(vm).toMatchObject({ vm: 'VM08', vnic: 'Network Adapter', queue: 0, lp: 1, limitedBy: 'default-queue' });
    expect(Number.isInteger(vm.queue)).toBe(true);
    expect(Array.isArray(doc.events)).toBe(true);
    expect(doc.params.find((p: { name: string }) => p.name === 'htFactor').assumption).toBe(true);
    expect(doc.timeline).toBeUndefined();
  });

  it('utilisation is 0..1 and limitedBy is one of the five values', () => {
    for (const l of doc.lps) {
      expect(l.meanUtilization).toBeGreaterThanOrEqual(0);
      expect(l.peakUtilization).toBeLessThanOrEqual(1);
    }
    for (const v of doc.vms) expect(['none', 'lp', 'default-queue', 'link', 'guest']).toContain(v.limitedBy);
  });
});

describe('compare formatters', () => {
  const after = simulateHost(defaultHost('2012R2', 8, { queues: 8 }).hostVnic('Management').build(), constantProfile(8, 1.2, {}, 20));
  const cmp = compareResults(v4, after);

  it('text shows both sides and the VMs that got a queue', () => {
    const text = formatSimCompareText(cmp, false);
    expect(text).toMatch(/^Predicted impact: HV01 -> HV01/);
    expect(text).toMatch(/VM queues allocated\/available +4\/4 +8\/8/);
    expect(text).toMatch(/got a queue: VM04\/Network Adapter/);
  });

  it('json carries the comparison', () => {
    const doc = JSON.parse(formatSimCompareJson(cmp));
    expect(doc.schemaVersion).toBe(1);
    expect(doc.movedOffDefaultQueue).toEqual(['VM04/Network Adapter', 'VM05/Network Adapter', 'VM06/Network Adapter', 'VM07/Network Adapter']);
  });
});

describe('formatSimHtml', () => {
  const html = formatSimHtml(v4);

  it('is one self-contained page: no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|<script\s+src|@import|url\(/i);
    for (const id of ['heatmap', 'vmbars', 'vmtime', 'queue-map']) expect(html).toContain(`id="${id}"`);
  });

  it('escapes names and keeps the embedded data inert', () => {
    const r = structuredClone(v4);
    r.vms[0].vm = '</script><img src=x onerror=alert(1)>';
    const out = formatSimHtml(r);
    expect(out).not.toContain('<img src=x');
    expect(out).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('\\u003c/script\\u003e');
  });
});
