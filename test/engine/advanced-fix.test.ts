import { describe, expect, it } from 'vitest';
import { newAdvancedProperty, retypeAdvancedProperty } from '../../src/engine/advanced-fix.js';
import { restoreAdvanced } from '../../src/diff/restore.js';
import { makeAdapter } from './helpers.js';

describe('advanced-property retyping', () => {
  it('removes and re-creates a keyword as REG_SZ with the NetAdapter cmdlets, names quoted', () => {
    expect(retypeAdvancedProperty("NIC 'A'", '*VMQ', '1').map((c) => c.command)).toEqual([
      "Remove-NetAdapterAdvancedProperty -Name 'NIC ''A''' -RegistryKeyword '*VMQ' -AllProperties",
      "New-NetAdapterAdvancedProperty -Name 'NIC ''A''' -RegistryKeyword '*VMQ' -RegistryValue '1' -RegistryDataType REG_SZ",
    ]);
    expect(newAdvancedProperty('NIC1', 'NicSwitch', '8', 'REG_DWORD').command).toBe("New-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword 'NicSwitch' -RegistryValue '8' -RegistryDataType REG_DWORD");
  });

  it('proposes what drift proposes for a REG_DWORD that should be REG_SZ (one fix, lint and drift)', () => {
    const a = makeAdapter('NIC1', 'guid-1', true);
    expect(restoreAdvanced(a, '*VMQ', '1', { type: 'REG_SZ', actualType: 'REG_DWORD', present: true })).toEqual(retypeAdvancedProperty('NIC1', '*VMQ', '1'));
  });
});
