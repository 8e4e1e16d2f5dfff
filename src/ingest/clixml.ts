/**
 * CLIXML (`Export-Clixml`, PSSerializer) to records (MS-PSRP: https://learn.microsoft.com/openspecs/windows_protocols/ms-psrp/).
 *
 * One pass over the decoded text, `scanXml`, checks well-formedness and builds the element tree
 * (raw text and attribute values, each element with its start offset); the walk below maps the
 * MS-PSRP vocabulary to PsValues, decoding the text and giving every field its line, column and
 * element path.
 */
import { InputError } from '../model/errors.js';
import type { Loc, LossyItem, UnknownItem } from '../model/host.js';
import type { ObjectRecord, ParsedFile, PsEnum, PsField, PsLossy, PsObject, PsValue } from '../model/records.js';
import { attrOf, isBlank, scanXml, type XmlElement } from './clixml-scan.js';
import { decodeClixmlString, LineIndex, unescapePs, unescapeXml } from './clixml-text.js';
import { convertPrimitive, expectedText, OPAQUE, preferDuplicate, PRIMITIVES } from './clixml-values.js';
import { head } from './decode.js';
import { detached } from './detached.js';
import { nestedRecords } from './nested.js';
import { isCimInstanceToString, isCollectionToString, isTypeNameToString } from './json-csv-tostring.js';
import { keyedTable } from '../model/keyed.js';

/** The namespace every CLIXML root declares. */
export const CLIXML_NAMESPACE = 'http://schemas.microsoft.com/powershell/2004/04';

/** Optional XML declaration and comments, then `<Objs ... xmlns="<namespace>"`. */
const SNIFF = new RegExp(String.raw`^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<Objs\b[^>]*\bxmlns\s*=\s*(["'])${CLIXML_NAMESPACE.replace(/[.?/]/g, '\\$&')}\1`);

/** Content sniffing: an `<Objs>` root in the PowerShell serialization namespace. */
export function looksLikeClixml(text: string): boolean {
  return SNIFF.test(head(text, 1024));
}

const CONTAINERS = new Set(['LST', 'IE', 'STK', 'QUE']);
const TRUNCATED = 'truncated by Export-Clixml -Depth';
const CIM_CLASS = /^(?:Deserialized\.)?Microsoft\.Management\.Infrastructure\.CimInstance#(?:[^#]*\/)?([^/#]+)$/;
/** Get-WmiObject's twin: `System.Management.ManagementObject#root\cimv2\Win32_NetworkAdapter`. */
const WMI_CLASS = /^(?:Deserialized\.)?System\.Management\.ManagementObject#(?:[^#]*\\)?([^\\#]+)$/;

/** Marks an object whose RefId is registered but whose value is still being read (a cycle). */
const IN_PROGRESS: PsLossy = { $lossy: 'cyclic reference' };

/**
 * CIM class from the first (most derived) type name, e.g. `...CimInstance#ROOT/StandardCimv2/MSFT_X`
 * -> `MSFT_X`, or `System.Management.ManagementObject#root\cimv2\Win32_X` -> `Win32_X`.
 */
export function cimClassName(typeNames: readonly string[]): string | undefined {
  if (typeNames.length === 0) return undefined;
  return CIM_CLASS.exec(typeNames[0])?.[1] ?? WMI_CLASS.exec(typeNames[0])?.[1];
}

/**
 * CIM class per first type name (which alone decides it): every object of an export repeats a
 * handful of them. Process-wide and bounded against hostile input, with detached strings (a cached
 * slice would pin its file's text). A module-level function, not a closure per reader: V8 drops a
 * per-call closure's optimized code at a major GC, and a fleet run compiled it again each time.
 */
const CLASS_BY_FIRST_TYPE_NAME = new Map<string, string | null>();
const CLASS_CACHE_MAX = 4096;

