/**
 * Fleet symmetry: the hosts of a cluster should match. Objects line up by name across hosts
 * (hardware ids differ per node by design), and every property is compared against the majority
 * value, or against a golden host. A tie has no majority and reports every value with its hosts.
 */
import type { Host } from '../model/host.js';
import { UsageError } from '../model/errors.js';
import type { Target, TargetKind } from '../engine/types.js';
import { flattenHost, type FlatProp, type Section } from './flatten.js';
import type { IgnoreFn } from './noise.js';
import type { FleetResult, FleetRow, FleetValue } from './types.js';

export interface FleetOptions {
  /** Compare every host against this one instead of the majority. */
  golden?: string;
  /** Noise and `diff.ignore` globs. */
  ignore?: IgnoreFn;
  /** Also compare properties that differ per node by design (MACs, GUIDs, VM names, queue ids). */
  includeUnique?: boolean;
  /** Keep agreeing rows in the result (for a full table). */
  all?: boolean;
}

const ABSENT = '(absent)';
const KIND_ORDER: Record<TargetKind, number> = { host: 0, adapter: 1, team: 2, switch: 3, vnic: 4 };

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text a fleet table shows for a value; a registry type other than REG_SZ is part of it. */
function show(p: FlatProp): string {
  const v = p.value;
  const text = Array.isArray(v) ? v.join(', ') : v === null ? '(null)' : String(v);
  return p.registry && p.type !== undefined && p.type !== 'REG_SZ' ? `${text} (${p.type})` : text;
}

interface Row {
  kind: TargetKind;
  objKey: string;
  property: string;
  section: Section;
  registry: boolean;
  /** Value per lower-cased host name; hosts absent from the map are not compared for this row. */
  values: Map<string, string>;
  /** Hosts whose export lost the value. */
  unknown: Set<string>;
}

interface ObjectInfo {
  kind: TargetKind;
  name: string;
  hosts: Set<string>;
}

function evaluate(row: Row, hosts: string[], display: Map<string, string>, golden: string | undefined, objects: Map<string, ObjectInfo>): FleetRow {
  const groups = new Map<string, string[]>();
  for (const h of hosts) {
    const v = row.values.get(h);
    if (v === undefined) continue;
    groups.set(v, [...(groups.get(v) ?? []), display.get(h)!]);
  }
  const values: FleetValue[] = [...groups]
    .map(([value, hs]) => ({ value, hosts: hs }))
    .sort((a, b) => b.hosts.length - a.hosts.length || ordinal(a.value, b.value));
  const obj = objects.get(row.objKey)!;
  const absent = row.property === 'exists' ? [] : hosts.filter((h) => !obj.hosts.has(h)).map((h) => display.get(h)!);
  const base: FleetRow = { target: { kind: obj.kind, name: obj.name }, property: row.property, status: 'agree', values, deviating: [], absent };
  const unknown = hosts.filter((h) => row.unknown.has(h)).map((h) => display.get(h)!);
  if (unknown.length > 0) base.unknown = unknown;
  let reference: string | undefined;
  if (golden !== undefined) {
    reference = row.values.get(golden);
    if (reference === undefined) return base; // the golden host cannot say; its own absence shows in `exists`
  } else if (values.length > 0 && (values.length === 1 || values[0].hosts.length > values[1].hosts.length)) {
    reference = values[0].value;
  }
  if (values.length <= 1) return reference === undefined ? base : { ...base, reference };
  if (reference === undefined) {
    return { ...base, status: 'tie', deviating: values.flatMap((v) => v.hosts).sort(ordinal) };
  }
  const deviating = values.filter((v) => v.value !== reference).flatMap((v) => v.hosts).sort(ordinal);
  return { ...base, status: deviating.length > 0 ? 'deviates' : 'agree', reference, deviating };
}

/** One property of a host as the fleet comparison reads it. */
export interface FleetProp {
  name: string;
  section: Section;
  registry: boolean;
  unique: boolean;
  defaultValue?: string;
  unknown: boolean;
  /** The value as the table shows it (show()). */
  shown: string;
}

/** One object of a host that lines up across the fleet. */
export interface FleetTarget {
  fleetKey: string;
  target: Target;
  lossy: Set<Section>;
  props: FleetProp[];
}

/**
 * What the fleet comparison needs of one host: its flattened objects that line up across hosts,
 * without the model, so a streamed `fleet` keeps this per host and drops the model (issue 11).
 */
export interface FleetHost {
  name: string;
  sections: Set<Section>;
  targets: FleetTarget[];
}

/** The fleet comparison's view of one host. */
export function fleetHost(host: Host): FleetHost {
  const flat = flattenHost(host);
  const targets: FleetTarget[] = [];
  for (const t of flat.targets.values()) {
    if (t.fleetKey === undefined) continue;
    targets.push({
      fleetKey: t.fleetKey,
      target: t.target,
      lossy: t.lossy,
      props: [...t.props.values()].map((p) => ({
        name: p.name,
        section: p.section,
        registry: p.registry === true,
        unique: p.unique === true,
        ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
        unknown: p.unknown === true,
        shown: show(p),
      })),
    });
  }
  return { name: flat.name, sections: flat.sections, targets };
}

