/**
 * CLIXML (`Export-Clixml`, PSSerializer) to records (formats.md section 2).
 *
 * Three passes over the decoded text: `scanXml` checks well-formedness and notes where every
 * element starts; fast-xml-parser builds the ordered tree, configured so it changes nothing
 * (attributes kept, no value parsing, no trimming, no entity expansion); the walk below maps the
 * MS-PSRP vocabulary to PsValues, giving every field its line, column and element path.
 */
import { XMLParser } from 'fast-xml-parser';
import { InputError } from '../model/errors.js';
import type { Loc, LossyItem, UnknownItem } from '../model/host.js';
import type { ObjectRecord, ParsedFile, PsEnum, PsField, PsLossy, PsObject, PsValue } from '../model/records.js';
import { MAX_DEPTH, scanXml, type XmlIndex } from './clixml-scan.js';
import { decodeClixmlString, LineIndex, unescapePs, unescapeXml } from './clixml-text.js';
import { convertPrimitive, expectedText, OPAQUE, preferDuplicate, PRIMITIVES } from './clixml-values.js';
import { head } from './decode.js';
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

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/**
 * fast-xml-parser's defaults would drop attributes, turn `<S>0007</S>` into 7, trim strings and
 * expand entities; every option that matters is spelled out. Positions come from the scan, which
 * has to run anyway, so `captureMetaData` would be paid twice (bench/clixml.bench.ts measures it).
 */
export const FXP_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: false as const,
  captureMetaData: false,
  jPath: false,
  // Whitespace between elements means nothing in CLIXML: dropping it (never a leaf's text, so
  // `<S>  </S>` keeps its spaces) halves the nodes built and walked.
  tagValueProcessor: (_tag: string, value: string, _path: unknown, _hasAttributes: boolean, isLeaf: boolean): string | undefined =>
    !isLeaf && isBlank(value) ? '' : undefined,
  maxNestedTags: MAX_DEPTH + 1,
};

const parser = new XMLParser(FXP_OPTIONS);

/** One node of fast-xml-parser's ordered output: `{ [tag]: children, ':@'?: attributes }`. */
type XNode = Record<string, unknown>;
type Attrs = Record<string, string>;

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

function tagOf(node: XNode): string {
  // The tag is always the first key; ':@' (attributes) follows it.
  for (const key in node) return key;
  return '';
}

function attrsOf(node: XNode): Attrs | undefined {
  return node[':@'] as Attrs | undefined;
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

function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

function isPsObject(v: PsValue | undefined): v is PsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$object' in v;
}

/** A subtree passed over (`__ClassMetadata`), read later only if a Ref or TNRef points into it. */
interface Skipped {
  node: XNode;
  k: number;
  path: string;
}

class Walk {
  readonly records: ObjectRecord[] = [];
  readonly lossy: LossyItem[] = [];
  private readonly unknownByKey = new Map<string, UnknownItem>();
  private readonly lines: LineIndex;
  private readonly starts: number[];
  private readonly ends: number[];
  /** Pre-order index of the next element the walk meets; kept in step with the scan's index. */
  private k = 0;
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

  constructor(
    private readonly text: string,
    private readonly file: string,
    index: XmlIndex,
  ) {
    this.lines = new LineIndex(text);
    this.starts = index.starts;
    this.ends = index.ends;
  }

  get unknown(): UnknownItem[] {
    return [...this.unknownByKey.values()];
  }

  private loc(k: number, pointer: string): Loc {
    const offset = this.starts[k];
    const line = this.lines.line(offset);
    return { file: this.file, line, col: this.lines.col(offset), pointer };
  }

  private fail(k: number, detail: string): never {
    const offset = this.starts[k];
    const line = this.lines.line(offset);
    throw new InputError(this.file, line, this.lines.col(offset), detail);
  }

  /** Step onto an element: its pre-order index. Guards the scan/tree pairing the positions rely on. */
  private enter(tag: string): number {
    const k = this.k++;
    const start = this.starts[k];
    // fast-xml-parser renames a few names (toString -> __toString); the scan saw the original.
    if (start === undefined || !(this.text.startsWith(tag, start + 1) || (tag.startsWith('__') && this.text.startsWith(tag.slice(2), start + 1)))) {
      throw new Error(`clixml: scan and tree disagree at element ${k} <${tag}>`);
    }
    return k;
  }

  /** Leave element k, skipping whatever of its subtree was not walked. */
  private leave(k: number): void {
    this.k = this.ends[k];
  }

