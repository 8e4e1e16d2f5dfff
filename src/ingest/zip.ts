/**
 * Zip input: a `.zip` anywhere in the input (a path on the command line, a file in a folder, an
 * entry of another zip) is read as the folder it contains.
 *
 * Interface for readers (the loader, the Get-NetView and SDDC folder readers): `ArchiveTrees`
 * expands a zip into a real folder under the OS temp directory and returns its path, so every
 * folder reader works on zips unchanged (plain `fs` calls, no second file-system abstraction);
 * `display(path)` turns a path inside an expanded tree back into what the user gave
 * (`bundle.zip/_Localhost/RegistryFiles.zip/hklm.reg`), for messages and provenance; `dispose()`
 * removes the trees once the load is done. A zip inside an expanded tree (Get-NetView's
 * `_Localhost/RegistryFiles.zip` inside the `msdbg.<HOST>` zip) is a file there: expanding it in
 * turn is the nested zip going "through a temporary file". Large entries stream through fflate's
 * Inflate to disk, so memory stays bounded whatever the archive holds.
 *
 * Refused with an InputError naming the archive and the entry (exit 2):
 * - entry names that are absolute (`/x`, `\x`, `C:x`) or contain a `..` segment (zip slip),
 *   or a NUL; `\` counts as a separator (.NET Framework's ZipFile writes it);
 * - encrypted entries, compression methods other than stored and deflate, ZIP64 archives
 *   (over 4 GiB or 65,535 entries: unzip those first), corrupt data (CRC, sizes);
 * - decompression bombs, by absolute limits (ZipLimits, defaults below) counted on the bytes
 *   actually inflated, not on the sizes the archive declares, and summed over nested zips.
 *   The ratio check is secondary and applies only to large entries: a UTF-16LE `.reg` compresses
 *   15-20x and padded text views more, so a ratio alone would refuse real bundles.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Inflate } from 'fflate';
import { InputError } from '../model/errors.js';

/** Absolute limits against decompression bombs; every count is over all archives of one load. */
export interface ZipLimits {
  /** Entries (files and folders) in all archives. Default 100,000. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. Default 4 GiB - 1 (the most a non-ZIP64 entry can hold). */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries of all archives. Default 8 GiB. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio of one entry, checked only above `ratioFromBytes`. Default 200. */
  maxRatio: number;
  /** Entries smaller than this (uncompressed) are not ratio-checked. Default 64 MiB. */
  ratioFromBytes: number;
  /** Zips inside zips, counting the outer one as 1. Default 4. */
  maxDepth: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** The limits used when the caller gives none. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 4 * GiB - 1,
  maxTotalBytes: 8 * GiB,
  maxRatio: 200,
  ratioFromBytes: 64 * MiB,
  maxDepth: 4,
};

/** True when the file starts with a zip signature (local header or empty-archive end record). */
export function isZipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    if (readSync(fd, b, 0, 4, 0) < 4) return false;
    const sig = b.readUInt32LE(0);
    return sig === 0x04034b50 || sig === 0x06054b50;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

