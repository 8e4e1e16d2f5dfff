/**
 * Who is under what: the physical NICs bound to a vSwitch (directly or through a team), team
 * members, and the vNICs of a switch. Built on src/model/queues.ts.
 */
import type { Adapter, Host, Team, VNic, VSwitch } from '../../src/model/host.js';
import { adapterById, physicalUplinks, teamById } from '../../src/model/queues.js';

// These run for every NIC, team and switch of every host: loops and module-level callbacks rather
// than arrow callbacks, whose optimized code V8 drops at each major GC (a new closure per call).

/** Ordinal comparison (never localeCompare) for deterministic output. */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The vSwitch a physical NIC carries traffic for (directly or as a team member). */
export function switchOf(host: Host, a: Adapter): VSwitch | undefined {
  if (a.switchId !== undefined) {
    const sw = switchById(host, a.switchId);
    if (sw) return sw;
  }
  for (const s of host.switches) if (hasAdapter(physicalUplinks(host, s), a.id)) return s;
  return undefined;
}

function switchById(host: Host, id: string): VSwitch | undefined {
  for (const s of host.switches) if (s.id === id) return s;
  return undefined;
}

function hasAdapter(adapters: readonly Adapter[], id: string): boolean {
  for (const u of adapters) if (u.id === id) return true;
  return false;
}

function byAdapterName(x: { adapter: Adapter }, y: { adapter: Adapter }): number {
  return ordinal(x.adapter.name, y.adapter.name);
}

/** Physical NICs that carry a vSwitch's traffic, each with its switch, sorted by NIC name. */
export function boundNics(host: Host): { adapter: Adapter; sw: VSwitch }[] {
  const out: { adapter: Adapter; sw: VSwitch }[] = [];
  for (const a of host.adapters) {
    if (a.kind !== 'physical') continue;
    const sw = switchOf(host, a);
    if (sw) out.push({ adapter: a, sw });
  }
  return out.sort(byAdapterName);
}

/** The team a NIC is a member of. */
export function teamOf(host: Host, a: Adapter): Team | undefined {
  return teamById(host, a.teamId) ?? host.teams.find((t) => t.members.some((m) => m.adapterId === a.id));
}

/** A team's member NICs that the export describes, in member order. */
export function teamAdapters(host: Host, team: Team): Adapter[] {
  const out: Adapter[] = [];
  for (const m of team.members) {
    const a = adapterById(host, m.adapterId);
    if (a !== undefined) out.push(a);
  }
  return out;
}

/** The vSwitch a team sits under (SET: its own switch; LBFO: the switch on its team NIC). */
export function switchOfTeam(host: Host, team: Team): VSwitch | undefined {
  if (team.switchId !== undefined) {
    const sw = switchById(host, team.switchId);
    if (sw) return sw;
  }
  for (const s of host.switches) if (s.teamId === team.id || s.uplinks.some((u) => team.teamNics.includes(u))) return s;
  return undefined;
}

/** The vNICs connected to a switch, sorted by VM then name. */
export function vnicsOf(host: Host, sw: VSwitch): VNic[] {
  const name = sw.name.toLowerCase();
  const out: VNic[] = [];
  for (const v of host.vnics) if (v.switchId === sw.id || (v.switchId === undefined && v.switchName?.toLowerCase() === name)) out.push(v);
  return out.sort(byVnicLabel);
}

function byVnicLabel(x: VNic, y: VNic): number {
  return ordinal(vnicLabel(x), vnicLabel(y));
}

/** "VM/adapter" for a VM's vNIC, "host/adapter" for the management OS. */
export function vnicLabel(v: VNic): string {
  return v.isManagementOs ? `host/${v.name}` : `${v.vmName ?? '?'}/${v.name}`;
}

/** The adapter model: its interface description without the "#n" instance suffix ([S9] in docs/references.md). */
export function modelOf(a: Adapter): string | undefined {
  return a.interfaceDescription?.replace(/\s*#\d+$/, '');
}

/** Driver provider and version, e.g. "Intel 1.2.3"; undefined when neither is known. */
export function driverOf(a: Adapter): string | undefined {
  const { provider, version } = a.driver;
  if (provider && version) return `${provider} ${version}`;
  return provider || version || undefined;
}

/** Adapters sorted by name. */
export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort(byNameOrder);
}

function byNameOrder(x: { name: string }, y: { name: string }): number {
  return ordinal(x.name, y.name);
}
