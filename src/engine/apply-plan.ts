/**
 * Apply a host's fix plan to its model: the model-level effect of every command (FixCommand.effect),
 * in plan order, on a deep copy. `lint` again on the result tells whether the plan converges (no
 * finding it meant to fix remains, and none appears).
 *
 * Modelling choices, each what Windows does or the assumption the rules state:
 * - Set-NetAdapterVmq, Set-NetAdapterRss and the `*Rss*` processor keywords write the same registry
 *   values (an assumption no public source settles), so a processor change updates all three views
 *   of a NIC.
 * - A processor change restarts the adapter: the queues are placed again, so the exported queue
 *   placement (Get-NetAdapterVmqQueue processors) and RSS processor array no longer hold.
 * - New-VMSwitch gives the re-created switch the removed switch's id, so vNIC and finding
 *   identities stay comparable; its queue counts are not known until it is exported again.
 */
import type { Adapter, AdvancedProperty, Host, Loc, VNic, VSwitch } from '../model/host.js';
import { queueModeOf } from '../model/queues.js';
import type { FixCommand, FixEffect, ProcessorValues } from './types.js';
import { ownEntry, setEntry, toKeyedTable } from '../model/keyed.js';

/** Where a value set by the plan "was read": the plan itself, line 1 (locations need a line). */
function planLoc(command: string): Loc {
  return { file: '(fix plan)', line: 1, pointer: command.split(/\r?\n/)[0] };
}

/** Processor keywords and the VmqSettings / RssSettings field each one writes. */
const PROCESSOR_KEYWORDS: Record<keyof ProcessorValues, string> = {
  baseGroup: '*RssBaseProcGroup',
  baseNumber: '*RssBaseProcNumber',
  maxGroup: '*RssMaxProcGroup',
  maxNumber: '*RssMaxProcNumber',
  maxProcessors: '*MaxRssProcessors',
};

const KEYWORD_FIELD: Record<string, keyof ProcessorValues> = toKeyedTable(Object.fromEntries(
  Object.entries(PROCESSOR_KEYWORDS).map(([field, kw]) => [kw.toLowerCase(), field as keyof ProcessorValues]),
));

interface State {
  host: Host;
  /** Switches removed earlier in the plan, by id, with the vNICs they carried. */
  removedSwitches: Map<string, { sw: VSwitch; vnics: string[] }>;
  /** Keywords removed earlier in the plan (their metadata survives re-creation). */
  removedKeywords: Map<string, AdvancedProperty>;
}

function adapterNamed(s: State, name: string): Adapter | undefined {
  return s.host.adapters.find((a) => a.name === name);
}

/** Set an advanced keyword's value (and registry type) the way the cmdlets do; null removes it. */
function setKeyword(s: State, a: Adapter, keyword: string, value: string | null, type: AdvancedProperty['type'], at: Loc): void {
  const key = keyword.toLowerCase();
  const stashKey = `${a.name}\0${key}`;
  s.host.conflicts = s.host.conflicts.filter((c) => !(c.adapterId === a.id && c.keyword.toLowerCase() === key));
  if (value === null) {
    const prior = ownEntry(a.advanced, key);
    if (prior) s.removedKeywords.set(stashKey, prior);
    delete a.advanced[key];
    return;
  }
  const prior = ownEntry(a.advanced, key) ?? s.removedKeywords.get(stashKey);
  const newType = type ?? prior?.type;
  const observed = (prior?.observed.length ? prior.observed : [{ source: 'cmdlet' as const, value, at }]).map((o) => ({
    source: o.source,
    value,
    ...(type ?? o.type ? { type: type ?? o.type } : {}),
    at,
  }));
  const next: AdvancedProperty = { ...(prior ?? {}), keyword: prior?.keyword ?? keyword, value, observed, at: prior?.at ?? at };
  if (newType !== undefined) next.type = newType;
  delete next.fromDefault;
  delete next.displayValue;
  setEntry(a.advanced, key, next);
  s.removedKeywords.delete(stashKey);
}

/** Update a keyword only when the NIC exported it (a cmdlet change shows there too). */
function syncKeyword(s: State, a: Adapter, keyword: string, value: string, at: Loc): void {
  if (ownEntry(a.advanced, keyword.toLowerCase())) setKeyword(s, a, keyword, value, undefined, at);
}

/** The adapter restarts with a new processor set: exported placement no longer holds. */
function forgetPlacement(a: Adapter): void {
  for (const q of a.queues) {
    delete q.processors;
    delete q.processorAffinityMask;
    delete q.processorGroup;
  }
  if (a.rss) {
    delete a.rss.processorArray;
    delete a.rss.indirectionTable;
  }
}

