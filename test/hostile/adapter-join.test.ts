/**
 * Two adapters with different InterfaceGuid and Name but the same InterfaceDescription used to
 * become one adapter (the second vanished, its values overwrote the first). They stay two, and
 * the shared description is listed; a record naming an adapter only by it is not joined.
 */
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/ingest/load.js';

const DESC = 'Contoso 25GbE Dual Port Adapter';
const G1 = '{11111111-1111-1111-1111-111111111111}';
const G2 = '{22222222-2222-2222-2222-222222222222}';

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2).replace(/\n/g, '\r\n'));

const netAdapter = [
  { Name: 'SLOT 1 Port 1', InterfaceDescription: DESC, InterfaceGuid: G1, MacAddress: '00-15-5D-00-00-01', LinkSpeed: '25 Gbps', Status: 'Up', PSComputerName: 'HV01' },
  { Name: 'SLOT 1 Port 2', InterfaceDescription: DESC, InterfaceGuid: G2, MacAddress: '00-15-5D-00-00-02', LinkSpeed: '25 Gbps', Status: 'Up', PSComputerName: 'HV01' },
];
const vmq = [
  { Name: 'SLOT 1 Port 1', InterfaceDescription: DESC, Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' },
  { Name: 'SLOT 1 Port 2', InterfaceDescription: DESC, Enabled: true, BaseProcessorNumber: 10, MaxProcessors: 4, NumberOfReceiveQueues: 16, PSComputerName: 'HV01' },
];

describe('hostile input: adapters sharing an InterfaceDescription', () => {
  it('keeps two adapters whose GUID and Name differ, each with its own VMQ values', () => {
    const r = loadFiles([{ path: 'Get-NetAdapter.json', bytes: json(netAdapter) }, { path: 'Get-NetAdapterVmq.json', bytes: json(vmq) }], 'HV01');
    expect(r.failures).toEqual([]);
    const [h] = r.hosts;
    expect(h.adapters.map((a) => [a.name, a.vmq?.baseProcessorNumber, a.vmq?.numberOfReceiveQueues])).toEqual([
      ['SLOT 1 Port 1', 2, 8],
      ['SLOT 1 Port 2', 10, 16],
    ]);
    expect(h.adapters[0].interfaceGuid).not.toEqual(h.adapters[1].interfaceGuid);
    expect(h.adapters[0].macAddress).not.toEqual(h.adapters[1].macAddress);
    // Every record had a GUID or Name to tell: nothing was left unjoined, nothing is listed.
    expect(h.unknown).toEqual([]);
  }, 10_000);

  it('joins a record naming an adapter by the shared description alone to none, and lists it', () => {
    const vague = [{ InterfaceDescription: DESC, Enabled: true, BaseProcessorNumber: 30, MaxProcessors: 2, PSComputerName: 'HV01' }];
    const r = loadFiles([{ path: 'Get-NetAdapter.json', bytes: json(netAdapter) }, { path: 'Get-NetAdapterVmq.json', bytes: json(vague) }], 'HV01');
    const [h] = r.hosts;
    expect(h.adapters.map((a) => [a.name, a.vmq?.baseProcessorNumber])).toEqual([
      ['SLOT 1 Port 1', undefined],
      ['SLOT 1 Port 2', undefined],
    ]);
    const shared = h.unknown.filter((u) => u.name === `InterfaceDescription '${DESC}'`);
    expect(shared).toEqual([
      {
        kind: 'value',
        name: `InterfaceDescription '${DESC}'`,
        context: 'names 2 adapters with different InterfaceGuid or Name (SLOT 1 Port 1, SLOT 1 Port 2): a record naming an adapter by it alone is joined to none',
        count: 1,
        at: expect.objectContaining({ file: 'Get-NetAdapterVmq.json' }),
      },
    ]);
  }, 10_000);

  it('keeps them apart with VMQ records alone (Name and description, no GUID)', () => {
    const r = loadFiles([{ path: 'Get-NetAdapterVmq.json', bytes: json(vmq) }], 'HV01');
    const [h] = r.hosts;
    expect(h.adapters.map((a) => [a.name, a.vmq?.baseProcessorNumber])).toEqual([
      ['SLOT 1 Port 1', 2],
      ['SLOT 1 Port 2', 10],
    ]);
  }, 10_000);

  it('keeps them apart by GUID when the names are equal too', () => {
    const same = netAdapter.map((a) => ({ ...a, Name: 'Ethernet' }));
    const r = loadFiles([{ path: 'Get-NetAdapter.json', bytes: json(same) }], 'HV01');
    expect(r.hosts[0].adapters).toHaveLength(2);
  }, 10_000);

  it('does not join a switch uplink named only by the shared description to either adapter', () => {
    const sw = [{ Name: 'vSwitch', SwitchType: 'External', NetAdapterInterfaceDescription: DESC, PSComputerName: 'HV01' }];
    const r = loadFiles([{ path: 'Get-NetAdapter.json', bytes: json(netAdapter) }, { path: 'Get-VMSwitch.json', bytes: json(sw) }], 'HV01');
    const [h] = r.hosts;
    // No third adapter is made up for the uplink, and the ambiguity is listed.
    expect(h.adapters).toHaveLength(2);
    expect(h.unknown.some((u) => u.name === `InterfaceDescription '${DESC}'`)).toBe(true);
  }, 10_000);

  it('still joins by a description that one adapter carries (records without GUID or Name)', () => {
    const one = [netAdapter[0]];
    const sw = [{ Name: 'vSwitch', SwitchType: 'External', NetAdapterInterfaceDescription: DESC, PSComputerName: 'HV01' }];
    const r = loadFiles([{ path: 'Get-NetAdapter.json', bytes: json(one) }, { path: 'Get-VMSwitch.json', bytes: json(sw) }], 'HV01');
    const [h] = r.hosts;
    expect(h.adapters).toHaveLength(1);
    expect(h.unknown.some((u) => u.name.startsWith('InterfaceDescription'))).toBe(false);
  }, 10_000);
});
