/**
 * From paths on disk (or files in memory) to hosts. A snapshot is one file or one folder for one
 * host: a folder is a snapshot when a recognised export sits at its top level, otherwise each
 * child is a snapshot and the folder is a fleet. Objects naming several hosts are split per host.
 * One bad host is reported and the others are still read.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { InputError } from '../model/errors.js';
import type { Host } from '../model/host.js';
import type { ObjectRecord, ParsedFile } from '../model/records.js';
import { assembleHost, type HostSlice } from './assemble.js';
import { severalHostsWarning, snapshotHosts } from './host-identity.js';
import { parseModelDocument } from './model-json.js';
import { sniffExport, type SniffedExport } from './damaged-export.js';
import { decodeBytes } from './decode.js';
import { notAnExport } from './own-files.js';
import { withFileHead } from './registry-stream.js';
import { detectFormat, parseDetected } from './parse.js';
import { isLargeNonExport } from './large-file.js';
import { isOversized, oversizeError } from './size-limit.js';
import { isRegFileAt, parseRegFileAt } from './registry-stream.js';
import { SDDC_CLUSTER_LEVEL, SDDC_TEXT_TWIN, sddcLayout, textTwins } from './sddc.js';
import { ArchiveTrees, isZipFile, type ZipLimits } from './zip.js';
import { isNetViewFolder, readNetViewSnapshot } from './netview/load-hook.js';
import { isLink, TreeGuard, type ReadProbe } from './tree-entries.js';
import { pushAll } from '../model/bulk.js';

export interface LoadFailure {
  /** The host (snapshot) that could not be read, when known. */
  host?: string;
  file: string;
  error: InputError;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** Something read that the user should know about, though nothing failed. */
export interface LoadWarning {
  file: string;
  message: string;
}

export interface LoadResult {
  hosts: Host[];
  failures: LoadFailure[];
  skipped: SkippedFile[];
  /** E.g. a snapshot that still names several hosts once their identities are joined. */
  warnings?: LoadWarning[];
}

