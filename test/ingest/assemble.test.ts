import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/ingest/load.js';

const enc = (s: string) => new TextEncoder().encode(s.replace(/\n/g, '\r\n'));

const netAdapter = JSON.stringify(
  [
    { Name: 'SLOT 2 Port 1', InterfaceDescription: 'Intel(R) Ethernet 10G 2P X520 Adapter', InterfaceGuid: '{11111111-2222-3333-4444-555555555555}', MacAddress: 'A0-36-9F-00-00-01', LinkSpeed: '10 Gbps', ReceiveLinkSpeed: 10000000000, DriverProvider: 'Intel', DriverVersionString: '4.1.77.0', ifIndex: 12, PSComputerName: 'HV01', CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapter' },
    { Name: 'SLOT 2 Port 2', InterfaceDescription: 'Intel(R) Ethernet 10G 2P X520 Adapter #2', InterfaceGuid: '{11111111-2222-3333-4444-555555555556}', MacAddress: 'A0-36-9F-00-00-02', LinkSpeed: '10 Gbps', ReceiveLinkSpeed: 10000000000, PSComputerName: 'HV01', CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapter' },
    { Name: 'Team1', InterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver', InterfaceGuid: '{99999999-2222-3333-4444-555555555555}', PSComputerName: 'HV01', CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapter' },
  ],
  null,
  2,
);
const vmq = JSON.stringify(
  [
    { Name: 'SLOT 2 Port 1', InterfaceDescription: 'Intel(R) Ethernet 10G 2P X520 Adapter', Enabled: true, BaseProcessorGroup: 0, BaseProcessorNumber: 0, MaxProcessorNumber: 14, MaxProcessors: 8, NumberOfReceiveQueues: 4, PSComputerName: 'HV01' },
    { Name: 'SLOT 2 Port 2', InterfaceDescription: 'Intel(R) Ethernet 10G 2P X520 Adapter #2', Enabled: true, BaseProcessorGroup: 0, BaseProcessorNumber: 0, MaxProcessors: 8, NumberOfReceiveQueues: 4, PSComputerName: 'HV01' },
  ],
  null,
  2,
);
const advanced = JSON.stringify(
  [
    { Name: 'SLOT 2 Port 1', InstanceID: '{11111111-2222-3333-4444-555555555555}::*VMQ', RegistryKeyword: '*VMQ', RegistryValue: ['1'], RegistryDataType: 4, DisplayName: 'Virtual Machine Queues', DefaultRegistryValue: '1', ValidRegistryValues: ['0', '1'], PSComputerName: 'HV01' },
  ],
  null,
  2,
);
const team = JSON.stringify({ Name: 'Team1', Members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'], TeamNics: 'Team1', TeamingMode: 1, LoadBalancingAlgorithm: 5, Status: 0, PSComputerName: 'HV01', CimClass: 'ROOT/StandardCimv2:MSFT_NetLbfoTeam' }, null, 2);
const sw = JSON.stringify({ Name: 'vSwitch', Id: '6a1b0c3e-0000-4000-8000-000000000001', SwitchType: 2, EmbeddedTeamingEnabled: false, IovEnabled: false, NetAdapterInterfaceDescription: 'Microsoft Network Adapter Multiplexor Driver', ComputerName: 'HV01' }, null, 2);
const vnics = JSON.stringify(
  [
    { Name: 'Network Adapter', VMName: 'SQL01', VMId: 'aaaaaaaa-0000-4000-8000-000000000001', IsManagementOs: false, SwitchName: 'vSwitch', VmqWeight: 100, IovWeight: 0, MacAddress: '00155D000001', ComputerName: 'HV01' },
    { Name: 'Management', IsManagementOs: true, SwitchName: 'vSwitch', VmqWeight: 100, MacAddress: '00155D000002', ComputerName: 'HV01' },
  ],
  null,
  2,
);
const os = JSON.stringify({ Caption: 'Microsoft Windows Server 2012 R2 Datacenter', Version: '6.3.9600', BuildNumber: '9600', CSName: 'HV01', CimClass: 'ROOT/cimv2:Win32_OperatingSystem' });
const cpu = JSON.stringify([
  { NumberOfCores: 6, NumberOfLogicalProcessors: 12, SystemName: 'HV01', PSComputerName: 'HV01' },
  { NumberOfCores: 6, NumberOfLogicalProcessors: 12, SystemName: 'HV01', PSComputerName: 'HV01' },
]);

describe('assembleHost through loadFiles', () => {
  const result = loadFiles(
    [
      { path: 'Get-NetAdapter.json', bytes: enc(netAdapter) },
      { path: 'Get-NetAdapterVmq.json', bytes: enc(vmq) },
      { path: 'Get-NetAdapterAdvancedProperty.json', bytes: enc(advanced) },
      { path: 'Get-NetLbfoTeam.json', bytes: enc(team) },
      { path: 'Get-VMSwitch.json', bytes: enc(sw) },
      { path: 'Get-VMNetworkAdapter.json', bytes: enc(vnics) },
      { path: 'Win32_OperatingSystem.json', bytes: enc(os) },
      { path: 'Win32_Processor.json', bytes: enc(cpu) },
    ],
    'snapshot',
  );
  const host = result.hosts[0];

  it('reads one host named by its objects', () => {
    expect(result.failures).toEqual([]);
    expect(result.hosts.map((h) => h.name)).toEqual(['HV01']);
  });

  it('maps OS release and processors', () => {
    expect(host.os).toMatchObject({ release: '2012R2', build: 9600, family: 'WindowsServer' });
    expect(host.processors).toMatchObject({ logical: 24, cores: 12, sockets: 2, hyperThreading: true });
    expect(host.processors.groups).toEqual([{ group: 0, size: 24 }]);
  });

  it('joins VMQ and advanced properties onto adapters by description and GUID', () => {
    const a = host.adapters.find((x) => x.name === 'SLOT 2 Port 1')!;
    expect(a.id).toBe('11111111-2222-3333-4444-555555555555');
    expect(a.linkSpeedBps).toBe(10e9);
    expect(a.vmq).toMatchObject({ enabled: true, baseProcessorNumber: 0, maxProcessors: 8, numberOfReceiveQueues: 4 });
    expect(a.vmq!.at.baseProcessorNumber).toMatchObject({ file: 'Get-NetAdapterVmq.json', line: 7 });
    expect(a.advanced['*vmq']).toMatchObject({ keyword: '*VMQ', value: '1', type: 'REG_DWORD', displayName: 'Virtual Machine Queues' });
    expect(a.advanced['*vmq'].meta?.validValues).toEqual(['0', '1']);
  });

  it('builds the LBFO team under the switch with Sum-of-Queues', () => {
    expect(host.teams).toHaveLength(1);
    const t = host.teams[0];
    expect(t).toMatchObject({ kind: 'lbfo', teamingMode: 'SwitchIndependent', loadBalancingAlgorithm: 'Dynamic', queueMode: 'sum' });
    expect(t.members.map((m) => m.name).sort()).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2']);
    const s = host.switches[0];
    expect(s).toMatchObject({ name: 'vSwitch', switchType: 'External', teamId: t.id });
    expect(host.adapters.filter((a) => a.switchId === s.id).map((a) => a.name).sort()).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2', 'Team1']);
  });

  it('maps vNICs onto their switch', () => {
    expect(host.vnics.map((v) => [v.vmName ?? 'host', v.vmqWeight, v.switchId])).toEqual([
      ['SQL01', 100, '6a1b0c3e-0000-4000-8000-000000000001'],
      ['host', 100, '6a1b0c3e-0000-4000-8000-000000000001'],
    ]);
  });

  it('counts properties it did not map and lists them', () => {
    expect(host.unknown).toEqual([]);
    const src = host.sources.find((s) => s.file === 'Get-NetAdapter.json')!;
    expect(src).toMatchObject({ format: 'json', objects: 3, propertiesUnknown: 0 });
  });
});

describe('unknown properties and objects', () => {
  it('lists a property no mapping knows and an object of no known cmdlet', () => {
    const r = loadFiles(
      [
        { path: 'a.json', bytes: enc(JSON.stringify([{ Name: 'NIC1', InterfaceGuid: '{11111111-2222-3333-4444-555555555555}', LinkSpeed: '1 Gbps', FrobnicationLevel: 3 }])) },
        { path: 'b.json', bytes: enc(JSON.stringify([{ Something: 1, Else: 2 }])) },
      ],
      'HV02',
    );
    const h = r.hosts[0];
    expect(h.name).toBe('HV02');
    expect(h.unknown.map((u) => [u.kind, u.name, u.count])).toEqual([
      ['property', 'FrobnicationLevel', 1],
      ['object', 'object without a type name', 1],
    ]);
  });
});

describe('values an export format lost', () => {
  const csv = [
    '#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterAdvancedPropertySettingData',
    '"Name","RegistryKeyword","RegistryValue","ValidRegistryValues","PSComputerName"',
    '"NIC1","*VMQ","System.String[]","System.String[]","HV01"',
    '',
  ].join('\r\n');
  const adapters = [
    '#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter',
    '"Name","InterfaceDescription","NetworkAddresses","PSComputerName"',
    '"NIC1","NIC one","System.String[]","HV01"',
    '',
  ].join('\r\n');
  const r = loadFiles(
    [
      { path: 'adv.csv', bytes: new TextEncoder().encode(csv) },
      { path: 'nic.csv', bytes: new TextEncoder().encode(adapters) },
    ],
    'snap',
  );
  const h = r.hosts[0];

  it('are listed once, as lossy, when the model reads the property', () => {
    expect(h.lossy.map((l) => [l.at.file, l.what])).toEqual([
      ['adv.csv', 'MSFT_NetAdapterAdvancedPropertySettingData.RegistryValue'],
      ['adv.csv', 'MSFT_NetAdapterAdvancedPropertySettingData.ValidRegistryValues'],
    ]);
    expect(h.unknown.filter((u) => u.kind === 'value')).toEqual([]);
    expect(h.adapters[0].advanced['*vmq'].value).toBeNull();
  });

  it('are not listed when the property is one the model does not need', () => {
    expect(h.lossy.some((l) => l.what.includes('NetworkAddresses'))).toBe(false);
  });
});

describe('an advanced property without a value', () => {
  const adv = (registryValue: unknown) =>
    new TextEncoder().encode(
      JSON.stringify([{ Name: 'NIC1', RegistryKeyword: '*NumRssQueues', RegistryValue: registryValue, RegistryDataType: 1, DefaultRegistryValue: '8', PSComputerName: 'HV01' }]),
    );

  it('is not set, so it takes the driver default', () => {
    const p = loadFiles([{ path: 'adv.json', bytes: adv(null) }], 's').hosts[0].adapters[0].advanced['*numrssqueues'];
    expect(p).toMatchObject({ value: '8', fromDefault: true });
  });

  it('is unknown, not the default, when the export lost it', () => {
    const csv = ['"Name","RegistryKeyword","RegistryValue","DefaultRegistryValue","PSComputerName"', '"NIC1","*NumRssQueues","System.String[]","8","HV01"', ''].join('\r\n');
    const h = loadFiles([{ path: 'adv.csv', bytes: new TextEncoder().encode(csv) }], 's').hosts[0];
    const p = h.adapters[0].advanced['*numrssqueues'];
    expect(p.value).toBeNull();
    expect(p.fromDefault).toBeUndefined();
    expect(p.observed[0]).toMatchObject({ source: 'cmdlet', value: null, lost: true });
    expect(h.lossy.map((l) => l.what)).toEqual(['RegistryValue']);
  });
});
