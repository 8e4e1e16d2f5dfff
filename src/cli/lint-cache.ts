/**
 * `lint --cache`: each snapshot's outcome (its hosts linted, not yet judged as a fleet) stored
 * under a content hash of everything it depends on: the vmqlint version, the settings that change
 * what a host's lint gives (config rules and overrides, `--rule`, the traffic profile, the size
 * limit, the code page, the working folder that paths are shown from), the snapshot's paths and
 * every file's bytes. Waivers, the baseline and the fleet rules are applied after the cache on
 * every run, so changing them never serves a stale result. An entry that is corrupt, from another
 * version or for another key is ignored and rewritten, never trusted.
 *
 * The cache prunes itself: a hit renews its entry's modification time, and at the end of a run
 * entries unused for CACHE_MAX_AGE_DAYS (those of an older vmqlint version, of a snapshot since
 * changed, of settings no longer used) are deleted, so a cache kept between CI runs does not grow
 * without end. Only files named as this module names them are ever deleted.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SnapshotRef } from '../ingest/load.js';
import type { SnapshotOutcome } from './lint-snapshot.js';
import { unpackText } from './packed-bytes.js';

export { DEFAULT_CACHE_LOCATION } from './cache-location.js';

/**
 * Bumped when the entry layout changes: entries of another format are ignored. Format 2: a JSON
 * header line (format, version, key), then the outcome as deflated JSON, as the workers send it
 * (packed-bytes.ts), so storing an entry never turns it back into text.
 */
const FORMAT = 2;

/** What a cache entry's first line says. */
export interface EntryHeader {
  format: number;
  version: string;
  key: string;
}

/** A cache entry's bytes: the header line, then the deflated outcome. */
export function entryBytes(header: EntryHeader, outcome: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), outcome]);
}

/** A cache entry read back: its header and outcome, or an Error when it is no entry at all. */
export function parseEntry(bytes: Buffer): { header: Partial<EntryHeader>; outcome: unknown } {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error('no header line');
  const header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as Partial<EntryHeader>;
  return { header, outcome: JSON.parse(unpackText(bytes.subarray(nl + 1))) };
}

/** Days an entry may go unused before a run deletes it. */
export const CACHE_MAX_AGE_DAYS = 30;

/** A temporary file a run died before renaming is deleted after this long (no live run takes a day to write one entry). */
const TMP_MAX_AGE_MS = 24 * 3600 * 1000;

const SUBDIR = /^[0-9a-f]{2}$/;
const ENTRY = /^([0-9a-f]{64})\.entry$/;
const TMP = /^([0-9a-f]{64})\.entry\.\d+\.tmp$/;

/** What a cached run did, for --timing and the tests. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but were corrupt, from another version or for another key. */
  rejected: number;
  written: number;
  /** Entries deleted by prune: unused for CACHE_MAX_AGE_DAYS (and leftover temporary files). */
  pruned: number;
}

/**
 * The buffer every file is hashed through. The key reads every file of the fleet; a fresh 1 MiB
 * buffer per file left the allocator's free lists fragmented (5,000 hosts: 337 MB peak with
 * --cache against 279 without).
 */
const DIGEST_BUFFER = Buffer.allocUnsafeSlow(1024 * 1024);

