/**
 * Builds the export files of rule docs examples: PowerShell 7 `ConvertTo-Json -AsArray
 * -EnumsAsStrings` text of the cmdlets a rule reads, with their real property names. Rules
 * describe only what matters to them; this fills the identity fields (InterfaceDescription,
 * PSComputerName, CimClass) the same way for every example.
 */

type Row = Record<string, unknown>;

/** OS releases the examples use, with the strings Get-ComputerInfo reports. */
const OS: Record<string, { name: string; version: string; build: string }> = {
  '2012': { name: 'Microsoft Windows Server 2012 Datacenter', version: '6.2.9200', build: '9200' },
  '2012R2': { name: 'Microsoft Windows Server 2012 R2 Datacenter', version: '6.3.9600', build: '9600' },
  '2016': { name: 'Microsoft Windows Server 2016 Datacenter', version: '10.0.14393', build: '14393' },
  '2019': { name: 'Microsoft Windows Server 2019 Datacenter', version: '10.0.17763', build: '17763' },
  '2022': { name: 'Microsoft Windows Server 2022 Datacenter', version: '10.0.20348', build: '20348' },
  '2025': { name: 'Microsoft Windows Server 2025 Datacenter', version: '10.0.26100', build: '26100' },
};

export type ExampleRelease = keyof typeof OS & string;

/** A physical NIC of an example host. */
export interface ExampleNic {
  name: string;
  description: string;
  gbps: number;
  provider?: string;
  version?: string;
}

