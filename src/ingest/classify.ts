/**
 * Which cmdlet an object came from: by CIM class or .NET type name first, then by its property
 * set when the export lost the type (JSON without CimClass, CSV without #TYPE).
 */
import type { ObjectRecord } from '../model/records.js';

export type RecordKind =
  | 'NetAdapter'
  | 'NetAdapterHardwareInfo'
  | 'NetAdapterAdvancedProperty'
  | 'NetAdapterVmq'
  | 'NetAdapterVmqQueue'
  | 'NetAdapterRss'
  | 'NetAdapterSriov'
  | 'NetLbfoTeam'
  | 'NetLbfoTeamMember'
  | 'NetLbfoTeamNic'
  | 'VMSwitch'
  | 'VMSwitchTeam'
  | 'VMNetworkAdapter'
  | 'VMHostNumaNode'
  | 'VM'
  | 'ComputerInfo'
  | 'Win32_Processor'
  | 'Win32_OperatingSystem';

const BY_CLASS: Readonly<Record<string, RecordKind>> = {
  msft_netadapter: 'NetAdapter',
  msft_netadapterhardwareinfosettingdata: 'NetAdapterHardwareInfo',
  msft_netadapteradvancedpropertysettingdata: 'NetAdapterAdvancedProperty',
  msft_netadaptervmqsettingdata: 'NetAdapterVmq',
  msft_netadaptervmqqueuesettingdata: 'NetAdapterVmqQueue',
  msft_netadapterrsssettingdata: 'NetAdapterRss',
  msft_netadaptersriovsettingdata: 'NetAdapterSriov',
  msft_netlbfoteam: 'NetLbfoTeam',
  msft_netlbfoteammember: 'NetLbfoTeamMember',
  msft_netlbfoteamnic: 'NetLbfoTeamNic',
  'microsoft.hyperv.powershell.vmswitch': 'VMSwitch',
  'microsoft.hyperv.powershell.vmswitchteam': 'VMSwitchTeam',
  'microsoft.hyperv.powershell.vmnetworkadapter': 'VMNetworkAdapter',
  'microsoft.hyperv.powershell.vminternalnetworkadapter': 'VMNetworkAdapter',
  'microsoft.hyperv.powershell.vmhostnumanode': 'VMHostNumaNode',
  'microsoft.hyperv.powershell.virtualmachine': 'VM',
  'microsoft.powershell.commands.computerinfo': 'ComputerInfo',
  win32_processor: 'Win32_Processor',
  win32_operatingsystem: 'Win32_OperatingSystem',
};

/** Class name of a type name: `...CimInstance#ROOT/cimv2/Win32_Processor` -> win32_processor. */
function classKey(typeName: string): string {
  let t = typeName.trim().replace(/^Deserialized\./, '').replace(/^Selected\./, '');
  const hash = t.lastIndexOf('#');
  if (hash >= 0) t = t.slice(hash + 1);
  const slash = t.lastIndexOf('/');
  if (slash >= 0) t = t.slice(slash + 1);
  const colon = t.lastIndexOf(':');
  if (colon >= 0) t = t.slice(colon + 1);
  return t.toLowerCase();
}

/** The cmdlet kind of a record, or undefined when neither its type nor its properties tell. */
export function classifyRecord(rec: ObjectRecord): RecordKind | undefined {
  if (rec.className) {
    const k = BY_CLASS[rec.className.toLowerCase()];
    if (k) return k;
  }
  for (const t of rec.typeNames) {
    const k = BY_CLASS[classKey(t)];
    if (k) return k;
  }
  return byShape(rec.fields);
}

function byShape(f: ObjectRecord['fields']): RecordKind | undefined {
  const has = (...names: string[]) => names.every((n) => n.toLowerCase() in f);
  if (has('RegistryKeyword')) return 'NetAdapterAdvancedProperty';
  if (has('QueueID')) return 'NetAdapterVmqQueue';
  if (has('BaseProcessorNumber') || has('MaxProcessors')) {
    if (has('Profile') || has('RssProcessorArray') || has('IndirectionTable') || has('MaxProcessorGroup')) return 'NetAdapterRss';
    return 'NetAdapterVmq';
  }
  if (has('SriovSupport') || (has('NumVFs') && has('Name'))) return 'NetAdapterSriov';
  if (has('TeamingMode') && has('Members')) return 'NetLbfoTeam';
  if (has('TeamingMode') && has('LoadBalancingAlgorithm')) return 'VMSwitchTeam';
  if (has('AdministrativeMode') && has('Team')) return 'NetLbfoTeamMember';
  if (has('Team') && has('Name')) return 'NetLbfoTeamNic';
  if (has('SwitchType') || has('EmbeddedTeamingEnabled')) return 'VMSwitch';
  // Get-VM: a VM's State with its vCPUs or generation (no other cmdlet read here has both).
  if (has('State') && (has('ProcessorCount') || has('Generation')) && (has('VMId') || has('Id') || has('Name'))) return 'VM';
  if (has('VmqWeight') || has('IsManagementOs')) return 'VMNetworkAdapter';
  if (has('NodeId') && has('ProcessorsAvailability')) return 'VMHostNumaNode';
  if (has('CsName') || has('OsBuildNumber') || has('WindowsProductName')) return 'ComputerInfo';
  if (has('NumberOfCores', 'NumberOfLogicalProcessors')) return 'Win32_Processor';
  if (has('Caption', 'BuildNumber')) return 'Win32_OperatingSystem';
  if (has('Bus', 'Device', 'Function')) return 'NetAdapterHardwareInfo';
  if (has('Name') && (has('InterfaceGuid') || has('LinkSpeed') || has('DriverProvider') || has('MacAddress'))) return 'NetAdapter';
  return undefined;
}