  private addUnknown(name: string, context: string, at: Loc): void {
    if (this.quiet) return;
    const key = `${name}\u0000${context}`;
    const known = this.unknownByKey.get(key);
    if (known) known.count++;
    else this.unknownByKey.set(key, { kind: 'value', name, context, count: 1, at });
  }

  /** Text where only elements belong: kept as an unknown item rather than dropped. */
  private stray(node: XNode, tag: string, parentK: number, path: string): void {
    if (tag === '#text' && isBlank(node['#text'] as string)) return;
    this.addUnknown(tag, `text inside ${path.slice(path.lastIndexOf('/') + 1)}${this.context ? ` of ${this.context}` : ''}`, this.loc(parentK, path));
  }

  /** An element the CLIXML vocabulary does not have: recorded, and its value marked lossy. */
  private unknownElement(node: XNode, tag: string, path: string): PsLossy {
    const k = this.enter(tag);
    this.leave(k);
    const n = attrsOf(node)?.N;
    this.addUnknown(n !== undefined ? decodeClixmlString(n) : `<${tag}>`, `unknown CLIXML element <${tag}>${this.context ? ` in ${this.context}` : ''}`, this.loc(k, path));
    const text = this.textOf(node, tag);
    return text === undefined ? { $lossy: `unknown CLIXML element <${tag}>` } : { $lossy: `unknown CLIXML element <${tag}>`, text: unescapePs(text) };
  }

  /** ServerName per __ClassMetadata RefId, for the Refs that stand for it in later objects. */
  private readonly classServers = new Map<string, string>();

  /** The ServerName a `__ClassMetadata` object (or a Ref to one) names, found breadth-first and shallow. */
  private classServer(node: XNode, tag: string): string | undefined {
    const ref = attrsOf(node)?.RefId;
    if (tag === 'Ref') return ref === undefined ? undefined : this.classServers.get(ref);
    let level: XNode[] = [node];
    for (let depth = 0; depth < 5 && level.length > 0; depth++) {
      const next: XNode[] = [];
      for (const n of level) {
        const t = tagOf(n);
        if (t === 'S' && attrsOf(n)?.N === 'ServerName') {
          const v = this.textOf(n, t);
          if (v !== undefined && v !== '' && ref !== undefined) this.classServers.set(ref, v);
          return v === '' ? undefined : v;
        }
        const kids = n[t];
        if (Array.isArray(kids)) for (const k of kids as XNode[]) if (typeof k === 'object' && k !== null && !('#text' in k)) next.push(k);
      }
      level = next;
    }
    return undefined;
  }

  /** XML-unescaped text content, or undefined when the element has element children. */
  private textOf(node: XNode, tag: string): string | undefined {
    const kids = node[tag] as XNode[];
    if (kids.length === 0) return '';
    if (kids.length === 1 && '#text' in kids[0]) return unescapeXml(kids[0]['#text'] as string);
    let out = '';
    for (const kid of kids) {
      const t = tagOf(kid);
      if (t === '#text') out += unescapeXml(kid['#text'] as string);
      else if (t === '#cdata') out += ((kid['#cdata'] as XNode[])[0]?.['#text'] as string | undefined) ?? '';
      else return undefined;
    }
    return out;
  }

  root(tree: XNode[]): void {
    const node = tree.find((n) => {
      const t = tagOf(n);
      return t !== '#text' && t !== '#cdata';
    });
    const tag = node ? tagOf(node) : '';
    if (!node || tag !== 'Objs') this.fail(0, `expected <Objs> root element, found <${tag}>`);
    const k = this.enter(tag);
    const counts: Record<string, number> = Object.create(null);
    for (const child of node.Objs as XNode[]) {
      const t = tagOf(child);
      if (t === '#text' || t === '#cdata') {
        this.stray(child, t, k, '/Objs');
        continue;
      }
      const i = (counts[t] = (counts[t] ?? 0) + 1);
      const path = `/Objs/${t}[${i}]`;
      const ck = this.k;
      this.context = '';
      if (t === 'Obj') {
        const v = this.obj(child, path, 0, true);
        if (isPsObject(v)) this.record(v, this.loc(ck, path));
        else if (!Array.isArray(v)) this.addUnknown(`<${t}>`, 'top-level value that is not an object', this.loc(ck, path));
      } else if (t === 'Ref') {
        const v = this.ref(child);
        if (isPsObject(v)) this.record(v, this.loc(ck, path));
        else this.addUnknown('<Ref>', 'top-level value that is not an object', this.loc(ck, path));
      } else {
        const v = PRIMITIVES.has(t) ? this.primitive(child, t, 0) : this.unknownElement(child, t, path);
        if (PRIMITIVES.has(t)) this.addUnknown(`<${t}>`, `top-level value that is not an object${typeof v === 'string' ? `: ${v.slice(0, 40)}` : ''}`, this.loc(ck, path));
      }
    }
    this.leave(k);
  }

