/**
 * The files collect/Export-VmqlintSnapshot.ps1 writes for one host, and how each is made: the one
 * list the collector, its fixture (fixtures/collector), docs/exports.md and the tests agree on
 * (test/collect/collector.test.ts walks the script's syntax tree and fails on any difference).
 * The ingest recognises files by content; these names matter to the damaged-export check
 * (a cmdlet's file name that does not parse fails its host) and to people reading the folder.
 */

/** One cmdlet export: `<command> <switches> | Export-Clixml <base>.xml` (and `<base>.json`). */
export interface CmdletExport {
  /** File name without extension: the cmdlet (or CIM class) name. */
  base: string;
  /** The command the collector runs. */
  command: string;
  /** Switches the model needs (without them the export lacks data vmqlint checks). */
  switches: string[];
  /** The class argument (`Get-CimInstance -ClassName Win32_Processor`). */
  className?: string;
  /** Left out quietly when the host lacks the module (LBFO on Server 2025, Hyper-V off). */
  optional: boolean;
}

/** One `reg export` of a key vmqlint reads. */
export interface RegistryExport {
  file: string;
  key: string;
}

/** Every cmdlet the collector runs, in its order. */
export const CMDLET_EXPORTS: readonly CmdletExport[] = [
  { base: 'Get-NetAdapter', command: 'Get-NetAdapter', switches: ['-IncludeHidden'], optional: false },
  { base: 'Get-NetAdapterAdvancedProperty', command: 'Get-NetAdapterAdvancedProperty', switches: ['-AllProperties', '-IncludeHidden'], optional: false },
  { base: 'Get-NetAdapterVmq', command: 'Get-NetAdapterVmq', switches: [], optional: false },
  { base: 'Get-NetAdapterVmqQueue', command: 'Get-NetAdapterVmqQueue', switches: [], optional: false },
  { base: 'Get-NetAdapterRss', command: 'Get-NetAdapterRss', switches: [], optional: false },
  { base: 'Get-NetAdapterSriov', command: 'Get-NetAdapterSriov', switches: [], optional: false },
  { base: 'Get-NetAdapterHardwareInfo', command: 'Get-NetAdapterHardwareInfo', switches: [], optional: false },
  { base: 'Get-NetLbfoTeam', command: 'Get-NetLbfoTeam', switches: [], optional: true },
  { base: 'Get-NetLbfoTeamMember', command: 'Get-NetLbfoTeamMember', switches: [], optional: true },
  { base: 'Get-NetLbfoTeamNic', command: 'Get-NetLbfoTeamNic', switches: [], optional: true },
  { base: 'Get-VMSwitch', command: 'Get-VMSwitch', switches: [], optional: true },
  { base: 'Get-VMSwitchTeam', command: 'Get-VMSwitchTeam', switches: [], optional: true },
  { base: 'Get-VMNetworkAdapter', command: 'Get-VMNetworkAdapter', switches: ['-All'], optional: true },
  { base: 'Get-VM', command: 'Get-VM', switches: [], optional: true },
  { base: 'Get-VMHostNumaNode', command: 'Get-VMHostNumaNode', switches: [], optional: true },
  { base: 'Get-ComputerInfo', command: 'Get-ComputerInfo', switches: [], optional: false },
  { base: 'Win32_Processor', command: 'Get-CimInstance', switches: [], className: 'Win32_Processor', optional: false },
  { base: 'Win32_OperatingSystem', command: 'Get-CimInstance', switches: [], className: 'Win32_OperatingSystem', optional: false },
];

/** The two registry keys, exported with `reg export` (UTF-16LE with a BOM). */
export const REGISTRY_EXPORTS: readonly RegistryExport[] = [
  { file: 'nic-class.reg', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}' },
  { file: 'vmsmp.reg', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' },
];

/** ConvertTo-Json -Depth the collector uses: 4 keeps RSS processor arrays and VLAN settings whole. */
export const COLLECTOR_JSON_DEPTH = 4;

/** Every file name the collector writes into a host folder (CLIXML and `.reg`), sorted. */
export function collectorFileNames(): string[] {
  return [...CMDLET_EXPORTS.map((c) => `${c.base}.xml`), ...REGISTRY_EXPORTS.map((r) => r.file)].sort();
}

/** Every file name the collector writes into a host folder of the `-JsonPath` tree, sorted. */
export function collectorJsonFileNames(): string[] {
  return CMDLET_EXPORTS.map((c) => `${c.base}.json`).sort();
}
