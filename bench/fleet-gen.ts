/**
 * A fleet of N hosts on disk for the fleet bench (fleet.bench.ts), made from the sample fleet
 * (fixtures/sample-fleet): host i copies template i mod 3 with the template's host name replaced
 * by its own name inside every file, in the file's own encoding (CLIXML in UTF-16LE or UTF-8,
 * JSON, CSV; the .reg files name no host and are copied as they are), so a host's identity comes
 * from what its files say, as with real exports. About 730 KB a host.
 *
 * The fleet is cached in `.bench-cache/fleet-N/` and reused while its marker file
 * (`fleet-N.complete.json`, written last) holds the digest of the generator's inputs; a fleet left half-written has no marker and is
 * rewritten. Run alone:
 *
 *   npm run build
 *   node dist/bench/fleet-gen.js [--hosts N]         generate (or reuse) fleet-N (default 1000)
 *   node dist/bench/fleet-gen.js --clean [--hosts N]  delete fleet-N, or every cached fleet
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync, writevSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../scripts/project-root.js';

/** Bump when the layout or the renaming changes, so cached fleets are rewritten. */
const GENERATOR_VERSION = 1;
/**
 * Written last, next to the fleet folder (`fleet-N.complete.json`; inside, vmqlint would report
 * it as a skipped file): a fleet folder without it is incomplete.
 */
export function markerPath(dir: string): string {
  return `${dir}.complete.json`;
}
/** Host numbers have this many digits, so fleet-1000's hosts are the first 1,000 of fleet-10000. */
const NUMBER_WIDTH = 5;
/** Headroom over the fleet's own bytes: directory blocks, file-system slack. */
const SPACE_MARGIN = 1.1;

/** One template file, split where the template's host name occurs (in the file's encoding). */
interface TemplateFile {
  name: string;
  encoding: 'utf16le' | 'utf8';
  /** The bytes between occurrences of the host name: n occurrences give n + 1 segments. */
  segments: Buffer[];
}

/** One sample host to copy. */
export interface Template {
  name: string;
  files: TemplateFile[];
}

/** A fleet on disk. */
export interface FleetInfo {
  dir: string;
  hosts: number;
  files: number;
  /** Bytes of exports (file contents, no file-system overhead). */
  bytes: number;
  digest: string;
  /** Time spent writing it in this call; undefined when a cached fleet was reused. */
  generatedMs?: number;
  reused: boolean;
}

/** The encoding a template file is written in: UTF-16LE (with or without BOM), else UTF-8. */
function encodingOf(bytes: Buffer): 'utf16le' | 'utf8' {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) throw new Error('fleet-gen: UTF-16BE templates are not supported');
  return 'utf8';
}

/** Split `bytes` at every occurrence of `needle` (UTF-16 code units stay aligned to 2 bytes). */
function splitAt(bytes: Buffer, needle: Buffer, align: number): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  let at = bytes.indexOf(needle, from);
  while (at !== -1) {
    if (at % align === 0) {
      out.push(bytes.subarray(from, at));
      from = at + needle.length;
      at = bytes.indexOf(needle, from);
    } else at = bytes.indexOf(needle, at + 1);
  }
  out.push(bytes.subarray(from));
  return out;
}

/** The sample hosts (one folder each, named as the host its files name), ready to copy. */
export function loadTemplates(sampleDir = join(projectRoot(), 'fixtures', 'sample-fleet')): Template[] {
  const hosts = readdirSync(sampleDir)
    .filter((n) => statSync(join(sampleDir, n)).isDirectory())
    .sort();
  if (hosts.length === 0) throw new Error(`fleet-gen: no host folders in ${sampleDir}`);
  return hosts.map((name) => ({
    name,
    files: readdirSync(join(sampleDir, name))
      .sort()
      .map((file) => {
        const bytes = readFileSync(join(sampleDir, name, file));
        const encoding = encodingOf(bytes);
        return { name: file, encoding, segments: splitAt(bytes, Buffer.from(name, encoding), encoding === 'utf16le' ? 2 : 1) };
      }),
  }));
}

