/**
 * Which cmdlet an object came from. The type name is authoritative: a record that names its class
 * (CIM class, WMI ManagementObject class, .NET type) is what that class says, and a class vmqlint
 * does not map is not understood, never guessed from its properties (a Win32_NetworkAdapter has a
 * Name and a MACAddress, and is not Get-NetAdapter). Only when the export lost the type (JSON
 * without CimClass, CSV without #TYPE, Select-Object output) is the property set asked.
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
  | 'Win32_OperatingSystem'
  | 'Win32_NetworkAdapter';

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
  win32_networkadapter: 'Win32_NetworkAdapter',
};

/**
 * Type names that say nothing about the class: what Select-Object, ConvertTo-Json/CSV round trips
 * and hashtables leave (`Selected.System.Management.ManagementObject`, `PSCustomObject`), and the
 * bare CIM/WMI base types that every instance also lists after its own class.
 */
const GENERIC = new Set([
  'system.object',
  'system.management.automation.pscustomobject',
  'system.management.automation.psobject',
  'system.collections.hashtable',
  'system.collections.specialized.ordereddictionary',
  'microsoft.management.infrastructure.ciminstance',
  'system.management.managementobject',
  'system.management.managementbaseobject',
  'system.componentmodel.component',
  'system.marshalbyrefobject',
  'system.valuetype',
]);

/**
 * Class name of a type name: `...CimInstance#ROOT/cimv2/Win32_Processor` and
 * `System.Management.ManagementObject#root\cimv2\Win32_Processor` -> win32_processor.
 */
function classKey(typeName: string): string {
  let t = typeName.trim().replace(/^Deserialized\./, '');
  const hash = t.lastIndexOf('#');
  if (hash >= 0) t = t.slice(hash + 1);
  const sep = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'), t.lastIndexOf(':'));
  if (sep >= 0) t = t.slice(sep + 1);
  return t.toLowerCase();
}

/**
 * The class a record names, lower-cased, or undefined when its type was lost. A `Selected.` type
 * (Select-Object output) keeps only some properties of its class: its class is still known, so a
 * selection of a mapped class is read as that class and one of another class is not guessed.
 */
export function namedClass(rec: Pick<ObjectRecord, 'className' | 'typeNames'>): string | undefined {
  if (rec.className) return classKey(rec.className);
  for (const t of rec.typeNames) {
    const bare = t.trim().replace(/^Deserialized\./, '').replace(/^Selected\./, '');
    if (GENERIC.has(bare.toLowerCase())) continue;
    const key = classKey(bare);
    if (key && !GENERIC.has(key)) return key;
  }
  return undefined;
}

/** The kind a class name maps to (lower-cased key as namedClass gives it), if vmqlint maps it. */
export function kindOfClass(key: string): RecordKind | undefined {
  return Object.prototype.hasOwnProperty.call(BY_CLASS, key) ? BY_CLASS[key] : undefined;
}

/**
 * The cmdlet kind of a record, or undefined when its class is one vmqlint does not map, or when
 * the type was lost and its properties do not tell either.
 */
export function classifyRecord(rec: ObjectRecord): RecordKind | undefined {
  const cls = namedClass(rec) ?? wmiClassField(rec);
  if (cls !== undefined) return kindOfClass(cls);
  return byShape(rec.fields);
}

/** `__CLASS`, which Get-WmiObject objects keep through ConvertTo-Json and Export-Csv. */
function wmiClassField(rec: ObjectRecord): string | undefined {
  const v = rec.fields['__class']?.value;
  return typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined;
}

/**
 * True when the fields hold every one of the names (any case). Module-level, not a closure made
 * per record: V8 drops a per-call closure's optimized code at a major GC and compiles it again.
 */
function has(f: ObjectRecord['fields'], ...names: string[]): boolean {
  for (const n of names) if (!(n.toLowerCase() in f)) return false;
  return true;
}

function byShape(f: ObjectRecord['fields']): RecordKind | undefined {
  if (has(f, 'RegistryKeyword')) return 'NetAdapterAdvancedProperty';
  if (has(f, 'QueueID')) return 'NetAdapterVmqQueue';
  if (has(f, 'BaseProcessorNumber') || has(f, 'MaxProcessors')) {
    if (has(f, 'Profile') || has(f, 'RssProcessorArray') || has(f, 'IndirectionTable') || has(f, 'MaxProcessorGroup')) return 'NetAdapterRss';
    return 'NetAdapterVmq';
  }
  if (has(f, 'SriovSupport') || (has(f, 'NumVFs') && has(f, 'Name'))) return 'NetAdapterSriov';
  if (has(f, 'TeamingMode') && has(f, 'Members')) return 'NetLbfoTeam';
  if (has(f, 'TeamingMode') && has(f, 'LoadBalancingAlgorithm')) return 'VMSwitchTeam';
  if (has(f, 'AdministrativeMode') && has(f, 'Team')) return 'NetLbfoTeamMember';
  if (has(f, 'Team') && has(f, 'Name')) return 'NetLbfoTeamNic';
  if (has(f, 'SwitchType') || has(f, 'EmbeddedTeamingEnabled')) return 'VMSwitch';
  // Get-VM: a VM's State with its vCPUs or generation (no other cmdlet read here has both).
  if (has(f, 'State') && (has(f, 'ProcessorCount') || has(f, 'Generation')) && (has(f, 'VMId') || has(f, 'Id') || has(f, 'Name'))) return 'VM';
  if (has(f, 'VmqWeight') || has(f, 'IsManagementOs')) return 'VMNetworkAdapter';
  if (has(f, 'NodeId') && has(f, 'ProcessorsAvailability')) return 'VMHostNumaNode';
  // Win32_OperatingSystem and Get-HotFix (Win32_QuickFixEngineering) carry CSName too: only
  // Get-ComputerInfo's own Os*/Windows* properties, or CsName with another Cs* of its own, tell it.
  if (has(f, 'HotFixID')) return undefined;
  if (has(f, 'Caption', 'BuildNumber')) return 'Win32_OperatingSystem';
  if (has(f, 'OsBuildNumber') || has(f, 'WindowsProductName') || has(f, 'OsName') || has(f, 'WindowsVersion')) return 'ComputerInfo';
  if (has(f, 'CsName') && (has(f, 'CsModel') || has(f, 'CsManufacturer') || has(f, 'CsDomain') || has(f, 'CsProcessors') || has(f, 'CsNumberOfLogicalProcessors'))) return 'ComputerInfo';
  if (has(f, 'NumberOfCores', 'NumberOfLogicalProcessors')) return 'Win32_Processor';
  if (has(f, 'Bus', 'Device', 'Function')) return 'NetAdapterHardwareInfo';
  // Win32_NetworkAdapter has a Name and a MACAddress too: its NetConnectionID or GUID with
  // PhysicalAdapter tell it from Get-NetAdapter (whose Name is what NetConnectionID is here).
  if (has(f, 'NetConnectionID') || has(f, 'GUID', 'PhysicalAdapter') || has(f, 'AdapterTypeId')) return 'Win32_NetworkAdapter';
  if (has(f, 'Name') && (has(f, 'InterfaceGuid') || has(f, 'LinkSpeed') || has(f, 'DriverProvider') || has(f, 'MacAddress'))) return 'NetAdapter';
  return undefined;
}