/** cimClassName, remembered per first type name. */
function cachedCimClassName(typeNames: readonly string[]): string | undefined {
  if (typeNames.length === 0) return undefined;
  const first = typeNames[0];
  let cls = CLASS_BY_FIRST_TYPE_NAME.get(first);
  if (cls === undefined) {
    cls = cimClassName(typeNames) ?? null;
    if (CLASS_BY_FIRST_TYPE_NAME.size < CLASS_CACHE_MAX) CLASS_BY_FIRST_TYPE_NAME.set(detached(first), cls === null ? null : detached(cls));
  }
  return cls === null ? undefined : cls;
}

/** The first element child of el (where a message about unexpected structure points). */
function firstElement(el: XmlElement): XmlElement {
  for (let kid = el.first; kid !== null; kid = kid.next) if (!isText(kid)) return kid;
  return el;
}

/** An XPath-style predicate on N that survives any property name. */
function nPredicate(name: string): string {
  return name.includes("'") ? `[@N="${name.replace(/"/g, '&quot;')}"]` : `[@N='${name}']`;
}

/** Assign without letting a property called `__proto__` reach the prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isPsObject(v: PsValue | undefined): v is PsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$object' in v;
}

/** A text run or CDATA section among an element's children (where only elements belong, stray text). */
function isText(el: XmlElement): boolean {
  return el.name === '#text' || el.name === '#cdata';
}

/** A subtree passed over (`__ClassMetadata`), read later only if a Ref or TNRef points into it. */
interface Skipped {
  node: XmlElement;
  path: string;
}

