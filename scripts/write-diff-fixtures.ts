/**
 * Writes the diff fixture pairs under `fixtures/diff/<kind>/{before,after}/`: PowerShell 7
 * `Select-Object ... | ConvertTo-Json -Depth 4 -EnumsAsStrings` exports (UTF-8 without BOM, CRLF,
 * two-space Newtonsoft layout) of one Hyper-V host, changed in one way per pair, with a README
 * note each. The pairs come from one base host so every pair differs only where it says;
 * test/diff/fixtures.test.ts checks the files equal what this script writes, then diffs them.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './project-root.js';

type Obj = Record<string, unknown>;

/** One host's export files: file name -> objects. */
export type Snapshot = Record<string, Obj[]>;

interface NicSpec {
  name: string;
  description: string;
  guid: string;
  mac: string;
  speed: string;
  status: string;
  driver: { provider: string; version: string; date: string; description: string };
  ifIndex: number;
  advanced: { keyword: string; value: string; type: number; def: string; display: string; paramType: number }[];
  vmq?: { enabled: boolean; base: number; max: number; maxProcessors: number; queues: number };
}

/** Everything the exports of one host are written from; a pair edits this, never the files. */
export interface HostSpec {
  host: string;
  nics: NicSpec[];
  team: { members: string[]; teamingMode: string; loadBalancingAlgorithm: string; teamNicIfIndex: number };
  switch: { numberVmqAllocated: number };
  /** VM numbers with their vNIC's VmqWeight. */
  vms: { n: number; weight: number }[];
  /** VM queues: adapter name, queue id, VM number, LP. */
  queues: { nic: string; id: number; vm: number; lp: number }[];
}

const MLX_DRIVER = { provider: 'Mellanox Technologies Ltd.', version: '2.40.22511.0', date: '2021-06-14', description: 'Mellanox ConnectX-4 Lx Ethernet Adapter' };
const INTEL_DRIVER = { provider: 'Intel', version: '12.18.9.23', date: '2019-04-30', description: 'Intel(R) I350 Gigabit Network Connection' };

/** A per-host hex digit so GUIDs and MACs differ per node, as they do on real hosts. */
export function hostDigit(host: string): string {
  let n = 0;
  for (const ch of host) n = (n * 31 + ch.charCodeAt(0)) % 16;
  return n.toString(16).toUpperCase();
}

function uplinkAdvanced(base: number): NicSpec['advanced'] {
  return [
    { keyword: '*JumboPacket', value: '9014', type: 1, def: '1514', display: '9014', paramType: 1 },
    { keyword: '*MaxRssProcessors', value: '4', type: 1, def: '8', display: '4', paramType: 5 },
    { keyword: '*NumaNodeId', value: '65535', type: 1, def: '65535', display: '65535', paramType: 1 },
    { keyword: '*RssBaseProcNumber', value: String(base), type: 1, def: '0', display: String(base), paramType: 1 },
    { keyword: '*VMQ', value: '1', type: 1, def: '1', display: 'Enabled', paramType: 5 },
  ];
}

/** The base host: two ConnectX-4 Lx ports in an LBFO team under an external vSwitch, one onboard NIC, two VMs. */
export function baseHost(host: string): HostSpec {
  const d = hostDigit(host);
  return {
    host,
    nics: [
      {
        name: 'SLOT 2 Port 1',
        description: 'Mellanox ConnectX-4 Lx Ethernet Adapter',
        guid: `{3F2A6C10-5B7D-4E21-9C3A-0${d}0000000001}`,
        mac: `24-8A-07-${d}0-00-01`,
        speed: '25 Gbps',
        status: 'Up',
        driver: { ...MLX_DRIVER },
        ifIndex: 7,
        advanced: uplinkAdvanced(2),
        vmq: { enabled: true, base: 2, max: 15, maxProcessors: 4, queues: 30 },
      },
      {
        name: 'SLOT 2 Port 2',
        description: 'Mellanox ConnectX-4 Lx Ethernet Adapter #2',
        guid: `{3F2A6C10-5B7D-4E21-9C3A-0${d}0000000002}`,
        mac: `24-8A-07-${d}0-00-02`,
        speed: '25 Gbps',
        status: 'Up',
        driver: { ...MLX_DRIVER },
        ifIndex: 9,
        advanced: uplinkAdvanced(10),
        vmq: { enabled: true, base: 10, max: 15, maxProcessors: 3, queues: 30 },
      },
      {
        name: 'NIC1',
        description: 'Intel(R) I350 Gigabit Network Connection',
        guid: `{8C41D2E3-77A0-4B5C-A1F2-0${d}0000000003}`,
        mac: `A0-36-9F-${d}0-00-03`,
        speed: '1 Gbps',
        status: 'Up',
        driver: { ...INTEL_DRIVER },
        ifIndex: 3,
        advanced: [
          { keyword: '*JumboPacket', value: '1514', type: 1, def: '1514', display: 'Disabled', paramType: 5 },
          { keyword: '*VMQ', value: '0', type: 1, def: '0', display: 'Disabled', paramType: 5 },
        ],
      },
    ],
    team: { members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], teamingMode: 'SwitchIndependent', loadBalancingAlgorithm: 'Dynamic', teamNicIfIndex: 12 },
    switch: { numberVmqAllocated: 2 },
    vms: [
      { n: 1, weight: 100 },
      { n: 2, weight: 100 },
    ],
    queues: [
      { nic: 'SLOT 2 Port 1', id: 1, vm: 1, lp: 2 },
      { nic: 'SLOT 2 Port 2', id: 1, vm: 2, lp: 10 },
    ],
  };
}

