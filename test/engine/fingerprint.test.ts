import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/engine/fingerprint.js';

describe('fingerprint', () => {
  const target = { kind: 'adapter' as const, name: 'NIC1', id: '{6E5B-AA}' };
  it('is sha256 of v1, host, kind, id, rule and property joined by NUL, lower-cased', () => {
    const expected = createHash('sha256').update(['v1', 'hv01', 'adapter', '{6e5b-aa}', 'R1', 'vmq.enabled'].join('\0')).digest('hex');
    expect(fingerprint('HV01', target, 'R1', 'VMQ.Enabled')).toBe(expected);
  });
  it('does not change when the adapter is renamed', () => {
    expect(fingerprint('HV01', { ...target, name: 'Uplink-A' }, 'R1')).toBe(fingerprint('HV01', target, 'R1'));
  });
  it('changes with the hardware id, the rule and the property', () => {
    const base = fingerprint('HV01', target, 'R1', 'p');
    expect(fingerprint('HV01', { ...target, id: 'other' }, 'R1', 'p')).not.toBe(base);
    expect(fingerprint('HV01', target, 'R2', 'p')).not.toBe(base);
    expect(fingerprint('HV01', target, 'R1', 'q')).not.toBe(base);
    expect(fingerprint('HV01', target, 'R1')).not.toBe(base);
  });
});