export interface LoadOptions {
  /** Paths in output are relative to this folder, with `/` separators. Default: process.cwd(). */
  cwd?: string;
  /** Files (by relative path) to leave out entirely, e.g. the config's `ignore` globs. */
  ignore?: (relPath: string) => boolean;
  /** Decompression-bomb limits for zip input (zip.ts DEFAULT_ZIP_LIMITS when not given). */
  zipLimits?: Partial<ZipLimits>;
  /** ANSI code page of Windows PowerShell 5.1 text views (Get-NetView); default windows-1252. */
  codepage?: string;
  /** Checks a file can be opened before it is read (tree-entries.ts); tests inject EACCES, as they run as root. */
  readProbe?: ReadProbe;
  /** Exports read whole above this many bytes are refused (size-limit.ts DEFAULT_MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

/** One file of a snapshot: where it is shown, where it is on disk, or its bytes in memory. */
export interface SnapshotFile {
  rel: string;
  /** Where the file is on disk (inside an expanded zip too), for streamed reading. */
  abs?: string;
  /** The file's bytes when it is held in memory (loadFiles). */
  bytes?: () => Uint8Array;
  /** Why it cannot be read (a link loop, a FIFO: tree-entries.ts): its snapshot fails. */
  problem?: InputError;
}

/** A snapshot found but not yet read: one file or one folder for one host. */
export interface SnapshotRef {
  name: string;
  files: SnapshotFile[];
  /** The snapshot's location for messages: its folder, or its single file. */
  path: string;
  /** A Get-NetView tree: its folder as the user named it, and the code page of its text views. */
  netview?: { root: string; codepage?: string };
}

/** What discoverSnapshots found; `dispose` removes the folders zips were expanded into. */
export interface Discovery {
  snapshots: SnapshotRef[];
  failures: LoadFailure[];
  skipped: SkippedFile[];
  dispose(): void;
}

/** One snapshot read: its hosts, and what the fleet-wide join (joinSnapshots) needs to know. */
export interface SnapshotRead {
  /** Hosts assembled from the snapshot's exports (kept only when the join accepts the snapshot). */
  hosts: Host[];
  /** Hosts of vmqlint model documents: they never claim a name, and are kept unless that name failed. */
  modelHosts: Host[];
  /** The host names the snapshot's exports name (host-identity.ts). */
  claims: string[];
  /** True when a file failed: no host of the snapshot is linted, and its name fails elsewhere too. */
  broken: boolean;
  /** The snapshot's name after reading (a Get-NetView tree takes its host's). */
  name: string;
  path: string;
  failures: LoadFailure[];
  skipped: SkippedFile[];
  warnings: LoadWarning[];
}

/** What the join needs of one read snapshot: names only, so reads can be dropped as they are linted. */
export type SnapshotOutline = Pick<SnapshotRead, 'claims' | 'broken' | 'name' | 'path'>;

/** The join's verdict: per snapshot (in the order given) whether its assembled hosts stand, and the clashes. */
export interface SnapshotJoin {
  accepted: boolean[];
  failures: LoadFailure[];
  /** Host names (lower case) whose snapshot failed: such a host is reported from no snapshot. */
  failed: Set<string>;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function snapshotName(p: string): string {
  const b = basename(p);
  const ext = extname(b);
  return ext && ext.length <= 6 ? b.slice(0, -ext.length) : b;
}

/**
 * Files below a folder, recursively, in ordinal order; a zip among them is read as its folder.
 * Entries that cannot be read (tree-entries.ts) are returned too, so their snapshot fails.
 */
function walk(dir: string, guard: TreeGuard, archives?: ArchiveTrees, out: string[] = []): string[] {
  const children = guard.children(dir);
  // A folder that cannot be listed fails its snapshot like an unreadable file.
  if (guard.error(dir)) out.push(dir);
  for (const p of children) {
    const kind = guard.inspect(p);
    if (kind === 'dir') walk(p, guard, archives, out);
    else if (kind === 'file' && archives && isZipFile(p)) walk(archives.expand(p), guard, archives, out);
    else if (kind === 'file' || kind === 'fail') out.push(p);
  }
  return out;
}

/** Load snapshots and fleets from paths on disk: every snapshot is read and kept (see snapshots.ts to stream). */
export function loadPaths(given: string[], opts: LoadOptions = {}): LoadResult {
  const found = discoverSnapshots(given, opts);
  try {
    return loadSnapshots(found.snapshots, found.failures, found.skipped, opts);
  } finally {
    found.dispose();
  }
}

/**
 * Find the snapshots under the paths without reading them whole: a folder is a snapshot when a
 * recognised export sits at its top level (recognised from its first bytes where the format says
 * so), otherwise each child is. Failures and skipped files found on the way come with them.
 * Expanded zips live until `dispose`.
 */
export function discoverSnapshots(given: string[], opts: LoadOptions = {}): Discovery {
  const cwd = resolve(opts.cwd ?? process.cwd());
  // The same path given twice (a repeated argument, or a glob and a name) is read once.
  const paths = [...new Map(given.map((p) => [resolve(cwd, p), p])).values()];
  const archives = new ArchiveTrees((abs) => plainDisplayPath(cwd, abs), opts.zipLimits);
  const guard = new TreeGuard((abs) => archives.display(abs), (abs) => opts.ignore?.(archives.display(abs)) ?? false, opts.readProbe);
  try {
    return { ...discoverIn(paths, opts, cwd, archives, guard), dispose: () => archives.dispose() };
  } catch (err) {
    archives.dispose();
    throw err;
  }
}

function plainDisplayPath(cwd: string, abs: string): string {
  return displayPath(cwd, abs);
}

function discoverIn(paths: string[], opts: LoadOptions, cwd: string, archives: ArchiveTrees, guard: TreeGuard): Omit<Discovery, 'dispose'> {
  // Paths inside an expanded zip are shown as `archive.zip/entry` (zip.ts).
  const displayPath = (_cwd: string, abs: string): string => archives.display(abs);
  const snapshots: SnapshotRef[] = [];
  const failures: LoadFailure[] = [];
  const skipped: SkippedFile[] = [];
  // Only the verdict is kept: holding each snapshot's decoded text until it is read would make
  // memory grow with the fleet (issue 11).
  const notExportReason = new Map<string, string | undefined>();
  const fileOf = (abs: string): SnapshotFile => {
    const f: SnapshotFile = { rel: tailOf(abs, displayPath(cwd, abs)), abs };
    const problem = guard.error(abs);
    if (problem) f.problem = problem;
    return f;
  };
  const add = (name: string, files: SnapshotFile[], netview?: { root: string; codepage?: string }): void => {
    const snap: SnapshotRef = { name, files, path: '' };
    if (netview) snap.netview = netview;
    snap.path = snapshotPath(snap);
    snapshots.push(snap);
  };
  const recognised = (abs: string): boolean => {
    // A .reg is recognised from its header alone: it may be hundreds of MB (registry-stream.ts).
    if (isRegFileAt(abs)) return true;
    if (isLargeNonExport(abs)) return false;
    // Too big to read whole, yet an export by its head: recognised, and refused when loaded.
    if (isOversized(abs, opts.maxFileBytes)) return true;
    if (notExportReason.has(abs)) return false;
    // CLIXML, CSV and registry text are known by their first characters; JSON may be one of
    // vmqlint's own files, which only the whole text tells apart.
    if (recognisedByHead(abs)) return true;
    const s = sniffExport(readFileSync(abs), abs, displayPath(cwd, abs));
    // A damaged export (damaged-export.ts) makes its folder a snapshot, which then fails.
    if (s.format !== undefined || s.damaged !== undefined) return true;
    notExportReason.set(abs, s.notExport);
    return false;
  };
  const ignored = (abs: string) => opts.ignore?.(displayPath(cwd, abs)) ?? false;

  const visit = (abs: string, top: boolean): boolean => {
    const kind = guard.inspect(abs, top);
    if (kind === 'skip' || (kind === 'fail' && ignored(abs))) return false;
    if (kind === 'fail') {
      // Not inside any snapshot: it is its own (tree-entries.ts says why).
      failures.push({ file: displayPath(cwd, abs), error: guard.error(abs)! });
      return true;
    }
    const isFile = kind === 'file';
    if (isFile && !ignored(abs) && isZipFile(abs)) return visit(archives.expand(abs), top);
    if (isFile) {
      if (ignored(abs)) return false;
      if (recognised(abs)) {
        add(snapshotName(abs), [fileOf(abs)]);
        return true;
      }
      if (!top) skipped.push({ file: displayPath(cwd, abs), reason: notExportReason.get(abs) ?? 'not a recognised export' });
      return false;
    }
    const entries = guard.children(abs);
    if (guard.error(abs)) {
      failures.push({ file: displayPath(cwd, abs), error: guard.error(abs)! });
      return true;
    }
    if (safeNetView(abs)) {
      // A Get-NetView tree is one snapshot; its host comes from the files' contents (netview/).
      const shown = displayPath(cwd, abs);
      const netview: { root: string; codepage?: string } = { root: shown };
      if (opts.codepage !== undefined) netview.codepage = opts.codepage;
      add(basename(shown).replace(/\.zip$/i, ''), walk(abs, guard, archives).filter((p) => !ignored(p)).map(fileOf), netview);
      return true;
    }
    const sddc = sddcLayout(entries.filter((p) => guard.inspect(p) === 'file' || guard.inspect(p) === 'dir'));
    if (sddc) {
      for (const p of entries) if (guard.inspect(p) === 'fail' && !ignored(p)) failures.push({ file: displayPath(cwd, p), error: guard.error(p)! });
      // Get-SDDCDiagnosticInfo: one host per Node_<name> folder (sddc.ts).
      for (const p of sddc.other) if (!ignored(p)) skipped.push({ file: displayPath(cwd, p), reason: SDDC_CLUSTER_LEVEL });
      for (const node of sddc.nodes) {
        const files = walk(node.dir, guard, archives).filter((p) => !ignored(p));
        const twins = textTwins(files);
        for (const t of twins) skipped.push({ file: displayPath(cwd, t), reason: SDDC_TEXT_TWIN });
        add(node.name, files.filter((p) => !twins.has(p)).map(fileOf));
      }
      return true;
    }
    const topFiles = entries.filter((p) => guard.inspect(p) === 'file' && !ignored(p));
    if (topFiles.some(recognised)) {
      // An expanded zip is named after the archive (`HV01.zip` -> HV01), not its temp folder.
      add(basename(displayPath(cwd, abs)).replace(/\.zip$/i, ''), walk(abs, guard, archives).filter((p) => !ignored(p)).map(fileOf));
      return true;
    }
    let any = false;
    for (const p of entries) any = visit(p, false) || any;
    return any;
  };

  for (const p of paths) {
    const abs = resolve(cwd, p);
    let ok = false;
    try {
      statSync(abs);
      ok = true;
    } catch (err) {
      // A given link that loops or dangles is not "missing": tree-entries.ts says what it is.
      const link = (err as { code?: string }).code !== 'ENOENT' || isLink(abs);
      const error = link && guard.inspect(abs, true) === 'fail' ? guard.error(abs)! : new InputError(displayPath(cwd, abs), 0, 0, 'no such file or folder');
      failures.push({ file: displayPath(cwd, abs), error });
    }
    if (!ok) continue;
    guard.addRoot(abs);
    let found: boolean;
    try {
      found = visit(abs, true);
    } catch (err) {
      // A refused or corrupt zip (zip.ts) fails this path; the other paths are still read.
      if (!(err instanceof InputError)) throw err;
      failures.push({ file: err.file, error: err });
      continue;
    }
    if (!found) {
      failures.push({
        file: displayPath(cwd, abs),
        error: new InputError(displayPath(cwd, abs), 0, 0, 'no recognised export found (expected CLIXML, ConvertTo-Json, Export-Csv, .reg, reg query output or a vmqlint model document)'),
      });
    }
  }
  for (const s of guard.skipped) skipped.push(s);
  return { snapshots, failures, skipped };
}

/** isNetViewFolder, false where an entry cannot be stat'ed (a dangling link: tree-entries.ts reports it). */
function safeNetView(abs: string): boolean {
  try {
    return isNetViewFolder(abs);
  } catch {
    return false;
  }
}

/**
 * Load files held in memory as one snapshot named `snapshot`; a path with a folder prefix
 * (`HV01/Get-NetAdapterVmq.json`) makes that folder its own snapshot, as on disk.
 */
export function loadFiles(files: { path: string; bytes: Uint8Array }[], snapshot: string): LoadResult {
  const groups = new Map<string, SnapshotFile[]>();
  for (const f of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const rel = f.path.split('\\').join('/');
    const slash = rel.indexOf('/');
    const name = slash > 0 ? rel.slice(0, slash) : snapshot;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push({ rel, bytes: () => f.bytes });
  }
  const snapshots = [...groups.entries()].map(([name, fs]) => ({ name, files: fs, path: snapshotPath({ name, files: fs }) }));
  return loadSnapshots(snapshots, [], [], {});
}

function loadSnapshots(snapshots: SnapshotRef[], failures: LoadFailure[], skipped: SkippedFile[], opts: LoadOptions): LoadResult {
  const cwd = opts.cwd === undefined ? '' : resolve(opts.cwd);
  const reads = snapshots.map((snap) => readSnapshot(snap, { cwd, maxFileBytes: opts.maxFileBytes }));
  const join = joinSnapshots(reads);
  const hosts: Host[] = [];
  const warnings: LoadWarning[] = [];
  reads.forEach((r, i) => {
    pushAll(hosts, r.modelHosts);
    if (join.accepted[i]) pushAll(hosts, r.hosts);
    pushAll(failures, r.failures);
    pushAll(skipped, r.skipped);
    pushAll(warnings, r.warnings);
  });
  pushAll(failures, join.failures);
  // A host whose snapshot failed is not reported from another snapshot either.
  const readable = hosts.filter((h) => !join.failed.has(h.name.toLowerCase()));
  readable.sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()));
  failures.sort((a, b) => cmp(a.file, b.file));
  skipped.sort((a, b) => cmp(a.file, b.file));
  warnings.sort((a, b) => cmp(a.file, b.file));
  return { hosts: readable, failures, skipped, warnings };
}

