/**
 * ORACLE, not product code: the ConvertTo-Json mapping as it was before it was made faster
 * (json.ts at 7118345, over the old parser), kept so differential tests can show the new one
 * gives the same records, positions, lossy and not-understood items and errors.
 */
import { cimClassName } from '../../../src/ingest/clixml.js';
import { nestedRecords } from '../../../src/ingest/nested.js';
import type { Loc, LossyItem, UnknownItem } from '../../../src/model/host.js';
import { InputError } from '../../../src/model/errors.js';
import type { ObjectRecord, ParsedFile, PsField, PsLossy, PsObject, PsValue } from '../../../src/model/records.js';
import { head } from '../../../src/ingest/decode.js';
import { CIM_METADATA_MEMBERS, cimTypeNames, parseCimClassText, type CimClassId } from '../../../src/ingest/json-csv-cimclass.js';
import { isCimInstanceToString, isCollectionToString, isTypeNameToString } from '../../../src/ingest/json-csv-tostring.js';
import { parseJsonDocument, type JLayout, type JMember, type JNode, type JPos } from './json-syntax-v1.js';
import { keyedTable } from '../../../src/model/keyed.js';

/** The `$lossy` reason for values ConvertTo-Json wrote as text because of its depth limit. */
export const JSON_DEPTH_LOSS = 'truncated by ConvertTo-Json -Depth';

/** A `CimInstanceProperties` entry for an embedded instance: `Name = ...` or `Name = "..."`. */
const EMBEDDED_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*) = (?:\.\.\.|"\.\.\.")$/;

/** Any `CimInstanceProperties` entry: `Name = value`. */
const INSTANCE_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*) = (.*)$/s;

/**
 * The value of a `CimInstanceProperties` entry's text: `"text"` is a string, digits a number,
 * True/False a boolean, `{a, b}` a list; anything else stays the text as written.
 */
function instanceEntryValue(text: string): PsValue {
  if (text === '') return null;
  if (/^".*"$/s.test(text)) return text.slice(1, -1);
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : text;
  if (text === 'True' || text === 'False') return text === 'True';
  if (/^\{.*\}$/s.test(text)) {
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(', ').map((t) => instanceEntryValue(t.trim()));
  }
  return text;
}

