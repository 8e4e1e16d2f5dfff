/**
 * Enum maps for values PowerShell writes as numbers (5.1 JSON, CIM uint32) or names (CLIXML
 * ToString, 7 JSON with -EnumsAsStrings). One map per enum, used by every format (the classes'
 * pages in docs/references.md). Numbers marked ASSUMED are not in a source; names are always accepted as given.
 */
import type { RegType } from '../model/host.js';

export type EnumMap = Readonly<Record<number, string>>;

/** MSFT_NetLbfoTeam.TeamingMode. */
export const TEAMING_MODE: EnumMap = { 0: 'Static', 1: 'SwitchIndependent', 2: 'Lacp' };
/** MSFT_NetLbfoTeam.LoadBalancingAlgorithm; there is no 1. */
export const LOAD_BALANCING: EnumMap = { 0: 'TransportPorts', 2: 'IPAddresses', 3: 'MacAddresses', 4: 'HyperVPort', 5: 'Dynamic' };
/** MSFT_NetLbfoTeam.Status. */
export const TEAM_STATUS: EnumMap = { 0: 'Up', 1: 'Down', 2: 'Degraded' };
/** MSFT_NetLbfoTeamMember.AdministrativeMode. */
export const ADMIN_MODE: EnumMap = { 0: 'Active', 1: 'Standby' };
/** MSFT_NetLbfoTeamMember.OperationalMode (the list view's OperationalStatus; ASSUMED numbering). */
export const MEMBER_OPERATIONAL: EnumMap = { 0: 'Active', 1: 'Standby', 2: 'Failed' };
/** VMSwitch.SwitchType (as the terraform Hyper-V provider maps it). */
export const SWITCH_TYPE: EnumMap = { 0: 'Private', 1: 'Internal', 2: 'External' };
/** VMSwitch.BandwidthReservationMode. */
export const BANDWIDTH_MODE: EnumMap = { 0: 'Default', 1: 'Weight', 2: 'Absolute', 3: 'None' };
/**
 * VMSwitchTeam.TeamingMode / LoadBalancingAlgorithm (Microsoft.HyperV.PowerShell enums).
 * ASSUMED to share the LBFO numbering; SET supports only SwitchIndependent, HyperVPort, Dynamic.
 */
export const SET_TEAMING_MODE: EnumMap = TEAMING_MODE;
export const SET_LOAD_BALANCING: EnumMap = LOAD_BALANCING;
/** MSFT_NetAdapterRssSettingData.Profile. */
export const RSS_PROFILE: EnumMap = {
  1: 'ClosestProcessor',
  2: 'ClosestProcessorStatic',
  3: 'NUMAScaling',
  4: 'NUMAScalingStatic',
  5: 'ConservativeScaling',
  6: 'NdisRssProfileBalanced',
};
/** Short names the list view prints for the RSS profile (Format-List). */
const RSS_PROFILE_ALIASES: Readonly<Record<string, string>> = {
  closest: 'ClosestProcessor',
  closeststatic: 'ClosestProcessorStatic',
  numa: 'NUMAScaling',
  numastatic: 'NUMAScalingStatic',
  conservative: 'ConservativeScaling',
};
/** AdvancedProperty.DisplayParameterType. */
export const DISPLAY_PARAMETER_TYPE: EnumMap = { 1: 'int', 2: 'long', 3: 'word', 4: 'dword', 5: 'enum', 6: 'edit' };
/**
 * Microsoft.HyperV.PowerShell.VMState (Get-VM State), numbered as Msvm_ComputerSystem's states
 * (https://learn.microsoft.com/windows/win32/hyperv_v2/requeststatechange-msvm-computersystem).
 * Only the numbers every release shares: from 32781 on, 2012 R2 numbers the Critical states one
 * way and later releases (which added ForceShutdown, ForceReboot, Hibernated, ComponentServicing)
 * another, so those numbers are not decoded; names are always accepted as written.
 */
export const VM_STATE: EnumMap = {
  1: 'Other',
  2: 'Running',
  3: 'Off',
  4: 'Stopping',
  6: 'Saved',
  9: 'Paused',
  10: 'Starting',
  11: 'Reset',
  32773: 'Saving',
  32776: 'Pausing',
  32777: 'Resuming',
  32779: 'FastSaved',
  32780: 'FastSaving',
};
/** MSFT_NetAdapterVmqQueueSettingData.State. */
export const QUEUE_STATE: EnumMap = { 0: 'Undefined', 1: 'Running', 2: 'Paused', 3: 'DmaStopped' };

/** Win32 registry type codes ([W8] in docs/references.md). */
export const REG_TYPE_CODES: Readonly<Record<number, RegType>> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
};

/** Registry type for a numeric code (RegistryDataType, hex(N)). */
export function regTypeOf(code: number): RegType {
  return REG_TYPE_CODES[code] ?? (`REG_TYPE_0x${code.toString(16)}` as RegType);
}

/** Canonical name for an enum given as a number, a numeric string or a name. */
export function enumName(map: EnumMap, raw: number | string): string | undefined {
  if (typeof raw === 'number') return map[raw];
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^-?\d+$/.test(text)) return map[Number(text)];
  const lower = text.toLowerCase();
  for (const name of Object.values(map)) if (name.toLowerCase() === lower) return name;
  if (map === RSS_PROFILE && RSS_PROFILE_ALIASES[lower]) return RSS_PROFILE_ALIASES[lower];
  // A name the map does not know (a newer enum member): keep it as written rather than drop it.
  return text;
}
