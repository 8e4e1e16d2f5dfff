/**
 * ConvertTo-Json exports (Windows PowerShell 5.1 and PowerShell 7) to format-neutral records.
 * One record per top-level object, or per item of a top-level array. CIM metadata members
 * (`CimClass`, `CimInstanceProperties`, `CimSystemProperties`) name the class and reveal what the
 * default `-Depth 2` flattened; they are not fields. Enums stay as written (5.1 writes numbers,
 * 7 names or numeric strings): the model builder maps them.
 */
import { cimClassName } from './clixml.js';
import { nestedRecords } from './nested.js';
import type { Loc, LossyItem, UnknownItem } from '../model/host.js';
import { InputError } from '../model/errors.js';
import type { ObjectRecord, ParsedFile, PsField, PsLossy, PsObject, PsValue } from '../model/records.js';
import { head } from './decode.js';
import { detached } from './detached.js';
import { CIM_METADATA_MEMBERS, cimTypeNames, parseCimClassText, type CimClassId } from './json-csv-cimclass.js';
import { isCimInstanceToString, isCollectionToString, isTypeNameToString } from './json-csv-tostring.js';
import { parseJsonDocument, type JKeep, type JLayout, type JMember, type JNode, type JPos } from './json-syntax.js';
import { keyedTable } from '../model/keyed.js';

/** The `$lossy` reason for values ConvertTo-Json wrote as text because of its depth limit. */
export const JSON_DEPTH_LOSS = 'truncated by ConvertTo-Json -Depth';

/**
 * A `CimInstanceProperties` entry `Name = value` as [name, value text], else undefined; `Name = ...`
 * or `Name = "..."` is an embedded instance. Read by hand, as /^([A-Za-z_][A-Za-z0-9_]*) = (.*)$/s
 * would (an IndirectionTable has thousands of these).
 */
function instanceEntry(text: string): [string, string] | undefined {
  // Reads stay inside the text: charCodeAt past the end gives NaN, which deoptimized this and isLetter.
  const n = text.length;
  if (n === 0) return undefined;
  const first = text.charCodeAt(0);
  if (!(isLetter(first) || first === 0x5f)) return undefined;
  let i = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) || c === 0x5f || (c >= 0x30 && c <= 0x39))) break;
    i++;
  }
  if (i + 2 >= n || text.charCodeAt(i) !== 0x20 || text.charCodeAt(i + 1) !== 0x3d || text.charCodeAt(i + 2) !== 0x20) return undefined;
  return [text.slice(0, i), text.slice(i + 3)];
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

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

/**
 * The parts of CIM metadata this mapping never reads, left unbuilt (most of a 5.1 export):
 * readCimMeta reads only `CimClassName` and `CimSystemProperties` of a `CimClass` object
 * (classObject) and only the text entries of a `CimInstanceProperties` array, and nothing else
 * reads the values of these members (fields() skips them as CIM_METADATA_MEMBERS).
 */
const KEEP: ReadonlyMap<string, JKeep> = new Map<string, JKeep>([
  ['cimclass', { members: new Set(['cimclassname', 'cimsystemproperties']) }],
  ['ciminstanceproperties', { scalarItems: true }],
]);