function vmIdentity(d: string, i: number): { name: string; id: string; mac: string } {
  return { name: `VM${i}`, id: `c0ffee0${i}-1d2e-4f3a-8b4c-0${d.toLowerCase()}000000000${i}`, mac: `00-15-5D-${d}1-00-0${i}` };
}

/** The export files of a host spec. */
export function snapshotOf(spec: HostSpec): Snapshot {
  const { host, nics } = spec;
  const d = hostDigit(host);
  const switchId = `6a3c1f0e-9b2d-4c8e-a7f1-0${d.toLowerCase()}0000000010`;
  const nic = (name: string): NicSpec => nics.find((n) => n.name === name)!;
  const adapters: Obj[] = nics.map((n) => ({
    Name: n.name,
    InterfaceDescription: n.description,
    InterfaceGuid: n.guid,
    MacAddress: n.mac,
    PermanentAddress: n.mac.replace(/-/g, ''),
    LinkSpeed: n.speed,
    Status: n.status,
    DriverProvider: n.driver.provider,
    DriverVersionString: n.driver.version,
    DriverDate: n.driver.date,
    DriverDescription: n.driver.description,
    ifIndex: n.ifIndex,
    PSComputerName: host,
  }));
  adapters.push({
    Name: 'TEAM1',
    InterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver',
    InterfaceGuid: `{0B7E4D21-3C9A-4F65-8E12-0${d}0000000004}`,
    MacAddress: `24-8A-07-${d}0-00-01`,
    LinkSpeed: `${25 * spec.team.members.length} Gbps`,
    Status: 'Up',
    DriverProvider: 'Microsoft',
    DriverVersionString: '10.0.17763.1',
    DriverDate: '2006-06-21',
    DriverDescription: 'Microsoft Network Adapter Multiplexor Driver',
    ifIndex: spec.team.teamNicIfIndex,
    PSComputerName: host,
  });
  const advanced: Obj[] = nics.flatMap((n) =>
    n.advanced.map((p) => ({
      Name: n.name,
      InterfaceDescription: n.description,
      InstanceID: `${n.guid}::${p.keyword}`,
      RegistryKeyword: p.keyword,
      RegistryValue: [p.value],
      RegistryDataType: p.type,
      DisplayName: p.keyword.replace(/^\*/, ''),
      DisplayValue: p.display,
      DefaultRegistryValue: p.def,
      DisplayParameterType: p.paramType,
      PSComputerName: host,
    })),
  );
  const vmq: Obj[] = nics
    .filter((n) => n.vmq)
    .map((n) => ({
      Name: n.name,
      InterfaceDescription: n.description,
      Enabled: n.vmq!.enabled,
      BaseProcessorGroup: 0,
      BaseProcessorNumber: n.vmq!.base,
      MaxProcessorNumber: n.vmq!.max,
      MaxProcessors: n.vmq!.maxProcessors,
      NumaNode: 0,
      NumberOfReceiveQueues: n.vmq!.queues,
      PSComputerName: host,
    }));
  const queues: Obj[] = spec.queues.map((q) => ({
    Name: nic(q.nic).name,
    QueueID: q.id,
    ProcessorGroup: 0,
    ProcessorAffinityMask: 2 ** q.lp,
    VmFriendlyName: vmIdentity(d, q.vm).name,
    MacAddress: vmIdentity(d, q.vm).mac,
    VlanID: 0,
    PSComputerName: host,
  }));
  const vnics: Obj[] = spec.vms.map(({ n, weight }) => {
    const vm = vmIdentity(d, n);
    return {
      Name: 'Network Adapter',
      Id: `Microsoft:${vm.id.toUpperCase()}\\8A0E0F5B-2C1D-4E3F-9A8B-00000000000${n}`,
      VMName: vm.name,
      VMId: vm.id,
      IsManagementOs: false,
      SwitchName: 'vSwitch',
      SwitchId: switchId,
      MacAddress: vm.mac.replace(/-/g, ''),
      VmqWeight: weight,
      IovWeight: 0,
      VmmqEnabled: false,
      VrssEnabled: true,
      Status: ['Ok'],
      ComputerName: host,
    };
  });
  return {
    'Get-ComputerInfo.json': [
      {
        CsName: host,
        OsName: 'Microsoft Windows Server 2019 Datacenter',
        WindowsProductName: 'Windows Server 2019 Datacenter',
        OsVersion: '10.0.17763',
        OsBuildNumber: '17763',
        CsNumberOfLogicalProcessors: 16,
        CsNumberOfProcessors: 1,
      },
    ],
    'Win32_Processor.json': [{ NumberOfCores: 8, NumberOfLogicalProcessors: 16, SystemName: host }],
    'Get-NetAdapter.json': adapters,
    'Get-NetAdapterAdvancedProperty.json': advanced,
    'Get-NetAdapterVmq.json': vmq,
    'Get-NetAdapterVmqQueue.json': queues,
    'Get-NetLbfoTeam.json': [
      {
        Name: 'TEAM1',
        Members: spec.team.members.map((m) => nic(m).name),
        TeamNics: 'TEAM1',
        TeamingMode: spec.team.teamingMode,
        LoadBalancingAlgorithm: spec.team.loadBalancingAlgorithm,
        Status: 'Up',
        PSComputerName: host,
      },
    ],
    'Get-VMSwitch.json': [
      {
        Name: 'vSwitch',
        Id: switchId,
        SwitchType: 'External',
        EmbeddedTeamingEnabled: false,
        IovEnabled: false,
        AllowManagementOS: true,
        NetAdapterInterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver',
        AvailableVMQueues: 30,
        NumberVmqAllocated: spec.switch.numberVmqAllocated,
        BandwidthReservationMode: 'Weight',
        ComputerName: host,
      },
    ],
    'Get-VMNetworkAdapter.json': vnics,
  };
}

