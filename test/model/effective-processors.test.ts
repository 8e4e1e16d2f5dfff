import { describe, expect, it } from 'vitest';
import { rule as coreZero } from '../../rules/vmq-base-processor-zero.js';
import { activeSets } from '../../rules/lib/psets.js';
import { flattenHost } from '../../src/diff/flatten.js';
import { formatLps, rssProcessorSet } from '../../src/model/processors.js';
import { formatShowText } from '../../src/report/show-text.js';
import { defaultParams } from '../../src/sim/params.js';
import { buildTopology } from '../../src/sim/topology.js';
import { findings, host, run } from '../helpers/host-builder.js';

/**
 * A management NIC whose configured RSS set (base 0, MaxProcessors 4: LPs 0,2,4,6) differs from the
 * processors Windows reported using (RssProcessorArray 2,4,6,8,10): every command must see the latter.
 */
function mgmtHost(array?: number[]) {
  return host()
    .lps(16, true)
    .adapter('MGMT', (a) => a.rss({ enabled: true, base: 0, max: 15, maxProcessors: 4, processorArray: array }))
    .build();
}

describe("one computation of a NIC's effective RSS processors", () => {
  it('prefers the exported RssProcessorArray, else derives from base/max/MaxProcessors and hyper-threading', () => {
    const reported = rssProcessorSet(mgmtHost([2, 4, 6, 8, 10]), mgmtHost([2, 4, 6, 8, 10]).adapters[0])!;
    expect(reported.lpsFrom).toBe('RssProcessorArray');
    expect(formatLps(reported.lps)).toBe('2,4,6,8,10');
    const h = mgmtHost();
    const derived = rssProcessorSet(h, h.adapters[0])!;
    expect(derived.lpsFrom).toBe('configured');
    expect(formatLps(derived.lps)).toBe('0,2,4,6');
  });

  it('is what show, lint, diff and the simulator use', () => {
    const h = mgmtHost([2, 4, 6, 8, 10]);
    const a = h.adapters[0];
    // show
    expect(formatShowText({ hosts: [h], failures: [], skipped: [] }, false)).toContain('LPs 2,4,6,8,10 (RssProcessorArray)');
    // lint: the reported set does not touch core 0, the derived one would
    expect(activeSets(h, a).map((s) => formatLps(s.set.lps))).toEqual(['2,4,6,8,10']);
    expect(findings(run(coreZero, h))).toEqual([]);
    expect(findings(run(coreZero, mgmtHost())).map((f) => f.target.name)).toEqual(['MGMT']);
    // diff
    const flat = flattenHost(h);
    const props = [...flat.targets.values()].flatMap((t) => [...t.props.values()]);
    expect(props.find((p) => p.key === 'processorSet.rss')?.value).toBe('2,4,6,8,10');
    // simulate: the host NIC spreads over the reported LPs
    const topo = buildTopology(h, defaultParams());
    expect(topo.members.find((m) => m.adapter.name === 'MGMT')?.defaultLps).toEqual([2, 4, 6, 8, 10]);
  });
});