/**
 * Decide, across a fleet's snapshots in the order they were found, which assembled hosts stand:
 * two captures of one host (say before and after a change) must not be merged into one model, so
 * the later snapshot naming an already-read host fails with a pointer to the first, and the
 * others are still linted. Needs names only, so a streamed run keeps no model for it.
 */
export function joinSnapshots(reads: readonly SnapshotOutline[]): SnapshotJoin {
  const accepted: boolean[] = [];
  const failures: LoadFailure[] = [];
  const failed = new Set<string>();
  /** The snapshot each host was first read from. */
  const first = new Map<string, SnapshotOutline>();
  for (const r of reads) {
    if (r.broken) {
      failed.add(r.name.toLowerCase());
      accepted.push(false);
      continue;
    }
    const clash = r.claims.find((h) => first.has(h.toLowerCase()));
    if (clash !== undefined) {
      const where = r.path;
      failures.push({
        host: clash,
        file: where,
        error: new InputError(where, 0, 0, `host '${clash}' was already read from ${first.get(clash.toLowerCase())!.path}; two snapshots of one host are not merged (compare them with vmqlint diff)`),
      });
      accepted.push(false);
      continue;
    }
    for (const h of r.claims) first.set(h.toLowerCase(), r);
    accepted.push(true);
  }
  return { accepted, failures, failed };
}