/** The name of host `index` (0-based) copied from `template`. */
export function hostName(template: string, index: number): string {
  return `${template}-${String(index + 1).padStart(NUMBER_WIDTH, '0')}`;
}

/** Digest of everything the fleet's bytes depend on: generator version, host count, templates. */
export function fleetDigest(templates: readonly Template[], hosts: number): string {
  const h = createHash('sha256').update(`fleet-gen v${GENERATOR_VERSION}\0${hosts}\0`);
  for (const t of templates) {
    for (const f of t.files) {
      h.update(`${t.name}/${f.name}\0${f.encoding}\0${f.segments.length}\0`);
      for (const s of f.segments) h.update(s).update('\0');
    }
  }
  return h.digest('hex');
}

/** Bytes host `index` takes (its files' contents). */
function hostBytes(t: Template, index: number): number {
  let n = 0;
  for (const f of t.files) {
    const name = Buffer.byteLength(hostName(t.name, index), f.encoding);
    n += f.segments.reduce((s, seg) => s + seg.length, 0) + name * (f.segments.length - 1);
  }
  return n;
}

/** Bytes of exports a fleet of `hosts` hosts takes. */
export function fleetBytes(templates: readonly Template[], hosts: number): number {
  let n = 0;
  for (let i = 0; i < hosts; i++) n += hostBytes(templates[i % templates.length], i);
  return n;
}

/** Free bytes for an unprivileged writer on the file system that holds `dir` (or its nearest existing parent). */
export function freeBytes(dir: string): number {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  const s = statfsSync(d);
  return Number(s.bavail) * Number(s.bsize);
}

/** Throw a clear error when `need` bytes (plus headroom) would not fit under `dir`. */
export function checkFreeSpace(dir: string, need: number, free = freeBytes(dir)): void {
  const want = Math.ceil(need * SPACE_MARGIN);
  if (want > free) {
    const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;
    throw new Error(
      `fleet-gen: the fleet needs about ${gb(want)} under ${dir} but only ${gb(free)} is free; ` +
        'free some space, delete cached fleets (node dist/bench/fleet-gen.js --clean), or ask for fewer hosts (--hosts N)',
    );
  }
}

/** Write hosts [0, hosts) of the fleet under `dir` (which must not hold another fleet). */
export function writeFleet(dir: string, templates: readonly Template[], hosts: number): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < hosts; i++) {
    const t = templates[i % templates.length];
    const name = hostName(t.name, i);
    const hostDir = join(dir, name);
    mkdirSync(hostDir, { recursive: true });
    const encoded = { utf8: Buffer.from(name, 'utf8'), utf16le: Buffer.from(name, 'utf16le') };
    for (const f of t.files) {
      // Template segments with the new name between them, written as they are: no copy per host.
      const parts: Buffer[] = [f.segments[0]];
      for (let s = 1; s < f.segments.length; s++) parts.push(encoded[f.encoding], f.segments[s]);
      const fd = openSync(join(hostDir, f.name), 'w');
      try {
        // writev may write less than asked (a signal, a huge vector): go on until all is out.
        let left = parts.filter((p) => p.length > 0);
        while (left.length > 0) {
          let n = writevSync(fd, left.slice(0, 1024));
          bytes += n;
          const rest: Buffer[] = [];
          for (const p of left) {
            if (n >= p.length) n -= p.length;
            else {
              rest.push(n > 0 ? p.subarray(n) : p);
              n = 0;
            }
          }
          left = rest;
        }
      } finally {
        closeSync(fd);
      }
      files++;
    }
  }
  return { files, bytes };
}

/** The folder the fleet of `hosts` hosts is cached in. */
export function fleetDir(hosts: number, cacheRoot = join(projectRoot(), '.bench-cache')): string {
  return join(cacheRoot, `fleet-${hosts}`);
}

