/**
 * The one way vmqlint rewrites an advanced keyword's registry type, shared by lint
 * (registry-type-drift) and drift (desired state), so both propose the same commands. A value
 * cannot be retyped in place: it is removed and created again with -RegistryDataType, through the
 * NetAdapter cmdlets rather than the class key, so no registry path is needed and the driver sees
 * the change on the adapter restart the cmdlets do.
 */
import type { RegType } from '../model/host.js';
import { quotePs } from './targets.js';
import type { FixCommand } from './types.js';

const ADAPTER_RESTART = 'adapter restart: link drops for a few seconds';
const ADVANCED_PHASE = 30;

/** New-NetAdapterAdvancedProperty: create a keyword with a value and registry type (REG_SZ, as the UI writes). */
export function newAdvancedProperty(adapter: string, keyword: string, value: string, type: RegType = 'REG_SZ'): FixCommand {
  return {
    command: `New-NetAdapterAdvancedProperty -Name ${quotePs(adapter)} -RegistryKeyword ${quotePs(keyword)} -RegistryValue ${quotePs(value)} -RegistryDataType ${type}`,
    disruption: ADAPTER_RESTART,
    phase: ADVANCED_PHASE,
    effect: { kind: 'advanced', adapter, keyword, value, type },
  };
}

/** Remove the keyword and create it again with the given type (default REG_SZ). */
export function retypeAdvancedProperty(adapter: string, keyword: string, value: string, type: RegType = 'REG_SZ'): FixCommand[] {
  return [
    {
      command: `Remove-NetAdapterAdvancedProperty -Name ${quotePs(adapter)} -RegistryKeyword ${quotePs(keyword)} -AllProperties`,
      disruption: ADAPTER_RESTART,
      phase: ADVANCED_PHASE,
      effect: { kind: 'advanced', adapter, keyword, value: null },
    },
    newAdvancedProperty(adapter, keyword, value, type),
  ];
}
