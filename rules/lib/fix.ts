/**
 * PowerShell fix commands shared by the rules, with their safe-order phase and what they disrupt.
 * Names are always quoted with quotePs; vmqlint never runs these commands.
 */
import type { Adapter, Host, VNic, VSwitch } from '../../src/model/host.js';
import type { FixCommand, FixEffect } from '../../src/engine/types.js';
import { quotePs } from '../../src/engine/targets.js';
import { advanced } from './keywords.js';
import { vnicsOf } from './topology.js';

export const ADAPTER_RESTART = 'adapter restart: link drops for a few seconds';
export const SWITCH_RECREATION = 'vSwitch re-creation: every vNIC on the switch disconnects until it is reconnected';
export const VNIC_CHANGE = 'none: the vNIC keeps its link; its queue is released or requested';
export const HOST_REBOOT = 'host restart (or vSwitch restart) before VMSMP reads the value';

/** Phases of FixCommand (src/engine/types.ts). */
export const PHASE = { registry: 10, processors: 20, advanced: 30, teams: 40, switches: 50, vnics: 60 } as const;

/** A value for -RegistryValue: a plain number as is, anything else quoted. */
export function psValue(v: string | number): string {
  const s = String(v);
  return /^-?\d+$/.test(s) ? s : quotePs(s);
}

/**
 * Set-NetAdapterAdvancedProperty for one keyword. Two findings that set the same keyword merge
 * into one command; `subject` names what the caller changes as a whole (default: this keyword).
 */
export function setAdvanced(a: Adapter, keyword: string, value: string | number, subject?: string): FixCommand {
  const head = `Set-NetAdapterAdvancedProperty -Name ${quotePs(a.name)} -RegistryKeyword ${quotePs(keyword)}`;
  return {
    command: `${head} -RegistryValue ${psValue(value)}`,
    disruption: ADAPTER_RESTART,
    phase: PHASE.advanced,
    merge: { head, parameters: [['-RegistryValue', psValue(value)]], subject: subject ?? head },
    effect: { kind: 'advanced', adapter: a.name, keyword, value: String(value) },
  };
}

/** Set-VMNetworkAdapter -VmqWeight for a VM's or the management OS's vNIC. */
export function setVmqWeight(v: VNic, weight: number): FixCommand {
  const who = v.isManagementOs ? `-ManagementOS -Name ${quotePs(v.name)}` : `-VMName ${quotePs(v.vmName ?? '')} -Name ${quotePs(v.name)}`;
  return {
    command: `Set-VMNetworkAdapter ${who} -VmqWeight ${weight}`,
    disruption: VNIC_CHANGE,
    phase: PHASE.vnics,
    effect: { kind: 'vmq-weight', vnic: v.id, value: weight },
  };
}

/** Set a VMSMP parameter ([D1] in docs/references.md; REG_DWORD assumed, UNCONFIRMED). */
export function setVmsmp(name: 'TenGigVmqEnabled' | 'BelowTenGigVmqEnabled', value: number): FixCommand {
  return {
    command: `Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' -Name ${quotePs(name)} -Value ${value} -Type DWord`,
    disruption: HOST_REBOOT,
    phase: PHASE.registry,
    effect: { kind: 'vmsmp', name: name === 'TenGigVmqEnabled' ? 'tenGigVmqEnabled' : 'belowTenGigVmqEnabled', value },
  };
}

/**
 * Remove-VMSwitch ahead of re-creating the switch. When the management OS reaches the network
 * through it, the command carries a warning: a remote session (RDP, WinRM) drops here, before
 * New-VMSwitch runs, and the host vNICs lose their IP settings.
 */
export function removeSwitch(host: Host, sw: VSwitch): FixCommand {
  const cmd: FixCommand = {
    command: `Remove-VMSwitch -Name ${quotePs(sw.name)} -Force`,
    disruption: SWITCH_RECREATION,
    phase: PHASE.switches,
    effect: { kind: 'switch-remove', switch: sw.id },
  };
  const hostNics = vnicsOf(host, sw).filter((v) => v.isManagementOs);
  if (sw.allowManagementOS !== true && hostNics.length === 0) return cmd;
  const names = hostNics.length > 0 ? hostNics.map((v) => quotePs(v.name)).join(', ') : quotePs(sw.name);
  return {
    ...cmd,
    warning: `'${sw.name}' carries the management OS (host vNIC ${names}): a remote session drops here, before the switch is re-created. Run this from the console or out-of-band (iLO/iDRAC/BMC) and re-apply the host vNICs' IP settings afterwards.`,
  };
}

