import { describe, expect, it } from 'vitest';
import { createRedactor, redactResult } from '../../src/engine/redact.js';
import { lintHosts } from '../../src/engine/run.js';
import { makeAdapter, makeHost, vmqOffRule } from './helpers.js';
import type { Rule } from '../../src/engine/types.js';

describe('createRedactor', () => {
  const r = createRedactor(['HV01', 'hv01-b.contoso.com']);
  it('hashes host names (longest first, whole words, any case) and FQDNs like their short name', () => {
    const out = r.text('HV01 and hv01-b, hv01-B.contoso.com; HV010 stays; fleet/HV01/x.json');
    expect(out).toMatch(/^host-[0-9a-f]{8} and host-[0-9a-f]{8}, host-[0-9a-f]{8}; HV010 stays; fleet\/host-[0-9a-f]{8}\/x\.json$/);
    const [a, b, c, d] = out.match(/host-[0-9a-f]{8}/g)!;
    expect(a).toBe(d);
    expect(b).toBe(c);
    expect(a).not.toBe(b);
  });
  it('hashes MACs in every notation alike, and leaves GUIDs and fingerprints alone', () => {
    const out = r.text('00-15-5D-01-02-03 00:15:5d:01:02:03 00155D010203 {6E5B2F3A-1111-2222-3333-00155D010203} ' + 'a'.repeat(64));
    const macs = out.match(/mac-[0-9a-f]{8}/g)!;
    expect(macs).toHaveLength(3);
    expect(new Set(macs).size).toBe(1);
    expect(out).toContain('{6E5B2F3A-1111-2222-3333-00155D010203}');
    expect(out).toContain('a'.repeat(64));
  });
  it('hashes IPv4 and IPv6 addresses but not versions, times or ::', () => {
    const out = r.text('10.0.0.1 fe80::1%12 2001:db8:0:0:0:0:0:1 build 10.0.17763.1 at 13:20:57 a::b::c std::vector');
    expect(out).toMatch(/^ip-[0-9a-f]{8} ip-[0-9a-f]{8} ip-[0-9a-f]{8} build 10\.0\.17763\.1 at 13:20:57 a::b::c std::vector$/);
  });
  it('is stable, and a salt changes every hash', () => {
    expect(createRedactor(['HV01']).text('HV01')).toBe(r.text('HV01'));
    expect(createRedactor(['HV01'], 'salt').text('HV01')).not.toBe(r.text('HV01'));
  });
});

describe('redactResult', () => {
  it('redacts every string of the result, keeps fingerprints and does not touch the input', () => {
    const host = makeHost('HV01', '2019', [makeAdapter('00-15-5D-01-02-03', '00155d010203', false, 'fleet/HV01/vmq.json')]);
    const result = lintHosts([host], [], { rules: [vmqOffRule as unknown as Rule], tool: { name: 'vmqlint', version: '1.0.0' } });
    const red = redactResult(result);
    // Everything but the locations, whose paths SARIF and annotations must resolve.
    const text = JSON.stringify({ ...red, findings: red.findings.map((f) => ({ ...f, locations: [] })) });
    expect(text).not.toMatch(/HV01|00-15-5D|00155d010203/i);
    expect(red.findings[0].fingerprint).toBe(result.findings[0].fingerprint);
    expect(red.findings[0].locations[0].file).toBe('fleet/HV01/vmq.json');
    expect(red.findings[0].message).not.toContain('00-15-5D');
    expect(result.hosts[0].name).toBe('HV01');
    expect(red.tool).toEqual({ name: 'vmqlint', version: '1.0.0' });
  });
  it('redacts the name of a host that could not be read, in its status and its error', () => {
    const good = makeHost('HV01', '2019', [makeAdapter('NIC1', 'guid-1', false, 'fleet/HV01/vmq.json')]);
    const failures = [
      { host: 'HV-BROKEN-01', file: 'fleet/HV-BROKEN-01/vmq.xml', error: new Error('fleet/HV-BROKEN-01/vmq.xml:3:4: expected a closing tag') },
      { file: 'loose/odd.xml', error: new Error('loose/odd.xml:1:1: expected XML') },
    ];
    const result = lintHosts([good], failures, { rules: [vmqOffRule as unknown as Rule], tool: { name: 'vmqlint', version: '1.0.0' } });
    const red = redactResult(result);
    expect(JSON.stringify({ ...red, findings: red.findings.map((f) => ({ ...f, locations: [] })) })).not.toMatch(/HV-BROKEN-01|HV01/i);
    const broken = red.hosts.find((h) => h.status === 'error' && h.name.startsWith('host-'));
    expect(broken?.error).toMatch(/^fleet\/host-[0-9a-f]{8}\/vmq\.xml:3:4: expected a closing tag$/);
    // A failure no host claimed keeps its path: it names a file, not a host.
    expect(red.hosts.find((h) => h.name === 'loose/odd.xml')?.error).toBe('loose/odd.xml:1:1: expected XML');
  });
});
