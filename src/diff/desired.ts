/**
 * Desired state: expectations with selectors (hosts by name glob; adapters by name, description,
 * switch, team or role), checked against a snapshot. Every mismatch is a `desired-mismatch` change
 * from the actual value (before) to the desired one (after), with the PowerShell that restores it.
 */
import type { Adapter, Host, RegType, Team, VSwitch } from '../model/host.js';
import { physicalUplinks } from '../model/queues.js';
import type { FixCommand, Severity } from '../engine/types.js';
import { matchAny } from '../engine/glob.js';
import { teamTarget } from '../engine/targets.js';
import { validateWith, type Locator } from '../engine/schema-errors.js';
import { VALIDATORS } from '../engine/validators.generated.js';
import { canonical, sameRegistryValue } from './classify.js';
import { compareChanges, rollUp } from './diff.js';
import { flattenHost, SECTION_NAMES, targetKey, type FlatHost, type FlatProp, type FlatTarget, type Section } from './flatten.js';
import type { IgnoreFn } from './noise.js';
import { NotComparedNotes, type NotesData } from './not-compared.js';
import { restoreAdvanced, restoreQueueSetting, restoreSwitch, restoreTeam, restoreVmsmp, restoreVnic } from './restore.js';
import type { Change, ChangeValue, DiffResult, Scalar } from './types.js';

type Globs = string | string[];

export type AdapterRole = 'vswitch-uplink' | 'team-member' | 'physical' | 'team-nic' | 'host-vnic' | 'any';

export interface AdapterSelector {
  name?: Globs;
  description?: Globs;
  switch?: Globs;
  team?: Globs;
  role?: AdapterRole;
}

export type DesiredRegistryValue = string | number | { value: string | number; type?: RegType };

/** One expectation of a desired-state file. */
export interface Expectation {
  description?: string;
  severity?: Severity;
  hosts?: Globs;
  adapters?: AdapterSelector;
  advanced?: Record<string, DesiredRegistryValue>;
  vmq?: Record<string, number | boolean>;
  rss?: Record<string, number | boolean | string>;
  teams?: { name?: Globs; kind?: Team['kind'] };
  team?: { teamingMode?: string; loadBalancingAlgorithm?: string };
  switches?: { name?: Globs };
  switch?: Record<string, boolean | number>;
  vnics?: { vm?: Globs; name?: Globs; switch?: Globs; managementOs?: boolean };
  vnic?: Record<string, boolean | number>;
  vmsmp?: { tenGigVmqEnabled?: number; belowTenGigVmqEnabled?: number };
}

/** A desired-state document (`--desired FILE` or the config's `desired` block). */
export interface DesiredDocument {
  $schema?: string;
  schemaVersion?: 1;
  expect: Expectation[];
}

