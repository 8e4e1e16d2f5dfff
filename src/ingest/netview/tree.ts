/**
 * A Get-NetView output tree (`msdbg.<HOST>`, docs/exports.md) as one snapshot: every `.txt` view
 * of a cmdlet vmqlint reads, wherever it sits (identity comes from the file contents, never
 * from folder names, which ConvertTo-Filename mangles), plus any export the other parsers know
 * (a `.reg` file unpacked from `_Localhost/RegistryFiles.zip`). An object shown in a per-object
 * folder (`fl *`) wins over its row in a root summary table.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { UnknownItem } from '../../model/host.js';
import type { ParsedFile } from '../../model/records.js';
import { isLargeNonExport } from '../large-file.js';
import { parseDetected, sniff } from '../parse.js';
import { isRegFileAt, parseRegFileAt } from '../registry-stream.js';
import { recordKey, fileRecords, type FileRecords } from './records.js';
import { assertText, decodeTextFile, DEFAULT_CODEPAGE, toLines } from './text.js';
import { pushAll } from '../../model/bulk.js';

/** Files whose presence marks a Get-NetView tree (besides the `msdbg.` folder name). */
const MARKERS = ['_Logs/Get-NetView.log', '_Logs/Metadata.txt', '_Logs/Command-Time.log'];
/** Top-level folders Get-NetView creates per object. */
const OBJECT_FOLDER = /^(?:VMSwitch|pNIC|NIC|hNIC|LBFO|VM)\.|^NIC\.Hidden$/;

/**
 * Whether a list of paths inside one folder (`/`-separated, relative to it: a zip's entries, say)
 * is a Get-NetView tree; `folderName` is the folder's (or zip's) own name.
 */
export function isNetViewFileList(folderName: string, paths: readonly string[]): boolean {
  if (/^msdbg\./i.test(folderName)) return true;
  const set = new Set(paths.map((p) => p.split('\\').join('/')));
  if (MARKERS.some((m) => set.has(m))) return true;
  return set.has('Get-NetAdapter.txt') && [...set].some((p) => p.includes('/') && OBJECT_FOLDER.test(p.slice(0, p.indexOf('/'))));
}

/** Whether a folder on disk is a Get-NetView output tree. */
export function isNetViewFolder(dir: string): boolean {
  if (/^msdbg\./i.test(basename(dir))) return true;
  if (MARKERS.some((m) => existsSync(join(dir, m)))) return true;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  return names.includes('Get-NetAdapter.txt') && names.some((n) => OBJECT_FOLDER.test(n) && statSync(join(dir, n)).isDirectory());
}

export interface TreeFile {
  /** Path as shown to the user (relative to the working directory). */
  rel: string;
  /** Path inside the tree, `/`-separated. */
  inTree: string;
  bytes: () => Uint8Array;
  /** Where the file is on disk, when it is: a `.reg` there is streamed, never read whole. */
  abs?: string;
}

export interface NetViewSnapshot {
  /** The computer name the command blocks give, when they agree on one. */
  host?: string;
  parsed: ParsedFile[];
  /** Files neither a text view nor an export vmqlint reads (grouped by file name), then failed commands. */
  notRead: UnknownItem[];
}

function emptyParsed(file: string, encoding: string, psVersion?: string): ParsedFile {
  return { file, format: 'netview', encoding, ...(psVersion ? { psVersion } : {}), objects: [], regKeys: [], lossy: [], unknown: [] };
}

/** A root summary file (`Get-NetAdapter.txt` at the top of the tree): its rows only fill gaps. */
function isRoot(inTree: string): boolean {
  return !inTree.includes('/');
}

function folderOf(inTree: string): string {
  const i = inTree.lastIndexOf('/');
  return i < 0 ? '' : inTree.slice(0, i);
}

/**
 * Put each attachable object (a VLAN setting) into the one object of its target type that sits
 * in the same folder; the type-name text `fl *` printed there, and its lossy note, go. An object
 * with no single target stays and is listed as not understood.
 */
