/**
 * The normalized host model: the one shape every parser produces and every rule, diff and
 * simulation reads. Nothing here knows which file format a value came from, except through
 * provenance (`Loc`). Values are plain data so the model round-trips through JSON.
 */

/** Where a value was read: file (relative, `/`-separated), 1-based line, and a pointer. */
export interface Loc {
  file: string;
  /** 1-based line; 0 only when the format has no lines (never for text formats). */
  line: number;
  col?: number;
  /** Element path (CLIXML), JSON pointer (JSON), `row N/Column` (CSV) or registry key\value. */
  pointer?: string;
}

/** Map from a property path (e.g. `vmq.baseProcessorNumber`) to where it was read. */
export type LocMap = Record<string, Loc>;

/**
 * A value the export carried for a field but that is not valid for it (not an integer, out of
 * range, 1e400): the field is unknown, not absent. The field itself is left unset; readers that
 * need it (processor sets, rules) check `invalid` before taking a default, so a broken
 * BaseProcessorNumber is never read as 0. Also listed in `host.unknown` as a not-understood value.
 */
export interface InvalidValue {
  /** The value as exported, e.g. "1e400", "8.5", "18446744073709551617". */
  value: string;
  /** Why it is not valid, e.g. "not an integer". */
  reason: string;
  at: Loc;
}

/** Invalid exported values keyed by model field name, beside `at` in a settings object. */
export type InvalidMap = Record<string, InvalidValue>;

export type Release = '2008R2' | '2012' | '2012R2' | '2016' | '2019' | '2022' | '2025' | 'unknown';
export type ProductFamily = 'WindowsServer' | 'AzureStackHCI' | 'AzureLocal' | 'WindowsClient' | 'unknown';

export interface OsInfo {
  caption?: string;
  version?: string;
  build?: number;
  release: Release;
  family: ProductFamily;
}

export interface NumaNode {
  id: number;
  /** Global logical-processor indexes held by this node. */
  lps: number[];
}

export interface ProcessorGroup {
  group: number;
  /** Number of logical processors in the group. */
  size: number;
}

export interface ProcessorInfo {
  logical?: number;
  cores?: number;
  sockets?: number;
  /** True when logical > cores; undefined when neither is known. */
  hyperThreading?: boolean;
  numaNodes: NumaNode[];
  groups: ProcessorGroup[];
  /** How the layout was obtained, e.g. "Win32_Processor" or "assumed: groups of 64". */
  layoutSource?: string;
}

/** Windows registry value types, by their Win32 names. */
export type RegType =
  | 'REG_NONE'
  | 'REG_SZ'
  | 'REG_EXPAND_SZ'
  | 'REG_BINARY'
  | 'REG_DWORD'
  | 'REG_DWORD_BIG_ENDIAN'
  | 'REG_LINK'
  | 'REG_MULTI_SZ'
  | 'REG_RESOURCE_LIST'
  | 'REG_FULL_RESOURCE_DESCRIPTOR'
  | 'REG_RESOURCE_REQUIREMENTS_LIST'
  | 'REG_QWORD'
  | `REG_TYPE_0x${string}`;

/** One observation of an advanced property from one source. */
export interface Observation {
  source: 'registry' | 'cmdlet';
  /** Value as text (REG_DWORD as decimal); MULTI_SZ and string[] as their items. */
  value: string | null;
  values?: string[];
  type?: RegType;
  /** True when the export lost the value (CSV `System.String[]`): unknown, not absent. */
  lost?: boolean;
  at: Loc;
}

/** `Ndi\Params` or cmdlet metadata for a keyword. */
export interface KeywordMeta {
  displayName?: string;
  /** Ndi `type` or DisplayParameterType mapped: enum, int, long, word, dword, edit. */
  paramType?: 'enum' | 'int' | 'long' | 'word' | 'dword' | 'edit';
  defaultValue?: string;
  defaultDisplayValue?: string;
  /** Enum registry values with their display strings. */
  validValues?: string[];
  validDisplayValues?: string[];
  min?: number;
  max?: number;
  step?: number;
  base?: number;
  optional?: boolean;
  /** Where the metadata was read (Ndi\Params key or cmdlet object). */
  at?: Loc;
}