class Walk {
  readonly records: ObjectRecord[] = [];
  readonly lossy: LossyItem[] = [];
  private readonly unknownByKey = new Map<string, UnknownItem>();
  private readonly lines: LineIndex;
  private readonly objRefs = new Map<string, PsValue>();
  /** Field maps of the objects already made records (a Ref or a nested copy is read once). */
  private readonly recorded = new Set<Record<string, PsField>>();
  private readonly tnRefs = new Map<string, string[]>();
  private readonly skipped: Skipped[] = [];
  /** Skipped subtrees before this index have been read. */
  private skippedRead = 0;
  /** Depth-truncated values met since the innermost field began (reported once per field). */
  private pendingTruncated = 0;
  /** Other losses; those from index `reasonsFrom` on belong to the innermost field. */
  private readonly pendingReasons: string[] = [];
  /** Class (or first type name) of the record being read, for unknown-item context. */
  private context = '';
  /** Set while reading a skipped subtree on demand: what it holds is not reported. */
  private quiet = false;
  /**
   * Field key (lower case) per property name: an export repeats a few dozen names thousands of
   * times, and the scan hands each as one string, so this saves a lower-casing per field.
   */
  private readonly keys = new Map<string, string>();

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lines = new LineIndex(text);
  }

  get unknown(): UnknownItem[] {
    return [...this.unknownByKey.values()];
  }

  private loc(el: XmlElement, pointer: string): Loc {
    const offset = el.start;
    const line = this.lines.line(offset);
    return { file: this.file, line, col: this.lines.col(offset), pointer };
  }

  private fail(el: XmlElement, detail: string): never {
    const offset = el.start;
    const line = this.lines.line(offset);
    throw new InputError(this.file, line, this.lines.col(offset), detail);
  }

  private addUnknown(name: string, context: string, at: Loc): void {
    if (this.quiet) return;
    const key = `${name}\u0000${context}`;
    const known = this.unknownByKey.get(key);
    if (known) known.count++;
    else this.unknownByKey.set(key, { kind: 'value', name, context, count: 1, at });
  }

  /** Text where only elements belong: kept as an unknown item rather than dropped. */
  private stray(node: XmlElement, parent: XmlElement, path: string): void {
    if (node.name === '#text' && isBlank(node.text)) return;
    this.addUnknown(node.name, `text inside ${path.slice(path.lastIndexOf('/') + 1)}${this.context ? ` of ${this.context}` : ''}`, this.loc(parent, path));
  }

  /** An element the CLIXML vocabulary does not have: recorded, and its value marked lossy. */
  private unknownElement(node: XmlElement, path: string): PsLossy {
    const tag = node.name;
    const n = attrOf(node, 'N');
    this.addUnknown(n !== undefined ? decodeClixmlString(n) : `<${tag}>`, `unknown CLIXML element <${tag}>${this.context ? ` in ${this.context}` : ''}`, this.loc(node, path));
    const text = this.textOf(node);
    return text === undefined ? { $lossy: `unknown CLIXML element <${tag}>` } : { $lossy: `unknown CLIXML element <${tag}>`, text: unescapePs(text) };
  }

  /** ServerName per __ClassMetadata RefId, for the Refs that stand for it in later objects. */
  private readonly classServers = new Map<string, string>();
  private readonly levelA: XmlElement[] = [];
  private readonly levelB: XmlElement[] = [];

  /** The ServerName a `__ClassMetadata` object (or a Ref to one) names, found breadth-first and shallow. */
  private classServer(node: XmlElement): string | undefined {
    const ref = attrOf(node, 'RefId');
    if (node.name === 'Ref') return ref === undefined ? undefined : this.classServers.get(ref);
    // Two arrays reused level after level (this runs for every object's class metadata).
    let level = this.levelA;
    let next = this.levelB;
    level.length = 0;
    level.push(node);
    for (let depth = 0; depth < 5 && level.length > 0; depth++) {
      next.length = 0;
      for (const n of level) {
        if (n.name === 'S' && attrOf(n, 'N') === 'ServerName') {
          const v = this.textOf(n);
          if (v !== undefined && v !== '' && ref !== undefined) this.classServers.set(ref, v);
          return v === '' ? undefined : v;
        }
        for (let k = n.first; k !== null; k = k.next) if (!isText(k)) next.push(k);
      }
      const t = level;
      level = next;
      next = t;
    }
    return undefined;
  }

  /** XML-unescaped text content, or undefined when the element has element children. */
  private textOf(node: XmlElement): string | undefined {
    if (node.first === null) return unescapeXml(node.text);
    let out = '';
    for (let kid: XmlElement | null = node.first; kid !== null; kid = kid.next) {
      if (kid.name === '#text') out += unescapeXml(kid.text);
      else if (kid.name === '#cdata') out += kid.text;
      else return undefined;
    }
    return out;
  }

  root(node: XmlElement): void {
    if (node.name !== 'Objs') this.fail(node, `expected <Objs> root element, found <${node.name}>`);
    const counts: Record<string, number> = Object.create(null);
    for (let child = node.first; child !== null; child = child.next) {
      const t = child.name;
      if (isText(child)) {
        this.stray(child, node, '/Objs');
        continue;
      }
      const i = (counts[t] = (counts[t] ?? 0) + 1);
      const path = `/Objs/${t}[${i}]`;
      this.context = '';
      if (t === 'Obj') {
        const v = this.obj(child, path, 0, true);
        if (isPsObject(v)) this.record(v, this.loc(child, path));
        else if (!Array.isArray(v)) this.addUnknown(`<${t}>`, 'top-level value that is not an object', this.loc(child, path));
      } else if (t === 'Ref') {
        const v = this.ref(child);
        if (isPsObject(v)) this.record(v, this.loc(child, path));
        else this.addUnknown('<Ref>', 'top-level value that is not an object', this.loc(child, path));
      } else {
        const v = PRIMITIVES.has(t) ? this.primitive(child, 0) : this.unknownElement(child, path);
        if (PRIMITIVES.has(t)) this.addUnknown(`<${t}>`, `top-level value that is not an object${typeof v === 'string' ? `: ${v.slice(0, 40)}` : ''}`, this.loc(child, path));
      }
    }
  }

  /**
   * A top-level object becomes a record (a top-level `<Ref>` too: the pipeline held it twice), and
   * so does every object of a mapped class inside it that is not a record already.
   */
  private record(o: PsObject, at: Loc): void {
    this.recorded.add(o.fields);
    const rec: ObjectRecord = { typeNames: o.typeNames.slice(), className: cachedCimClassName(o.typeNames), fields: o.fields, at };
    this.records.push(rec, ...nestedRecords(rec, this.recorded, cachedCimClassName));
  }

  /** Any value element: Obj, Ref, a primitive, or (unwrapped) a container. */
  private value(node: XmlElement, path: string, depth: number): PsValue {
    const tag = node.name;
    if (tag === 'Obj') return this.obj(node, path, depth, false);
    if (PRIMITIVES.has(tag)) return this.primitive(node, depth);
    if (tag === 'Ref') return this.ref(node);
    if (CONTAINERS.has(tag)) return this.list(node, path, depth, false);
    if (tag === 'DCT') {
      const fields = keyedTable<PsField>();
      this.dict(node, path, depth, fields);
      return { $object: true, typeNames: [], fields };
    }
    return this.unknownElement(node, path);
  }

  /**
   * An `<Obj>`: type names, then a primitive (wrapped or enum), a container, a dictionary, or
   * properties. With `asRecords` (a top-level Obj), the items of its list become records.
   */
  private obj(node: XmlElement, path: string, depth: number, asRecords: boolean): PsValue {
    const refId = attrOf(node, 'RefId');
    if (refId !== undefined) this.objRefs.set(refId, IN_PROGRESS);
    let typeNames: string[] = [];
    let toString: string | undefined;
    let fields: Record<string, PsField> | undefined;
    let value: PsValue | undefined;
    let hasValue = false;
    for (let child = node.first; child !== null; child = child.next) {
      const tag = child.name;
      switch (tag) {
        case '#text':
        case '#cdata':
          this.stray(child, node, path);
          break;
        case 'TN':
          typeNames = this.tn(child, `${path}/TN`);
          if (depth === 0) this.context = cachedCimClassName(typeNames) ?? typeNames[0] ?? '';
          break;
        case 'TNRef':
          typeNames = this.tnRef(child);
          if (depth === 0) this.context = cachedCimClassName(typeNames) ?? typeNames[0] ?? '';
          break;
        case 'ToString': {
          const t = this.textOf(child);
          if (t === undefined) this.fail(firstElement(child), 'expected text inside <ToString>');
          toString = unescapePs(t);
          break;
        }
        case 'Props':
        case 'MS':
          this.members(child, `${path}/${tag}`, depth, (fields ??= keyedTable()));
          break;
        case 'DCT':
          this.dict(child, `${path}/DCT`, depth, (fields ??= keyedTable()));
          break;
        default:
          if (CONTAINERS.has(tag)) {
            value = this.list(child, `${path}/${tag}`, depth, asRecords);
            hasValue = true;
          } else if (PRIMITIVES.has(tag)) {
            value = this.primitive(child, depth);
            hasValue = true;
          } else {
            this.unknownElement(child, `${path}/${tag}`);
          }
      }
    }
    let result: PsValue;
    if (typeNames.includes('System.Enum') || typeNames.includes('Deserialized.System.Enum')) {
      const e: PsEnum = { $enum: true };
      if (toString !== undefined) e.name = toString;
      if (typeof value === 'number') e.value = value;
      result = e;
    } else if (hasValue) {
      result = value as PsValue;
    } else {
      result = { $object: true, typeNames, fields: fields ?? {} };
    }
    if (refId !== undefined) this.objRefs.set(refId, result);
    return result;
  }

  /** `<Props>` (adapted) or `<MS>` (extended) members, keyed by lower-cased N. */
  private members(node: XmlElement, path: string, depth: number, fields: Record<string, PsField>): void {
    const tag = node.name;
    for (let child = node.first; child !== null; child = child.next) {
      const ct = child.name;
      if (isText(child)) {
        this.stray(child, node, path);
        continue;
      }
      const rawName = attrOf(child, 'N');
      if (rawName === undefined) this.fail(child, `expected an N attribute (the property name) on <${ct}> inside <${tag}>`);
      const name = decodeClixmlString(rawName);
      if (tag === 'MS' && name === '__ClassMetadata') {
        // CIM class schema for every instance; no property of the object. Read only on demand,
        // but for the server it came from: CimSystemProperties.ServerName, which may be the only
        // host name an object carries (its later copies are Refs to the first).
        const server = this.classServer(child);
        if (server !== undefined && fields.cimsystemproperties === undefined) {
          const at = this.loc(child, `${path}/${ct}${nPredicate(name)}`);
          fields.cimsystemproperties = { name: 'CimSystemProperties', value: { $object: true, typeNames: [], fields: { servername: { name: 'ServerName', value: server, at } } }, at };
        }
        this.skipped.push({ node: child, path: `${path}/${ct}${nPredicate(name)}` });
        continue;
      }
      this.field(fields, name, child, path + this.memberStep(ct, name), depth + 1);
    }
  }

  /** `/S[@N='Name']` per element name and property name: the same few hundred steps, made once each. */
  private readonly steps = new Map<string, Map<string, string>>();

  private memberStep(tag: string, name: string): string {
    let byName = this.steps.get(tag);
    if (byName === undefined) this.steps.set(tag, (byName = new Map()));
    let step = byName.get(name);
    if (step === undefined) byName.set(name, (step = `/${tag}${nPredicate(name)}`));
    return step;
  }

  /** The key of property `name` in a field table: its lower case, made once per distinct name. */
  private keyOf(name: string): string {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = name.toLowerCase();
      this.keys.set(name, key);
    }
    return key;
  }

  /**
   * Read one named value into fields, reporting truncated values once for the field. A second
   * property of the same name replaces the first only when it says more (preferDuplicate); what
   * the export lost in the copy that is not kept is not reported, since the kept one carries it.
   */
  private field(fields: Record<string, PsField>, name: string, node: XmlElement, pointer: string, depth: number): void {
    const at = this.loc(node, pointer);
    const outerTruncated = this.pendingTruncated;
    const reasonsFrom = this.pendingReasons.length;
    this.pendingTruncated = 0;
    const value = this.value(node, pointer, depth);
    const key = this.keyOf(name);
    // Field tables have no prototype (keyedTable), so a lookup sees own entries only.
    const prev = fields[key];
    const pick = prev !== undefined ? preferDuplicate(prev.value, value) : 'second';
    if (pick === 'second' && !this.quiet) {
      if (this.pendingTruncated > 0) {
        const n = this.pendingTruncated;
        this.lossy.push({ what: name, reason: `${TRUNCATED}: ${n === 1 ? 'a value was' : `${n} values were`} written as ToString text`, at });
      }
      for (let i = reasonsFrom; i < this.pendingReasons.length; i++) this.lossy.push({ what: name, reason: this.pendingReasons[i], at });
    }
    this.pendingReasons.length = reasonsFrom;
    this.pendingTruncated = outerTruncated;
    if (pick === 'second') setOwn(fields, key, { name, value, at });
    else if (pick === 'conflict') this.addUnknown(name, `second property of the same name${this.context ? ` in ${this.context}` : ''} (the first is kept)`, at);
  }

  /** `<LST>`, `<IE>`, `<STK>`, `<QUE>`: items in document order. */
  private list(node: XmlElement, path: string, depth: number, asRecords: boolean): PsValue[] {
    const items: PsValue[] = [];
    const counts: Record<string, number> = Object.create(null);
    for (let child = node.first; child !== null; child = child.next) {
      const ct = child.name;
      if (isText(child)) {
        this.stray(child, node, path);
        continue;
      }
      const i = (counts[ct] = (counts[ct] ?? 0) + 1);
      if (!asRecords) {
        // Only objects need the item path (their fields carry it); primitives skip the string.
        items.push(this.value(child, ct === 'Obj' || !PRIMITIVES.has(ct) ? `${path}/${ct}[${i}]` : path, depth + 1));
        continue;
      }
      const itemPath = `${path}/${ct}[${i}]`;
      this.context = '';
      const v = ct === 'Obj' ? this.obj(child, itemPath, 0, false) : this.value(child, itemPath, 0);
      if (isPsObject(v)) this.record(v, this.loc(child, itemPath));
      else this.addUnknown(`<${ct}>`, 'list item that is not an object', this.loc(child, itemPath));
      items.push(v);
    }
    return items;
  }

  /** `<DCT>` entries become fields keyed by the key's text. */
  private dict(node: XmlElement, path: string, depth: number, fields: Record<string, PsField>): void {
    let i = 0;
    for (let en = node.first; en !== null; en = en.next) {
      const et = en.name;
      if (isText(en)) {
        this.stray(en, node, path);
        continue;
      }
      if (et !== 'En') {
        this.unknownElement(en, `${path}/${et}`);
        continue;
      }
      i++;
      const enPath = `${path}/En[${i}]`;
      let key: PsValue | undefined;
      let keySeen = false;
      for (let child = en.first; child !== null; child = child.next) {
        const ct = child.name;
        if (isText(child)) {
          this.stray(child, en, enPath);
          continue;
        }
        const n = attrOf(child, 'N');
        if (n === 'Key') {
          keySeen = true;
          key = this.value(child, `${enPath}/${ct}[@N='Key']`, depth + 1);
        } else if (n === 'Value') {
          if (!keySeen) this.fail(child, 'expected the N="Key" element of this dictionary entry before its N="Value" element');
          const name = keyText(key as PsValue);
          this.field(fields, name, child, `${enPath}/${ct}[@N='Value']`, depth + 1);
        } else {
          this.unknownElement(child, `${enPath}/${ct}`);
        }
      }
      if (!keySeen) this.fail(en, 'expected an element with N="Key" in the dictionary entry <En>');
    }
  }

  /** A primitive element; S values are checked for depth truncation. */
  private primitive(node: XmlElement, depth: number): PsValue {
    const tag = node.name;
    const text = this.textOf(node);
    if (text === undefined) {
      if (OPAQUE.has(tag)) {
        const reason = `<${tag}> content is structured, not text; not read`;
        this.pendingReasons.push(reason);
        return { $lossy: reason };
      }
      return this.fail(firstElement(node), `expected text inside <${tag}>, found an element`);
    }
    const v = convertPrimitive(tag, text);
    if (v === undefined) {
      const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
      return this.fail(node, `expected ${expectedText(tag)} in <${tag}>, found '${shown}'`);
    }
    if (tag === 'S' && depth > 0 && truncatedText(v as string, depth)) {
      this.pendingTruncated++;
      return { $lossy: TRUNCATED, text: v as string };
    }
    return v;
  }

  /** `<Ref RefId="n">`: the value already read for that object RefId. */
  private ref(node: XmlElement): PsValue {
    const id = attrOf(node, 'RefId');
    if (id === undefined) this.fail(node, 'expected a RefId attribute on <Ref>');
    let v = this.objRefs.get(id);
    if (v === undefined && this.readSkipped(() => this.objRefs.has(id))) v = this.objRefs.get(id);
    if (v === undefined) this.fail(node, `expected <Ref RefId="${id}"> to name an earlier <Obj RefId="${id}">`);
    if (v === IN_PROGRESS) {
      this.pendingReasons.push(`cyclic reference to RefId ${id}, not expanded`);
      return { $lossy: 'cyclic reference', text: `RefId ${id}` };
    }
    return v;
  }

  /** `<TN RefId="k">`: declares a type-name list. */
  private tn(node: XmlElement, path: string): string[] {
    const names: string[] = [];
    for (let child = node.first; child !== null; child = child.next) {
      const ct = child.name;
      if (isText(child)) {
        this.stray(child, node, path);
        continue;
      }
      const t = ct === 'T' ? this.textOf(child) : undefined;
      if (t === undefined) this.fail(child, `expected <T>type name</T> inside <TN>, found <${ct}>`);
      names.push(unescapePs(t));
    }
    const id = attrOf(node, 'RefId');
    if (id !== undefined) this.tnRefs.set(id, names);
    return names;
  }

  /** `<TNRef RefId="k">`: a type-name list declared earlier. */
  private tnRef(node: XmlElement): string[] {
    const id = attrOf(node, 'RefId');
    if (id === undefined) this.fail(node, 'expected a RefId attribute on <TNRef>');
    let names = this.tnRefs.get(id);
    if (names === undefined && this.readSkipped(() => this.tnRefs.has(id))) names = this.tnRefs.get(id);
    if (names === undefined) this.fail(node, `expected an earlier <TN RefId="${id}"> for this <TNRef>`);
    return names;
  }

  /**
   * Read passed-over subtrees (oldest first) until `found` holds: a later Ref or TNRef may point
   * at an object or type list first written inside `__ClassMetadata`. Their findings are dropped.
   */
  private readSkipped(found: () => boolean): boolean {
    const saved = { truncated: this.pendingTruncated, reasons: this.pendingReasons.length, context: this.context, quiet: this.quiet };
    this.quiet = true;
    while (this.skippedRead < this.skipped.length && !found()) {
      const s = this.skipped[this.skippedRead++];
      this.value(s.node, s.path, 1);
    }
    this.pendingTruncated = saved.truncated;
    this.pendingReasons.length = saved.reasons;
    this.context = saved.context;
    this.quiet = saved.quiet;
    return found();
  }
}

