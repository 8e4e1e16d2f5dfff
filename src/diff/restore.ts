/**
 * The PowerShell that restores a desired value, for a person to review and run with -WhatIf first;
 * vmqlint never runs it. Phases follow FixCommand: 10 host registry, 20 processor sets,
 * 30 advanced properties, 40 teams, 50 switches, 60 vNICs.
 */
import type { Adapter, Host, RegType, Team, VNic, VSwitch } from '../model/host.js';
import { physicalUplinks } from '../model/queues.js';
import type { FixCommand } from '../engine/types.js';
import { newAdvancedProperty, retypeAdvancedProperty } from '../engine/advanced-fix.js';
import { quotePs } from '../engine/targets.js';

const ADAPTER_RESTART = 'adapter restart: link drops for a few seconds';

function psValue(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '$true' : '$false';
  if (typeof v === 'number') return String(v);
  return quotePs(v);
}

function capital(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Set an advanced property. A wrong registry type cannot be fixed in place: the value is removed
 * and created again with the type, which is also how a missing keyword is created.
 */
export function restoreAdvanced(a: Adapter, keyword: string, value: string, opts: { type?: RegType; actualType?: RegType; present: boolean }): FixCommand[] {
  const wrongType = opts.type !== undefined && opts.actualType !== undefined && opts.type !== opts.actualType;
  if (!opts.present) return [newAdvancedProperty(a.name, keyword, value, opts.type)];
  if (wrongType) return retypeAdvancedProperty(a.name, keyword, value, opts.type);
  return [{ command: `Set-NetAdapterAdvancedProperty -Name ${quotePs(a.name)} -RegistryKeyword ${quotePs(keyword)} -RegistryValue ${quotePs(value)}`, disruption: ADAPTER_RESTART, phase: 30 }];
}

/** Enable/Disable-NetAdapterVmq|Rss, or Set-NetAdapterVmq|Rss -Parameter value. */
export function restoreQueueSetting(a: Adapter, which: 'vmq' | 'rss', setting: string, value: string | number | boolean): FixCommand[] {
  const noun = which === 'vmq' ? 'NetAdapterVmq' : 'NetAdapterRss';
  const name = quotePs(a.name);
  if (setting === 'enabled') {
    return [{ command: `${value === true ? 'Enable' : 'Disable'}-${noun} -Name ${name}`, disruption: ADAPTER_RESTART, phase: 30 }];
  }
  return [{ command: `Set-${noun} -Name ${name} -${capital(setting)} ${psValue(value)}`, disruption: ADAPTER_RESTART, phase: 20 }];
}

/** Set-NetLbfoTeam for LBFO, Set-VMSwitchTeam for a SET team (named after its switch). */
export function restoreTeam(t: Team, setting: 'teamingMode' | 'loadBalancingAlgorithm', value: string): FixCommand[] {
  const cmdlet = t.kind === 'set' ? 'Set-VMSwitchTeam' : 'Set-NetLbfoTeam';
  return [
    {
      command: `${cmdlet} -Name ${quotePs(t.name)} -${capital(setting)} ${value}`,
      disruption: 'team reconfiguration: traffic on the team pauses briefly while members renegotiate',
      phase: 40,
    },
  ];
}

/**
 * Set-VMSwitch for settings it can change; IOV and embedded teaming are fixed when the switch is
 * created, so those need the switch removed and created again.
 */
export function restoreSwitch(host: Host, s: VSwitch, setting: string, value: boolean | number): FixCommand[] {
  const name = quotePs(s.name);
  if (setting === 'iovEnabled' || setting === 'embeddedTeaming') {
    const iov = setting === 'iovEnabled' ? value === true : s.iovEnabled === true;
    const set = setting === 'embeddedTeaming' ? value === true : s.embeddedTeaming === true;
    const nics = physicalUplinks(host, s).map((a) => quotePs(a.name));
    const uplinks = nics.length > 0 ? nics.join(',') : s.uplinks.map(quotePs).join(',');
    const disruption = 'vSwitch re-creation: every vNIC on it disconnects until reconnected with Connect-VMNetworkAdapter';
    return [
      { command: `Remove-VMSwitch -Name ${name} -Force`, disruption, phase: 50 },
      {
        command: `New-VMSwitch -Name ${name} -NetAdapterName ${uplinks} -EnableIov ${psValue(iov)} -EnableEmbeddedTeaming ${psValue(set)} -AllowManagementOS ${psValue(s.allowManagementOS ?? true)}`,
        disruption,
        phase: 50,
      },
    ];
  }
  return [{ command: `Set-VMSwitch -Name ${name} -${capital(setting)} ${psValue(value)}`, disruption: 'none', phase: 50 }];
}

/** Set-VMNetworkAdapter on a VM's vNIC or a host vNIC. */
export function restoreVnic(v: VNic, setting: string, value: boolean | number): FixCommand[] {
  const who = v.isManagementOs ? `-ManagementOS -Name ${quotePs(v.name)}` : `-VMName ${quotePs(v.vmName ?? '')} -Name ${quotePs(v.name)}`;
  return [{ command: `Set-VMNetworkAdapter ${who} -${capital(setting)} ${psValue(value)}`, disruption: 'none', phase: 60 }];
}

/** A VMSMP parameter: the vSwitch reads it, so plan a host restart before counting on it. */
export function restoreVmsmp(setting: 'tenGigVmqEnabled' | 'belowTenGigVmqEnabled', value: number): FixCommand[] {
  return [
    {
      command: `Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' -Name ${quotePs(capital(setting))} -Value ${value} -Type DWord`,
      disruption: 'read by the vSwitch when it starts: plan a host restart',
      phase: 10,
    },
  ];
}
