/** The simulate formatters (src/report/sim-*.ts): text (golden), JSON shape, HTML structure. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_VMS, formatSimCompareHtml, formatSimHtml } from '../../src/report/sim-html.js';
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
    // An assumption the simulator states is shown as written (src/ cites no notes: test/public-citations.test.ts).
    const r = structuredClone(v4);
    r.assumptions.push('GUESS: a freed VM queue goes to the next vNIC to start, not to one already on the default queue');
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

/** The chart data a page embeds (one entry per run). */
function embedded(html: string): { suffix: string; span: number; ticks: number[]; bars: { label: string; deliveredGbps: number; offeredGbps: number; limitedBy: string }[]; lines: { label: string; values: number[] }[]; others: number[] | null; total: number[] }[] {
  return JSON.parse(/<script type="application\/json" id="sim-data">(.*?)<\/script>/s.exec(html)![1]);
}

describe('formatSimHtml charts', () => {
  it('labels the time axis with round ticks over the run (0, 30, 60, 90, 120 s for 120 s)', () => {
    const r = simulateHost(defaultHost('2012R2', 4, { queues: 4 }).build(), constantProfile(4, 1, {}, 120));
    const [run] = embedded(formatSimHtml(r));
    expect(run.span).toBe(120);
    expect(run.ticks).toEqual([0, 30, 60, 90, 120]);
    expect(embedded(formatSimHtml(v4))[0].ticks).toEqual([0, 5, 10, 15, 20]);
  });

  it('with many VMs draws the busiest ten by name and sums the rest into "others"', () => {
    const r = simulateHost(defaultHost('2012R2', 40, { queues: 8 }).build(), constantProfile(40, 0.5, {}, 20));
    const [run] = embedded(formatSimHtml(r));
    expect(run.lines).toHaveLength(CHART_VMS);
    expect(run.bars).toHaveLength(CHART_VMS + 1);
    const others = run.bars[CHART_VMS];
    expect(others).toMatchObject({ label: 'others (30 vNICs)', limitedBy: 'others' });
    const byName = run.bars.slice(0, CHART_VMS).map((b) => b.deliveredGbps);
    expect([...byName].sort((a, b) => b - a)).toEqual(byName);
    const rest = r.vms.filter((v) => !run.bars.some((b) => b.label === `${v.vm}/${v.vnic}`));
    expect(rest).toHaveLength(30);
    expect(others.deliveredGbps).toBeCloseTo(rest.reduce((a, v) => a + v.deliveredGbps, 0), 3);
    // Total = the ten lines + the others band, bucket by bucket.
    for (let b = 0; b < run.total.length; b++) expect(run.lines.reduce((a, l) => a + l.values[b], 0) + run.others![b]).toBeCloseTo(run.total[b], 3);
    // Few VMs: no others row or band.
    const few = embedded(formatSimHtml(v4))[0];
    expect(few.others).toBeNull();
    expect(few.bars.some((b) => b.limitedBy === 'others')).toBe(false);
  });

  it('keeps the tables sortable (header row in thead, rows in tbody) and is byte-identical run to run', () => {
    const html = formatSimHtml(v4);
    expect(html).toMatch(/<table id="vm-table" class="sortable"><thead><tr><th>VM<\/th>/);
    expect(html).toMatch(/<table id="queue-map" class="sortable"><thead>/);
    expect(html).toBe(formatSimHtml(simulateHost(defaultHost('2012R2', 8, { queues: 4 }).hostVnic('Management').build(), constantProfile(8, 1.2, {}, 20))));
  });
});

describe('the HTML verdict', () => {
  const finding = { ruleId: 'default-queue-bottleneck', severity: 'warning', message: '4 vNICs share the default queue on LP 0', remediation: 'give them VM queues', commands: ['Set-NetAdapterVmq -Name "NIC1" -MaxProcessors 8'] };

  it('comes first, with the findings and their commands as given (escaped)', () => {
    const html = formatSimHtml(v4, { verdict: [finding, { ...finding, ruleId: 'vmq-queue-waste', message: 'a <b> queue', commands: [] }] });
    const at = html.indexOf('id="verdict"');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('class="kpis"'));
    expect(html).toContain('4 vNICs share the default queue on LP 0');
    expect(html).toContain('<pre>Set-NetAdapterVmq -Name &quot;NIC1&quot; -MaxProcessors 8</pre>');
    expect(html).toContain('a &lt;b&gt; queue');
    expect(html).toContain('give them VM queues');
  });

  it('says so when nothing limits throughput, and is absent when no findings were passed', () => {
    expect(formatSimHtml(v4, { verdict: [] })).toMatch(/id="verdict"><h2>Verdict<\/h2><p>Delivers [\d.]+ of [\d.]+ Gbps offered; limited by the default queue \(5 vNICs\)\. No finding from the simulation rules \([a-z, -]+\)\.</);
    const idle = structuredClone(v4);
    for (const v of idle.vms) v.limitedBy = 'none';
    expect(formatSimHtml(idle, { verdict: [] })).toMatch(/Gbps offered\. No finding .*: nothing on the receive path to change\./);
    expect(formatSimHtml(v4)).not.toContain('id="verdict"');
  });
});

describe('formatSimCompareHtml', () => {
  const after = simulateHost(defaultHost('2012R2', 8, { queues: 8 }).hostVnic('Management').build(), constantProfile(8, 1.2, {}, 20));
  const html = formatSimCompareHtml(v4, after, compareResults(v4, after));

  it('puts both runs side by side: a heat map and bars each, and the per-vNIC change', () => {
    for (const id of ['side-before', 'side-after', 'heatmap-before', 'heatmap-after', 'vmbars-before', 'vmbars-after', 'vmtime-before', 'vmtime-after', 'compare-vms']) expect(html).toContain(`id="${id}"`);
    expect(html.indexOf('id="side-before"')).toBeLessThan(html.indexOf('id="side-after"'));
    expect(embedded(html).map((r) => r.suffix)).toEqual(['-before', '-after']);
    expect(html).toMatch(/VM queues allocated \/ available<\/td><td class="num">4 \/ 4<\/td><td class="num">8 \/ 8</);
    expect(html).toMatch(/<tr><td>VM04\/Network Adapter<\/td><td class="num" data-sort="0">default<\/td>/);
  });

  it('is self-contained', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|<script\s+src|@import|url\(/i);
  });
});
