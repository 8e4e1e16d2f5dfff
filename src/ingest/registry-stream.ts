/**
 * Streams a `.reg` file of any size through the `.reg` parser with bounded memory.
 *
 * Get-NetView ships `reg export HKLM` (inside `_Localhost/RegistryFiles.zip`): hundreds of MB of
 * UTF-16LE, of which vmqlint keeps only the NIC class keys and the VMSMP parameters (the `keep`
 * filter of RegParseOptions). Decoding such a file to one string would need the file's size
 * twice over, so the bytes are decoded piece by piece (TextDecoder with `stream: true`), each
 * piece cut after the last line that does not end in a `\` continuation, and fed to the same
 * RegFileParser as a whole text: records, unknown items and line numbers are the same as
 * `parseRegFile` on the decoded whole. Size is therefore never a reason to refuse a `.reg`.
 *
 * Encoding is chosen as decodeBytes does (BOM, then UTF-16LE sniffed, then UTF-8, else
 * Windows-1252); UTF-8 without a BOM that turns out invalid part-way restarts as Windows-1252,
 * which is why a source must be readable more than once.
 */
import type { LossyItem } from '../model/host.js';
import type { ParsedFile } from '../model/records.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { registryOptions } from './parse.js';
import { RegFileParser, type RegParseOptions } from './registry.js';

/** Bytes in order, pushed to `onChunk`; may be called again to read the source from the start. */
export type ByteSource = (onChunk: (chunk: Uint8Array) => void) => void;

/** Read size of a file source: large enough for throughput, small against the process's memory. */
const CHUNK = 1 << 20;

/** A ByteSource over a file on disk, read in 1 MiB pieces. */
export function fileSource(path: string): ByteSource {
  return (onChunk) => {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, null);
        if (n <= 0) break;
        onChunk(buf.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  };
}

/** A ByteSource over bytes already in memory, pushed in pieces of `size` (tests use small ones). */
export function bytesSource(bytes: Uint8Array, size = CHUNK): ByteSource {
  return (onChunk) => {
    for (let i = 0; i < bytes.length; i += size) onChunk(bytes.subarray(i, Math.min(bytes.length, i + size)));
  };
}

/**
 * One buffer every head is read into. Discovery reads a head of up to 128 KiB from a file of
 * every snapshot; a fresh buffer each time left the allocator's free lists fragmented (about
 * 30 MB more resident memory after discovering 5,000 snapshots).
 */
let scratch = Buffer.alloc(0);

/**
 * The first bytes of a file (for sniffing without reading it whole), passed to `use`. The bytes
 * are valid only during the call: the buffer is reused by the next.
 */
export function withFileHead<T>(path: string, n: number, use: (head: Uint8Array) => T): T {
  if (scratch.length < n) scratch = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  let got: number;
  try {
    got = readSync(fd, scratch, 0, n, 0);
  } finally {
    closeSync(fd);
  }
  return use(scratch.subarray(0, got));
}

/** The encoding decodeBytes would name for a file starting with these bytes (UTF-8 assumed valid). */
function encodingOf(h: Uint8Array): { label: string; decoder: string; skip: number } {
  if (h.length >= 2 && h[0] === 0xff && h[1] === 0xfe) return { label: 'utf-16le-bom', decoder: 'utf-16le', skip: 2 };
  if (h.length >= 2 && h[0] === 0xfe && h[1] === 0xff) return { label: 'utf-16be-bom', decoder: 'utf-16be', skip: 2 };
  if (h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) return { label: 'utf-8-bom', decoder: 'utf-8', skip: 3 };
  if (h.length >= 4 && h[1] === 0 && h[3] === 0 && h[0] !== 0 && h[2] !== 0) return { label: 'utf-16le', decoder: 'utf-16le', skip: 0 };
  return { label: 'utf-8', decoder: 'utf-8', skip: 0 };
}

/** True when the bytes start (after a BOM and blanks) with a `.reg` header, in any case. */
export function startsLikeRegFile(head: Uint8Array): boolean {
  const enc = encodingOf(head);
  const text = new TextDecoder(enc.decoder === 'utf-8' ? 'windows-1252' : enc.decoder).decode(head.subarray(enc.skip));
  const t = text.replace(/^[\s\u0000\ufeff]+/, '');
  const nl = t.search(/[\r\n]/);
  const first = (nl < 0 ? t : t.slice(0, nl)).trimEnd().toLowerCase();
  return first === 'windows registry editor version 5.00' || first === 'regedit4';
}

class Restart extends Error {}

/**
 * Where a decoded piece may be cut: after the last line feed whose line does not end in `\`
 * (a hex value continues on the next line), so no value is split between two pieces.
 */