/** A change applied to the base host to make the after side. */
export interface FixturePair {
  kind: string;
  /** The README note: what changed and what the diff reports. */
  note: string;
  /** Fleets (one folder per host) instead of one snapshot per side. */
  fleet?: { before: string[]; after: string[] };
  mutate?: (spec: HostSpec) => void;
  /** Changes the diff must report, as `kind target-kind "target-name" property`. */
  expect: string[];
  /** What `--include-noise` adds to `expect` (noise the model carries), when the pair is about noise. */
  noise?: string[];
}

function nicOf(spec: HostSpec, name: string): NicSpec {
  return spec.nics.find((n) => n.name === name)!;
}

function setAdvanced(spec: HostSpec, nic: string, keyword: string, fields: Partial<NicSpec['advanced'][number]>): void {
  Object.assign(nicOf(spec, nic).advanced.find((p) => p.keyword === keyword)!, fields);
}

/** MAC of a VM's vNIC on HV01, as queue labels show it. */
const VM2_MAC = vmIdentity(hostDigit('HV01'), 2).mac;

/** Every pair: one per change kind, plus one that changes only noise. */
export const DIFF_FIXTURES: FixturePair[] = [
  {
    kind: 'value-changed',
    note: 'VMQ disabled on SLOT 2 Port 1 (`Disable-NetAdapterVmq`): `*VMQ` 1 -> 0 and Get-NetAdapterVmq Enabled True -> False.',
    mutate: (s) => {
      setAdvanced(s, 'SLOT 2 Port 1', '*VMQ', { value: '0', display: 'Disabled' });
      nicOf(s, 'SLOT 2 Port 1').vmq!.enabled = false;
    },
    expect: ['value-changed adapter "SLOT 2 Port 1" *VMQ', 'value-changed adapter "SLOT 2 Port 1" vmq.enabled'],
  },
  {
    kind: 'type-changed',
    note: 'A script wrote `*JumboPacket` with `Set-ItemProperty -Type DWord`: the value is still 9014 but RegistryDataType 1 (REG_SZ) became 4 (REG_DWORD).',
    mutate: (s) => setAdvanced(s, 'SLOT 2 Port 2', '*JumboPacket', { type: 4 }),
    expect: ['type-changed adapter "SLOT 2 Port 2" *JumboPacket'],
  },
  {
    kind: 'reset-to-default',
    note: 'A Mellanox driver update (DriverVersionString 2.40.22511.0 -> 3.10.25811.0) put `*JumboPacket` on both ports back to DefaultRegistryValue 1514: the overwrite signature, reported with the driver version change.',
    mutate: (s) => {
      for (const name of ['SLOT 2 Port 1', 'SLOT 2 Port 2']) {
        Object.assign(nicOf(s, name).driver, { version: '3.10.25811.0', date: '2023-02-27' });
        setAdvanced(s, name, '*JumboPacket', { value: '1514', display: '1514' });
      }
    },
    expect: [
      'reset-to-default adapter "SLOT 2 Port 1" *JumboPacket',
      'value-changed adapter "SLOT 2 Port 1" driver.date',
      'value-changed adapter "SLOT 2 Port 1" driver.version',
      'reset-to-default adapter "SLOT 2 Port 2" *JumboPacket',
      'value-changed adapter "SLOT 2 Port 2" driver.date',
      'value-changed adapter "SLOT 2 Port 2" driver.version',
    ],
  },
  {
    kind: 'added',
    note: 'A third ConnectX-4 Lx port (SLOT 3 Port 1) was cabled and shows up in Get-NetAdapter and its advanced properties.',
    mutate: (s) =>
      s.nics.push({
        name: 'SLOT 3 Port 1',
        description: 'Mellanox ConnectX-4 Lx Ethernet Adapter #3',
        guid: '{3F2A6C10-5B7D-4E21-9C3A-0F0000000005}',
        mac: '24-8A-07-F0-00-05',
        speed: '25 Gbps',
        status: 'Up',
        driver: { ...MLX_DRIVER },
        ifIndex: 14,
        advanced: uplinkAdvanced(2),
      }),
    expect: ['added adapter "SLOT 3 Port 1" exists'],
  },
  {
    kind: 'removed',
    note: 'The onboard I350 port NIC1 was disabled in firmware and is gone from every export.',
    mutate: (s) => {
      s.nics = s.nics.filter((n) => n.name !== 'NIC1');
    },
    expect: ['removed adapter "NIC1" exists'],
  },
  {
    kind: 'renamed',
    note: 'NIC1 was renamed to "Mgmt" (`Rename-NetAdapter`). Same InterfaceGuid, so it is one renamed adapter, not a removal plus an addition.',
    mutate: (s) => {
      nicOf(s, 'NIC1').name = 'Mgmt';
    },
    expect: ['renamed adapter "Mgmt" name'],
  },
  {
    kind: 'team-membership-changed',
    note: 'SLOT 2 Port 2 was taken out of TEAM1 (`Remove-NetLbfoTeamMember`); it stays installed as a standalone NIC, and the team NIC now links at 25 Gbps instead of 50.',
    mutate: (s) => {
      s.team.members = ['SLOT 2 Port 1'];
    },
    expect: ['value-changed adapter "TEAM1" linkSpeedBps', 'team-membership-changed team "TEAM1" members'],
  },
  {
    kind: 'teaming-mode-changed',
    note: 'TEAM1 went from SwitchIndependent to Lacp, which also turns Sum-of-Queues into Min-Queues (domain.md 7.1).',
    mutate: (s) => {
      s.team.teamingMode = 'Lacp';
    },
    expect: ['value-changed team "TEAM1" queueMode', 'teaming-mode-changed team "TEAM1" teamingMode'],
  },
  {
    kind: 'load-balancing-changed',
    note: 'TEAM1 load balancing went from Dynamic to HyperVPort (`Set-NetLbfoTeam -LoadBalancingAlgorithm HyperVPort`).',
    mutate: (s) => {
      s.team.loadBalancingAlgorithm = 'HyperVPort';
    },
    expect: ['load-balancing-changed team "TEAM1" loadBalancingAlgorithm'],
  },
  {
    kind: 'processor-set-changed',
    note: '`Set-NetAdapterVmq -Name "SLOT 2 Port 2" -BaseProcessorNumber 4`: Get-NetAdapterVmq and `*RssBaseProcNumber` both move from 10 to 4, and the computed VMQ LP set moves with them (one processor-set-changed).',
    mutate: (s) => {
      nicOf(s, 'SLOT 2 Port 2').vmq!.base = 4;
      setAdvanced(s, 'SLOT 2 Port 2', '*RssBaseProcNumber', { value: '4', display: '4' });
    },
    expect: [
      'value-changed adapter "SLOT 2 Port 2" *RssBaseProcNumber',
      'processor-set-changed adapter "SLOT 2 Port 2" processorSet.vmq',
      'value-changed adapter "SLOT 2 Port 2" vmq.baseProcessorNumber',
    ],
  },
  {
    kind: 'queue-allocation-changed',
    note: "VM2's vNIC moved from queue 1 on SLOT 2 Port 2 to queue 2 on SLOT 2 Port 1 (after a team failover).",
    mutate: (s) => {
      s.queues[1] = { nic: 'SLOT 2 Port 1', id: 2, vm: 2, lp: 4 };
    },
    expect: [`queue-allocation-changed adapter "SLOT 2 Port 1" queue[VM2 ${VM2_MAC}]`, `queue-allocation-changed adapter "SLOT 2 Port 2" queue[VM2 ${VM2_MAC}]`],
  },
  {
    kind: 'vnic-added',
    note: 'VM3 was created with one vNIC on vSwitch; it has no VM queue yet.',
    mutate: (s) => s.vms.push({ n: 3, weight: 100 }),
    expect: ['vnic-added vnic "VM3/Network Adapter" exists'],
  },
  {
    kind: 'vnic-removed',
    note: 'VM2 was deleted: its vNIC and its VM queue are gone.',
    mutate: (s) => {
      s.vms = s.vms.filter((v) => v.n !== 2);
      s.queues = s.queues.filter((q) => q.vm !== 2);
    },
    expect: [`queue-allocation-changed adapter "SLOT 2 Port 2" queue[VM2 ${VM2_MAC}]`, 'vnic-removed vnic "VM2/Network Adapter" exists'],
  },
  {
    kind: 'vmqweight-changed',
    note: "VM2's vNIC got `Set-VMNetworkAdapter -VmqWeight 0`, so it lost its VM queue and shares the default queue.",
    mutate: (s) => {
      s.vms.find((v) => v.n === 2)!.weight = 0;
      s.queues = s.queues.filter((q) => q.vm !== 2);
    },
    expect: [`queue-allocation-changed adapter "SLOT 2 Port 2" queue[VM2 ${VM2_MAC}]`, 'vmqweight-changed vnic "VM2/Network Adapter" vmqWeight'],
  },
  {
    kind: 'host-added',
    note: 'Fleets: HV02 joined the cluster (a host folder appears next to HV01).',
    fleet: { before: ['HV01'], after: ['HV01', 'HV02'] },
    expect: ['host-added host "HV02" exists'],
  },
  {
    kind: 'host-removed',
    note: 'Fleets: HV02 was evicted from the cluster (its folder is gone).',
    fleet: { before: ['HV01', 'HV02'], after: ['HV01'] },
    expect: ['host-removed host "HV02" exists'],
  },
  {
    kind: 'noise-only',
    note: 'Only noise moved: NIC1 went Disconnected and the vSwitch counts one more allocated VM queue (`vmqlint diff` reports nothing, counts 2 ignored and exits 0; `--include-noise` shows both). Interface indexes were also renumbered after a reboot (NIC1 3 -> 4, the team NIC 12 -> 15); vmqlint does not read ifIndex at all (adapters are matched by GUID, MAC and name), so no option shows that.',
    mutate: (s) => {
      Object.assign(nicOf(s, 'NIC1'), { status: 'Disconnected', ifIndex: 4 });
      s.team.teamNicIfIndex = 15;
      s.switch.numberVmqAllocated = 3;
    },
    expect: [],
    noise: ['value-changed adapter "NIC1" status', 'value-changed switch "vSwitch" numberVmqAllocated'],
  },
];