  /**
   * A top-level object becomes a record (a top-level `<Ref>` too: the pipeline held it twice), and
   * so does every object of a mapped class inside it that is not a record already.
   */
  private record(o: PsObject, at: Loc): void {
    this.recorded.add(o.fields);
    const rec: ObjectRecord = { typeNames: o.typeNames.slice(), className: cimClassName(o.typeNames), fields: o.fields, at };
    this.records.push(rec, ...nestedRecords(rec, this.recorded, cimClassName));
  }

  /** Any value element: Obj, Ref, a primitive, or (unwrapped) a container. */
  private value(node: XNode, tag: string, path: string, depth: number): PsValue {
    if (tag === 'Obj') return this.obj(node, path, depth, false);
    if (PRIMITIVES.has(tag)) return this.primitive(node, tag, depth);
    if (tag === 'Ref') return this.ref(node);
    if (CONTAINERS.has(tag)) return this.list(node, tag, path, depth, false);
    if (tag === 'DCT') {
      const fields = keyedTable<PsField>();
      this.dict(node, path, depth, fields);
      return { $object: true, typeNames: [], fields };
    }
    return this.unknownElement(node, tag, path);
  }

  /**
   * An `<Obj>`: type names, then a primitive (wrapped or enum), a container, a dictionary, or
   * properties. With `asRecords` (a top-level Obj), the items of its list become records.
   */
  private obj(node: XNode, path: string, depth: number, asRecords: boolean): PsValue {
    const k = this.enter('Obj');
    const refId = attrsOf(node)?.RefId;
    if (refId !== undefined) this.objRefs.set(refId, IN_PROGRESS);
    let typeNames: string[] = [];
    let toString: string | undefined;
    let fields: Record<string, PsField> | undefined;
    let value: PsValue | undefined;
    let hasValue = false;
    for (const child of node.Obj as XNode[]) {
      const tag = tagOf(child);
      switch (tag) {
        case '#text':
        case '#cdata':
          this.stray(child, tag, k, path);
          break;
        case 'TN':
          typeNames = this.tn(child, `${path}/TN`);
          if (depth === 0) this.context = cimClassName(typeNames) ?? typeNames[0] ?? '';
          break;
        case 'TNRef':
          typeNames = this.tnRef(child);
          if (depth === 0) this.context = cimClassName(typeNames) ?? typeNames[0] ?? '';
          break;
        case 'ToString': {
          const ck = this.enter(tag);
          const t = this.textOf(child, tag);
          if (t === undefined) this.fail(ck + 1, 'expected text inside <ToString>');
          toString = unescapePs(t);
          this.leave(ck);
          break;
        }
        case 'Props':
        case 'MS':
          this.members(child, tag, `${path}/${tag}`, depth, (fields ??= keyedTable()));
          break;
        case 'DCT':
          this.dict(child, `${path}/DCT`, depth, (fields ??= keyedTable()));
          break;
        default:
          if (CONTAINERS.has(tag)) {
            value = this.list(child, tag, `${path}/${tag}`, depth, asRecords);
            hasValue = true;
          } else if (PRIMITIVES.has(tag)) {
            value = this.primitive(child, tag, depth);
            hasValue = true;
          } else {
            this.unknownElement(child, tag, `${path}/${tag}`);
          }
      }
    }
    this.leave(k);
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
  private members(node: XNode, tag: string, path: string, depth: number, fields: Record<string, PsField>): void {
    const k = this.enter(tag);
    for (const child of node[tag] as XNode[]) {
      const ct = tagOf(child);
      if (ct === '#text' || ct === '#cdata') {
        this.stray(child, ct, k, path);
        continue;
      }
      const rawName = attrsOf(child)?.N;
      if (rawName === undefined) this.fail(this.k, `expected an N attribute (the property name) on <${ct}> inside <${tag}>`);
      const name = decodeClixmlString(rawName);
      if (tag === 'MS' && name === '__ClassMetadata') {
        // CIM class schema for every instance; no property of the object. Read only on demand,
        // but for the server it came from: CimSystemProperties.ServerName, which may be the only
        // host name an object carries (its later copies are Refs to the first).
        const server = this.classServer(child, ct);
        if (server !== undefined && fields.cimsystemproperties === undefined) {
          const at = this.loc(this.k, `${path}/${ct}${nPredicate(name)}`);
          fields.cimsystemproperties = { name: 'CimSystemProperties', value: { $object: true, typeNames: [], fields: { servername: { name: 'ServerName', value: server, at } } }, at };
        }
        const ck = this.k;
        this.skipped.push({ node: child, k: ck, path: `${path}/${ct}${nPredicate(name)}` });
        this.k = this.ends[ck];
        continue;
      }
      const pointer = `${path}/${ct}${nPredicate(name)}`;
      this.field(fields, name, child, ct, pointer, depth + 1);
    }
    this.leave(k);
  }

  /**
   * Read one named value into fields, reporting truncated values once for the field. A second
   * property of the same name replaces the first only when it says more (preferDuplicate); what
   * the export lost in the copy that is not kept is not reported, since the kept one carries it.
   */
  private field(fields: Record<string, PsField>, name: string, node: XNode, tag: string, pointer: string, depth: number): void {
    const at = this.loc(this.k, pointer);
    const outerTruncated = this.pendingTruncated;
    const reasonsFrom = this.pendingReasons.length;
    this.pendingTruncated = 0;
    const value = this.value(node, tag, pointer, depth);
    const key = name.toLowerCase();
    const pick = hasOwn(fields, key) ? preferDuplicate(fields[key].value, value) : 'second';
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
  private list(node: XNode, tag: string, path: string, depth: number, asRecords: boolean): PsValue[] {
    const k = this.enter(tag);
    const items: PsValue[] = [];
    const counts: Record<string, number> = Object.create(null);
    for (const child of node[tag] as XNode[]) {
      const ct = tagOf(child);
      if (ct === '#text' || ct === '#cdata') {
        this.stray(child, ct, k, path);
        continue;
      }
      const i = (counts[ct] = (counts[ct] ?? 0) + 1);
      if (!asRecords) {
        // Only objects need the item path (their fields carry it); primitives skip the string.
        items.push(this.value(child, ct, ct === 'Obj' || !PRIMITIVES.has(ct) ? `${path}/${ct}[${i}]` : path, depth + 1));
        continue;
      }
      const ck = this.k;
      const itemPath = `${path}/${ct}[${i}]`;
      this.context = '';
      const v = ct === 'Obj' ? this.obj(child, itemPath, 0, false) : this.value(child, ct, itemPath, 0);
      if (isPsObject(v)) this.record(v, this.loc(ck, itemPath));
      else this.addUnknown(`<${ct}>`, 'list item that is not an object', this.loc(ck, itemPath));
      items.push(v);
    }
    this.leave(k);
    return items;
  }

  /** `<DCT>` entries become fields keyed by the key's text. */
  private dict(node: XNode, path: string, depth: number, fields: Record<string, PsField>): void {
    const k = this.enter('DCT');
    let i = 0;
    for (const en of node.DCT as XNode[]) {
      const et = tagOf(en);
      if (et === '#text' || et === '#cdata') {
        this.stray(en, et, k, path);
        continue;
      }
      if (et !== 'En') {
        this.unknownElement(en, et, `${path}/${et}`);
        continue;
      }
      i++;
      const enPath = `${path}/En[${i}]`;
      const ek = this.enter('En');
      let key: PsValue | undefined;
      let keyK = -1;
      for (const child of en.En as XNode[]) {
        const ct = tagOf(child);
        if (ct === '#text' || ct === '#cdata') {
          this.stray(child, ct, ek, enPath);
          continue;
        }
        const n = attrsOf(child)?.N;
        if (n === 'Key') {
          keyK = this.k;
          key = this.value(child, ct, `${enPath}/${ct}[@N='Key']`, depth + 1);
        } else if (n === 'Value') {
          if (keyK === -1) this.fail(this.k, 'expected the N="Key" element of this dictionary entry before its N="Value" element');
          const name = keyText(key as PsValue);
          this.field(fields, name, child, ct, `${enPath}/${ct}[@N='Value']`, depth + 1);
        } else {
          this.unknownElement(child, ct, `${enPath}/${ct}`);
        }
      }
      if (keyK === -1) this.fail(ek, 'expected an element with N="Key" in the dictionary entry <En>');
      this.leave(ek);
    }
    this.leave(k);
  }

  /** A primitive element; S values are checked for depth truncation. */
  private primitive(node: XNode, tag: string, depth: number): PsValue {
    const k = this.enter(tag);
    const text = this.textOf(node, tag);
    this.leave(k);
    if (text === undefined) {
      if (OPAQUE.has(tag)) {
        const reason = `<${tag}> content is structured, not text; not read`;
        this.pendingReasons.push(reason);
        return { $lossy: reason };
      }
      return this.fail(k + 1, `expected text inside <${tag}>, found an element`);
    }
    const v = convertPrimitive(tag, text);
    if (v === undefined) {
      const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
      return this.fail(k, `expected ${expectedText(tag)} in <${tag}>, found '${shown}'`);
    }
    if (tag === 'S' && depth > 0 && truncatedText(v as string, depth)) {
      this.pendingTruncated++;
      return { $lossy: TRUNCATED, text: v as string };
    }
    return v;
  }

  /** `<Ref RefId="n">`: the value already read for that object RefId. */
  private ref(node: XNode): PsValue {
    const k = this.enter('Ref');
    this.leave(k);
    const id = attrsOf(node)?.RefId;
    if (id === undefined) this.fail(k, 'expected a RefId attribute on <Ref>');
    let v = this.objRefs.get(id);
    if (v === undefined && this.readSkipped(() => this.objRefs.has(id))) v = this.objRefs.get(id);
    if (v === undefined) this.fail(k, `expected <Ref RefId="${id}"> to name an earlier <Obj RefId="${id}">`);
    if (v === IN_PROGRESS) {
      this.pendingReasons.push(`cyclic reference to RefId ${id}, not expanded`);
      return { $lossy: 'cyclic reference', text: `RefId ${id}` };
    }
    return v;
  }

  /** `<TN RefId="k">`: declares a type-name list. */
  private tn(node: XNode, path: string): string[] {
    const k = this.enter('TN');
    const names: string[] = [];
    for (const child of node.TN as XNode[]) {
      const ct = tagOf(child);
      if (ct === '#text' || ct === '#cdata') {
        this.stray(child, ct, k, path);
        continue;
      }
      const ck = this.enter(ct);
      const t = ct === 'T' ? this.textOf(child, ct) : undefined;
      if (t === undefined) this.fail(ck, `expected <T>type name</T> inside <TN>, found <${ct}>`);
      names.push(unescapePs(t));
      this.leave(ck);
    }
    this.leave(k);
    const id = attrsOf(node)?.RefId;
    if (id !== undefined) this.tnRefs.set(id, names);
    return names;
  }

  /** `<TNRef RefId="k">`: a type-name list declared earlier. */
  private tnRef(node: XNode): string[] {
    const k = this.enter('TNRef');
    this.leave(k);
    const id = attrsOf(node)?.RefId;
    if (id === undefined) this.fail(k, 'expected a RefId attribute on <TNRef>');
    let names = this.tnRefs.get(id);
    if (names === undefined && this.readSkipped(() => this.tnRefs.has(id))) names = this.tnRefs.get(id);
    if (names === undefined) this.fail(k, `expected an earlier <TN RefId="${id}"> for this <TNRef>`);
    return names;
  }

  /**
   * Read passed-over subtrees (oldest first) until `found` holds: a later Ref or TNRef may point
   * at an object or type list first written inside `__ClassMetadata`. Their findings are dropped.
   */
  private readSkipped(found: () => boolean): boolean {
    const saved = { k: this.k, truncated: this.pendingTruncated, reasons: this.pendingReasons.length, context: this.context, quiet: this.quiet };
    this.quiet = true;
    while (this.skippedRead < this.skipped.length && !found()) {
      const s = this.skipped[this.skippedRead++];
      this.k = s.k;
      this.value(s.node, tagOf(s.node), s.path, 1);
    }
    this.k = saved.k;
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
  const index = scanXml(text, file);
  let tree: XNode[];
  try {
    tree = parser.parse(text) as XNode[];
  } catch (e) {
    // The scan accepts only what the parser reads; this is a safety net, not an expected path.
    throw new InputError(file, 1, 1, `expected XML fast-xml-parser can read (${(e as Error).message})`);
  }
  const walk = new Walk(text, file, index);
  walk.root(tree);
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