interface Entry {
  name: string;
  dir: boolean;
  method: number;
  flags: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(crc: number, b: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Entry name bytes: UTF-8 when flagged or valid, else Latin-1 (CP437 differs only in symbols). */
function entryName(b: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(b);
  try {
    return utf8Fatal.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

/** The safe relative segments of an entry name, or why it is refused. */
export function safeSegments(name: string): string[] | string {
  if (name.includes('\0')) return 'a NUL character in the name';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'an absolute path';
  const segs = n.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.some((s) => s === '..')) return "a '..' segment (path traversal)";
  return segs;
}

class ZipReader {
  private readonly fd: number;
  private readonly size: number;

  constructor(
    readonly path: string,
    readonly shown: string,
  ) {
    this.fd = openSync(path, 'r');
    this.size = statSync(path).size;
  }

  close(): void {
    closeSync(this.fd);
  }

  fail(detail: string): never {
    throw new InputError(this.shown, 0, 0, detail);
  }

  read(pos: number, len: number): Buffer {
    const b = Buffer.alloc(len);
    const got = readSync(this.fd, b, 0, len, pos);
    if (got < len) this.fail(`truncated archive: expected ${len} bytes at offset ${pos}`);
    return b;
  }

  /** The central directory: the archive's own list of entries (authoritative over local headers). */
  entries(): Entry[] {
    const tailLen = Math.min(this.size, 22 + 0xffff);
    if (tailLen < 22) this.fail('not a zip archive (no end of central directory record)');
    const tail = this.read(this.size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) this.fail('not a zip archive (no end of central directory record)');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      this.fail('ZIP64 archives (over 4 GiB or 65,535 entries) are not read; unzip it and give the folder');
    }
    if (cdOffset + cdSize > this.size) this.fail('truncated archive: the central directory lies past the end of the file');
    const cd = this.read(cdOffset, cdSize);
    const out: Entry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) this.fail(`corrupt central directory at entry ${k + 1}`);
      const flags = cd.readUInt16LE(p + 8);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const name = entryName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
      out.push({
        name,
        dir: name.endsWith('/') || name.endsWith('\\'),
        method: cd.readUInt16LE(p + 10),
        flags,
        crc: cd.readUInt32LE(p + 16),
        csize: cd.readUInt32LE(p + 20),
        usize: cd.readUInt32LE(p + 24),
        offset: cd.readUInt32LE(p + 42),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  }

  /** Push an entry's compressed bytes, in pieces, from its local header's data start. */
  compressed(e: Entry, onChunk: (b: Uint8Array, last: boolean) => void): void {
    const local = this.read(e.offset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50) this.fail(`entry '${e.name}': corrupt local header`);
    let pos = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    let left = e.csize;
    if (pos + left > this.size) this.fail(`entry '${e.name}': truncated archive (data past the end of the file)`);
    const buf = Buffer.allocUnsafe(1 << 20);
    if (left === 0) onChunk(new Uint8Array(0), true);
    while (left > 0) {
      const n = readSync(this.fd, buf, 0, Math.min(buf.length, left), pos);
      if (n <= 0) this.fail(`entry '${e.name}': truncated archive`);
      pos += n;
      left -= n;
      onChunk(buf.subarray(0, n), left === 0);
    }
  }
}

/** Expanded archives of one load: where each is, what the user calls it, and the bomb counters. */
export class ArchiveTrees {
  private readonly limits: ZipLimits;
  private readonly trees: { root: string; shown: string; depth: number }[] = [];
  private entries = 0;
  private total = 0;

  constructor(
    /** How the loader shows a path that is not inside an expanded archive. */
    private readonly plainDisplay: (abs: string) => string,
    limits: Partial<ZipLimits> = {},
  ) {
    this.limits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  }

  /** A path as the user knows it: inside an expanded archive, `archive.zip/entry/path`. */
  display(abs: string): string {
    for (const t of this.trees) {
      const rel = relative(t.root, abs);
      if (rel === '') return t.shown;
      if (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel)) return `${t.shown}/${rel.split(sep).join('/')}`;
    }
    return this.plainDisplay(abs);
  }

  private depthOf(abs: string): number {
    for (const t of this.trees) {
      const rel = relative(t.root, abs);
      if (!rel.startsWith('..')) return t.depth;
    }
    return 0;
  }

  /** Expand a zip file into a new temporary folder and return the folder. Throws InputError. */
  expand(zipPath: string): string {
    const shown = this.display(zipPath);
    const depth = this.depthOf(zipPath) + 1;
    if (depth > this.limits.maxDepth) throw new InputError(shown, 0, 0, `zip nested more than ${this.limits.maxDepth} deep (limit maxDepth)`);
    const root = mkdtempSync(join(tmpdir(), 'vmqlint-zip-'));
    this.trees.unshift({ root, shown, depth });
    const zip = new ZipReader(zipPath, shown);
    try {
      const list = zip.entries();
      this.entries += list.length;
      if (this.entries > this.limits.maxEntries) {
        zip.fail(`more than ${this.limits.maxEntries} zip entries in this input (limit maxEntries; a decompression bomb?)`);
      }
      for (const e of list) this.extract(zip, e, root);
    } finally {
      zip.close();
    }
    return root;
  }

  private extract(zip: ZipReader, e: Entry, root: string): void {
    const segs = safeSegments(e.name);
    const bad = (detail: string): never => zip.fail(`entry '${e.name}': ${detail}`);
    if (typeof segs === 'string') bad(`refused: ${segs}`);
    const parts = segs as string[];
    if (parts.length === 0) return;
    const target = join(root, ...parts);
    if (e.dir) {
      mkdirSync(target, { recursive: true });
      return;
    }
    if (e.flags & 1) bad('encrypted entries are not read');
    if (e.method !== 0 && e.method !== 8) bad(`compression method ${e.method} is not read (only stored and deflate)`);
    const { maxEntryBytes, maxTotalBytes, maxRatio, ratioFromBytes } = this.limits;
    // Declared sizes are checked first (cheap), then the bytes actually inflated (the truth).
    if (e.usize > maxEntryBytes) bad(`declares ${e.usize} bytes uncompressed, over the limit of ${maxEntryBytes} (maxEntryBytes)`);
    mkdirSync(join(target, '..'), { recursive: true });
    const fd = openSync(target, 'w');
    let written = 0;
    let crc = 0;
    const sink = (chunk: Uint8Array): void => {
      written += chunk.length;
      this.total += chunk.length;
      if (written > maxEntryBytes) bad(`inflates past ${maxEntryBytes} bytes (maxEntryBytes; a decompression bomb?)`);
      if (this.total > maxTotalBytes) bad(`the archives of this input inflate past ${maxTotalBytes} bytes in all (maxTotalBytes; a decompression bomb?)`);
      if (written > e.usize) bad(`inflates past the ${e.usize} bytes it declares (corrupt or crafted archive)`);
      if (written >= ratioFromBytes && written / Math.max(e.csize, 1) > maxRatio) {
        bad(`compression ratio over ${maxRatio}:1 for ${written} bytes (maxRatio; a decompression bomb?)`);
      }
      crc = crc32(crc, chunk);
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    };
    try {
      if (e.method === 0) {
        zip.compressed(e, (b) => sink(b));
      } else {
        let ended = false;
        const inflate = new Inflate((chunk, final) => {
          sink(chunk);
          if (final) ended = true;
        });
        zip.compressed(e, (b, last) => {
          try {
            inflate.push(b, last);
          } catch (err) {
            if (err instanceof InputError) throw err;
            bad(`corrupt deflate data (${(err as Error).message})`);
          }
        });
        if (!ended) bad('corrupt deflate data (the stream does not end)');
      }
    } finally {
      closeSync(fd);
    }
    if (written !== e.usize) bad(`inflates to ${written} bytes, not the ${e.usize} it declares (corrupt archive)`);
    if (crc !== e.crc) bad('CRC-32 mismatch (corrupt archive)');
  }

  /** Remove every expanded tree. */
  dispose(): void {
    for (const t of this.trees) rmSync(t.root, { recursive: true, force: true });
    this.trees.length = 0;
  }
}