/** sha256 of a file's bytes, read in 1 MiB pieces (a .reg may be hundreds of MB). */
function fileDigest(abs: string): string {
  const hash = createHash('sha256');
  const fd = openSync(abs, 'r');
  try {
    const buf = DIGEST_BUFFER;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export class LintCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, rejected: 0, written: 0, pruned: 0 };

  constructor(
    private readonly dir: string,
    /** The tool version and settings, already combined (see lintCacheBase). */
    private readonly base: string,
    private readonly version: string,
    /** Milliseconds since the epoch (tests give another clock). */
    private readonly now: () => number = Date.now,
  ) {}

  /** The key of a snapshot: the base, its name and paths, and each file's bytes. Undefined when a file cannot be read. */
  key(ref: SnapshotRef, lone: boolean): string | undefined {
    // A lone host simulates every traffic entry, a fleet's host only its own: never the same entry.
    const hash = createHash('sha256').update(this.base).update(lone ? '\0lone\0' : '\0').update(ref.name).update('\0').update(ref.path).update('\0');
    if (ref.netview) hash.update(JSON.stringify(ref.netview));
    for (const f of ref.files) {
      // A file that cannot be read fails its snapshot on every run: nothing worth caching.
      if (f.problem || f.abs === undefined) return undefined;
      let digest: string;
      try {
        digest = fileDigest(f.abs);
      } catch {
        return undefined;
      }
      hash.update(f.rel).update('\0').update(digest).update('\0');
    }
    return hash.digest('hex');
  }

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.entry`);
  }

  /** The stored outcome for `key`, renumbered to `index`; undefined (and counted) when there is none to trust. */
  get(key: string, index: number): SnapshotOutcome | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file(key));
    } catch {
      this.stats.misses++;
      return undefined;
    }
    try {
      const { header, outcome } = parseEntry(bytes);
      const o = outcome as SnapshotOutcome | null;
      if (header.format !== FORMAT || header.version !== this.version || header.key !== key || typeof o !== 'object' || o === null || !Array.isArray(o.hosts)) {
        throw new Error('not an entry of this version and key');
      }
      this.stats.hits++;
      this.renew(key);
      return { ...o, index };
    } catch {
      this.stats.rejected++;
      this.stats.misses++;
      return undefined;
    }
  }

  /** Store an outcome, given packed (packOutcome; written to a temporary file and renamed, so a reader never sees half an entry). */
  put(key: string, outcome: Uint8Array): void {
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      writeFileSync(tmp, entryBytes({ format: FORMAT, version: this.version, key }, outcome));
      renameSync(tmp, file);
      this.stats.written++;
    } catch {
      // A cache that cannot be written costs speed, never the run.
      rmSync(tmp, { force: true });
    }
  }

  /** A hit's entry counts as used now (prune deletes by last use); failing to say so costs nothing but an early prune. */
  private renew(key: string): void {
    const t = new Date(this.now());
    try {
      utimesSync(this.file(key), t, t);
    } catch {
      // A read-only cache still serves hits.
    }
  }

  /**
   * Delete entries not used for `maxAgeDays` and temporary files older than a day; empty
   * sub-folders go too. Files this module did not name are left alone, whatever folder
   * --cache-location names. Returns how many files were deleted.
   */
  prune(maxAgeDays: number = CACHE_MAX_AGE_DAYS): number {
    const now = this.now();
    const entryCutoff = now - maxAgeDays * 24 * 3600 * 1000;
    const tmpCutoff = now - TMP_MAX_AGE_MS;
    let subdirs: string[];
    try {
      subdirs = readdirSync(this.dir).filter((d) => SUBDIR.test(d));
    } catch {
      return 0;
    }
    let pruned = 0;
    for (const sub of subdirs.sort()) {
      const dir = join(this.dir, sub);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      let left = names.length;
      const before = pruned;
      for (const name of names) {
        const m = ENTRY.exec(name) ?? TMP.exec(name);
        if (!m || !m[1].startsWith(sub)) continue;
        try {
          const { mtimeMs } = statSync(join(dir, name));
          if (mtimeMs >= (name.endsWith('.tmp') ? tmpCutoff : entryCutoff)) continue;
          rmSync(join(dir, name));
          pruned++;
          left--;
        } catch {
          // Gone already (another run pruned it) or not ours to delete: either way, not an error.
        }
      }
      // Only a sub-folder this prune emptied goes: an empty one it found may be someone else's.
      if (left === 0 && pruned > before) {
        try {
          rmdirSync(dir);
        } catch {
          // Another run just wrote into it.
        }
      }
    }
    this.stats.pruned += pruned;
    return pruned;
  }
}

/** The part of the key shared by every snapshot of a run. */
export function lintCacheBase(version: string, settings: unknown): string {
  return createHash('sha256').update(JSON.stringify({ version, settings })).digest('hex');
}
