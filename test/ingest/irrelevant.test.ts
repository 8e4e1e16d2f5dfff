/**
 * No property a mapper reads may be listed as irrelevant: the list marks a property understood,
 * so a parser note about it (a second property of the same name, a lost value) would be
 * swallowed. Each mapper runs on a record holding every property its kind calls irrelevant, with
 * nothing ignored; whatever it reads is the overlap.
 */
import { describe, expect, it } from 'vitest';
import { AdapterIndex } from '../../src/ingest/adapter-index.js';
import type { RecordKind } from '../../src/ingest/classify.js';
import { FieldReader } from '../../src/ingest/fields.js';
import { IRRELEVANT } from '../../src/ingest/irrelevant.js';
import { mapAdvancedProperty, mapHardwareInfo, mapNetAdapter, mapRss, mapSriov, mapVmq, mapVmqQueue } from '../../src/ingest/map-adapters.js';
import { mapNetwork, type NetworkRecords } from '../../src/ingest/map-network.js';
import { mapComputerInfo, mapNumaNode, mapOperatingSystem, mapProcessor } from '../../src/ingest/map-system.js';
import { mapVm } from '../../src/ingest/map-vms.js';
import { mapWin32NetworkAdapter } from '../../src/ingest/map-wmi.js';
import { emptyHost } from '../../src/model/empty-host.js';
import type { Loc } from '../../src/model/host.js';
import type { ObjectRecord, PsField } from '../../src/model/records.js';

const AT: Loc = { file: 't.json', line: 1 };

const NETWORK: Partial<Record<RecordKind, keyof NetworkRecords>> = {
  NetLbfoTeam: 'lbfoTeams',
  NetLbfoTeamMember: 'lbfoMembers',
  NetLbfoTeamNic: 'lbfoTeamNics',
  VMSwitch: 'switches',
  VMSwitchTeam: 'switchTeams',
  VMNetworkAdapter: 'vnics',
};

/** Run the mapper of `kind` on one reader. */
function runMapper(kind: RecordKind, r: FieldReader): void {
  const index = new AdapterIndex();
  const host = emptyHost('HV01');
  const net = NETWORK[kind];
  if (net) {
    const recs: NetworkRecords = { lbfoTeams: [], lbfoMembers: [], lbfoTeamNics: [], switches: [], switchTeams: [], vnics: [] };
    recs[net].push(r);
    mapNetwork(host, index, recs);
    return;
  }
  const adapterMappers: Partial<Record<RecordKind, (r: FieldReader, i: AdapterIndex) => unknown>> = {
    NetAdapter: mapNetAdapter,
    NetAdapterHardwareInfo: mapHardwareInfo,
    NetAdapterAdvancedProperty: mapAdvancedProperty,
    NetAdapterVmq: mapVmq,
    NetAdapterVmqQueue: mapVmqQueue,
    NetAdapterRss: mapRss,
    NetAdapterSriov: mapSriov,
    Win32_NetworkAdapter: mapWin32NetworkAdapter,
  };
  const m = adapterMappers[kind];
  if (m) return void m(r, index);
  switch (kind) {
    case 'VM':
      return mapVm(r, host, []);
    case 'ComputerInfo':
      return mapComputerInfo(r, host);
    case 'Win32_OperatingSystem':
      return mapOperatingSystem(r, host);
    case 'Win32_Processor':
      return mapProcessor(r, host, { cores: 0, logical: 0, sockets: 0 });
    case 'VMHostNumaNode':
      return mapNumaNode(r, [], host);
    default:
      throw new Error(`no mapper known for ${kind}`);
  }
}

/** A record of `kind` with every irrelevant property (and the keys its mapper needs to go on). */
function recordOf(kind: RecordKind, names: readonly string[]): ObjectRecord {
  const fields: Record<string, PsField> = {};
  const add = (name: string, value: PsField['value']) => (fields[name.toLowerCase()] = { name, value, at: AT });
  // Keys that let a mapper get past "which adapter is this" (none of them irrelevant).
  for (const p of names) add(p, '1');
  if (!('name' in fields)) add('Name', 'NIC1');
  if (!('interfacedescription' in fields)) add('InterfaceDescription', 'NIC one');
  if (kind === 'Win32_NetworkAdapter' && !('netconnectionid' in fields)) add('NetConnectionID', 'NIC1');
  return { typeNames: [], fields, at: AT };
}

describe('irrelevant properties', () => {
  const kinds = Object.keys(IRRELEVANT) as RecordKind[];
  it.each(kinds)('%s: its mapper reads none of the properties listed as irrelevant', (kind) => {
    expect(readByMapper(kind, IRRELEVANT[kind])).toEqual([]);
  });

  it('the check can fail: properties the mappers read are caught', () => {
    expect(readByMapper('NetAdapter', ['Status', 'ReceiveLinkSpeed', 'AdminLocked'])).toEqual(['Status', 'ReceiveLinkSpeed']);
    // A fallback is read too, so it is used even where the first choice holds a value.
    expect(readByMapper('NetAdapter', ['ReceiveLinkSpeed', 'Speed', 'LinkSpeed', 'DriverVersionString', 'DriverVersion'])).toEqual(['ReceiveLinkSpeed', 'Speed', 'LinkSpeed', 'DriverVersionString', 'DriverVersion']);
    expect(readByMapper('ComputerInfo', ['OsName', 'WindowsProductName'])).toEqual(['OsName', 'WindowsProductName']);
    expect(readByMapper('Win32_NetworkAdapter', ['GUID', 'Speed', 'ProductName'])).toEqual(['GUID', 'Speed']);
  });
});

/** Which of `names` the mapper of `kind` reads from a record holding them all. */
function readByMapper(kind: RecordKind, names: readonly string[]): string[] {
  const rec = recordOf(kind, names);
  const r = new FieldReader(rec);
  runMapper(kind, r);
  const left = new Set(r.unmapped().map((f) => f.name));
  return names.filter((p) => !left.has(p) && !isPlumbing(p));
}

/** Plumbing (PSComputerName, Caption, ...) never counts as unmapped; it is not what is checked. */
function isPlumbing(name: string): boolean {
  return new FieldReader({ typeNames: [], fields: { [name.toLowerCase()]: { name, value: '1', at: AT } }, at: AT }).unmapped().length === 0;
}