/** Write processor values to the VMQ and RSS views and the keywords (the same registry values). */
function setProcessors(s: State, a: Adapter, values: ProcessorValues, via: 'vmq' | 'rss' | 'keywords', at: Loc): void {
  const vmqField = { baseGroup: 'baseProcessorGroup', baseNumber: 'baseProcessorNumber', maxNumber: 'maxProcessorNumber', maxProcessors: 'maxProcessors' } as const;
  const rssField = { ...vmqField, maxGroup: 'maxProcessorGroup' } as const;
  for (const [field, value] of Object.entries(values) as [keyof ProcessorValues, number | undefined][]) {
    if (value === undefined) continue;
    if (a.vmq && field !== 'maxGroup') {
      a.vmq[vmqField[field]] = value;
      a.vmq.at[vmqField[field]] = at;
    }
    if (a.rss) {
      a.rss[rssField[field]] = value;
      a.rss.at[rssField[field]] = at;
    }
    const kw = PROCESSOR_KEYWORDS[field];
    if (via === 'keywords') setKeyword(s, a, kw, String(value), undefined, at);
    else syncKeyword(s, a, kw, String(value), at);
  }
  forgetPlacement(a);
}

function setOffload(s: State, a: Adapter, feature: 'vmq' | 'rss', enabled: boolean, at: Loc): void {
  if (feature === 'vmq') {
    a.vmq ??= { at: {} };
    a.vmq.enabled = enabled;
    a.vmq.at['enabled'] = at;
    syncKeyword(s, a, '*VMQ', enabled ? '1' : '0', at);
    // Turning VMQ off frees the NIC's VM queues; turning it on re-requests them (not yet placed).
    a.queues = enabled ? a.queues : a.queues.filter((q) => q.queueId === 0);
    forgetPlacement(a);
  } else {
    a.rss ??= { at: {} };
    a.rss.enabled = enabled;
    a.rss.at['enabled'] = at;
    syncKeyword(s, a, '*RSS', enabled ? '1' : '0', at);
  }
}

/** An advanced-keyword change, with what it means for the VMQ, RSS and SR-IOV views. */
function applyAdvanced(s: State, a: Adapter, e: Extract<FixEffect, { kind: 'advanced' }>, at: Loc): void {
  setKeyword(s, a, e.keyword, e.value, e.type, at);
  const key = e.keyword.toLowerCase();
  const n = e.value === null ? undefined : Number(e.value);
  if (n === undefined || !Number.isFinite(n)) return;
  const field = KEYWORD_FIELD[key];
  if (field) setProcessors(s, a, { [field]: n }, 'keywords', at);
  else if (key === '*vmq' && a.vmq) setOffload(s, a, 'vmq', n !== 0, at);
  else if (key === '*rss' && a.rss) setOffload(s, a, 'rss', n !== 0, at);
  else if (key === '*sriov' && a.sriov) {
    a.sriov.enabled = n !== 0;
    a.sriov.at['enabled'] = at;
  }
}

function removeSwitch(s: State, id: string): void {
  const h = s.host;
  const sw = h.switches.find((x) => x.id === id);
  if (!sw) return;
  h.switches = h.switches.filter((x) => x !== sw);
  const vnics: string[] = [];
  for (const v of h.vnics) {
    if (v.switchId !== id) continue;
    vnics.push(v.id);
    delete v.switchId;
    delete v.switchName;
  }
  s.removedSwitches.set(id, { sw, vnics });
  for (const a of h.adapters) if (a.switchId === id) delete a.switchId;
  for (const t of [...h.teams]) {
    if (t.switchId !== id && t.id !== id) continue;
    // A SET team is the switch itself; an LBFO team outlives it.
    if (t.kind === 'set') removeTeam(s, t.id);
    else delete t.switchId;
  }
}

function removeTeam(s: State, id: string): void {
  const h = s.host;
  const t = h.teams.find((x) => x.id === id || x.name === id);
  if (!t) return;
  h.teams = h.teams.filter((x) => x !== t);
  for (const a of h.adapters) if (a.teamId === t.id) delete a.teamId;
  const teamNics = new Set(t.teamNics);
  h.adapters = h.adapters.filter((a) => !teamNics.has(a.id));
  for (const sw of h.switches) sw.uplinks = sw.uplinks.filter((u) => !teamNics.has(u));
}