/** Dictionary key as text: strings as they are, numbers and booleans written out. */
function keyText(key: PsValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (key === null) return '';
  if (!Array.isArray(key) && '$enum' in key) return key.name ?? String(key.value ?? '');
  if (!Array.isArray(key) && '$lossy' in key) return key.text ?? '';
  return JSON.stringify(key);
}

/**
 * Export-Clixml writes an object nested deeper than `-Depth` as its ToString text in an `<S>`.
 * Which strings are that cannot be known in general; a .NET array or collection type name is never
 * real data at any depth, and below the first level neither is another type name or the ToString
 * of an embedded CimInstance (`MSFT_NetAdapter_RssProcessor`).
 */
function truncatedText(s: string, depth: number): boolean {
  // Empty text first: charCodeAt(0) of it is NaN, a read out of bounds that deoptimized callers.
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  // Every pattern starts with S(ystem), M(icrosoft/SFT_), C(IM_) or W(in32_).
  if (c !== 83 && c !== 77 && c !== 67 && c !== 87) return false;
  if (isCollectionToString(s)) return true;
  return depth >= 2 && (isTypeNameToString(s) || isCimInstanceToString(s));
}

/**
 * The PowerShell version the encoding implies. Export-Clixml's default encoding is the only trace
 * of the version in the bytes: Windows PowerShell 5.1 writes UTF-16LE with a BOM ("Unicode"),
 * PowerShell 7 writes UTF-8 without one. An explicit -Encoding, or an editor re-saving the file,
 * breaks that link, so any other encoding says nothing.
 */
function psVersionOf(encoding: string): string | undefined {
  if (encoding === 'utf-16le-bom') return '5.1';
  if (encoding === 'utf-8') return '7';
  return undefined;
}

/** Parse decoded CLIXML text into one record per top-level object. Throws InputError. */
export function parseClixml(text: string, file: string, encoding: string): ParsedFile {
  const root = scanXml(text, file);
  const walk = new Walk(text, file);
  walk.root(root);
  const parsed: ParsedFile = {
    file,
    format: 'clixml',
    encoding,
    objects: walk.records,
    regKeys: [],
    lossy: walk.lossy,
    unknown: walk.unknown,
  };
  const psVersion = psVersionOf(encoding);
  if (psVersion !== undefined) parsed.psVersion = psVersion;
  return parsed;
}