/** What reading one snapshot needs besides the snapshot. */
export interface ReadOptions {
  /** The folder relative paths start from ('' for files in memory). */
  cwd: string;
  maxFileBytes?: number;
}

/**
 * Read one snapshot: parse its files and assemble its hosts. Only this snapshot's records are
 * held; failures name the file, and a snapshot with a failed file is `broken` (a host read from
 * some of its files would be linted on half the facts).
 */
export function readSnapshot(snap: SnapshotRef, opts: ReadOptions): SnapshotRead {
  const { cwd, maxFileBytes } = opts;
  const out: SnapshotRead = { hosts: [], modelHosts: [], claims: [], broken: false, name: snap.name, path: snap.path, failures: [], skipped: [], warnings: [] };
  const byHost = new Map<string, { name: string; slices: HostSlice[]; notExports: string[] }>();
  const parsed: ParsedFile[] = [];
  const notExports: string[] = [];
  const fail = (file: string, error: InputError): SnapshotRead => {
    out.failures.push({ host: out.name, file, error });
    out.broken = true;
    return out;
  };
  const unreadable = snap.files.filter((f) => f.problem);
  if (unreadable.length > 0) {
    // A link loop, FIFO, device or unreadable file (tree-entries.ts) is never opened.
    for (const f of unreadable) fail(f.rel, f.problem!);
    return out;
  }
  if (snap.netview) {
    const r = readNetViewSnapshot(snap.files.map((f) => ({ rel: f.rel, bytes: bytesOf(f, cwd), ...(f.abs !== undefined ? { abs: f.abs } : {}) })), snap.netview, snap.name);
    if (r.error) return fail(snap.netview.root, r.error);
    out.name = r.name;
    for (const p of r.parsed) parsed.push(p);
  }
  for (const f of snap.netview ? [] : snap.files) {
    // A .reg on disk is streamed, never decoded whole (registry-stream.ts).
    const streamed = f.abs !== undefined && isRegFileAt(f.abs);
    const tooBig = streamed || f.abs === undefined ? undefined : oversizeError(f.abs, f.rel, maxFileBytes);
    if (tooBig) {
      fail(f.rel, tooBig);
      continue;
    }
    const big = !streamed && f.abs !== undefined && isLargeNonExport(f.abs);
    const d: SniffedExport = streamed
      ? { text: '', encoding: '', format: 'reg' as const }
      : big
        ? { text: '', encoding: '', format: undefined }
        : sniffExport(bytesOf(f, cwd)(), f.rel);
    if (d.damaged) {
      // Looks like an export and is none as a whole: an input error, not "not recognised".
      fail(f.rel, d.damaged);
      continue;
    }
    if (d.format === undefined) {
      out.skipped.push({ file: f.rel, reason: d.notExport ?? 'not a recognised export' });
      // vmqlint's own files and documentation are known: listed once (skipped), not as not understood.
      if (!d.notExport) notExports.push(f.rel);
      continue;
    }
    try {
      if (streamed) parsed.push(parseRegFileAt(f.abs!, f.rel));
      else if (d.format === 'model') pushAll(out.modelHosts, parseModelDocument(d.text, f.rel));
      else parsed.push(parseDetected(d, f.rel));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      fail(f.rel, err);
    }
  }
  if (out.broken) return out;
  const identity = snapshotHosts(parsed, out.name);
  const defaultName = identity.single ?? out.name;
  const snapHosts = identity.hosts(defaultName);
  out.claims = snapHosts;
  if (snapHosts.length > 1) out.warnings.push({ file: snap.path, message: severalHostsWarning(snap.path, snapHosts) });
  for (const p of parsed) {
    const groups = new Map<string, ObjectRecord[]>();
    for (const o of p.objects) {
      const name = identity.nameOf(o) ?? defaultName;
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name)!.push(o);
    }
    if (p.objects.length === 0) groups.set(defaultName, []);
    const whole = groups.size <= 1;
    for (const [name, objects] of groups) {
      const entry = hostEntry(byHost, name);
      // Registry keys carry no host name: they belong to the snapshot's host.
      const regKeys = name === defaultName ? p.regKeys : [];
      entry.slices.push({ parsed: p, objects, regKeys, whole });
    }
  }
  if (parsed.length > 0) pushAll(hostEntry(byHost, defaultName).notExports, notExports);
  for (const entry of byHost.values()) {
    if (entry.slices.length === 0) continue;
    const host = assembleHost(entry.name, entry.slices);
    for (const f of entry.notExports) host.unknown.push({ kind: 'file', name: f, context: 'not a recognised export', count: 1, at: { file: f, line: 1 } });
    out.hosts.push(host);
  }
  return out;
}