function createSwitch(s: State, e: Extract<FixEffect, { kind: 'switch-create' }>, at: Loc): void {
  const h = s.host;
  const removed = s.removedSwitches.get(e.switch);
  const uplinks = e.uplinks.map((n) => adapterNamed(s, n)).filter((a): a is Adapter => a !== undefined);
  const base: VSwitch = removed ? structuredClone(removed.sw) : { id: e.switch, name: e.name, uplinks: [], uplinkDescriptions: [], at: {} };
  // Queue counts belong to the old uplinks; the new switch's are known once it is exported again.
  delete base.availableVMQueues;
  delete base.numberVmqAllocated;
  delete base.teamId;
  const sw: VSwitch = {
    ...base,
    name: e.name,
    switchType: 'External',
    uplinks: uplinks.map((a) => a.id),
    uplinkDescriptions: uplinks.map((a) => a.interfaceDescription ?? a.name),
    embeddedTeaming: e.embeddedTeaming,
  };
  if (e.iovEnabled !== undefined) sw.iovEnabled = e.iovEnabled;
  if (e.allowManagementOS !== undefined) sw.allowManagementOS = e.allowManagementOS;
  if (e.embeddedTeaming) sw.teamId = sw.id;
  h.switches = [...h.switches.filter((x) => x.id !== sw.id), sw];
  for (const a of uplinks) {
    a.switchId = sw.id;
    if (e.embeddedTeaming) a.teamId = sw.id;
  }
  if (e.embeddedTeaming) {
    // New-VMSwitch picks the release's default algorithm, which the model does not assume.
    h.teams.push({
      id: sw.id,
      name: sw.name,
      kind: 'set',
      members: uplinks.map((a) => ({ adapterId: a.id, name: a.name })),
      teamNics: [],
      switchId: sw.id,
      queueMode: queueModeOf('set'),
      at: { members: at },
    });
  }
  // -AllowManagementOS $true gives the host its vNIC on the new switch again.
  if (removed && sw.allowManagementOS !== false) {
    for (const v of h.vnics) if (v.isManagementOs && removed.vnics.includes(v.id)) connect(v, sw);
  }
}

function connect(v: VNic, sw: VSwitch): void {
  v.switchId = sw.id;
  v.switchName = sw.name;
}

function applyEffect(s: State, cmd: FixCommand, e: FixEffect): void {
  const h = s.host;
  const at = planLoc(cmd.command);
  switch (e.kind) {
    case 'advanced': {
      const a = adapterNamed(s, e.adapter);
      if (a) applyAdvanced(s, a, e, at);
      return;
    }
    case 'offload': {
      const a = adapterNamed(s, e.adapter);
      if (a) setOffload(s, a, e.feature, e.enabled, at);
      return;
    }
    case 'processors': {
      const a = adapterNamed(s, e.adapter);
      if (a) setProcessors(s, a, e.values, e.via, at);
      return;
    }
    case 'vmq-weight': {
      const v = h.vnics.find((x) => x.id === e.vnic);
      if (v) {
        v.vmqWeight = e.value;
        v.at['vmqWeight'] = at;
      }
      return;
    }
    case 'vmsmp':
      h.vmsmp[e.name] = e.value;
      h.vmsmp.at[e.name] = at;
      return;
    case 'switch-settings': {
      const sw = h.switches.find((x) => x.id === e.switch);
      if (!sw) return;
      if (e.defaultQueueVmmqEnabled !== undefined) sw.defaultQueueVmmqEnabled = e.defaultQueueVmmqEnabled;
      if (e.defaultQueueVmmqQueuePairs !== undefined) sw.defaultQueueVmmqQueuePairs = e.defaultQueueVmmqQueuePairs;
      return;
    }
    case 'switch-remove':
      removeSwitch(s, e.switch);
      return;
    case 'switch-create':
      createSwitch(s, e, at);
      return;
    case 'vnic-connect': {
      const v = h.vnics.find((x) => x.id === e.vnic);
      const sw = h.switches.find((x) => x.id === e.switch);
      if (v && sw) connect(v, sw);
      return;
    }
    case 'team-remove':
      removeTeam(s, e.team);
      return;
    case 'team-member-remove': {
      const t = h.teams.find((x) => x.id === e.team);
      const a = adapterNamed(s, e.adapter);
      if (!t || !a) return;
      t.members = t.members.filter((m) => m.adapterId !== a.id && m.name !== a.name);
      delete a.teamId;
      if (t.switchId !== undefined && a.switchId === t.switchId) delete a.switchId;
      for (const sw of h.switches) sw.uplinks = sw.uplinks.filter((u) => u !== a.id);
      return;
    }
    case 'team-algorithm': {
      const t = h.teams.find((x) => x.id === e.team);
      if (!t) return;
      t.loadBalancingAlgorithm = e.algorithm;
      t.queueMode = queueModeOf(t.kind, t.teamingMode, t.loadBalancingAlgorithm);
      return;
    }
  }
}

/**
 * The host as it would be after its plan: every command's effect applied, in order, to a deep
 * copy (the input is not changed). Throws on a command without an effect: a plan that cannot be
 * applied cannot be shown to converge.
 */
export function applyPlan(host: Host, plan: readonly FixCommand[]): Host {
  const s: State = { host: structuredClone(host), removedSwitches: new Map(), removedKeywords: new Map() };
  for (const cmd of plan) {
    if (!cmd.effect) throw new Error(`fix command without a model effect: ${cmd.command}`);
    applyEffect(s, cmd, cmd.effect);
  }
  return s.host;
}