/** A CIM class name (`Schema_Class`), alone or with ToString's caption or key suffix. */
const CIM_CLASS_TOSTRING = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+(?:(?::| \().*)?$/s;

/** True when the text looks like ConvertTo-Json output: an object or an array of values. */
export function looksLikeJsonExport(text: string): boolean {
  const h = head(text, 256);
  if (h.startsWith('{')) return /^\{\s*(?:"|\})/.test(h);
  if (h.startsWith('[')) return /^\[\s*(?:[{["\]\-0-9]|true\b|false\b|null\b)/.test(h);
  return false;
}

/** Parse a ConvertTo-Json export; throws InputError with `file:line:col` on malformed JSON. */
export function parseJsonExport(text: string, file: string, encoding: string): ParsedFile {
  const { root, layout } = parseJsonDocument(text, file);
  const reader = new RecordReader(file);
  const { items, pointer } = topLevelItems(root);
  items.forEach((item, i) => reader.topLevel(item, pointer === undefined ? '' : `${pointer}/${i}`));
  const parsed: ParsedFile = {
    file,
    format: 'json',
    encoding,
    objects: reader.objects,
    regKeys: [],
    lossy: reader.lossy,
    unknown: reader.unknown,
  };
  const psVersion = psVersionOf(layout);
  if (psVersion) parsed.psVersion = psVersion;
  return parsed;
}

/**
 * The values that become records. A top-level array gives one per item. 5.1 wraps an array that
 * carries extended properties as `{"value": [...], "Count": n}`; that wrapper is unwrapped.
 */
function topLevelItems(root: JNode): { items: JNode[]; pointer?: string } {
  if (root.kind === 'array') return { items: root.items, pointer: '' };
  if (root.kind === 'object' && root.members.length === 2) {
    const value = root.members.find((m) => m.key === 'value');
    const count = root.members.find((m) => m.key === 'Count');
    if (value?.value.kind === 'array' && count?.value.kind === 'number' && count.value.value === value.value.items.length) {
      return { items: value.value.items, pointer: '/value' };
    }
  }
  return { items: [root] };
}

/** 5.1 pads colons with two spaces and writes `\/Date()\/`; Newtonsoft (6+) uses one space. */
function psVersionOf(layout: JLayout): string | undefined {
  if (layout.msDates > 0) return '5.1';
  if (layout.twoSpaceColons > layout.oneSpaceColons) return '5.1';
  if (layout.oneSpaceColons > 0) return '7';
  return undefined;
}

/** RFC 6901 escaping of one pointer segment. */
function segment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What the CIM metadata members of one object say. */
interface CimMeta {
  id?: CimClassId;
  /** 5.1 depth truncation: the whole instance became one `CimInstanceProperties` string. */
  flattened?: string;
  /** Lower-cased names of properties `CimInstanceProperties` lists as embedded instances. */
  embedded: Set<string>;
  /**
   * `CimInstanceProperties` entries by lower-cased name. A nested CIM instance may carry its
   * values only here (PowerShell shows just the three CIM members for it), so they are read
   * where no member of the same name exists.
   */
  entries: Map<string, { name: string; text: string; at: JNode }>;
}

function readCimMeta(node: JNode & { kind: 'object' }): CimMeta {
  const meta: CimMeta = { embedded: new Set(), entries: new Map() };
  let fromClass: CimClassId | undefined;
  let fromSystem: Partial<CimClassId> = {};
  for (const m of node.members) {
    const key = m.key.toLowerCase();
    const v = m.value;
    if (key === 'cimsystemproperties' && v.kind === 'object') {
      fromSystem = systemProperties(v);
    } else if (key === 'cimclass') {
      if (v.kind === 'string') fromClass = parseCimClassText(v.value);
      else if (v.kind === 'object') fromClass = classObject(v);
    } else if (key === 'ciminstanceproperties') {
      if (v.kind === 'string') meta.flattened = v.value;
      else if (v.kind === 'array') {
        for (const item of v.items) {
          const e = item.kind === 'string' ? EMBEDDED_ENTRY.exec(item.value) : null;
          if (e) meta.embedded.add(e[1].toLowerCase());
          const entry = item.kind === 'string' ? INSTANCE_ENTRY.exec(item.value) : null;
          if (entry && !e) meta.entries.set(entry[1].toLowerCase(), { name: entry[1], text: entry[2], at: item });
        }
      }
    }
  }
  const className = fromSystem.className ?? fromClass?.className;
  if (className) {
    const namespace = fromSystem.namespace ?? fromClass?.namespace;
    meta.id = namespace ? { className, namespace } : { className };
  }
  return meta;
}

/** `CimSystemProperties` as an object: `Namespace`, `ServerName`, `ClassName`, `Path`. */
function systemProperties(node: JNode & { kind: 'object' }): Partial<CimClassId> {
  const out: Partial<CimClassId> = {};
  for (const m of node.members) {
    if (m.value.kind !== 'string' || m.value.value === '') continue;
    const key = m.key.toLowerCase();
    if (key === 'classname') out.className = m.value.value;
    else if (key === 'namespace') out.namespace = m.value.value;
  }
  return out;
}

/** `CimClass` as an object: 5.1 gives no class name in it; 7 and deeper exports may. */
function classObject(node: JNode & { kind: 'object' }): CimClassId | undefined {
  let id: CimClassId | undefined;
  for (const m of node.members) {
    const key = m.key.toLowerCase();
    if (key === 'cimclassname' && m.value.kind === 'string') {
      id = parseCimClassText(m.value.value) ?? id;
    } else if (key === 'cimsystemproperties' && m.value.kind === 'object') {
      const sys = systemProperties(m.value);
      if (sys.className) return sys.namespace ? { className: sys.className, namespace: sys.namespace } : { className: sys.className };
    }
  }
  return id;
}

/** Lossy values found under one top-level field, reported once per field. */
interface LossyTally {
  what: string;
  at: Loc;
  count: number;
  sample: string;
}

class RecordReader {
  readonly objects: ObjectRecord[] = [];
  /** Field maps already made records (nested objects are read once). */
  private readonly recorded = new Set<Record<string, PsField>>();
  readonly lossy: LossyItem[] = [];
  readonly unknown: UnknownItem[] = [];
  private tallies = new Map<string, LossyTally>();

  constructor(private readonly file: string) {}

  private loc(at: JPos, pointer: string): Loc {
    return { file: this.file, line: at.line, col: at.col, pointer };
  }

  topLevel(node: JNode, pointer: string): void {
    if (node.kind !== 'object') {
      this.unknown.push({
        kind: 'value',
        name: node.kind,
        context: 'top-level JSON value (expected an object)',
        count: 1,
        at: this.loc(node, pointer),
      });
      return;
    }
    const meta = readCimMeta(node);
    this.tallies = new Map();
    const owner = meta.id?.className;
    const fields = this.fields(node, pointer, 1, meta, (name) => (owner ? `${owner}.${name}` : name));
    const record: ObjectRecord = {
      typeNames: meta.id ? cimTypeNames(meta.id) : [],
      fields,
      at: this.loc(node, pointer),
    };
    if (meta.id) record.className = meta.id.className;
    // Known classes nested anywhere in the object (Get-NetIPConfiguration's NetAdapter) are read too.
    this.objects.push(record, ...nestedRecords(record, this.recorded, cimClassName));
    for (const t of this.tallies.values()) {
      this.lossy.push({
        what: t.what,
        reason: `${JSON_DEPTH_LOSS}: ${t.count} value${t.count === 1 ? '' : 's'} written as text, e.g. ${JSON.stringify(t.sample)}; export again with -Depth 4 or more`,
        at: t.at,
      });
    }
  }

  /**
   * Fields of an object, keyed by lower-cased name, without the CIM metadata members.
   * `depth` is the nesting level of the values (1 for a record's own properties).
   */
  private fields(
    node: JNode & { kind: 'object' },
    pointer: string,
    depth: number,
    meta: CimMeta,
    tallyKey: (name: string) => string,
  ): Record<string, PsField> {
    const fields = keyedTable<PsField>();
    const seen = new Map<string, JMember>();
    for (const m of node.members) {
      const key = m.key.toLowerCase();
      const earlier = seen.get(key);
      if (earlier) {
        throw new InputError(
          this.file,
          m.keyAt.line,
          m.keyAt.col,
          `expected each property once (names are case-insensitive), but '${m.key}' repeats '${earlier.key}' at ${earlier.keyAt.line}:${earlier.keyAt.col}`,
        );
      }
      seen.set(key, m);
      if (key === 'cimsystemproperties' && m.value.kind === 'object') {
        // The server a CIM instance came from may be the only host name it carries.
        const server = m.value.members.find((x) => x.key.toLowerCase() === 'servername' && x.value.kind === 'string' && x.value.value !== '');
        if (server && server.value.kind === 'string') {
          const ptr = `${pointer}/${segment(m.key)}/${segment(server.key)}`;
          const at = this.loc(server.keyAt, ptr);
          fields[key] = { name: m.key, value: { $object: true, typeNames: [], fields: { servername: { name: server.key, value: server.value.value, at } } }, at };
        }
        continue;
      }
      if (CIM_METADATA_MEMBERS.has(key)) continue;
      const ptr = `${pointer}/${segment(m.key)}`;
      const what = tallyKey(m.key);
      fields[key] = {
        name: m.key,
        value: this.value(m.value, ptr, depth, meta.embedded.has(key), what),
        at: this.loc(m.keyAt, ptr),
      };
    }
    if (depth >= 2) {
      for (const [key, e] of meta.entries) {
        if (key in fields) continue;
        fields[key] = { name: e.name, value: instanceEntryValue(e.text), at: this.loc(e.at, `${pointer}/CimInstanceProperties`) };
      }
    }
    return fields;
  }

  private value(node: JNode, pointer: string, depth: number, embedded: boolean, what: string): PsValue {
    switch (node.kind) {
      case 'string':
        if (!node.date && this.flattenedText(node.value, depth, embedded)) {
          return this.lost(node.value, node, pointer, what);
        }
        return node.value;
      case 'number':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'array':
        return node.items.map((item, i) => this.value(item, `${pointer}/${i}`, depth + 1, embedded, what));
      case 'object': {
        const meta = readCimMeta(node);
        if (meta.flattened !== undefined) return this.lost(meta.flattened, node, pointer, what);
        const obj: PsObject = {
          $object: true,
          typeNames: meta.id ? cimTypeNames(meta.id) : [],
          fields: this.fields(node, pointer, depth + 1, meta, () => what),
        };
        return obj;
      }
    }
  }

  /**
   * Whether a string stands in for a value that was not serialised. Type names of collections
   * are never real values; class-name text is judged only below the first level, or where
   * `CimInstanceProperties` said an embedded instance lives, so ordinary strings are kept.
   */
  private flattenedText(text: string, depth: number, embedded: boolean): boolean {
    if (isCollectionToString(text)) return true;
    if (text.startsWith('Microsoft.Management.Infrastructure.') && isTypeNameToString(text)) return true;
    if (embedded && CIM_CLASS_TOSTRING.test(text)) return true;
    return depth >= 2 && (isTypeNameToString(text) || isCimInstanceToString(text));
  }

  private lost(text: string, at: JPos, pointer: string, what: string): PsLossy {
    const tally = this.tallies.get(what);
    if (tally) tally.count++;
    else this.tallies.set(what, { what, at: this.loc(at, pointer), count: 1, sample: text });
    return { $lossy: JSON_DEPTH_LOSS, text };
  }
}
