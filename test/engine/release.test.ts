import { describe, expect, it } from 'vitest';
import { releaseList, releaseName, releaseShort } from '../../src/engine/release.js';
import { planRule } from '../../src/engine/run.js';
import { makeHost } from './helpers.js';
import type { Rule } from '../../src/engine/types.js';

describe('release display names', () => {
  it('writes R2 releases as Microsoft does, one way everywhere', () => {
    expect(releaseShort('2012R2')).toBe('2012 R2');
    expect(releaseName('2008R2')).toBe('Windows Server 2008 R2');
    expect(releaseName('2019')).toBe('Windows Server 2019');
    expect(releaseName('unknown')).toBe('an unknown release');
    expect(releaseName('unknown', 'release unknown')).toBe('release unknown');
  });
  it('lists releases without calling "unknown" a Windows Server release', () => {
    expect(releaseList(['2016', '2019'])).toBe('Windows Server 2016, 2019');
    expect(releaseList(['2012R2', '2025', 'unknown'])).toBe('Windows Server 2012 R2, 2025 (and hosts whose release is unknown)');
  });
  it('a not-applicable reason names the releases and the host release in that form', () => {
    const rule = { meta: { id: 'X', releases: ['2016', '2019', '2022', '2025', 'unknown'] }, check: () => [] } as unknown as Rule;
    const plan = planRule(rule, makeHost('HV01', '2012R2', []), 1, undefined, false);
    expect(plan).toEqual({ run: false, off: false, reason: 'applies to Windows Server 2016, 2019, 2022, 2025 (and hosts whose release is unknown); the host runs Windows Server 2012 R2' });
  });
});
