/**
 * nested.ts judges each type name once (classOfTypeNames): for any list of type names, as
 * exports write them, it must name the same class as namedClass does for the whole list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namedClass } from '../../src/ingest/classify.js';
import { classOfTypeNames } from '../../src/ingest/nested.js';

const NAMES = [
  'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter',
  'Microsoft.Management.Infrastructure.CimInstance#MSFT_NetAdapterRssSettingData',
  'Microsoft.Management.Infrastructure.CimInstance',
  'Deserialized.Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetAdapterVmqSettingData',
  'Selected.Microsoft.Management.Infrastructure.CimInstance',
  'Selected.Microsoft.HyperV.PowerShell.VMSwitch',
  'System.Management.ManagementObject#root\\cimv2\\Win32_NetworkAdapter',
  'System.Management.Automation.PSCustomObject',
  'Deserialized.System.Object',
  'System.Object',
  ' System.Object ',
  'Msvm_Foo',
  'MSFT_NetAdapter_RssProcessor',
  'ROOT/StandardCimv2:MSFT_NetLbfoTeam',
  '',
  '#',
];

describe('classOfTypeNames', () => {
  it('names the class namedClass names, for any list of type names', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })), { maxLength: 5 }), (typeNames) => {
        expect(classOfTypeNames(typeNames)).toBe(namedClass({ typeNames }));
        // Asked again (now from the cache): the same.
        expect(classOfTypeNames(typeNames)).toBe(namedClass({ typeNames }));
      }),
      { numRuns: 2000 },
    );
  });
});