/** An advanced property keyed by registry keyword (compare case-insensitively). */
export interface AdvancedProperty {
  /** Keyword as spelled by the source (e.g. `*VMQ`). */
  keyword: string;
  /** Effective value: registry instance value, else cmdlet RegistryValue, else Ndi default. */
  value: string | null;
  /** Registry type of the effective value (the registry's when it was read there). */
  type?: RegType;
  displayName?: string;
  displayValue?: string;
  /** True when no instance value exists and `value` is the Ndi\Params default. */
  fromDefault?: boolean;
  meta?: KeywordMeta;
  /** Every source that reported this keyword; two entries that differ are a conflict. */
  observed: Observation[];
  at: Loc;
}

export interface VmqSettings {
  enabled?: boolean;
  baseProcessorGroup?: number;
  baseProcessorNumber?: number;
  maxProcessorNumber?: number;
  maxProcessors?: number;
  numaNode?: number;
  /** VM queues the NIC offers; excludes the default queue. */
  numberOfReceiveQueues?: number;
  dynamicProcessorAffinityChangeSupported?: boolean;
  interruptVectorCoalescingSupported?: boolean;
  vlanFilteringSupported?: boolean;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

export interface RssProcessor {
  group: number;
  number: number;
  numaDistance?: number;
}

export interface RssSettings {
  enabled?: boolean;
  baseProcessorGroup?: number;
  baseProcessorNumber?: number;
  maxProcessorGroup?: number;
  maxProcessorNumber?: number;
  maxProcessors?: number;
  numaNode?: number;
  /** ClosestProcessor, ClosestProcessorStatic, NUMAScaling, NUMAScalingStatic, ConservativeScaling. */
  profile?: string;
  numberOfReceiveQueues?: number;
  processorArray?: RssProcessor[];
  indirectionTable?: RssProcessor[];
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

export interface SriovSettings {
  supported?: boolean;
  enabled?: boolean;
  numVFs?: number;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

/** One row of Get-NetAdapterVmqQueue. */
export interface VmqQueue {
  queueId: number;
  processorGroup?: number;
  /** uint64 bitmap as a decimal string (may exceed 2^53). */
  processorAffinityMask?: string;
  /** Processor numbers within the group, decoded from the mask or the Processor column. */
  processors?: number[];
  vmName?: string;
  vmId?: string;
  macAddress?: string;
  vlanId?: number;
  state?: string;
  at: Loc;
}

export type AdapterKind = 'physical' | 'team-nic' | 'host-vnic' | 'other';

export interface PciLocation {
  segment?: number;
  bus: number;
  device: number;
  function: number;
}

export interface Adapter {
  /** Stable identity: lower-cased InterfaceGuid, else MAC, else PCI location, else name. */
  id: string;
  name: string;
  interfaceDescription?: string;
  interfaceGuid?: string;
  permanentAddress?: string;
  macAddress?: string;
  pci?: PciLocation;
  /** NUMA node from Get-NetAdapterHardwareInfo. */
  numaNode?: number;
  driver: {
    provider?: string;
    version?: string;
    date?: string;
    description?: string;
  };
  linkSpeedBps?: number;
  status?: string;
  kind: AdapterKind;
  /** Id of the vSwitch this adapter is an uplink of (directly or through its team). */
  switchId?: string;
  /** Id of the team this adapter is a member of. */
  teamId?: string;
  /** Advanced properties keyed by lower-cased keyword. */
  advanced: Record<string, AdvancedProperty>;
  vmq?: VmqSettings;
  rss?: RssSettings;
  sriov?: SriovSettings;
  queues: VmqQueue[];
  /** Registry key of the NIC class instance, when a registry dump was read. */
  registryKey?: string;
  at: LocMap;
}

export type TeamKind = 'lbfo' | 'set';
export type QueueMode = 'sum' | 'min';

export interface TeamMember {
  adapterId: string;
  name: string;
  administrativeMode?: 'Active' | 'Standby';
  operationalStatus?: string;
}

export interface Team {
  /** LBFO team name, or the SET switch id. */
  id: string;
  name: string;
  kind: TeamKind;
  /** Static, SwitchIndependent, Lacp. */
  teamingMode?: string;
  /** TransportPorts, IPAddresses, MacAddresses, HyperVPort, Dynamic. */
  loadBalancingAlgorithm?: string;
  members: TeamMember[];
  /** Adapter ids of the team NICs (LBFO). */
  teamNics: string[];
  switchId?: string;
  /** Sum-of-Queues or Min-Queues, derived from kind, mode and algorithm (https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming-settings). */
  queueMode: QueueMode;
  status?: string;
  at: LocMap;
}

export interface VSwitch {
  id: string;
  name: string;
  switchType?: 'External' | 'Internal' | 'Private';
  /** Adapter ids of the uplinks (physical NICs or the LBFO team NIC). */
  uplinks: string[];
  uplinkDescriptions: string[];
  embeddedTeaming?: boolean;
  iovEnabled?: boolean;
  allowManagementOS?: boolean;
  allowNetLbfoTeams?: boolean;
  availableVMQueues?: number;
  numberVmqAllocated?: number;
  defaultQueueVrssEnabled?: boolean;
  defaultQueueVmmqEnabled?: boolean;
  defaultQueueVmmqQueuePairs?: number;
  bandwidthReservationMode?: string;
  /** Team id when the switch is a SET switch or sits on an LBFO team NIC. */
  teamId?: string;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

export interface VNic {
  /** VM id (or "host") + adapter id, lower-cased. */
  id: string;
  name: string;
  vmName?: string;
  vmId?: string;
  isManagementOs: boolean;
  switchName?: string;
  switchId?: string;
  vmqWeight?: number;
  iovWeight?: number;
  vmmqEnabled?: boolean;
  vmmqQueuePairs?: number;
  vrssEnabled?: boolean;
  macAddress?: string;
  vlanId?: number;
  status?: string;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

/**
 * A VM as Get-VM reports it (Microsoft.HyperV.PowerShell.VirtualMachine,
 * https://learn.microsoft.com/powershell/module/hyper-v/get-vm). Only what queue demand
 * needs: whether it is powered on (State) and its vCPUs (ProcessorCount).
 */
export interface Vm {
  /** Lower-cased VMId (Id) GUID; `name:<lower-cased name>` when the export has no id. */
  id: string;
  name: string;
  /**
   * VMState name (Running, Off, Saved, Paused, ...), as written or decoded from its number;
   * undefined when the export does not say or the number is ambiguous across releases.
   */
  state?: string;
  processorCount?: number;
  computerName?: string;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

export interface VmsmpParameters {
  tenGigVmqEnabled?: number;
  belowTenGigVmqEnabled?: number;
  at: LocMap;
  /** Fields exported with a value that is not valid for them (see InvalidValue). */
  invalid?: InvalidMap;
}

/** A file that was read, with its coverage counts. */
export interface SourceFile {
  file: string;
  /** clixml, json, csv, reg, regquery, model */
  format: string;
  /** e.g. "utf-16le-bom", "utf-8", "utf-8-bom", "latin1" */
  encoding: string;
  /** "5.1", "7", or undefined when it cannot be told. */
  psVersion?: string;
  /** Cmdlets/classes recognised in the file. */
  kinds: string[];
  objects: number;
  propertiesMapped: number;
  propertiesUnknown: number;
}

/** Something read but not understood; never silently dropped. */
export interface UnknownItem {
  kind: 'file' | 'object' | 'property' | 'keyword' | 'value';
  /** What it was: file name, class name, property or keyword name. */
  name: string;
  /** Class or cmdlet the property belongs to. */
  context?: string;
  count: number;
  at: Loc;
}

/** A value the export format could not carry faithfully (depth truncation, CSV arrays). */
export interface LossyItem {
  what: string;
  reason: string;
  at: Loc;
}

/** Registry and cmdlet disagree on a value or its type. */
export interface Conflict {
  adapterId: string;
  keyword: string;
  registry: { value: string | null; type?: RegType };
  cmdlet: { value: string | null; type?: RegType };
  at: Loc[];
}

export interface Host {
  name: string;
  os: OsInfo;
  processors: ProcessorInfo;
  adapters: Adapter[];
  teams: Team[];
  switches: VSwitch[];
  vnics: VNic[];
  /** Get-VM; empty when it was not exported (VM state then unknown). */
  vms: Vm[];
  vmsmp: VmsmpParameters;
  sources: SourceFile[];
  unknown: UnknownItem[];
  lossy: LossyItem[];
  conflicts: Conflict[];
  at: LocMap;
}

/** A serialized model file (`vmqlint show --format json`), readable back as input. */
export interface ModelDocument {
  schemaVersion: 1;
  tool: { name: string; version: string };
  hosts: Host[];
}