/** A three-node fleet for `vmqlint fleet`: HV02 took a driver update that reset jumbo frames, HV03 balances by Hyper-V port. */
export const FLEET_FIXTURE: { hosts: string[]; note: string; mutate: Record<string, (spec: HostSpec) => void> } = {
  hosts: ['HV01', 'HV02', 'HV03'],
  note: 'Three nodes of one cluster, built alike (each with its own GUIDs and MACs). HV02 took the Mellanox driver update that reset `*JumboPacket` to 1514 on both ports; HV03 balances TEAM1 by HyperVPort. `vmqlint fleet` names HV02 for the driver and jumbo rows and HV03 for load balancing, and exits 1.',
  mutate: {
    HV02: (s) => {
      for (const name of ['SLOT 2 Port 1', 'SLOT 2 Port 2']) {
        Object.assign(nicOf(s, name).driver, { version: '3.10.25811.0', date: '2023-02-27' });
        setAdvanced(s, name, '*JumboPacket', { value: '1514', display: '1514' });
      }
    },
    HV03: (s) => {
      s.team.loadBalancingAlgorithm = 'HyperVPort';
    },
  },
};

/** The files of the fleet fixture, by path relative to fixtures/diff/fleet. */
export function fleetFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const host of FLEET_FIXTURE.hosts) {
    const spec = baseHost(host);
    FLEET_FIXTURE.mutate[host]?.(spec);
    for (const [name, objects] of Object.entries(snapshotOf(spec))) files[`${host}/${name}`] = psJson(objects);
  }
  files['README.md'] = `# fleet\n\n${FLEET_FIXTURE.note}\n\n${SYNTHESISED}\n`;
  return files;
}