/** True when the text looks like ConvertTo-Json output: an object or an array of values. */
export function looksLikeJsonExport(text: string): boolean {
  const h = head(text, 256);
  if (h.startsWith('{')) return /^\{\s*(?:"|\})/.test(h);
  if (h.startsWith('[')) return /^\[\s*(?:[{["\]\-0-9]|true\b|false\b|null\b)/.test(h);
  return false;
}

/** Parse a ConvertTo-Json export; throws InputError with `file:line:col` on malformed JSON. */
export function parseJsonExport(text: string, file: string, encoding: string): ParsedFile {
  const { root, layout } = parseJsonDocument(text, file, { keep: KEEP });
  const reader = new RecordReader(file);
  const { items, pointer } = topLevelItems(root);
  // A loop, not forEach with an arrow: a closure made per file loses its optimized code at a major GC.
  for (let i = 0; i < items.length; i++) reader.topLevel(items[i], pointer === undefined ? '' : `${pointer}/${i}`);
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

/**
 * Lower-cased member names. The parser gives one string per distinct name, so a name is
 * lower-cased once per export instead of twice per member (readCimMeta, then fields). Bounded:
 * names from a hostile file cannot grow it without limit.
 */
const LOWER = new Map<string, string>();
const LOWER_MAX = 4096;

function lower(name: string): string {
  let l = LOWER.get(name);
  if (l === undefined) {
    l = name.toLowerCase();
    if (LOWER.size < LOWER_MAX) {
      const own = detached(name);
      LOWER.set(own, l === name ? own : l);
    }
  }
  return l;
}

/** The first non-empty `ServerName` text member of a `CimSystemProperties` object, if any. */
function serverNameMember(members: readonly JMember[]): JMember | undefined {
  for (const x of members) if (lower(x.key) === 'servername' && x.value.kind === 'string' && x.value.value !== '') return x;
  return undefined;
}

/** RFC 6901 escaping of one pointer segment. */
function segment(key: string): string {
  // Nearly every name needs no escaping: no regex pass (and no new string) for those.
  if (key.indexOf('~') === -1 && key.indexOf('/') === -1) return key;
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

/** The embedded names and entries of an object with no `CimInstanceProperties` list (never written to). */
const NO_EMBEDDED: Set<string> = new Set();
const NO_ENTRIES: CimMeta['entries'] = new Map();

function readCimMeta(node: JNode & { kind: 'object' }): CimMeta {
  const meta: CimMeta = { embedded: NO_EMBEDDED, entries: NO_ENTRIES };
  let fromClass: CimClassId | undefined;
  let fromSystem: Partial<CimClassId> = {};
  for (const m of node.members) {
    const key = lower(m.key);
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
          if (item.kind !== 'string') continue;
          const entry = instanceEntry(item.value);
          if (!entry) continue;
          const [name, text] = entry;
          if (text === '...' || text === '"..."') {
            if (meta.embedded === NO_EMBEDDED) meta.embedded = new Set();
            meta.embedded.add(name.toLowerCase());
          } else {
            if (meta.entries === NO_ENTRIES) meta.entries = new Map();
            meta.entries.set(lower(name), { name, text, at: item });
          }
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
    const key = lower(m.key);
    if (key === 'classname') out.className = m.value.value;
    else if (key === 'namespace') out.namespace = m.value.value;
  }
  return out;
}

/** `CimClass` as an object: 5.1 gives no class name in it; 7 and deeper exports may. */
function classObject(node: JNode & { kind: 'object' }): CimClassId | undefined {
  let id: CimClassId | undefined;
  for (const m of node.members) {
    const key = lower(m.key);
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
    const fields = this.fields(node, pointer, 1, meta, meta.id?.className, undefined);
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
   * `depth` is the nesting level of the values (1 for a record's own properties). Lossy values
   * are tallied as `owner.name` (`name` when the record has no class), where `owner` is the
   * record's class and `name` the record property they sit in (undefined: each field's own).
   */
  private fields(node: JNode & { kind: 'object' }, pointer: string, depth: number, meta: CimMeta, owner: string | undefined, name: string | undefined): Record<string, PsField> {
    const fields = keyedTable<PsField>();
    // Names met so far are the keys of `fields`, except CIM metadata members (which may add no
    // field): those are marked in `metadata`. No map of names per object.
    let metadata = 0;
    for (const m of node.members) {
      const key = lower(m.key);
      const bit = key === 'cimclass' ? 1 : key === 'ciminstanceproperties' ? 2 : key === 'cimsystemproperties' ? 4 : 0;
      if (bit === 0 ? key in fields : (metadata & bit) !== 0) {
        const earlier = node.members.find((x) => lower(x.key) === key)!;
        throw new InputError(
          this.file,
          m.keyAt.line,
          m.keyAt.col,
          `expected each property once (names are case-insensitive), but '${m.key}' repeats '${earlier.key}' at ${earlier.keyAt.line}:${earlier.keyAt.col}`,
        );
      }
      metadata |= bit;
      if (key === 'cimsystemproperties' && m.value.kind === 'object') {
        // The server a CIM instance came from may be the only host name it carries.
        const server = serverNameMember(m.value.members);
        if (server && server.value.kind === 'string') {
          const ptr = `${pointer}/${segment(m.key)}/${segment(server.key)}`;
          const at = this.loc(server.keyAt, ptr);
          fields[key] = { name: m.key, value: { $object: true, typeNames: [], fields: { servername: { name: server.key, value: server.value.value, at } } }, at };
        }
        continue;
      }
      if (CIM_METADATA_MEMBERS.has(key)) continue;
      const ptr = `${pointer}/${segment(m.key)}`;
      fields[key] = {
        name: m.key,
        value: this.value(m.value, ptr, depth, meta.embedded.has(key), owner, name ?? m.key),
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

  private value(node: JNode, pointer: string, depth: number, embedded: boolean, owner: string | undefined, name: string): PsValue {
    switch (node.kind) {
      case 'string':
        if (!node.date && this.flattenedText(node.value, depth, embedded)) {
          return this.lost(node.value, node, pointer, owner, name);
        }
        return node.value;
      case 'number':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'array': {
        // A loop, not map with an arrow: the arrow was a new closure per array, and V8 compiled
        // it again after each major GC (14 times in a 1,000-host lint).
        const items = node.items;
        const out: PsValue[] = [];
        for (let i = 0; i < items.length; i++) out.push(this.value(items[i], `${pointer}/${i}`, depth + 1, embedded, owner, name));
        return out;
      }
      case 'object': {
        const meta = readCimMeta(node);
        if (meta.flattened !== undefined) return this.lost(meta.flattened, node, pointer, owner, name);
        const obj: PsObject = {
          $object: true,
          typeNames: meta.id ? cimTypeNames(meta.id) : [],
          fields: this.fields(node, pointer, depth + 1, meta, owner, name),
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
    // Every pattern below starts with a letter or '_': numbers, GUIDs and empty text need no regex.
    // (Empty text is refused first: charCodeAt(0) of it is NaN, which deoptimized this method.)
    if (text.length === 0) return false;
    const first = text.charCodeAt(0);
    if (!(isLetter(first) || first === 0x5f)) return false;
    if (isCollectionToString(text)) return true;
    if (text.startsWith('Microsoft.Management.Infrastructure.') && isTypeNameToString(text)) return true;
    if (embedded && CIM_CLASS_TOSTRING.test(text)) return true;
    return depth >= 2 && (isTypeNameToString(text) || isCimInstanceToString(text));
  }

  private lost(text: string, at: JPos, pointer: string, owner: string | undefined, name: string): PsLossy {
    // Named only here: most fields lose nothing, and the name of their tally is never needed.
    const what = owner ? `${owner}.${name}` : name;
    const tally = this.tallies.get(what);
    if (tally) tally.count++;
    else this.tallies.set(what, { what, at: this.loc(at, pointer), count: 1, sample: text });
    return { $lossy: JSON_DEPTH_LOSS, text };
  }
}