function attachViews(views: { f: TreeFile; p: ParsedFile; r: FileRecords }[]): void {
  for (const v of views) {
    const keep: FileRecords['objects'] = [];
    for (const o of v.r.objects) {
      const a = o.info.attach;
      if (!a) {
        keep.push(o);
        continue;
      }
      const targets = views
        .filter((w) => folderOf(w.f.inTree) === folderOf(v.f.inTree))
        .flatMap((w) => w.r.objects.filter((x) => x.info.typeName === a.to).map((x) => ({ w, x })));
      if (targets.length !== 1) {
        keep.push(o);
        continue;
      }
      const { w, x } = targets[0];
      const key = a.property.toLowerCase();
      const old = x.record.fields[key];
      if (old) w.p.lossy = w.p.lossy.filter((l) => !(l.at.file === old.at.file && l.at.line === old.at.line && l.at.col === old.at.col));
      x.record.fields[key] = {
        name: old?.name ?? a.property,
        value: { $object: true, typeNames: o.record.typeNames, fields: o.record.fields },
        at: old?.at ?? o.record.at,
      };
    }
    v.r.objects = keep;
  }
}

/** Read a Get-NetView tree's files (sorted by path) as one snapshot. Throws InputError on a broken file. */
export function readNetViewTree(files: TreeFile[], codepage: string = DEFAULT_CODEPAGE): NetViewSnapshot {
  const parsed: ParsedFile[] = [];
  const notRead = new Map<string, UnknownItem>();
  const hosts = new Map<string, string>();
  const seen = new Set<string>();
  const failed: UnknownItem[] = [];
  const views: { f: TreeFile; p: ParsedFile; r: FileRecords }[] = [];
  const skip = (f: TreeFile, why: string) => {
    const name = basename(f.inTree);
    const u = notRead.get(name);
    if (u) u.count++;
    else notRead.set(name, { kind: 'file', name, context: why, count: 1, at: { file: f.rel, line: 1 } });
  };
  for (const f of files) {
    // The whole-HKLM export Get-NetView zips is often hundreds of MB: stream it (registry-stream.ts),
    // and judge other large files from their first bytes.
    if (f.abs !== undefined && isRegFileAt(f.abs)) {
      parsed.push(parseRegFileAt(f.abs, f.rel));
      continue;
    }
    if (f.abs !== undefined && isLargeNonExport(f.abs)) {
      skip(f, 'Get-NetView output vmqlint does not read');
      continue;
    }
    const bytes = f.bytes();
    if (/\.txt$/i.test(f.inTree)) {
      const { text, encoding } = decodeTextFile(bytes, codepage);
      assertText(text, f.rel);
      const r = fileRecords(toLines(text), f.rel);
      if (r.objects.length === 0) {
        skip(f, 'Get-NetView output vmqlint does not read');
        // A command vmqlint reads that failed ([Failed], [Unavailable]...) is listed on its own.
        pushAll(failed, r.unknown.filter((u) => u.context?.startsWith('Get-NetView command status')));
        continue;
      }
      for (const h of r.hosts) if (!hosts.has(h.toLowerCase())) hosts.set(h.toLowerCase(), h);
      const p = emptyParsed(f.rel, encoding, r.psVersion);
      pushAll(p.lossy, r.lossy);
      pushAll(p.unknown, r.unknown);
      views.push({ f, p, r });
      continue;
    }
    const d = sniff(bytes);
    if (d.format === undefined || d.format === 'model') {
      skip(f, 'Get-NetView output vmqlint does not read');
      continue;
    }
    parsed.push(parseDetected(d, f.rel));
  }
  attachViews(views);
  // Per-object folders first (their `fl *` views are whole), then the root summaries.
  const ordered = [...views.filter((v) => !isRoot(v.f.inTree)), ...views.filter((v) => isRoot(v.f.inTree))];
  for (const v of ordered) {
    for (const o of v.r.objects) {
      const key = `${o.info.className ?? o.info.typeName}|${recordKey(o.record, o.info)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      v.p.objects.push(o.record);
    }
    if (v.p.objects.length > 0) parsed.push(v.p);
    else {
      // Every object was already read from a fuller view: nothing here is lost.
      v.p.lossy.length = 0;
    }
  }
  if (hosts.size > 1) {
    const names = [...hosts.values()].sort();
    throw new InputError(files[0]?.rel ?? '.', 0, 0, `one Get-NetView tree names several computers (${names.join(', ')}); expected one msdbg.<HOST> folder per host`);
  }
  const psVersions = new Set(parsed.map((p) => p.psVersion).filter((v): v is string => v !== undefined));
  if (psVersions.size === 1) {
    const v = [...psVersions][0];
    for (const p of parsed) if (p.format === 'netview') p.psVersion = v;
  }
  parsed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { host: hosts.size === 1 ? [...hosts.values()][0] : undefined, parsed, notRead: [...[...notRead.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), ...failed] };
}