function safeCut(text: string): number {
  let nl = text.lastIndexOf('\n');
  while (nl >= 0) {
    let k = nl - 1;
    while (k >= 0 && (text.charCodeAt(k) === 13 || text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (k < 0 || text.charCodeAt(k) !== 92 /* \ */) return nl + 1;
    nl = text.lastIndexOf('\n', nl - 1);
  }
  return 0;
}

/** Parse a `.reg` file from a byte source, keeping what `options.keep` wants. Throws InputError. */
export function parseRegStream(source: ByteSource, file: string, options?: RegParseOptions): ParsedFile {
  try {
    return parseWith(source, file, options, false);
  } catch (err) {
    if (!(err instanceof Restart)) throw err;
    return parseWith(source, file, options, true);
  }
}

function parseWith(source: ByteSource, file: string, options: RegParseOptions | undefined, ansi: boolean): ParsedFile {
  const stream = new RegStream(file, options, ansi);
  source((chunk) => stream.chunk(chunk));
  return stream.finish();
}

type Encoding = { label: string; decoder: string; skip: number };

/**
 * The state of one streamed parse. A class, not closures made per file: V8 drops the optimized
 * code of a per-call closure at a major GC, and the line-counting loop of `push` was compiled
 * again (and deoptimized at the parser's construction) for most `.reg` files of a fleet.
 */
class RegStream {
  private enc: Encoding | undefined;
  private decoder: InstanceType<typeof TextDecoder> | undefined = undefined;
  private pending = '';
  private first = new Uint8Array(0);
  private parser: RegFileParser | undefined = undefined;
  // A UTF-16 decoder turns a lone surrogate into U+FFFD without a word; streamed, the raw bytes are
  // gone, so each U+FFFD of a UTF-16 file is listed with its line (lone-surrogates.ts).
  private readonly replaced: LossyItem[] = [];
  private line = 1;

  constructor(
    private readonly file: string,
    private readonly options: RegParseOptions | undefined,
    ansi: boolean,
  ) {
    this.enc = ansi ? { label: 'windows-1252', decoder: 'windows-1252', skip: 0 } : undefined;
  }

  /** The next bytes of the source. */
  chunk(chunk: Uint8Array): void {
    let enc = this.enc;
    if (enc === undefined) {
      // The encoding is decided on the first four bytes; keep them until there are four.
      const joined = new Uint8Array(this.first.length + chunk.length);
      joined.set(this.first);
      joined.set(chunk, this.first.length);
      if (joined.length < 4) {
        this.first = joined;
        return;
      }
      enc = this.enc = encodingOf(joined);
      chunk = joined.subarray(enc.skip);
      this.first = new Uint8Array(0);
    }
    this.decoder ??= new TextDecoder(enc.decoder, { fatal: enc.decoder === 'utf-8' && enc.label === 'utf-8' });
    this.push(this.decode(chunk, false), false);
  }

  /** The end of the source: the last piece, then the parser's result. */
  finish(): ParsedFile {
    let enc = this.enc;
    if (enc === undefined) {
      enc = this.enc = encodingOf(this.first);
      this.decoder = new TextDecoder(enc.decoder, { fatal: enc.label === 'utf-8' });
      this.push(this.decode(this.first.subarray(enc.skip), true), true);
    } else {
      this.decoder ??= new TextDecoder(enc.decoder);
      this.push(this.decode(new Uint8Array(0), true), true);
    }
    let parser = this.parser;
    if (parser === undefined) {
      parser = new RegFileParser('', this.file, this.options);
      parser.header();
    }
    const result = parser.result(enc.label);
    for (const r of this.replaced) result.lossy.push(r);
    return result;
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    try {
      return this.decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new Restart('not UTF-8');
    }
  }

  private push(text: string, final: boolean): void {
    this.pending += text;
    const cut = final ? this.pending.length : safeCut(this.pending);
    if (cut === 0) return;
    const piece = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    const enc = this.enc;
    this.scan(piece, enc !== undefined && enc.decoder.startsWith('utf-16'));
    if (this.parser === undefined) {
      this.parser = new RegFileParser(piece, this.file, this.options);
      this.parser.header();
      this.parser.body();
    } else this.parser.feed(piece);
  }

  /**
   * Count the piece's lines, listing each U+FFFD of a UTF-16 file with its place. Both are found
   * with indexOf: a loop over every character whose rare branch (a U+FFFD) had no type feedback
   * deoptimized at each U+FFFD of a damaged file (hundreds of times in a fleet run).
   */
  private scan(piece: string, utf16: boolean): void {
    if (utf16 && this.replaced.length < MAX_REPLACED && piece.indexOf('\ufffd') !== -1) this.listReplaced(piece);
    let line = this.line;
    for (let nl = piece.indexOf('\n'); nl !== -1; nl = piece.indexOf('\n', nl + 1)) line++;
    this.line = line;
  }

  /** Each U+FFFD of the piece with its line and column (counted from the piece's first line). */
  private listReplaced(piece: string): void {
    let line = this.line;
    let lastNl = -1;
    for (let at = piece.indexOf('\ufffd'); at !== -1 && this.replaced.length < MAX_REPLACED; at = piece.indexOf('\ufffd', at + 1)) {
      for (let nl = piece.indexOf('\n', lastNl + 1); nl !== -1 && nl < at; nl = piece.indexOf('\n', nl + 1)) {
        line++;
        lastNl = nl;
      }
      this.replaced.push({ what: `character in line ${line}`, reason: REPLACED_SURROGATE, at: { file: this.file, line, col: at - lastNl } });
    }
  }
}

/** The most replaced characters listed for one file (a damaged file would list one per character). */
const MAX_REPLACED = 1000;
const REPLACED_SURROGATE = 'a lone UTF-16 surrogate in the file bytes (or a U+FFFD), which the decoder shows as U+FFFD';

/** True when the file on disk starts with a `.reg` header (read from its first bytes only). */
export function isRegFileAt(path: string): boolean {
  return withFileHead(path, 4096, startsLikeRegFile);
}

/** Parse a `.reg` file on disk, streamed, keeping the NIC class and VMSMP keys. Throws InputError. */
export function parseRegFileAt(path: string, shown: string): ParsedFile {
  return parseRegStream(fileSource(path), shown, registryOptions);
}
