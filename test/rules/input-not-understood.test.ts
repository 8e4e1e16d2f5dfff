import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/input-not-understood.js';
import { findings, host, run } from '../helpers/host-builder.js';

describe('input-not-understood', () => {
  it('lists unknown items grouped by kind and context', () => {
    const h = host()
      .unknown({ kind: 'property', name: 'FancyOffload', context: 'MSFT_NetAdapter', count: 2 })
      .unknown({ kind: 'property', name: 'AnotherThing', context: 'MSFT_NetAdapter', count: 1 })
      .unknown({ kind: 'file', name: 'notes.txt', context: 'not a recognised export', count: 1 }, 'notes.txt')
      .build();
    const fs = findings(run(rule, h));
    expect(fs.map((f) => f.message)).toEqual([
      'HV01: 1 file (not a recognised export) read but not understood, so not checked: notes.txt',
      'HV01: 2 properties (MSFT_NetAdapter) read but not understood, so not checked: AnotherThing, FancyOffload (x2)',
    ]);
    expect(fs[0].target).toMatchObject({ kind: 'host', name: 'HV01' });
    expect(fs[0].locations[0].file).toBe('notes.txt');
    expect(fs[1].evidence).toMatchObject({ occurrences: 3 });
  });

  it('reports values lost by the export format', () => {
    const h = host().lossy('RssProcessorArray', 'ConvertTo-Json depth 2 flattened it').build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe('HV01: 1 value lost by the export format, so not checked: RssProcessorArray (ConvertTo-Json depth 2 flattened it)');
    expect(f.remediation).toContain('ConvertTo-Json -Depth 4');
  });

  it('lists a value lost the same way on several adapters once, with a count', () => {
    const h = host()
      .lossy('RssProcessorArray', 'flattened by ConvertTo-Json')
      .lossy('RssProcessorArray', 'flattened by ConvertTo-Json')
      .lossy('IndirectionTable', 'flattened by ConvertTo-Json')
      .build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe(
      'HV01: 3 values lost by the export format, so not checked: IndirectionTable (flattened by ConvertTo-Json), RssProcessorArray (flattened by ConvertTo-Json) (x2)',
    );
    expect((f.evidence.items as unknown[]).length).toBe(3);
    expect(f.locations).toHaveLength(3);
  });

  it('stays quiet when everything was understood', () => {
    expect(findings(run(rule, host().adapter('NIC1').build()))).toEqual([]);
  });
});
