/**
 * The cmdlets whose Get-NetView views vmqlint reads, with the class each returns and the key
 * that says two views show the same object (the same adapter appears in a per-NIC folder and in
 * a root summary table).
 */

export interface CmdletInfo {
  /** CIM class (also given by the `CimClass` line of a `fl *` view, which wins). */
  className?: string;
  /** .NET type name for the Hyper-V and other non-CIM cmdlets. */
  typeName?: string;
  /** Properties whose values together name one object. */
  key: string[];
  /**
   * A view of one property of another cmdlet's object, written to its own file in the same
   * folder (Get-VMNetworkAdapterVlan next to Get-VMNetworkAdapter): the object becomes that
   * property's value, where `fl *` printed only its type name.
   */
  attach?: { to: string; property: string };
}

const CIM = (className: string, ...key: string[]): CmdletInfo => ({ className, key });
const NET = (typeName: string, ...key: string[]): CmdletInfo => ({ typeName, key });

const CMDLETS: Readonly<Record<string, CmdletInfo>> = {
  'get-netadapter': CIM('MSFT_NetAdapter', 'Name'),
  'get-netadapteradvancedproperty': CIM('MSFT_NetAdapterAdvancedPropertySettingData', 'Name', 'RegistryKeyword'),
  'get-netadaptervmq': CIM('MSFT_NetAdapterVmqSettingData', 'Name'),
  'get-netadaptervmqqueue': CIM('MSFT_NetAdapterVmqQueueSettingData', 'Name', 'QueueID'),
  'get-netadapterrss': CIM('MSFT_NetAdapterRssSettingData', 'Name'),
  'get-netadaptersriov': CIM('MSFT_NetAdapterSriovSettingData', 'Name'),
  'get-netadapterhardwareinfo': CIM('MSFT_NetAdapterHardwareInfoSettingData', 'Name'),
  'get-netlbfoteam': CIM('MSFT_NetLbfoTeam', 'Name'),
  'get-netlbfoteammember': CIM('MSFT_NetLbfoTeamMember', 'Name'),
  'get-netlbfoteamnic': CIM('MSFT_NetLbfoTeamNic', 'Name'),
  'get-vmswitch': NET('Microsoft.HyperV.PowerShell.VMSwitch', 'Id', 'Name'),
  'get-vmswitchteam': NET('Microsoft.HyperV.PowerShell.VMSwitchTeam', 'Id', 'Name'),
  'get-vmnetworkadapter': NET('Microsoft.HyperV.PowerShell.VMNetworkAdapter', 'VMName', 'Name', 'MacAddress', 'Id'),
  'get-vmnetworkadaptervlan': {
    typeName: 'Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting',
    key: ['ParentAdapter'],
    attach: { to: 'Microsoft.HyperV.PowerShell.VMNetworkAdapter', property: 'VlanSetting' },
  },
  'get-vm': NET('Microsoft.HyperV.PowerShell.VirtualMachine', 'VMId', 'Name'),
  'get-vmhostnumanode': NET('Microsoft.HyperV.PowerShell.VMHostNumaNode', 'NodeId'),
  'get-computerinfo': NET('Microsoft.PowerShell.Commands.ComputerInfo', 'CsName'),
};

/** CIM classes read through `Get-CimInstance "<class>"` (Environment.txt). */
const CIM_CLASSES: Readonly<Record<string, CmdletInfo>> = {
  win32_processor: CIM('Win32_Processor', 'DeviceID'),
  win32_operatingsystem: CIM('Win32_OperatingSystem', 'CSName'),
};

/** What vmqlint knows about a command, or undefined when it does not read its output. */
export function cmdletInfo(command: string): CmdletInfo | undefined {
  const first = command.split('|')[0].trim();
  const cim = /^Get-CimInstance\s+(?:-ClassName\s+)?["']?([A-Za-z0-9_]+)["']?/i.exec(first);
  if (cim) return CIM_CLASSES[cim[1].toLowerCase()];
  const m = /^(?:\$\()?([A-Za-z]+-[A-Za-z0-9]+)\b/.exec(first);
  return m ? CMDLETS[m[1].toLowerCase()] : undefined;
}