interface Marker {
  digest: string;
  hosts: number;
  files: number;
  bytes: number;
}

function readMarker(dir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(markerPath(dir), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

export interface EnsureOptions {
  hosts: number;
  cacheRoot?: string;
  sampleDir?: string;
  /** Free bytes to check against (tests); default: statfs of the cache folder. */
  free?: number;
}

/** The fleet of `hosts` hosts, reused from the cache when complete and current, else (re)written. */
export function ensureFleet(opts: EnsureOptions): FleetInfo {
  if (!Number.isInteger(opts.hosts) || opts.hosts < 1) throw new Error(`fleet-gen: --hosts must be a whole number >= 1, got ${opts.hosts}`);
  const templates = loadTemplates(opts.sampleDir);
  const digest = fleetDigest(templates, opts.hosts);
  const dir = fleetDir(opts.hosts, opts.cacheRoot);
  const marker = readMarker(dir);
  if (marker?.digest === digest) return { dir, hosts: opts.hosts, files: marker.files, bytes: marker.bytes, digest, reused: true };
  // Stale or incomplete: its space is freed first, then counted.
  rmSync(markerPath(dir), { force: true });
  rmSync(dir, { recursive: true, force: true });
  checkFreeSpace(dir, fleetBytes(templates, opts.hosts), opts.free);
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  const { files, bytes } = writeFleet(dir, templates, opts.hosts);
  writeFileSync(markerPath(dir), `${JSON.stringify({ digest, hosts: opts.hosts, files, bytes } satisfies Marker)}\n`);
  return { dir, hosts: opts.hosts, files, bytes, digest, generatedMs: performance.now() - t0, reused: false };
}

/** Delete the cached fleet of `hosts` hosts, or every cached fleet; returns the folders deleted. */
export function cleanFleets(hosts?: number, cacheRoot = join(projectRoot(), '.bench-cache')): string[] {
  if (!existsSync(cacheRoot)) return [];
  const dirs = hosts !== undefined ? [fleetDir(hosts, cacheRoot)] : readdirSync(cacheRoot).filter((n) => /^fleet-\d+$/.test(n)).map((n) => join(cacheRoot, n));
  const gone = dirs.filter((d) => existsSync(d) || existsSync(markerPath(d)));
  for (const d of gone) {
    // The marker goes first: a fleet half-deleted (interrupted) must never look complete.
    rmSync(markerPath(d), { force: true });
    rmSync(d, { recursive: true, force: true });
  }
  return gone;
}

/** `--hosts N` from an argument list, or `fallback`. Throws on a value that is not a count. */
export function hostsArg(argv: readonly string[], fallback: number): number {
  const i = argv.indexOf('--hosts');
  const eq = argv.find((a) => a.startsWith('--hosts='));
  const raw = eq !== undefined ? eq.slice('--hosts='.length) : i >= 0 ? argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--hosts: expected a whole number of hosts >= 1, got '${raw}'`);
  return n;
}

function main(argv: string[]): void {
  const clean = argv.includes('--clean');
  const given = argv.includes('--hosts') || argv.some((a) => a.startsWith('--hosts='));
  const hosts = hostsArg(argv, 1000);
  if (clean) {
    const gone = cleanFleets(given ? hosts : undefined);
    process.stdout.write(gone.length > 0 ? gone.map((d) => `deleted ${d}\n`).join('') : 'no cached fleet to delete\n');
    return;
  }
  const f = ensureFleet({ hosts });
  const how = f.reused ? 'reused (cached)' : `generated in ${((f.generatedMs ?? 0) / 1000).toFixed(1)} s`;
  process.stdout.write(`${f.dir}: ${f.hosts} hosts, ${f.files} files, ${(f.bytes / 1e6).toFixed(1)} MB (${(f.bytes / f.hosts / 1e3).toFixed(0)} KB a host), ${how}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}
