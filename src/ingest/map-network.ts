/** Maps teams (LBFO, SET), vSwitches and vNICs; runs after adapter ids are final. */
import type { Adapter, Host, LocMap, Team, VNic, VSwitch } from '../model/host.js';
import { queueModeOf } from '../model/queues.js';
import type { AdapterIndex } from './adapter-index.js';
import { normalizeGuid, normalizeMac } from './coerce.js';
import { ADMIN_MODE, BANDWIDTH_MODE, LOAD_BALANCING, MEMBER_OPERATIONAL, SET_LOAD_BALANCING, SET_TEAMING_MODE, SWITCH_TYPE, TEAM_STATUS, TEAMING_MODE } from './enums.js';
import { readInto, type FieldReader } from './fields.js';

export interface NetworkRecords {
  lbfoTeams: FieldReader[];
  lbfoMembers: FieldReader[];
  lbfoTeamNics: FieldReader[];
  switches: FieldReader[];
  switchTeams: FieldReader[];
  vnics: FieldReader[];
}

/** Build teams, switches and vNICs, and point adapters at their team and switch. */
export function mapNetwork(host: Host, index: AdapterIndex, recs: NetworkRecords): void {
  const teams = new Map<string, Team>();
  for (const r of recs.lbfoTeams) mapLbfoTeam(r, index, teams);
  for (const r of recs.lbfoMembers) mapLbfoMember(r, index, teams);
  for (const r of recs.lbfoTeamNics) mapLbfoTeamNic(r, index, teams);
  const setTeams = new Map<string, FieldReader>();
  for (const r of recs.switchTeams) {
    const key = (normalizeGuid(r.text('Id')) ?? r.text('Name') ?? '').toLowerCase();
    setTeams.set(key, r);
    const name = r.text('Name');
    if (name) setTeams.set(name.toLowerCase(), r);
  }
  const switches: VSwitch[] = [];
  for (const r of recs.switches) switches.push(mapSwitch(r, index, teams, setTeams));
  // A Get-VMSwitchTeam without its Get-VMSwitch still describes a SET switch.
  for (const r of recs.switchTeams) {
    const id = normalizeGuid(r.text('Id')) ?? `name:${(r.text('Name') ?? '').toLowerCase()}`;
    if (switches.some((s) => s.id === id || s.name.toLowerCase() === (r.text('Name') ?? '').toLowerCase())) continue;
    const sw: VSwitch = { id, name: r.text('Name') ?? id, uplinks: [], uplinkDescriptions: [], embeddedTeaming: true, at: { switch: r.rec.at } };
    applySetTeam(sw, r, index, teams);
    switches.push(sw);
  }
  host.switches = switches.sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  host.teams = [...teams.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  const vnics: VNic[] = [];
  for (const r of recs.vnics) vnics.push(mapVnic(r, switches));
  host.vnics = vnics.sort(byId);
}

// The helpers below are module-level, not arrows made per host or per record: V8 drops the
// optimized code of a per-call closure at a major GC, and a fleet run compiled them again and again.

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byId(a: { id: string }, b: { id: string }): number {
  return cmp(a.id, b.id);
}

/** Set `target[k]` and its provenance (property `prop` of the record) when the value is defined. */
function setFrom<T extends { at: LocMap }, K extends keyof T>(target: T, r: FieldReader, k: K, value: T[K] | undefined, prop: string): void {
  if (value === undefined) return;
  target[k] = value;
  target.at[String(k)] = r.at(prop)!;
}

/** The switch a vNIC names: by id, else by name (any case). */
function switchOf(switches: readonly VSwitch[], switchId: string | undefined, switchName: string | undefined): VSwitch | undefined {
  for (const s of switches) if ((switchId && s.id === switchId) || (switchName && s.name.toLowerCase() === switchName.toLowerCase())) return s;
  return undefined;
}

function teamFor(teams: Map<string, Team>, name: string, r: FieldReader): Team {
  const key = name.toLowerCase();
  let t = teams.get(key);
  if (!t) {
    t = { id: `lbfo:${key}`, name, kind: 'lbfo', members: [], teamNics: [], queueMode: 'min', at: { team: r.rec.at } };
    teams.set(key, t);
  }
  return t;
}

function addMember(t: Team, a: Adapter, mode?: string, status?: string): void {
  let m = t.members.find((x) => x.adapterId === a.id);
  if (!m) {
    m = { adapterId: a.id, name: a.name };
    t.members.push(m);
    t.members.sort((x, y) => cmp(x.adapterId, y.adapterId));
  }
  if (mode === 'Active' || mode === 'Standby') m.administrativeMode = mode;
  if (status) m.operationalStatus = status;
  a.teamId = t.id;
}

function mapLbfoTeam(r: FieldReader, index: AdapterIndex, teams: Map<string, Team>): void {
  const name = r.text('Name');
  if (!name) return;
  const t = teamFor(teams, name, r);
  t.at.team = r.rec.at;
  const mode = r.enum('TeamingMode', TEAMING_MODE);
  const lb = r.enum('LoadBalancingAlgorithm', LOAD_BALANCING);
  if (mode) (t.teamingMode = mode), (t.at.teamingMode = r.at('TeamingMode')!);
  if (lb) (t.loadBalancingAlgorithm = lb), (t.at.loadBalancingAlgorithm = r.at('LoadBalancingAlgorithm')!);
  const status = r.enum('Status', TEAM_STATUS);
  if (status) t.status = status;
  t.queueMode = queueModeOf('lbfo', t.teamingMode, t.loadBalancingAlgorithm);
  for (const m of r.list('Members') ?? []) {
    const a = index.find({ name: m });
    if (a) addMember(t, a);
  }
  t.at.members = r.at('Members') ?? r.rec.at;
  for (const n of r.list('TeamNics') ?? []) {
    const a = index.find({ name: n });
    if (a && !t.teamNics.includes(a.id)) t.teamNics.push(a.id);
  }
}

function mapLbfoMember(r: FieldReader, index: AdapterIndex, teams: Map<string, Team>): void {
  const teamName = r.text('Team');
  const name = r.text('Name');
  if (!teamName || !name) return;
  const a = index.find({ name, description: r.text('InterfaceDescription') });
  if (!a) return;
  addMember(teamFor(teams, teamName, r), a, r.enum('AdministrativeMode', ADMIN_MODE), r.enum('OperationalMode', MEMBER_OPERATIONAL) ?? r.enum('OperationalStatus', MEMBER_OPERATIONAL));
}

function mapLbfoTeamNic(r: FieldReader, index: AdapterIndex, teams: Map<string, Team>): void {
  const teamName = r.text('Team');
  const name = r.text('Name');
  if (!teamName || !name) return;
  const a = index.find({ name, description: r.text('InterfaceDescription') });
  const t = teamFor(teams, teamName, r);
  if (a) {
    a.kind = 'team-nic';
    if (!t.teamNics.includes(a.id)) t.teamNics.push(a.id);
  }
}

/** Uplink adapters named by description or GUID (Get-VMSwitch lists uplinks by description). */
function uplinkAdapters(r: FieldReader, index: AdapterIndex): { adapters: Adapter[]; descriptions: string[] } {
  const descriptions = [...new Set(descriptionsOf(r).map((s) => s.trim()).filter((s) => s && !isTeamedPseudo(s)))];
  const guids = r.list('NetAdapterInterfaceGuid') ?? [];
  const found: Adapter[] = [];
  for (const d of descriptions) {
    const a = index.find({ description: d });
    if (a && !found.includes(a)) found.push(a);
  }
  for (const g of guids) {
    const a = index.find({ guid: g });
    if (a && !found.includes(a)) found.push(a);
  }
  return { adapters: found, descriptions };
}

function applySetTeam(sw: VSwitch, r: FieldReader, index: AdapterIndex, teams: Map<string, Team>): void {
  const { adapters, descriptions } = uplinkAdapters(r, index);
  for (const d of descriptions) if (!sw.uplinkDescriptions.includes(d)) sw.uplinkDescriptions.push(d);
  for (const a of adapters) if (!sw.uplinks.includes(a.id)) sw.uplinks.push(a.id);
  const t: Team = {
    id: sw.id,
    name: sw.name,
    kind: 'set',
    members: [],
    teamNics: [],
    switchId: sw.id,
    queueMode: 'sum',
    at: { team: r.rec.at },
  };
  const mode = r.enum('TeamingMode', SET_TEAMING_MODE);
  const lb = r.enum('LoadBalancingAlgorithm', SET_LOAD_BALANCING);
  if (mode) (t.teamingMode = mode), (t.at.teamingMode = r.at('TeamingMode')!);
  if (lb) (t.loadBalancingAlgorithm = lb), (t.at.loadBalancingAlgorithm = r.at('LoadBalancingAlgorithm')!);
  for (const id of sw.uplinks) {
    const a = index.adapters.find((x) => x.id === id);
    if (a) addMember(t, a);
  }
  teams.set(`set:${sw.id}`, t);
  sw.teamId = t.id;
}

function mapSwitch(r: FieldReader, index: AdapterIndex, teams: Map<string, Team>, setTeams: Map<string, FieldReader>): VSwitch {
  const id = normalizeGuid(r.text('Id')) ?? `name:${(r.text('Name') ?? '').toLowerCase()}`;
  const sw: VSwitch = { id, name: r.text('Name') ?? id, uplinks: [], uplinkDescriptions: [], at: { switch: r.rec.at } };
  if (r.at('Name')) sw.at.name = r.at('Name')!;
  const type = r.enum('SwitchType', SWITCH_TYPE);
  if (type === 'External' || type === 'Internal' || type === 'Private') setFrom(sw, r, 'switchType', type, 'SwitchType');
  readInto(
    r,
    sw,
    {
      embeddedTeaming: 'bool',
      iovEnabled: 'bool',
      allowManagementOS: 'bool',
      allowNetLbfoTeams: 'bool',
      availableVMQueues: 'int',
      numberVmqAllocated: 'int',
      defaultQueueVrssEnabled: 'bool',
      defaultQueueVmmqEnabled: 'bool',
      defaultQueueVmmqQueuePairs: 'int',
    },
    { embeddedTeaming: 'EmbeddedTeamingEnabled' },
  );
  setFrom(sw, r, 'bandwidthReservationMode', r.enum('BandwidthReservationMode', BANDWIDTH_MODE), 'BandwidthReservationMode');
  const setTeam = setTeams.get(id) ?? setTeams.get(sw.name.toLowerCase());
  if (sw.embeddedTeaming || setTeam) {
    sw.embeddedTeaming ??= true;
    applySetTeam(sw, setTeam ?? r, index, teams);
    if (setTeam && setTeam !== r) {
      // Uplinks named by Get-VMSwitch as well as by Get-VMSwitchTeam.
      const { adapters, descriptions } = uplinkAdapters(r, index);
      for (const d of descriptions) if (!sw.uplinkDescriptions.includes(d)) sw.uplinkDescriptions.push(d);
      for (const a of adapters) if (!sw.uplinks.includes(a.id)) sw.uplinks.push(a.id);
    }
  } else {
    const { adapters, descriptions } = uplinkAdapters(r, index);
    sw.uplinkDescriptions = descriptions;
    sw.uplinks = adapters.map((a) => a.id);
    for (const a of adapters) {
      if (a.kind !== 'team-nic') continue;
      const t = [...teams.values()].find((x) => x.teamNics.includes(a.id) || x.name.toLowerCase() === a.name.toLowerCase());
      if (t) {
        sw.teamId = t.id;
        t.switchId = sw.id;
        if (!t.teamNics.includes(a.id)) t.teamNics.push(a.id);
      }
    }
  }
  if (descriptionsOf(r).length > 0) sw.at.uplinks = (r.at('NetAdapterInterfaceDescriptions') ?? r.at('NetAdapterInterfaceDescription'))!;
  // Every physical adapter carrying this switch's traffic points back at it.
  const team = sw.teamId ? [...teams.values()].find((t) => t.id === sw.teamId) : undefined;
  const carriers = new Set([...sw.uplinks, ...(team ? team.members.map((m) => m.adapterId) : [])]);
  for (const a of index.adapters) if (carriers.has(a.id)) a.switchId = sw.id;
  sw.uplinks.sort(cmp);
  return sw;
}

/** A SET switch names its team "Teamed-Interface" in NetAdapterInterfaceDescription; no adapter has it. */
export function isTeamedPseudo(description: string): boolean {
  return description.trim().toLowerCase() === 'teamed-interface';
}

/**
 * Uplink descriptions. The plural property lists every member (SET); when it is present the
 * singular one is its summary ("Teamed-Interface", or the first member) and adds nothing.
 */
function descriptionsOf(r: FieldReader): string[] {
  const plural = r.list('NetAdapterInterfaceDescriptions') ?? [];
  const singular = r.list('NetAdapterInterfaceDescription') ?? [];
  return plural.length > 0 ? plural : singular;
}

function mapVnic(r: FieldReader, switches: VSwitch[]): VNic {
  const isManagementOs = r.bool('IsManagementOs') ?? false;
  const vmId = normalizeGuid(r.text('VMId'));
  const name = r.text('Name') ?? 'Network Adapter';
  const adapterId = r.text('Id') ?? normalizeMac(r.text('MacAddress')) ?? name;
  // Read even for the management OS (where it names no VM), so it is never listed as not understood.
  const vmName = r.text('VMName');
  const owner = isManagementOs ? 'host' : vmId ?? (vmName ?? 'vm').toLowerCase();
  const v: VNic = { id: `${owner}/${adapterId}`.toLowerCase(), name, isManagementOs, at: { vnic: r.rec.at } };
  if (r.at('Name')) v.at.name = r.at('Name')!;
  setFrom(v, r, 'vmName', isManagementOs ? undefined : vmName, 'VMName');
  setFrom(v, r, 'vmId', vmId, 'VMId');
  setFrom(v, r, 'switchName', r.text('SwitchName'), 'SwitchName');
  const switchId = normalizeGuid(r.text('SwitchId'));
  const sw = switchOf(switches, switchId, v.switchName);
  if (sw) v.switchId = sw.id;
  readInto(r, v, { vmqWeight: 'int', iovWeight: 'int', vmmqEnabled: 'bool', vmmqQueuePairs: 'int', vrssEnabled: 'bool', status: 'text' });
  setFrom(v, r, 'macAddress', normalizeMac(r.text('MacAddress')), 'MacAddress');
  const vlan = r.value('VlanSetting');
  if (typeof vlan === 'string' && vlan.trim() !== '') r.lost('VlanSetting', `an object written as its type name ${JSON.stringify(vlan)}; the VLAN is not in the file`);
  if (vlan && typeof vlan === 'object' && !Array.isArray(vlan) && '$object' in vlan) {
    const acc = vlan.fields.accessvlanid;
    const n = acc && typeof acc.value === 'number' ? acc.value : acc && typeof acc.value === 'string' ? Number(acc.value) : undefined;
    if (n !== undefined && Number.isFinite(n) && n > 0) (v.vlanId = n), (v.at.vlanId = acc!.at);
  }
  return v;
}
