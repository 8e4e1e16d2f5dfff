import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/ingest/load.js';
import { formatModelDocument } from '../../src/report/show-json.js';

const enc = (s: string) => new TextEncoder().encode(s);
const tool = { name: 'vmqlint', version: '0.0.0-test' };

const exports = [
  {
    path: 'Get-NetAdapterVmq.json',
    bytes: enc(JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: '{11111111-2222-3333-4444-555555555555}', Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' }], null, 2)),
  },
  {
    path: 'Get-VMNetworkAdapter.json',
    bytes: enc(JSON.stringify([{ Name: 'Network Adapter', VMName: 'VM1', VMId: 'aaaaaaaa-0000-4000-8000-000000000001', IsManagementOs: false, VmqWeight: 100, Bogus: 1, ComputerName: 'HV01' }], null, 2)),
  },
  {
    path: 'Get-VM.json',
    bytes: enc(JSON.stringify([{ Name: 'VM1', Id: 'aaaaaaaa-0000-4000-8000-000000000001', VMId: 'aaaaaaaa-0000-4000-8000-000000000001', State: 3, ProcessorCount: 4, Generation: 2, ComputerName: 'HV01' }], null, 2)),
  },
];

describe('model document round trip', () => {
  it('reads back the model it wrote, unchanged', () => {
    const first = loadFiles(exports, 'snap');
    expect(first.failures).toEqual([]);
    const doc = formatModelDocument(first.hosts, tool);
    const second = loadFiles([{ path: 'model.json', bytes: enc(doc) }], 'snap');
    expect(second.failures).toEqual([]);
    expect(second.hosts).toEqual(first.hosts);
    expect(formatModelDocument(second.hosts, tool)).toBe(doc);
    // Get-VM survives the trip: the VM, its state decoded from the number, and where it was read.
    expect(second.hosts[0].vms).toMatchObject([{ name: 'VM1', state: 'Off', processorCount: 4, at: { state: { file: 'Get-VM.json' } } }]);
  });

  it('reads a model document written before Get-VM was read (no vms) as no VMs known', () => {
    const doc = JSON.parse(formatModelDocument(loadFiles(exports, 'snap').hosts, tool));
    delete doc.hosts[0].vms;
    const r = loadFiles([{ path: 'model.json', bytes: enc(JSON.stringify(doc, null, 2)) }], 'snap');
    expect(r.failures).toEqual([]);
    expect(r.hosts[0].vms).toEqual([]);
  });

  it('rejects a VM without a name', () => {
    const doc = JSON.parse(formatModelDocument(loadFiles(exports, 'snap').hosts, tool));
    delete doc.hosts[0].vms[0].name;
    const r = loadFiles([{ path: 'model.json', bytes: enc(JSON.stringify(doc, null, 2)) }], 'snap');
    expect(r.failures[0].error.message).toMatch(/model document \/hosts\/0\/vms\/0 must have required property 'name'/);
  });

  it('rejects a model document that breaks the schema, naming the line', () => {
    const doc = JSON.parse(formatModelDocument(loadFiles(exports, 'snap').hosts, tool));
    doc.hosts[0].adapters[0].kind = 'toaster';
    const text = JSON.stringify(doc, null, 2);
    const r = loadFiles([{ path: 'model.json', bytes: enc(text) }], 'snap');
    const line = text.split('\n').findIndex((l) => l.includes('"toaster"')) + 1;
    expect(r.failures[0].error.message).toMatch(new RegExp(`^model\\.json:${line}:\\d+: model document /hosts/0/adapters/0/kind must be equal to one of the allowed values`));
  });
});