function json(rows: Row[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}

/** One example host: add the cmdlets a rule needs, then `files()`. */
export class ExampleHost {
  private readonly out: Record<string, Row[]> = {};
  private readonly nics: ExampleNic[] = [];

  constructor(
    readonly name: string,
    readonly release: ExampleRelease,
    readonly cpu: { logical: number; cores: number; sockets?: number },
  ) {
    const os = OS[release];
    const sockets = cpu.sockets ?? 1;
    this.add('Get-ComputerInfo.json', {
      CsName: name,
      OsName: os.name,
      OsVersion: os.version,
      OsBuildNumber: os.build,
      CsNumberOfProcessors: sockets,
      CsNumberOfLogicalProcessors: cpu.logical,
    });
    for (let s = 0; s < sockets; s++) {
      this.add('Win32_Processor.json', {
        DeviceID: `CPU${s}`,
        SocketDesignation: `CPU${s + 1}`,
        Name: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
        NumberOfCores: cpu.cores / sockets,
        NumberOfLogicalProcessors: cpu.logical / sockets,
        PSComputerName: name,
        CimClass: 'ROOT/cimv2:Win32_Processor',
      });
    }
  }

  private add(file: string, row: Row): void {
    (this.out[file] ??= []).push(row);
  }

  private cim(file: string, cls: string, row: Row): void {
    this.add(file, { ...row, PSComputerName: this.name, CimClass: `ROOT/StandardCimv2:${cls}` });
  }

  private desc(nicName: string): string {
    const nic = this.nics.find((n) => n.name === nicName);
    if (!nic) throw new Error(`example: unknown NIC ${nicName}`);
    return nic.description;
  }

  /** Get-NetAdapter rows for physical NICs. */
  nic(...nics: ExampleNic[]): this {
    for (const n of nics) {
      const i = this.nics.length + 1;
      this.nics.push(n);
      const hex = i.toString(16).padStart(2, '0').toUpperCase();
      this.cim('Get-NetAdapter.json', 'MSFT_NetAdapter', {
        Name: n.name,
        InterfaceDescription: n.description,
        InterfaceGuid: `{6A1D3C2B-5E4F-4A7B-9C8D-0000000000${hex}}`,
        MacAddress: `A0-36-9F-00-00-${hex}`,
        LinkSpeed: n.gbps >= 1 ? `${n.gbps} Gbps` : `${n.gbps * 1000} Mbps`,
        ReceiveLinkSpeed: n.gbps * 1e9,
        DriverProvider: n.provider ?? 'Intel',
        DriverVersionString: n.version ?? '4.1.229.0',
      });
    }
    return this;
  }

  /** Get-NetAdapterVmq rows (defaults: enabled, group 0, 31 queues), in the cmdlet's property order. */
  vmq(nicName: string, v: Row): this {
    const row: Row = { Name: nicName, InterfaceDescription: this.desc(nicName), Enabled: true, BaseProcessorGroup: 0, NumberOfReceiveQueues: 31, ...v };
    const order = ['Name', 'InterfaceDescription', 'Enabled', 'BaseProcessorGroup', 'BaseProcessorNumber', 'MaxProcessorNumber', 'MaxProcessors', 'NumberOfReceiveQueues'];
    const keys = [...order.filter((k) => k in row), ...Object.keys(row).filter((k) => !order.includes(k))];
    this.cim('Get-NetAdapterVmq.json', 'MSFT_NetAdapterVmqSettingData', Object.fromEntries(keys.map((k) => [k, row[k]])));
    return this;
  }

  /** Get-NetAdapterRss rows. */
  rss(nicName: string, v: Row): this {
    this.cim('Get-NetAdapterRss.json', 'MSFT_NetAdapterRssSettingData', {
      Name: nicName,
      InterfaceDescription: this.desc(nicName),
      Enabled: true,
      BaseProcessorGroup: 0,
      MaxProcessorGroup: 0,
      Profile: 'NUMAStatic',
      ...v,
    });
    return this;
  }

  /** Get-NetAdapterAdvancedProperty rows: one keyword of one NIC. */
  advanced(nicName: string, keyword: string, value: string, meta: Row = {}): this {
    this.cim('Get-NetAdapterAdvancedProperty.json', 'MSFT_NetAdapterAdvancedPropertySettingData', {
      Name: nicName,
      InterfaceDescription: this.desc(nicName),
      RegistryKeyword: keyword,
      RegistryValue: [value],
      RegistryDataType: 1,
      ...meta,
    });
    return this;
  }

  /** Get-NetAdapterHardwareInfo rows. */
  hardware(nicName: string, numaNode: number, bus: number): this {
    this.cim('Get-NetAdapterHardwareInfo.json', 'MSFT_NetAdapterHardwareInfoSettingData', {
      Name: nicName,
      InterfaceDescription: this.desc(nicName),
      NumaNode: numaNode,
      Segment: 0,
      Bus: bus,
      Device: 0,
      Function: this.nics.findIndex((n) => n.name === nicName) % 2,
    });
    return this;
  }

  /** Get-VMSwitch rows; `uplinks` are NIC names (the team NIC name for LBFO). */
  vmSwitch(name: string, uplinks: string[], v: Row = {}): this {
    const descs = uplinks.map((u) => this.desc(u));
    this.add('Get-VMSwitch.json', {
      Name: name,
      Id: `0f7c2b9e-3d4a-4c5b-8e6f-${((this.out['Get-VMSwitch.json']?.length ?? 0) + 1).toString().padStart(12, '0')}`,
      SwitchType: 'External',
      AllowManagementOS: true,
      EmbeddedTeamingEnabled: uplinks.length > 1,
      IovEnabled: false,
      NetAdapterInterfaceDescription: descs.length === 1 ? descs[0] : 'Teamed-Interface',
      NetAdapterInterfaceDescriptions: descs,
      ComputerName: this.name,
      ...v,
    });
    return this;
  }

  /** Get-VMSwitchTeam rows for a SET switch. */
  setTeam(switchName: string, members: string[], loadBalancingAlgorithm = 'HyperVPort'): this {
    this.add('Get-VMSwitchTeam.json', {
      Name: switchName,
      NetAdapterInterfaceDescription: members.map((m) => this.desc(m)),
      TeamingMode: 'SwitchIndependent',
      LoadBalancingAlgorithm: loadBalancingAlgorithm,
      ComputerName: this.name,
    });
    return this;
  }

  /** Get-NetLbfoTeam and Get-NetLbfoTeamMember rows. */
  lbfoTeam(name: string, members: string[], teamingMode: string, loadBalancingAlgorithm: string): this {
    const gbps = members.reduce((sum, m) => sum + (this.nics.find((n) => n.name === m)?.gbps ?? 0), 0);
    this.nic({ name, description: 'Microsoft Network Adapter Multiplexor Driver', gbps, provider: 'Microsoft', version: '10.0.17763.1' });
    this.cim('Get-NetLbfoTeam.json', 'MSFT_NetLbfoTeam', {
      Name: name,
      Members: members,
      TeamNics: name,
      TeamingMode: teamingMode,
      LoadBalancingAlgorithm: loadBalancingAlgorithm,
      Status: 'Up',
    });
    for (const m of members) {
      this.cim('Get-NetLbfoTeamMember.json', 'MSFT_NetLbfoTeamMember', {
        Name: m,
        InterfaceDescription: this.desc(m),
        Team: name,
        AdministrativeMode: 'Active',
        OperationalStatus: 'Active',
      });
    }
    return this;
  }

  /** Get-VMNetworkAdapter rows; a null VMName is a management-OS vNIC. */
  vmNic(vmName: string | null, name: string, switchName: string, v: Row = {}): this {
    const i = (this.out['Get-VMNetworkAdapter.json']?.length ?? 0) + 1;
    const hex = i.toString(16).padStart(2, '0').toUpperCase();
    this.add('Get-VMNetworkAdapter.json', {
      VMName: vmName,
      Name: name,
      IsManagementOs: vmName === null,
      SwitchName: switchName,
      MacAddress: `00155D0100${hex}`,
      VmqWeight: 100,
      IovWeight: 0,
      Id: vmName === null ? `Microsoft:${this.name}\\${name}` : `Microsoft:3C4F1A2B-0000-4000-8000-0000000000${hex}\\5D1E7F20-0000-4000-8000-0000000000${hex}`,
      ComputerName: this.name,
      ...v,
    });
    return this;
  }

  /** Get-VM rows (Microsoft.HyperV.PowerShell.VirtualMachine): State by name, as -EnumsAsStrings writes it. */
  vm(name: string, state: string, processorCount: number): this {
    const i = (this.out['Get-VM.json']?.length ?? 0) + 1;
    const id = `7A3E0C51-0000-4000-8000-${i.toString(16).padStart(12, '0').toUpperCase()}`;
    this.add('Get-VM.json', { Name: name, Id: id, VMId: id, State: state, ProcessorCount: processorCount, ComputerName: this.name });
    return this;
  }

  /** Get-NetAdapterVmqQueue rows. */
  vmqQueue(nicName: string, queueId: number, processor: number, vmFriendlyName: string | null): this {
    this.cim('Get-NetAdapterVmqQueue.json', 'MSFT_NetAdapterVmqQueueSettingData', {
      Name: nicName,
      InterfaceDescription: this.desc(nicName),
      QueueID: queueId,
      ProcessorGroup: 0,
      ProcessorAffinityMask: 2 ** processor,
      VmFriendlyName: vmFriendlyName,
      State: 'Running',
    });
    return this;
  }

  /** File name -> JSON text; `prefix` puts them in a folder (one host of a fleet). */
  files(prefix = ''): Record<string, string> {
    const out: Record<string, string> = {};
    for (const file of Object.keys(this.out).sort()) out[prefix ? `${prefix}/${file}` : file] = json(this.out[file]);
    return out;
  }
}

/** Two 10 GbE ports of one dual-port card, the NICs most examples use. */
export const X710: [ExampleNic, ExampleNic] = [
  { name: 'SLOT 2 Port 1', description: 'Intel(R) Ethernet Controller X710 for 10GbE SFP+', gbps: 10 },
  { name: 'SLOT 2 Port 2', description: 'Intel(R) Ethernet Controller X710 for 10GbE SFP+ #2', gbps: 10 },
];

/**
 * The one-NIC example of the processor-set rules: WS2019 host HV01 (16 LPs on 8 cores unless
 * `cpu` says otherwise) whose first X710 port, with these Get-NetAdapterVmq values, is the only
 * uplink of vSwitch 'vSwitch'.
 */
export function vSwitchUplinkExample(vmq: Row, cpu: { logical: number; cores: number } = { logical: 16, cores: 8 }): Record<string, string> {
  return new ExampleHost('HV01', '2019', cpu).nic(X710[0]).vmq(X710[0].name, vmq).vmSwitch('vSwitch', [X710[0].name]).files();
}
