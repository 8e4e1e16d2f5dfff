/**
 * Adapter objects of a class vmqlint maps, found wherever they sit in an object graph:
 * Get-NetIPConfiguration nests a full MSFT_NetAdapter in its NetAdapter property, and an
 * Export-Clixml of a hand-made snapshot nests cmdlet output in its own properties. Each becomes a
 * record of its own, so the adapter join merges it with the same adapter exported at top level
 * (never a second adapter).
 */
import type { ObjectRecord, PsField, PsObject, PsValue } from '../model/records.js';
import { kindOfClass, namedClass, type RecordKind } from './classify.js';
import { detached } from './detached.js';
import { hostNameOf } from './fields.js';
import { keyedTable } from '../model/keyed.js';

/**
 * Kinds read where nested: those whose mapper merges into the adapter the join finds (setting
 * fields, never appending), so a copy nested in another object and the same object at top level
 * make one adapter. A vNIC nested in Get-VM's NetworkAdapters, or a queue or advanced property
 * (appended per record), has no such merge and would be counted twice: those stay where they are.
 */
const MERGED: ReadonlySet<RecordKind> = new Set<RecordKind>(['NetAdapter', 'NetAdapterHardwareInfo', 'NetAdapterVmq', 'NetAdapterRss', 'NetAdapterSriov', 'Win32_NetworkAdapter']);

/** Host-name fields in the order hostNameOf reads them. */
const HOST_KEYS = ['pscomputername', 'csname', 'servername', 'computername'];

/**
 * The fields of a nested record: its own, plus the container's host-name field when it names no
 * host itself (a CimInstance nested in Get-NetIPConfiguration has `<Nil N="PSComputerName" />`
 * where the container has ComputerName), so the record is not split off to another host.
 */
function withHost(fields: Record<string, PsField>, container: Record<string, PsField>): Record<string, PsField> {
  if (hostNameOf({ typeNames: [], fields, at: { file: '', line: 0 } }) !== undefined) return fields;
  const key = HOST_KEYS.find((k) => container[k] !== undefined && hostNameOf({ typeNames: [], fields: { [k]: container[k] }, at: { file: '', line: 0 } }) !== undefined);
  if (key === undefined || key in fields) return fields;
  return Object.assign(keyedTable<PsField>(), fields, { [key]: container[key] });
}

/**
 * The class each type name names on its own (null: none), as namedClass reads it. namedClass of
 * a list is the first type name's that names one, so classOfTypeNames gives the same answer; an
 * export repeats a few type names on thousands of nested objects. Bounded against hostile input.
 */
const CLASS_OF_TYPE_NAME = new Map<string, string | null>();
const CLASS_CACHE_MAX = 4096;

/** namedClass of a type-name list (no className), each type name judged once per process. */
export function classOfTypeNames(typeNames: readonly string[]): string | undefined {
  for (const t of typeNames) {
    let cls = CLASS_OF_TYPE_NAME.get(t);
    if (cls === undefined) {
      cls = namedClass({ typeNames: [t] }) ?? null;
      if (CLASS_OF_TYPE_NAME.size < CLASS_CACHE_MAX) CLASS_OF_TYPE_NAME.set(detached(t), cls === null ? null : detached(cls));
    }
    if (cls !== null) return cls;
  }
  return undefined;
}

function isPsObject(v: PsValue): v is PsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$object' in v;
}

/**
 * The records nested inside `rec`, depth first in document order. `seen` holds the field maps of
 * objects already made records (a `<Ref>` repeats an object: it is read once); it is updated.
 * `className` names the CIM class of a type-name list, as the parser gives it to top-level records.
 */
export function nestedRecords(
  rec: ObjectRecord,
  seen: Set<Record<string, PsField>>,
  className: (typeNames: readonly string[]) => string | undefined,
): ObjectRecord[] {
  const walk = new NestedWalk(rec, seen, className);
  walk.visiting.add(rec.fields);
  walk.visitFields(rec.fields);
  return walk.out;
}

/**
 * One walk of nestedRecords. A class, not closures made per record: V8 drops the optimized code
 * of per-call closures at a major GC, and a fleet run compiled visit and visitFields again and
 * again; methods are made once.
 */
class NestedWalk {
  readonly out: ObjectRecord[] = [];
  readonly visiting = new Set<object>();

  constructor(
    private readonly rec: ObjectRecord,
    private readonly seen: Set<Record<string, PsField>>,
    private readonly className: (typeNames: readonly string[]) => string | undefined,
  ) {}

  visit(v: PsValue, at: PsField['at']): void {
    if (Array.isArray(v)) {
      if (this.visiting.has(v)) return;
      this.visiting.add(v);
      for (const item of v) if (typeof item === 'object' && item !== null) this.visit(item, at);
      this.visiting.delete(v);
      return;
    }
    if (!isPsObject(v) || this.visiting.has(v.fields)) return;
    const cls = classOfTypeNames(v.typeNames);
    const kind = cls === undefined ? undefined : kindOfClass(cls);
    if (kind !== undefined && MERGED.has(kind) && !this.seen.has(v.fields)) {
      this.seen.add(v.fields);
      const nested: ObjectRecord = { typeNames: v.typeNames.slice(), fields: withHost(v.fields, this.rec.fields), at };
      const cim = this.className(v.typeNames);
      if (cim !== undefined) nested.className = cim;
      this.out.push(nested);
    }
    this.visiting.add(v.fields);
    this.visitFields(v.fields);
    this.visiting.delete(v.fields);
  }

  /** Only objects and arrays can hold records: scalars (most fields) are not visited at all. */
  visitFields(fields: Record<string, PsField>): void {
    for (const k of Object.keys(fields)) {
      const f = fields[k];
      if (typeof f.value === 'object' && f.value !== null) this.visit(f.value, f.at);
    }
  }
}