/** PowerShell 7 ConvertTo-Json layout: two-space indent, `": "`, CRLF, a single object unwrapped. */
export function psJson(objects: Obj[]): string {
  const value = objects.length === 1 ? objects[0] : objects;
  return `${JSON.stringify(value, null, 2).replace(/\n/g, '\r\n')}\r\n`;
}

/** The files of one side of a pair, by path relative to the side's folder. */
export function sideFiles(pair: FixturePair, side: 'before' | 'after'): Record<string, string> {
  const files: Record<string, string> = {};
  const hosts = pair.fleet ? pair.fleet[side] : ['HV01'];
  for (const host of hosts) {
    const spec = baseHost(host);
    if (side === 'after') pair.mutate?.(spec);
    const prefix = pair.fleet ? `${host}/` : '';
    for (const [name, objects] of Object.entries(snapshotOf(spec))) files[`${prefix}${name}`] = psJson(objects);
  }
  return files;
}

/** How every note ends: where the bytes come from. */
const SYNTHESISED =
  'Synthesised, not captured: no Windows host was available. scripts/write-diff-fixtures.ts writes the files in the PowerShell 7 `Select-Object ... | ConvertTo-Json -Depth 4 -EnumsAsStrings` layout (formats.md 4.2); names, GUIDs, MACs and driver versions are invented but plausible.';

