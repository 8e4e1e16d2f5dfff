/** Targets for findings and diff changes: one hardware-anchored id per object (issue 3). */
import type { Adapter, Host, Team, VNic, VSwitch } from '../model/host.js';
import type { Target } from './types.js';

export function hostTarget(host: Host): Target {
  return { kind: 'host', name: host.name, id: host.name.toLowerCase() };
}

/** Adapter id: InterfaceGuid, else permanent MAC, else PCI location (the model's `id`). */
export function adapterTarget(a: Adapter): Target {
  return { kind: 'adapter', name: a.name, id: a.id };
}

export function switchTarget(s: VSwitch): Target {
  return { kind: 'switch', name: s.name, id: s.id.toLowerCase() };
}

/** A team is identified by its sorted member ids, so renaming the team keeps its identity. */
export function teamTarget(t: Team): Target {
  const ids = t.members.map((m) => m.adapterId.toLowerCase()).sort();
  return { kind: 'team', name: t.name, id: ids.length > 0 ? ids.join('+') : t.id.toLowerCase() };
}

export function vnicTarget(v: VNic): Target {
  return { kind: 'vnic', name: v.vmName ? `${v.vmName}/${v.name}` : v.name, id: v.id.toLowerCase() };
}

/**
 * Single-quote a name for PowerShell. A quote is escaped by doubling it; PowerShell also treats
 * the typographic quotes U+2018-U+201B as single quotes, so they are doubled too.
 */
export function quotePs(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}