/** Check a parsed desired-state document against its schema; errors name the key and its line. */
export function validateDesired(value: unknown, file: string, locate?: Locator): DesiredDocument {
  return validateWith<DesiredDocument>(VALIDATORS.desired, value, file, locate);
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function list(g: Globs | undefined): string[] | undefined {
  return g === undefined ? undefined : Array.isArray(g) ? g : [g];
}

function matches(g: Globs | undefined, text: string | undefined): boolean {
  const globs = list(g);
  if (globs === undefined) return true;
  return text !== undefined && matchAny(globs, text);
}

function switchesOf(host: Host, a: Adapter): VSwitch[] {
  return host.switches.filter((s) => s.id === a.switchId || physicalUplinks(host, s).some((u) => u.id === a.id) || s.uplinks.includes(a.id));
}

function teamsOf(host: Host, a: Adapter): Team[] {
  return host.teams.filter((t) => t.id === a.teamId || t.members.some((m) => m.adapterId === a.id));
}

function hasRole(host: Host, a: Adapter, role: AdapterRole): boolean {
  switch (role) {
    case 'any':
      return true;
    case 'physical':
      return a.kind === 'physical';
    case 'team-nic':
      return a.kind === 'team-nic';
    case 'host-vnic':
      return a.kind === 'host-vnic';
    case 'team-member':
      return teamsOf(host, a).length > 0;
    case 'vswitch-uplink':
      return host.switches.some((s) => physicalUplinks(host, s).some((u) => u.id === a.id));
  }
}

/** The adapters an expectation selects; without a selector, the physical ones. */
export function selectAdapters(host: Host, sel: AdapterSelector | undefined): Adapter[] {
  const role = sel?.role ?? (sel === undefined ? 'physical' : 'any');
  return host.adapters.filter(
    (a) =>
      hasRole(host, a, role) &&
      matches(sel?.name, a.name) &&
      matches(sel?.description, a.interfaceDescription) &&
      (sel?.switch === undefined || switchesOf(host, a).some((s) => matches(sel.switch, s.name))) &&
      (sel?.team === undefined || teamsOf(host, a).some((t) => matches(sel.team, t.name))),
  );
}

/** One evaluated (object, property): a mismatch, or undefined when it holds or could not be checked. */
interface Outcome {
  change?: Change;
}

interface Context {
  host: Host;
  flat: FlatHost;
  exp: Expectation;
  label: string;
  outcomes: Map<string, Outcome>;
  notCompared: NotComparedNotes;
  /** Called when the expectation selected something to check on this host. */
  selected: () => void;
}

function looseEqual(actual: FlatProp['value'], desired: Scalar): boolean {
  if (typeof actual === 'string' && typeof desired === 'string') return actual.toLowerCase() === desired.toLowerCase();
  return canonical(actual) === canonical(desired);
}

function actualSide(p: FlatProp | undefined): ChangeValue | null {
  if (!p) return null;
  return p.type === undefined ? { value: p.value } : { value: p.value, type: p.type };
}

/** Record one expected property of one object; later expectations replace earlier outcomes. */
function record(
  ctx: Context,
  target: FlatTarget,
  section: Section,
  property: string,
  actual: FlatProp | undefined,
  desired: ChangeValue,
  holds: boolean,
  fix: () => FixCommand[],
): void {
  const key = `${targetKey(target.target)}\u0000${property.toLowerCase()}`;
  ctx.selected();
  if (!ctx.flat.sections.has(section)) {
    // Not exported: the value is unknown, which is neither a pass nor a mismatch.
    ctx.notCompared.section(ctx.host.name, SECTION_NAMES[section], 'before');
    ctx.outcomes.set(key, {});
    return;
  }
  if (actual === undefined && target.target.kind === 'adapter' && ![...target.props.values()].some((p) => p.section === section)) {
    // The export left this adapter out (Get-NetAdapterAdvancedProperty -Name ..., a NIC without
    // VMQ in Get-NetAdapterVmq): a fix would create or enable what was never read.
    ctx.notCompared.section(ctx.host.name, `${SECTION_NAMES[section]} of adapter ${JSON.stringify(target.target.name)}`, 'before');
    ctx.outcomes.set(key, {});
    return;
  }
  if (actual?.unknown || (actual === undefined && target.lossy.has(section))) {
    // The export format lost the value (CSV arrays, JSON depth): unknown too.
    ctx.notCompared.lostValue(ctx.host.name, target.target, property, 'before');
    ctx.outcomes.set(key, {});
    return;
  }
  if (holds) {
    ctx.outcomes.set(key, {});
    return;
  }
  const at = actual?.at ?? target.at;
  const change: Change = {
    host: ctx.host.name,
    target: target.target,
    property,
    kind: 'desired-mismatch',
    before: actualSide(actual),
    after: desired,
    severity: ctx.exp.severity ?? 'warning',
    introduces: [],
    resolves: [],
    expectation: ctx.label,
    fix: fix(),
  };
  if (at) change.locations = [at];
  ctx.outcomes.set(key, { change });
}

function checkAdapters(ctx: Context): void {
  const { exp, host, flat } = ctx;
  if (!exp.advanced && !exp.vmq && !exp.rss) return;
  for (const a of selectAdapters(host, exp.adapters)) {
    const t = flat.targets.get(`adapter:${a.id}`);
    if (!t) continue;
    for (const keyword of Object.keys(exp.advanced ?? {}).sort()) {
      const spec = exp.advanced![keyword];
      const want = typeof spec === 'object' ? spec : { value: spec };
      const value = String(want.value);
      const actual = t.props.get(`adv:${keyword.toLowerCase()}`);
      const typeHolds = want.type === undefined || actual?.type === undefined || actual.type === want.type;
      const holds = actual !== undefined && sameRegistryValue(actual.value, value) && typeHolds;
      const desired: ChangeValue = want.type === undefined ? { value } : { value, type: want.type };
      record(ctx, t, 'advanced', actual?.name ?? keyword, actual, desired, holds, () =>
        restoreAdvanced(a, actual?.name ?? keyword, value, { type: want.type, actualType: actual?.type, present: actual !== undefined }),
      );
    }
    for (const which of ['vmq', 'rss'] as const) {
      const block = exp[which];
      for (const setting of Object.keys(block ?? {}).sort()) {
        const want = block![setting];
        const property = `${which}.${setting}`;
        const actual = t.props.get(property);
        record(ctx, t, which, property, actual, { value: want }, actual !== undefined && looseEqual(actual.value, want), () =>
          restoreQueueSetting(a, which, setting, want),
        );
      }
    }
  }
}

function checkTeams(ctx: Context): void {
  const { exp, host, flat } = ctx;
  if (!exp.team) return;
  for (const team of host.teams) {
    if (!matches(exp.teams?.name, team.name) || (exp.teams?.kind !== undefined && exp.teams.kind !== team.kind)) continue;
    const t = flat.targets.get(targetKey(teamTarget(team)));
    if (!t) continue;
    for (const setting of ['teamingMode', 'loadBalancingAlgorithm'] as const) {
      const want = exp.team[setting];
      if (want === undefined) continue;
      const actual = t.props.get(setting);
      record(ctx, t, 'team', setting, actual, { value: want }, actual !== undefined && looseEqual(actual.value, want), () =>
        restoreTeam(team, setting, want),
      );
    }
  }
}

function checkSwitches(ctx: Context): void {
  const { exp, host, flat } = ctx;
  if (!exp.switch) return;
  for (const s of host.switches) {
    if (!matches(exp.switches?.name, s.name)) continue;
    const t = flat.targets.get(`switch:${s.id.toLowerCase()}`);
    if (!t) continue;
    for (const setting of Object.keys(exp.switch).sort()) {
      const want = exp.switch[setting];
      const actual = t.props.get(setting);
      record(ctx, t, 'switch', setting, actual, { value: want }, actual !== undefined && looseEqual(actual.value, want), () =>
        restoreSwitch(host, s, setting, want),
      );
    }
  }
}

function checkVnics(ctx: Context): void {
  const { exp, host, flat } = ctx;
  if (!exp.vnic) return;
  const sel = exp.vnics;
  for (const v of host.vnics) {
    if (sel?.managementOs !== undefined && sel.managementOs !== v.isManagementOs) continue;
    if (!matches(sel?.vm, v.vmName) || !matches(sel?.name, v.name) || !matches(sel?.switch, v.switchName)) continue;
    const t = flat.targets.get(`vnic:${v.id.toLowerCase()}`);
    if (!t) continue;
    for (const setting of Object.keys(exp.vnic).sort()) {
      const want = exp.vnic[setting];
      const actual = t.props.get(setting);
      record(ctx, t, 'vnic', setting, actual, { value: want }, actual !== undefined && looseEqual(actual.value, want), () =>
        restoreVnic(v, setting, want),
      );
    }
  }
}

function checkVmsmp(ctx: Context): void {
  const { exp, flat, host } = ctx;
  if (!exp.vmsmp) return;
  const t = flat.targets.get(`host:${host.name.toLowerCase()}`)!;
  for (const setting of ['tenGigVmqEnabled', 'belowTenGigVmqEnabled'] as const) {
    const want = exp.vmsmp[setting];
    if (want === undefined) continue;
    ctx.selected();
    const property = `vmsmp.${setting}`;
    const actual = t.props.get(property);
    // An absent VMSMP value is the system default, 0 ([D1] in docs/references.md); the key itself may be missing.
    const effective = actual?.value ?? 0;
    const holds = looseEqual(effective, want);
    const key = `${targetKey(t.target)}\u0000${property.toLowerCase()}`;
    if (holds) {
      ctx.outcomes.set(key, {});
      continue;
    }
    const change: Change = {
      host: host.name,
      target: t.target,
      property,
      kind: 'desired-mismatch',
      before: actual ? { value: actual.value } : null,
      after: { value: want },
      severity: exp.severity ?? 'warning',
      introduces: [],
      resolves: [],
      expectation: ctx.label,
      fix: restoreVmsmp(setting, want),
    };
    const at = actual?.at ?? t.at;
    if (at) change.locations = [at];
    ctx.outcomes.set(key, { change });
  }
}

/** The label a mismatch cites: the expectation's description, else its place in the file. */
function labelOf(exp: Expectation, i: number): string {
  return exp.description ?? `expect[${i}]`;
}

/**
 * One host checked against the desired state: its changes, notes and which expectations selected
 * something on it. Plain data, so a streamed drift keeps this per host and drops the model.
 */
export interface DesiredHostCheck {
  name: string;
  changes: Change[];
  notCompared: NotesData;
  /** Indexes of the expectations that selected something to check on this host. */
  selected: number[];
  ignored: number;
}

/** Check one host against a desired-state document. */
export function checkDesiredHost(host: Host, desired: DesiredDocument, opts: { ignore?: IgnoreFn } = {}): DesiredHostCheck {
  const notCompared = new NotComparedNotes();
  const selectedSomething = new Set<number>();
  const out: DesiredHostCheck = { name: host.name, changes: [], notCompared: { sections: [], lost: [] }, selected: [], ignored: 0 };
  const flat = flattenHost(host);
  const outcomes = new Map<string, Outcome>();
  desired.expect.forEach((exp, i) => {
    if (!matches(exp.hosts, host.name)) return;
    const selected = (): void => {
      selectedSomething.add(i);
    };
    const ctx: Context = { host, flat, exp, label: labelOf(exp, i), outcomes, notCompared, selected };
    checkAdapters(ctx);
    checkTeams(ctx);
    checkSwitches(ctx);
    checkVnics(ctx);
    checkVmsmp(ctx);
  });
  for (const o of outcomes.values()) {
    if (!o.change) continue;
    if (opts.ignore?.(o.change.target, o.change.property)) {
      out.ignored++;
      continue;
    }
    out.changes.push(o.change);
  }
  out.notCompared = notCompared.toData();
  out.selected = [...selectedSomething].sort((a, b) => a - b);
  return out;
}

/** The drift result from every host's check (checkDesiredHost), in any order. */
export function joinDesired(checks: readonly DesiredHostCheck[], desired: DesiredDocument): DiffResult {
  const sorted = [...checks].sort((a, b) => ordinal(a.name.toLowerCase(), b.name.toLowerCase()));
  const changes: Change[] = [];
  const notCompared = new NotComparedNotes();
  const selectedSomething = new Set<number>();
  let ignored = 0;
  for (const c of sorted) {
    for (const ch of c.changes) changes.push(ch);
    notCompared.addData(c.notCompared);
    for (const i of c.selected) selectedSomething.add(i);
    ignored += c.ignored;
  }
  changes.sort(compareChanges);
  const result = rollUp('drift', changes, sorted.map((h) => ({ name: h.name })), new Map(), notCompared.list(), ignored);
  // An expectation that selects nothing checks nothing; a typo in a glob must not read as "in desired state".
  result.unmatched = desired.expect.flatMap((exp, i) => (selectedSomething.has(i) ? [] : [labelOf(exp, i)]));
  return result;
}

/** Check hosts against a desired-state document. */
export function checkDesired(hosts: readonly Host[], desired: DesiredDocument, opts: { ignore?: IgnoreFn } = {}): DiffResult {
  const sorted = [...hosts].sort((a, b) => ordinal(a.name.toLowerCase(), b.name.toLowerCase()));
  return joinDesired(
    sorted.map((h) => checkDesiredHost(h, desired, opts)),
    desired,
  );
}