/** The README of a pair. */
export function readme(pair: FixturePair): string {
  const lines = [`# ${pair.kind}`, '', pair.note, '', 'Expected changes (`vmqlint diff before after`):', ''];
  if (pair.expect.length === 0) lines.push('- none');
  for (const e of pair.expect) lines.push(`- ${e}`);
  if (pair.noise) lines.push('', 'Also reported with `--include-noise`:', '', ...pair.noise.map((e) => `- ${e}`));
  lines.push('', SYNTHESISED, '');
  return lines.join('\n');
}

/** Write every pair and the fleet under `<root>/fixtures/diff`; returns the folders. */
export function writeDiffFixtures(root: string): string[] {
  const fleetDir = join(root, 'fixtures', 'diff', 'fleet');
  rmSync(fleetDir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(fleetFiles())) {
    mkdirSync(dirname(join(fleetDir, rel)), { recursive: true });
    writeFileSync(join(fleetDir, rel), text);
  }
  return [fleetDir, ...DIFF_FIXTURES.map((pair) => {
    const dir = join(root, 'fixtures', 'diff', pair.kind);
    rmSync(dir, { recursive: true, force: true });
    for (const side of ['before', 'after'] as const) {
      for (const [rel, text] of Object.entries(sideFiles(pair, side))) {
        const path = join(dir, side, rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    }
    writeFileSync(join(dir, 'README.md'), readme(pair));
    return dir;
  })];
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  for (const d of writeDiffFixtures(projectRoot())) process.stdout.write(`wrote ${d}\n`);
}
