import { describe, expect, it } from 'vitest';
import { formatModelDocument } from '../../src/report/show-json.js';
import { formatShowText } from '../../src/report/show-text.js';
import { host } from '../helpers/host-builder.js';

const processorsLine = (text: string) => text.split('\n').find((l) => l.startsWith('  Processors:'));

describe('show text: processors', () => {
  it('prints ? for NUMA that was not exported, never 0 NUMA nodes', () => {
    const h = host('HV01').lps(16, true).build();
    const text = formatShowText({ hosts: [h], failures: [], skipped: [] }, false);
    expect(processorsLine(text)).toBe('  Processors: 16 LPs, 8 cores, hyper-threading on, ? NUMA nodes, 0 groups');
    // show --format json keeps the data as it is: an empty list.
    expect(JSON.parse(formatModelDocument([h], { name: 'vmqlint', version: '0' })).hosts[0].processors.numaNodes).toEqual([]);
  });

  it('counts the NUMA nodes Get-VMHostNumaNode listed', () => {
    const one = host('HV01').lps(8, false).numa([[0, 1, 2, 3, 4, 5, 6, 7]]).build();
    const two = host('HV02').lps(16, true).numa([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]]).build();
    const text = formatShowText({ hosts: [one, two], failures: [], skipped: [] }, false);
    expect(text).toContain('hyper-threading off, 1 NUMA node, ');
    expect(text).toContain('hyper-threading on, 2 NUMA nodes, ');
  });

  it('lists load warnings with the skipped files', () => {
    const text = formatShowText({ hosts: [], failures: [], skipped: [], warnings: [{ file: 'f', message: 'f: one snapshot names 2 hosts (A, B); each is read as its own host' }] }, false);
    expect(text).toContain('warning: f: one snapshot names 2 hosts (A, B); each is read as its own host\n');
  });
});
