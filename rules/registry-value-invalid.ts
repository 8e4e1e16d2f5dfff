/**
 * A configured keyword value outside its enum, min/max or ValidRegistryValues: NDIS does not
 * validate, and the driver silently falls back to a default ([D25] in docs/references.md).
 */
import type { Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setAdvanced } from './lib/fix.js';
import { STANDARD_KEYWORDS, valueProblem } from './lib/keywords.js';
import { locate } from './lib/locations.js';
import { byName, ordinal } from './lib/topology.js';

function example(value: string): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .advanced(X710[0].name, '*JumboPacket', value, {
      DisplayName: 'Jumbo Packet',
      DisplayValue: value,
      DisplayParameterType: 5,
      ValidRegistryValues: ['1514', '4088', '9014'],
      ValidDisplayValues: ['Disabled', '4088 Bytes', '9014 Bytes'],
      DefaultRegistryValue: '1514',
    })
    .files();
}

export const rule: Rule = {
  meta: {
    id: 'registry-value-invalid',
    title: 'Keyword value outside its allowed values',
    category: 'registry',
    defaultSeverity: 'error',
    docs: {
      what:
        "Flags an advanced property whose configured value is not one of the keyword's enum values (Ndi\\Params enum or ValidRegistryValues), lies outside its NumericParameterMinValue/MaxValue (Ndi Min/Max), or is not a number for a numeric keyword. When the export has no metadata for a standardized keyword, its documented values (https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-network-devices) are used (e.g. *VMQ 0/1, *RssBaseProcNumber 0-63, *JumboPacket >= 1514). Values taken from the Ndi default are not judged.",
      why:
        'NDIS "does not validate values"; the driver must, and it falls back to its default when a value is out of range. The setting the export shows is then not the one in effect, silently: a *VMQ of 2 may mean VMQ is off, a *JumboPacket of 9000 on a driver that lists 9014 may mean 1514.',
      severity:
        'Error: NDIS does not validate the value and the driver silently falls back to a default, so Windows does not run what was configured.',
      example: { description: '*JumboPacket 9000 on a driver whose ValidRegistryValues are 1514, 4088 and 9014.', files: example('9000') },
      fixed: { description: '*JumboPacket 9014, one of the listed values.', files: example('9014') },
      fix: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*JumboPacket' -RegistryValue 9014",
      references: ['NDIS does not validate; the driver falls back to a default [D25]', 'Advanced-property metadata and enum values in the registry [D8][D6]', '[D1][D2][D4][D6][D7][D9]', 'ValidRegistryValues, NumericParameter* [W1]'],
      assumptions: ['The fix sets the driver default (DefaultRegistryValue / Ndi Default) when the export gives one; otherwise it only names the allowed values.'],
    },
  },
  check({ host }) {
    let checkable = 0;
    const out: RuleReport[] = [];
    for (const a of byName(host.adapters)) {
      for (const key of Object.keys(a.advanced).sort(ordinal)) {
        const p = a.advanced[key];
        const m = p.meta;
        if ((m && ((m.validValues?.length ?? 0) > 0 || m.min !== undefined || m.max !== undefined || m.paramType !== undefined)) || STANDARD_KEYWORDS[key]) checkable++;
        const problem = valueProblem(p);
        if (!problem) continue;
        const fix = problem.defaultValue !== undefined ? [setAdvanced(a, p.keyword, problem.defaultValue)] : [];
        const why =
          problem.kind === 'enum'
            ? `is not one of its values (${problem.allowed})`
            : problem.kind === 'range'
              ? `is outside its range ${problem.allowed}`
              : `is not a number (expected ${problem.allowed})`;
        const from = problem.source === 'driver' ? "the driver's metadata" : "the standardized keyword's documented values";
        out.push({
          target: adapterTarget(a),
          property: p.keyword,
          message: `${a.name}: ${p.keyword} = ${p.value} ${why} per ${from}; the driver silently uses a default instead`,
          evidence: { keyword: p.keyword, value: p.value, problem: problem.kind, allowed: problem.allowed, source: problem.source, defaultValue: problem.defaultValue ?? null },
          remediation: remediation(
            fix.length > 0
              ? `Set ${p.keyword} of '${a.name}' to an allowed value (below: the driver default ${problem.defaultValue}; allowed: ${problem.allowed}):`
              : `Set ${p.keyword} of '${a.name}' to an allowed value (${problem.allowed}) with Set-NetAdapterAdvancedProperty.`,
            fix,
          ),
          fix,
          locations: locate(host, [p.at, m?.at], [a.at]),
        });
      }
    }
    if (checkable === 0) return { notApplicable: 'no advanced property with known allowed values (Get-NetAdapterAdvancedProperty or Ndi\\Params)' };
    return out;
  },
};
