/**
 * A field reader over one record that remembers which properties were mapped, so everything
 * else is counted and listed as not understood (never silently dropped).
 */
import type { InvalidValue, Loc, LossyItem, UnknownItem } from '../model/host.js';
import type { ObjectRecord, PsField, PsValue } from '../model/records.js';
import { asBool, asEnum, asInt, asNumber, asString, asStringArray, asText, isLossy } from './coerce.js';
import type { EnumMap } from './enums.js';
import { ownEntry } from '../model/keyed.js';

/**
 * Properties every object carries that say nothing about networking: understood, not mapped.
 * (PowerShell/CIM plumbing and the host-name fields, which the loader reads separately.)
 */
const PLUMBING = new Set(
  [
    'PSComputerName', 'PSShowComputerName', 'RunspaceId', 'CimClass', 'CimInstanceProperties', 'CimSystemProperties',
    'Caption', 'Description', 'ElementName', 'InstanceID', 'SystemName', 'SystemCreationClassName', 'CreationClassName',
    'Source', 'ComputerName', 'CimSession', 'IsDeleted', 'ServerName', 'PSPath', 'PSParentPath', 'PSChildName',
    'PSDrive', 'PSProvider', 'ifAlias', 'InterfaceAlias', 'ifDesc', 'ValueName', 'ValueData', 'Key', 'Count',
  ].map((s) => s.toLowerCase()),
);

export class FieldReader {
  private readonly used = new Set<string>();
  /** Properties read as integers whose exported value is not one, keyed by lower-cased name. */
  private readonly invalidValues = new Map<string, { name: string; value: InvalidValue }>();

  constructor(
    readonly rec: ObjectRecord,
    /** Where mappers report values that the export carried in a form they cannot read. */
    private readonly lossySink: LossyItem[] = [],
  ) {}

  /** Report that a mapped property's value is there but unreadable (e.g. an object as its type name). */
  lost(name: string, reason: string): void {
    const f = ownEntry(this.rec.fields, name.toLowerCase());
    this.lossySink.push({ what: `${this.rec.className ?? this.rec.typeNames[0] ?? 'object'}.${f?.name ?? name}`, reason, at: f?.at ?? this.rec.at });
  }

  /** The raw field, marking it mapped. */
  field(name: string): PsField | undefined {
    const key = name.toLowerCase();
    const f = ownEntry(this.rec.fields, key);
    if (f) this.used.add(key);
    return f;
  }

  /** Mark fields as understood although nothing in the model holds them. */
  ignore(...names: string[]): void {
    for (const n of names) this.used.add(n.toLowerCase());
  }

  value(name: string): PsValue | undefined {
    return this.field(name)?.value;
  }

  at(name: string): Loc | undefined {
    return ownEntry(this.rec.fields, name.toLowerCase())?.at;
  }

  str(name: string): string | undefined {
    const f = this.field(name);
    return f ? asString(f.value) : undefined;
  }

  text(name: string): string | undefined {
    const f = this.field(name);
    return f ? asText(f.value) : undefined;
  }

  num(name: string): number | undefined {
    const f = this.field(name);
    return f ? asNumber(f.value) : undefined;
  }

  /**
   * An integer; undefined when absent, null or lost, and also when the export carried a value
   * that is no safe integer (8.5, 1e400, 2^64+1): that one is remembered (invalidOf, invalid)
   * so it is listed and read as unknown, never as absent or 0.
   */
  int(name: string): number | undefined {
    const f = this.field(name);
    if (!f) return undefined;
    const n = asInt(f.value);
    if (n !== undefined && Number.isSafeInteger(n)) return n;
    const why = invalidInteger(f.value);
    if (why) this.invalidValues.set(name.toLowerCase(), { name: f.name, value: { value: why.text, reason: why.reason, at: f.at } });
    return undefined;
  }

  /** The invalid value `int(name)` met for this property, if any. */
  invalidOf(name: string): InvalidValue | undefined {
    return this.invalidValues.get(name.toLowerCase())?.value;
  }