/** Connect-VMNetworkAdapter for every VM vNIC of a switch being re-created (Remove-VMSwitch leaves them disconnected). */
export function reconnectVms(host: Host, sw: VSwitch): FixCommand[] {
  return vnicsOf(host, sw)
    .filter((v) => !v.isManagementOs && v.vmName !== undefined)
    .map((v) => ({
      command: `Connect-VMNetworkAdapter -VMName ${quotePs(v.vmName ?? '')} -Name ${quotePs(v.name)} -SwitchName ${quotePs(sw.name)}`,
      disruption: 'none: the vNIC gets its link back on the re-created switch',
      phase: PHASE.vnics,
      effect: { kind: 'vnic-connect', vnic: v.id, switch: sw.id },
    }));
}

/**
 * Commands to re-create a vSwitch on these NICs with IOV on (New-VMSwitch -EnableIov $true: IOV can
 * only be chosen when a switch is created).
 */
export function recreateSwitchWithIov(host: Host, sw: VSwitch, uplinkNames: string[]): FixCommand[] {
  const extra = '-EnableIov $true';
  const mgmt = sw.allowManagementOS === undefined ? '' : ` -AllowManagementOS $${sw.allowManagementOS}`;
  const team = uplinkNames.length > 1 ? ' -EnableEmbeddedTeaming $true' : '';
  return [
    removeSwitch(host, sw),
    {
      command: `New-VMSwitch -Name ${quotePs(sw.name)} -NetAdapterName ${uplinkNames.map(quotePs).join(',')}${team}${mgmt}${extra ? ' ' + extra : ''}`,
      disruption: SWITCH_RECREATION,
      phase: PHASE.switches,
      effect: createSwitchEffect(sw, uplinkNames, { iovEnabled: true }),
    },
    ...reconnectVms(host, sw),
  ];
}

/** The effect of New-VMSwitch re-creating `sw` on these NICs (a SET switch when there are several). */
export function createSwitchEffect(sw: VSwitch, uplinkNames: string[], extra: { iovEnabled?: boolean; embeddedTeaming?: boolean } = {}): FixEffect {
  return {
    kind: 'switch-create',
    switch: sw.id,
    name: sw.name,
    uplinks: uplinkNames,
    embeddedTeaming: extra.embeddedTeaming ?? uplinkNames.length > 1,
    ...(sw.allowManagementOS !== undefined ? { allowManagementOS: sw.allowManagementOS } : {}),
    ...(extra.iovEnabled !== undefined ? { iovEnabled: extra.iovEnabled } : sw.iovEnabled !== undefined ? { iovEnabled: sw.iovEnabled } : {}),
  };
}

/** Remediation text: a sentence, then the commands in run order. */
export function remediation(text: string, fixes: readonly FixCommand[] = []): string {
  const ordered = [...fixes].sort((a, b) => a.phase - b.phase);
  return ordered.length === 0 ? text : `${text}\n${ordered.map((f) => f.command).join('\n')}`;
}

/** Turn VMQ on: `*VMQ` 1 when the keyword turned it off, else Enable-NetAdapterVmq. */
export function enableVmq(a: Adapter): FixCommand {
  if (advanced(a, '*VMQ')?.value?.trim() === '0') return setAdvanced(a, '*VMQ', 1);
  return {
    command: `Enable-NetAdapterVmq -Name ${quotePs(a.name)}`,
    disruption: ADAPTER_RESTART,
    phase: PHASE.advanced,
    effect: { kind: 'offload', adapter: a.name, feature: 'vmq', enabled: true },
  };
}

/** Turn VMQ off on a NIC. */
export function disableVmq(a: Adapter): FixCommand {
  return {
    command: `Disable-NetAdapterVmq -Name ${quotePs(a.name)}`,
    disruption: ADAPTER_RESTART,
    phase: PHASE.advanced,
    vmq: { adapter: a.name, change: 'off' },
    effect: { kind: 'offload', adapter: a.name, feature: 'vmq', enabled: false },
  };
}