/** How to get a snapshot file's bytes: from memory, or read from disk when asked. */
function bytesOf(f: SnapshotFile, cwd: string): () => Uint8Array {
  if (f.bytes) return f.bytes;
  const abs = f.abs ?? resolve(cwd, f.rel);
  return () => readFileSync(abs);
}

/** True when a file's first bytes say it is a CLIXML, CSV or registry export (not JSON: see own-files.ts). */
function recognisedByHead(abs: string): boolean {
  if (notAnExport(abs, undefined)) return false;
  const format = withFileHead(abs, HEAD_BYTES, (h) => detectFormat(decodeBytes(h).text));
  return format === 'clixml' || format === 'csv' || format === 'reg' || format === 'regquery';
}

/** The head read to recognise an export: detectFormat looks at most at the first 64K characters (128 KiB of UTF-16). */
const HEAD_BYTES = 128 * 1024;

function hostEntry(map: Map<string, { name: string; slices: HostSlice[]; notExports: string[] }>, name: string) {
  const key = name.toLowerCase();
  let e = map.get(key);
  if (!e) {
    e = { name, slices: [], notExports: [] };
    map.set(key, e);
  }
  return e;
}

/**
 * `rel` as a slice of `abs` when it is its tail (POSIX paths under the working directory): V8
 * keeps a slice as a reference into `abs`, not a copy, and a fleet's SnapshotRefs stay in memory
 * for the whole run (5,000 snapshots: 4.8 MB of path strings saved).
 */
function tailOf(abs: string, rel: string): string {
  return rel.length < abs.length && abs.endsWith(rel) && abs.charCodeAt(abs.length - rel.length - 1) === 47 ? abs.slice(abs.length - rel.length) : rel;
}

/** A snapshot's location for messages: its folder, or its single file. */
function snapshotPath(snap: Pick<SnapshotRef, 'name' | 'files'>): string {
  if (snap.files.length === 1) return snap.files[0].rel;
  const parts = snap.files.map((f) => f.rel.split('/'));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => p.length > i + 1 && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.length > 0 ? common.join('/') : snap.name;
}