  /** Every invalid integer this reader met, as not-understood values of `context`. */
  invalidItems(context: string): UnknownItem[] {
    return [...this.invalidValues.values()].map(({ name, value }) => ({
      kind: 'value' as const,
      name: `${name} ${value.value} is not a valid value (${value.reason})`,
      context,
      count: 1,
      at: value.at,
    }));
  }

  bool(name: string): boolean | undefined {
    const f = this.field(name);
    return f ? asBool(f.value) : undefined;
  }

  list(name: string): string[] | undefined {
    const f = this.field(name);
    return f ? asStringArray(f.value) : undefined;
  }

  enum(name: string, map: EnumMap): string | undefined {
    const f = this.field(name);
    return f ? asEnum(f.value, map) : undefined;
  }

  /** Fields neither mapped, ignored nor plumbing. */
  unmapped(): PsField[] {
    // One pass over the names: no [name, field] pair per field and no filtered copy (hot: every record).
    const fields = this.rec.fields;
    const out: PsField[] = [];
    for (const k of Object.keys(fields)) if (!this.used.has(k) && !PLUMBING.has(k)) out.push(fields[k]);
    return out;
  }

  /** Number of fields mapped or ignored (plumbing included). */
  mappedCount(): number {
    let n = 0;
    for (const k of Object.keys(this.rec.fields)) if (this.used.has(k) || PLUMBING.has(k)) n++;
    return n;
  }
}

/** Why an exported value is no integer, or undefined when it is none at all (null, empty, lost). */
function invalidInteger(v: PsValue): { text: string; reason: string } | undefined {
  if (v === null || isLossy(v)) return undefined;
  const text = typeof v === 'number' ? String(v) : asString(v);
  if (text === undefined || text.trim() === '') return undefined;
  const n = asNumber(v);
  if (n === undefined) return { text: text.trim(), reason: /^\s*[-+]?(\d|\.\d)/.test(text) ? 'out of range' : 'not a number' };
  if (!Number.isInteger(n)) return { text: text.trim(), reason: 'not an integer' };
  return { text: text.trim(), reason: 'out of range' };
}

/** The first host-name field of a record: PSComputerName, CsName, CSName, ServerName, ComputerName. */
export function hostNameOf(rec: ObjectRecord): string | undefined {
  for (const key of ['pscomputername', 'csname', 'servername', 'computername']) {
    const f = ownEntry(rec.fields, key);
    if (!f) continue;
    const s = asText(f.value);
    if (s) return s;
  }
  return undefined;
}

/** How readInto reads a model field: as an integer, a boolean or trimmed text, by its value's type. */
type ReadKind<V> = [V] extends [number | undefined] ? 'int' : [V] extends [boolean | undefined] ? 'bool' : [V] extends [string | undefined] ? 'text' : never;

/**
 * Copy scalar properties of a record into a model object with their provenance. Each model field
 * reads the property of the same name capitalised (baseProcessorNumber <- BaseProcessorNumber)
 * unless `names` says otherwise; the reader's kind must fit the field's type, so a spec cannot
 * put text into a number. Fields the record lacks are left alone.
 */
export function readInto<T extends { at: Record<string, Loc>; invalid?: Record<string, InvalidValue> }>(
  r: FieldReader,
  target: T,
  spec: { [K in Exclude<keyof T, 'at' | 'invalid'>]?: ReadKind<T[K]> },
  names: { [K in Exclude<keyof T, 'at' | 'invalid'>]?: string } = {},
): void {
  for (const [key, kind] of Object.entries(spec) as [Exclude<keyof T, 'at' | 'invalid'> & string, 'int' | 'bool' | 'text'][]) {
    const prop = names[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
    const value = kind === 'int' ? r.int(prop) : kind === 'bool' ? r.bool(prop) : r.text(prop);
    const bad = kind === 'int' && value === undefined ? r.invalidOf(prop) : undefined;
    if (bad) (target.invalid ??= {})[key] = bad;
    if (value === undefined) continue;
    (target as Record<string, unknown>)[key] = value;
    target.at[key] = r.at(prop)!;
  }
}