/** Compare the hosts of a fleet with each other (majority) or with a golden host. */
export function compareFleet(input: readonly Host[], opts: FleetOptions = {}): FleetResult {
  return compareFleetHosts(input.map(fleetHost), opts);
}

/** compareFleet on the hosts' fleet views (fleetHost), in any order. */
export function compareFleetHosts(input: readonly FleetHost[], opts: FleetOptions = {}): FleetResult {
  const display = new Map<string, string>();
  for (const h of input) {
    const key = h.name.toLowerCase();
    if (display.has(key)) throw new UsageError(`host '${h.name}' appears more than once in the fleet`);
    display.set(key, h.name);
  }
  const hosts = [...display.keys()].sort(ordinal);
  const golden = opts.golden?.toLowerCase();
  if (golden !== undefined && !display.has(golden)) {
    throw new UsageError(`--golden ${opts.golden}: no such host in the fleet (hosts: ${hosts.map((h) => display.get(h)).join(', ')})`);
  }
  const flat = new Map<string, FleetHost>(input.map((h) => [h.name.toLowerCase(), h]));

  const objects = new Map<string, ObjectInfo>();
  const rows = new Map<string, Row>();
  const excluded = new Set<string>();
  /** Keyword defaults seen anywhere, so a keyword absent on one host compares as its default. */
  const defaults = new Map<string, string>();
  /** Per object and host, the sections whose export lost fields. */
  const lossy = new Map<string, ReadonlySet<Section>>();

  for (const h of hosts) {
    for (const t of flat.get(h)!.targets) {
      const obj = objects.get(t.fleetKey) ?? { kind: t.target.kind, name: t.target.kind === 'host' ? '(host)' : t.target.name, hosts: new Set<string>() };
      if (golden === h && t.target.kind !== 'host') obj.name = t.target.name;
      obj.hosts.add(h);
      objects.set(t.fleetKey, obj);
      lossy.set(`${t.fleetKey}\u0000${h}`, t.lossy);
      for (const p of t.props) {
        const rowKey = `${t.fleetKey}\u0000${p.name.toLowerCase()}`;
        if ((p.unique && !opts.includeUnique) || opts.ignore?.(t.target, p.name)) {
          excluded.add(rowKey);
          continue;
        }
        if (p.registry && p.defaultValue !== undefined && !defaults.has(rowKey)) defaults.set(rowKey, p.defaultValue);
        const row = rows.get(rowKey) ?? {
          kind: t.target.kind,
          objKey: t.fleetKey,
          property: p.name,
          section: p.section,
          registry: p.registry === true,
          values: new Map<string, string>(),
          unknown: new Set<string>(),
        };
        if (p.unknown) row.unknown.add(h);
        else row.values.set(h, p.shown);
        rows.set(rowKey, row);
      }
    }
  }
  // Fill the gaps: a host that has the object and exported the section but lacks the property
  // lacks it; when the section was not exported or its export lost fields, the value is unknown.
  for (const [rowKey, row] of rows) {
    const obj = objects.get(row.objKey)!;
    for (const h of hosts) {
      if (row.values.has(h) || row.unknown.has(h) || !obj.hosts.has(h)) continue;
      if (!flat.get(h)!.sections.has(row.section) || lossy.get(`${row.objKey}\u0000${h}`)?.has(row.section)) row.unknown.add(h);
      else row.values.set(h, row.registry && defaults.has(rowKey) ? defaults.get(rowKey)! : ABSENT);
    }
  }
  for (const [objKey, obj] of objects) {
    if (obj.hosts.size === hosts.length) continue;
    const values = new Map(hosts.map((h) => [h, obj.hosts.has(h) ? 'present' : ABSENT]));
    rows.set(`${objKey}\u0000exists`, { kind: obj.kind, objKey, property: 'exists', section: 'netadapter', registry: false, values, unknown: new Set() });
  }

  const evaluated = [...rows.values()]
    .map((r) => evaluate(r, hosts, display, golden, objects))
    .sort(
      (a, b) =>
        KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind] || ordinal(a.target.name, b.target.name) || ordinal(a.property, b.property),
    );
  const deviationsByHost: Record<string, number> = {};
  for (const h of hosts) deviationsByHost[display.get(h)!] = 0;
  for (const r of evaluated) for (const h of r.deviating) deviationsByHost[h]++;
  const excludedRows = [...excluded].filter((k) => !rows.has(k)).length;
  return {
    schemaVersion: 1,
    hosts: hosts.map((h) => display.get(h)!),
    reference: golden === undefined ? { kind: 'majority' } : { kind: 'golden', host: display.get(golden)! },
    rows: opts.all ? evaluated : evaluated.filter((r) => r.status !== 'agree'),
    summary: {
      hosts: hosts.length,
      properties: evaluated.length,
      agreeing: evaluated.filter((r) => r.status === 'agree').length,
      deviating: evaluated.filter((r) => r.status === 'deviates').length,
      ties: evaluated.filter((r) => r.status === 'tie').length,
      deviationsByHost,
      excluded: excludedRows,
    },
  };
}
