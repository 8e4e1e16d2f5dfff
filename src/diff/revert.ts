/**
 * Undo one change on a copy of the after host, taking the value back from the before host. The
 * attribution step lints such copies to learn which changes a finding really depends on.
 */
import type { Adapter, Host, Team, VNic, VSwitch } from '../model/host.js';
import { queueModeOf } from '../model/queues.js';
import { teamTarget } from '../engine/targets.js';
import type { Change } from './types.js';
import { setEntry } from '../model/keyed.js';

/** The advanced keywords that carry a processor set ([D1][D2] in docs/references.md). */
const PROCESSOR_KEYWORDS = ['*rssbaseprocnumber', '*rssbaseprocgroup', '*rssmaxprocnumber', '*rssmaxprocgroup', '*maxrssprocessors', '*numanodeid'];

function copyField<T extends object>(to: T, from: T | undefined, field: string): void {
  const src = from as Record<string, unknown> | undefined;
  const dst = to as Record<string, unknown>;
  // Own members only: a keyword spelled `constructor` or `__proto__` is data, not the prototype.
  if (src === undefined || !Object.hasOwn(src, field) || src[field] === undefined) delete dst[field];
  else setEntry(dst, field, structuredClone(src[field]));
}

function revertAdapter(after: Host, before: Host, c: Change): boolean {
  const id = c.target.id;
  const bid = c.targetBefore?.id ?? id;
  const b = before.adapters.find((a) => a.id === bid);
  const i = after.adapters.findIndex((a) => a.id === id);
  if (c.property === 'exists') {
    if (c.kind === 'added' && i >= 0) after.adapters.splice(i, 1);
    else if (c.kind === 'removed' && b) after.adapters.push(structuredClone(b));
    else return false;
    return true;
  }
  if (i < 0 || !b) return false;
  const a: Adapter = after.adapters[i];
  const p = c.property;
  if (p === 'processorSet.vmq' || p === 'processorSet.rss') {
    const section = p === 'processorSet.vmq' ? 'vmq' : 'rss';
    copyField(a, b, section);
    for (const k of PROCESSOR_KEYWORDS) copyField(a.advanced, b.advanced, k);
    return true;
  }
  const dot = p.indexOf('.');
  const head = dot > 0 ? p.slice(0, dot) : p;
  if ((head === 'vmq' || head === 'rss' || head === 'sriov') && dot > 0) {
    if (!b[head]) {
      delete a[head];
      return true;
    }
    const target = (a[head] ??= { at: {} }) as object;
    copyField(target, b[head] as object, p.slice(dot + 1));
    return true;
  }
  if (head === 'driver' && dot > 0) {
    copyField(a.driver, b.driver, p.slice(dot + 1));
    return true;
  }
  if (p.startsWith('queue[')) {
    a.queues = structuredClone(b.queues);
    return true;
  }
  if (['interfaceDescription', 'macAddress', 'permanentAddress', 'linkSpeedBps', 'status', 'numaNode', 'pci', 'name'].includes(p)) {
    copyField(a, b, p);
    return true;
  }
  // Anything else is a keyword; its map key is the lower-cased keyword.
  copyField(a.advanced, b.advanced, p.toLowerCase());
  return true;
}

function revertTeam(after: Host, before: Host, c: Change): boolean {
  const find = (h: Host, id: string): Team | undefined => h.teams.find((t) => teamTarget(t).id === id);
  const b = find(before, c.targetBefore?.id ?? c.target.id);
  const i = after.teams.findIndex((t) => teamTarget(t).id === c.target.id);
  if (c.property === 'exists') {
    if (c.kind === 'added' && i >= 0) after.teams.splice(i, 1);
    else if (c.kind === 'removed' && b) after.teams.push(structuredClone(b));
    else return false;
    return true;
  }
  if (i < 0 || !b) return false;
  const t = after.teams[i];
  const p = c.property;
  if (p === 'members' || p.startsWith('member[')) t.members = structuredClone(b.members);
  else if (p === 'switch') copyField(t, b, 'switchId');
  else if (['teamingMode', 'loadBalancingAlgorithm', 'kind', 'status', 'teamNics', 'queueMode', 'name'].includes(p)) copyField(t, b, p);
  else return false;
  if (p !== 'queueMode') t.queueMode = queueModeOf(t.kind, t.teamingMode, t.loadBalancingAlgorithm);
  return true;
}

function revertById<T extends VSwitch | VNic>(list: T[], beforeList: T[], c: Change, fields: Record<string, string[]>): boolean {
  const b = beforeList.find((x) => x.id.toLowerCase() === (c.targetBefore?.id ?? c.target.id));
  const i = list.findIndex((x) => x.id.toLowerCase() === c.target.id);
  if (c.property === 'exists') {
    if (c.kind.endsWith('added') && i >= 0) list.splice(i, 1);
    else if (c.kind.endsWith('removed') && b) list.push(structuredClone(b));
    else return false;
    return true;
  }
  if (i < 0 || !b) return false;
  for (const f of fields[c.property] ?? [c.property]) copyField(list[i], b, f);
  return true;
}

function revertHostLevel(after: Host, before: Host, c: Change): boolean {
  const [head, field] = c.property.split('.');
  if (head === 'os' && field) copyField(after.os, before.os, field);
  else if (head === 'processors') after.processors = structuredClone(before.processors);
  else if (head === 'vmsmp' && field) copyField(after.vmsmp, before.vmsmp, field);
  else return false;
  return true;
}

/**
 * A copy of `after` with `change` undone from `before`; undefined when the change cannot be undone
 * on its own (a whole host added or removed).
 */
export function revertChange(after: Host, before: Host | undefined, change: Change): Host | undefined {
  if (!before || change.kind === 'host-added' || change.kind === 'host-removed') return undefined;
  const copy = structuredClone(after);
  let done = false;
  switch (change.target.kind) {
    case 'adapter':
      done = revertAdapter(copy, before, change);
      break;
    case 'team':
      done = revertTeam(copy, before, change);
      break;
    case 'switch':
      done = revertById(copy.switches, before.switches, change, { uplinks: ['uplinks', 'uplinkDescriptions'], team: ['teamId'] });
      break;
    case 'vnic':
      done = revertById(copy.vnics, before.vnics, change, { switch: ['switchName', 'switchId'] });
      break;
    case 'host':
      done = revertHostLevel(copy, before, change);
      break;
  }
  return done ? copy : undefined;
}
