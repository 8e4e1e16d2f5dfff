import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));
const one = (files: Record<string, unknown>): Host => {
  const r = loadFiles(Object.entries(files).map(([path, v]) => ({ path, bytes: json(v) })), 'HV01');
  expect(r.failures).toEqual([]);
  return r.hosts[0];
};

describe('cmdlet mappings', () => {
  it('Get-NetAdapterHardwareInfo gives the PCI location and NUMA node', () => {
    const h = one({ 'hw.json': [{ Name: 'NIC1', InterfaceDescription: 'NIC one', Segment: 0, Bus: 59, Device: 0, Function: 1, NumaNode: 1, SlotNumber: 3 }] });
    expect(h.adapters[0]).toMatchObject({ pci: { segment: 0, bus: 59, device: 0, function: 1 }, numaNode: 1, id: 'pci:0:59:0:1' });
  });

  it('Get-NetAdapterSriov gives support, state and VF count', () => {
    const h = one({ 'sriov.json': [{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, SriovSupport: 1, NumVFs: 32, CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapterSriovSettingData' }] });
    expect(h.adapters[0].sriov).toMatchObject({ enabled: true, supported: true, numVFs: 32 });
  });

  it('Get-NetAdapterVmqQueue decodes the affinity mask (uint64 beyond 2^53) and the filter', () => {
    const h = one({
      'q.json': [
        { Name: 'NIC1', QueueID: 0, ProcessorAffinityMask: 4, ProcessorGroup: 0, VmFriendlyName: 'HV01' },
        { Name: 'NIC1', QueueID: 3, ProcessorAffinityMask: '9223372036854775808', ProcessorGroup: 1, VmFriendlyName: 'SQL01', MacAddress: '00-15-5D-00-00-01', VlanID: 20 },
      ],
    });
    expect(h.adapters[0].queues.map((q) => [q.queueId, q.processorGroup, q.processors, q.vmName, q.macAddress, q.vlanId])).toEqual([
      [0, 0, [2], 'HV01', undefined, undefined],
      [3, 1, [63], 'SQL01', '00-15-5D-00-00-01', 20],
    ]);
  });

  it('reads the table view "group:number" of Get-NetAdapterVmq when that is all there is', () => {
    const h = one({ 'vmq.json': [{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: false, BaseVmqProcessor: '0:2', MaxProcessors: 8, NumberOfReceiveQueues: 16 }] });
    expect(h.adapters[0].vmq).toMatchObject({ enabled: false, baseProcessorGroup: 0, baseProcessorNumber: 2, maxProcessors: 8 });
  });

  it('Get-VMHostNumaNode lays NUMA nodes out as contiguous LP ranges; more than 64 LPs pack whole nodes into groups', () => {
    const avail = (n: number) => Array.from({ length: n }, () => 0);
    const h = one({
      'numa.json': [
        { NodeId: 0, ProcessorsAvailability: avail(40), MemoryTotal: 1 },
        { NodeId: 1, ProcessorsAvailability: avail(40), MemoryTotal: 1 },
      ],
      'cpu.json': [
        { NumberOfCores: 20, NumberOfLogicalProcessors: 40, PSComputerName: 'HV01' },
        { NumberOfCores: 20, NumberOfLogicalProcessors: 40, PSComputerName: 'HV01' },
      ],
    });
    expect(h.processors).toMatchObject({ logical: 80, cores: 40, sockets: 2, hyperThreading: true });
    expect(h.processors.numaNodes.map((n) => [n.id, n.lps[0], n.lps.at(-1)])).toEqual([
      [0, 0, 39],
      [1, 40, 79],
    ]);
    expect(h.processors.groups).toEqual([
      { group: 0, size: 40 },
      { group: 1, size: 40 },
    ]);
    expect(h.processors.layoutSource).toMatch(/assumed/);
  });

  it('Get-ComputerInfo gives the OS and processor counts', () => {
    const h = one({
      'ci.json': { CsName: 'HV01', OsName: 'Microsoft Windows Server 2016 Datacenter', OsVersion: '10.0.14393', OsBuildNumber: '14393', CsNumberOfLogicalProcessors: 16, CsNumberOfProcessors: 1, CsProcessors: [{ Name: 'Xeon', NumberOfCores: 8, NumberOfLogicalProcessors: 16 }] },
    });
    expect(h.name).toBe('HV01');
    expect(h.os).toMatchObject({ release: '2016', build: 14393, family: 'WindowsServer' });
    expect(h.processors).toMatchObject({ logical: 16, cores: 8, hyperThreading: true });
  });

  it.each([
    ['Microsoft Azure Stack HCI', '10.0.20348', 'AzureStackHCI', '2022'],
    ['Microsoft Azure Stack HCI', '10.0.17784', 'AzureStackHCI', '2019'],
    ['Microsoft Azure Local', '10.0.26100', 'AzureLocal', '2025'],
    ['Microsoft Windows Server 2012 R2 Standard', '6.3.9600', 'WindowsServer', '2012R2'],
    ['Microsoft Windows Server 2008 R2 Enterprise', '6.1.7601', 'WindowsServer', '2008R2'],
    ['Microsoft Windows 11 Enterprise', '10.0.22631', 'WindowsClient', 'unknown'],
    ['', '10.0.99999', 'unknown', '2025'],
  ])('maps %s %s to family %s, release %s (caption first, then build)', (caption, version, family, release) => {
    const h = one({ 'os.json': { Caption: caption, Version: version, BuildNumber: version.split('.')[2], CSName: 'HV01', CimClass: 'ROOT/cimv2:Win32_OperatingSystem' } });
    expect(h.os).toMatchObject({ family, release });
  });

  it('LBFO members: Standby from AdministrativeMode, team NIC from Get-NetLbfoTeamNic, Min-Queues for LACP', () => {
    const h = one({
      'nic.json': [
        { Name: 'A', InterfaceDescription: 'NIC A', LinkSpeed: '10 Gbps' },
        { Name: 'B', InterfaceDescription: 'NIC B', LinkSpeed: '10 Gbps' },
        { Name: 'T1', InterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver' },
      ],
      'team.json': { Name: 'T1', Members: ['A', 'B'], TeamingMode: 'Lacp', LoadBalancingAlgorithm: 'TransportPorts', CimClass: 'ROOT/StandardCimv2:MSFT_NetLbfoTeam' },
      'members.json': [
        { Name: 'A', Team: 'T1', AdministrativeMode: 0, OperationalMode: 0, CimClass: 'ROOT/StandardCimv2:MSFT_NetLbfoTeamMember' },
        { Name: 'B', Team: 'T1', AdministrativeMode: 1, OperationalMode: 1, CimClass: 'ROOT/StandardCimv2:MSFT_NetLbfoTeamMember' },
      ],
      'tnic.json': { Name: 'T1', Team: 'T1', Primary: true, CimClass: 'ROOT/StandardCimv2:MSFT_NetLbfoTeamNic' },
    });
    const t = h.teams[0];
    expect(t).toMatchObject({ kind: 'lbfo', teamingMode: 'Lacp', loadBalancingAlgorithm: 'TransportPorts', queueMode: 'min' });
    expect(t.members.map((m) => [m.name, m.administrativeMode, m.operationalStatus])).toEqual([
      ['A', 'Active', 'Active'],
      ['B', 'Standby', 'Standby'],
    ]);
    expect(t.teamNics).toEqual([h.adapters.find((a) => a.name === 'T1')!.id]);
  });
});

describe('adapter kind without Get-NetAdapter', () => {
  it('a team NIC named only by Get-NetAdapterVmq is a team NIC', () => {
    const h = one({ 'vmq.json': [{ Name: 'Team1', InterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver', Enabled: true, BaseProcessorNumber: 0, NumberOfReceiveQueues: 8 }] });
    expect(h.adapters[0].kind).toBe('team-nic');
  });
});

describe('a depth-truncated RSS processor array', () => {
  it('is listed once per adapter, by the parser, not again by the mapper', async () => {
    const { loadPaths } = await import('../../src/ingest/load.js');
    const h = loadPaths(['fixtures/sample-fleet/HV-SET-2019'], { cwd: new URL('../../', import.meta.url).pathname }).hosts[0];
    expect(h.lossy.map((l) => [l.what, l.at.line])).toEqual([
      ['MSFT_NetAdapterRssSettingData.RssProcessorArray', 90],
      ['MSFT_NetAdapterRssSettingData.RssProcessorArray', 192],
    ]);
  });
});
