import { describe, expect, it } from 'vitest';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { lintHosts } from '../../src/engine/run.js';
import { WaiverSet } from '../../src/engine/waivers.js';
import type { Rule } from '../../src/engine/types.js';
import { makeAdapter, makeHost, vmqOffRule } from './helpers.js';

const catalog = new RuleCatalog([vmqOffRule as unknown as Rule]);
const tool = { name: 'vmqlint', version: '1.0.0' };

function waived(target: string): boolean {
  const host = makeHost('HV01', '2019', [makeAdapter('SLOT 2 Port 1', '6a1d3c2b-5e4f-4a7b-9c8d-000000000001', false)]);
  const waivers = new WaiverSet(catalog, [{ file: 'w.json', pointer: '/waivers', waivers: [{ rule: 'TEST-VMQ-OFF', target, reason: 'r' }] }], '2025-01-01');
  return lintHosts([host], [], { rules: catalog, tool, waivers }).findings[0].suppressed?.kind === 'waiver';
}

describe('waiver targets', () => {
  it('match the name or the id, case-insensitively', () => {
    expect(waived('slot 2*')).toBe(true);
    expect(waived('6A1D3C2B-*')).toBe(true);
    expect(waived('SLOT 3*')).toBe(false);
  });
  it('match an InterfaceGuid written with braces, as Get-NetAdapter prints it (the README example)', () => {
    expect(waived('{6A1D3C2B-*}')).toBe(true);
    expect(waived('{6A1D3C2B-5E4F-4A7B-9C8D-000000000001}')).toBe(true);
    expect(waived('{7A1D3C2B-*}')).toBe(false);
  });
});
