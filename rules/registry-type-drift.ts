/**
 * An advanced keyword stored with a registry type other than REG_SZ, in a registry dump or as
 * RegistryDataType in a cmdlet export ([W1][D6][D8][D23] in docs/references.md).
 */
import type { Adapter, AdvancedProperty, RegType } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { retypeAdvancedProperty } from '../src/engine/advanced-fix.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { psValue, remediation } from './lib/fix.js';
import { isAdvancedKeyword } from './lib/keywords.js';
import { locate } from './lib/locations.js';
import { byName, ordinal } from './lib/topology.js';

function example(dataType: number): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .advanced(X710[0].name, '*VMQ', '1', {
      RegistryDataType: dataType,
      DisplayName: 'Virtual Machine Queues',
      DisplayValue: 'Enabled',
      DisplayParameterType: 5,
      ValidRegistryValues: ['0', '1'],
      DefaultRegistryValue: '1',
    })
    .files();
}

// typesOf and notRegSz run for every keyword of every NIC: loops rather than arrow callbacks, whose
// optimized code V8 drops at each major GC (a new closure per call) and compiles again.

/** Every type a keyword was seen with, by source. */
function typesOf(p: AdvancedProperty): { source: string; type: RegType }[] {
  const out: { source: string; type: RegType }[] = [];
  for (const o of p.observed) if (o.type !== undefined) out.push({ source: o.source === 'registry' ? 'registry' : 'Get-NetAdapterAdvancedProperty', type: o.type });
  if (out.length === 0 && p.type !== undefined) out.push({ source: 'model', type: p.type });
  return out;
}

/** The types that are not REG_SZ. */
function notRegSz(types: readonly { source: string; type: RegType }[]): { source: string; type: RegType }[] {
  const drift: { source: string; type: RegType }[] = [];
  for (const t of types) if (t.type !== 'REG_SZ') drift.push(t);
  return drift;
}

function fixFor(a: Adapter, p: AdvancedProperty): FixCommand[] {
  const value = p.value ?? p.meta?.defaultValue;
  if (value === undefined || value === null) return [];
  return retypeAdvancedProperty(a.name, p.keyword, value);
}

export const rule: Rule = {
  meta: {
    id: 'registry-type-drift',
    title: 'Advanced keyword not stored as REG_SZ',
    category: 'registry',
    defaultSeverity: 'warning',
    docs: {
      what:
        'Flags an advanced keyword (one with an Ndi\\Params entry or a display name, or a standardized UI keyword, https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-network-devices) whose value is stored with a registry type other than REG_SZ, in a registry dump or as RegistryDataType in a Get-NetAdapterAdvancedProperty export. Reserved values that are not keywords (*IfType, *MediaType, *PhysicalMediaType, DriverDesc, ...) and the REG_DWORD-by-design NicSwitches values are never flagged.',
      why:
        'Every parameter shown in the Advanced page is stored as REG_SZ, numeric ones included, and the UI and cmdlets expect that. A REG_DWORD usually comes from a script or a .reg import; whether the driver reads it correctly depends on the vendor, and a later driver update or a UI change may rewrite or ignore it.',
      severity:
        'Warning: the Advanced page expects REG_SZ and whether a driver reads another type correctly depends on the vendor, so a wrong setting in effect is likely but not certain.',
      example: { description: 'Get-NetAdapterAdvancedProperty reports *VMQ with RegistryDataType 4 (REG_DWORD).', files: example(4) },
      fixed: { description: 'The same keyword stored as REG_SZ (RegistryDataType 1).', files: example(1) },
      fix: "Remove-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -AllProperties\nNew-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -RegistryValue '1' -RegistryDataType REG_SZ",
      references: ['UI values are REG_SZ [P1][W1]', 'Reserved advanced-property names [D8]', '[W1][D6][D8][D23][D4]', 'RegistryDataType [W1]'],
      assumptions: [
        'Whether a driver reads a REG_DWORD in place of REG_SZ correctly is UNCONFIRMED and vendor-dependent (NDIS ignores the requested type and leaves validation to the driver: https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisreadconfiguration); the finding is about drift from what the UI writes.',
        'The fix removes the keyword and creates it again with New-NetAdapterAdvancedProperty -RegistryDataType REG_SZ, the same commands drift proposes; that Set-NetAdapterAdvancedProperty would keep an existing REG_DWORD is why it is not used (UNCONFIRMED either way: no Microsoft page states it).',
        'The hidden *SriovPreferred and *RssOrVmqPreference are not UI keywords, so their type is not judged.',
      ],
    },
  },
  check({ host }) {
    const out: RuleReport[] = [];
    let typed = 0;
    for (const a of byName(host.adapters)) {
      for (const key of Object.keys(a.advanced).sort(ordinal)) {
        const p = a.advanced[key];
        const types = typesOf(p);
        if (types.length === 0) continue;
        typed++;
        if (!isAdvancedKeyword(p)) continue;
        const drift = notRegSz(types);
        if (drift.length === 0) continue;
        const fix = fixFor(a, p);
        const seen = drift.map((d) => `${d.type} in ${d.source === 'registry' ? 'the registry dump' : d.source === 'model' ? 'the model' : 'Get-NetAdapterAdvancedProperty'}`).join(', ');
        const driftAt = p.observed.filter((o) => o.type !== undefined && o.type !== 'REG_SZ').map((o) => o.at);
        out.push({
          target: adapterTarget(a),
          property: p.keyword,
          message: `${a.name}: advanced keyword ${p.keyword} (value ${p.value ?? 'unset'}) is stored as ${seen}, not REG_SZ`,
          evidence: { keyword: p.keyword, value: p.value, expected: 'REG_SZ', observed: types, registryKey: a.registryKey ?? null },
          remediation: remediation(`Store ${p.keyword} of '${a.name}' as a string (REG_SZ), as the Advanced page does; the value ${p.value === null ? '' : psValue(p.value) + ' '}stays the same:`, fix),
          fix,
          locations: locate(host, [...driftAt, p.at], [a.at]),
        });
      }
    }
    if (typed === 0) return { notApplicable: 'no registry value types exported (a registry dump, or Get-NetAdapterAdvancedProperty RegistryDataType)' };
    return out;
  },
};
