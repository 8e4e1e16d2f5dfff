/**
 * Lone UTF-16 surrogates: half of a character pair, which no UTF-8 report, fix script or model
 * document can carry. Windows writes them (names are UTF-16 without validation), PowerShell keeps
 * them in CLIXML (`_xD800_`) and JSON (`\ud800`), and a UTF-16 decoder turns a raw one into
 * U+FFFD without a word. Each is listed as a value the export could not carry faithfully
 * (host.lossy), never silently replaced or dropped.
 */
import type { Loc, LossyItem } from '../model/host.js';
import type { ParsedFile, PsValue } from '../model/records.js';

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds a surrogate that is not half of a pair. */
export function hasLoneSurrogate(s: string): boolean {
  // Nearly every string has no surrogate at all: a bare class settles that without the lookaround
  // at each character (and a regex, unlike a loop, rejects a one-byte string without reading it).
  return SURROGATE.test(s) && LONE.test(s);
}

/**
 * Offsets (in UTF-16 code units, after a BOM of `skip` bytes) of lone surrogates in UTF-16 bytes.
 * The decoder replaces each with one U+FFFD, so an offset is also the index in the decoded text.
 */
export function loneSurrogateOffsets(bytes: Uint8Array, bigEndian: boolean, skip: number): number[] {
  const start = bytes.byteOffset + skip;
  if (bigEndian === BIG_ENDIAN_HOST && start % 2 === 0) return loneInUnits(new Uint16Array(bytes.buffer, start, (bytes.length - skip) >> 1));
  const out: number[] = [];
  // The high byte of each unit says whether it is a surrogate (0xD8-0xDF); only those are decoded.
  const high = bigEndian ? 0 : 1;
  const n = bytes.length;
  for (let i = skip; i + 1 < n; i += 2) {
    const h = bytes[i + high];
    if ((h & 0xf8) !== 0xd8) continue;
    const k = (i - skip) >> 1;
    if (h <= 0xdb) {
      const next = i + 3 < n ? bytes[i + 2 + high] : -1;
      if (next >= 0xdc && next <= 0xdf) i += 2;
      else out.push(k);
    } else out.push(k);
  }
  return out;
}

/** Whether this machine stores a 16-bit unit high byte first (then a Uint16Array reads UTF-16BE). */
const BIG_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** loneSurrogateOffsets on units read in the host's byte order: one read per unit, not two. */
function loneInUnits(units: Uint16Array): number[] {
  const out: number[] = [];
  const n = units.length;
  for (let k = 0; k < n; k++) {
    const u = units[k];
    if ((u & 0xf800) !== 0xd800) continue;
    if (u <= 0xdbff && k + 1 < n && (units[k + 1] & 0xfc00) === 0xdc00) k++;
    else out.push(k);
  }
  return out;
}

/** Line and column (1-based) of a text offset. */
function locate(text: string, offset: number, file: string): Loc {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, col: offset - start + 1 };
}

const REPLACED = 'a lone UTF-16 surrogate in the file bytes, which the decoder replaced by U+FFFD';
const KEPT = 'holds a lone UTF-16 surrogate (half of a character pair), which no report can print faithfully';

/** Lossy items for raw lone surrogates the decoder replaced (offsets from loneSurrogateOffsets). */
export function replacedSurrogates(text: string, offsets: readonly number[], file: string): LossyItem[] {
  return offsets.map((o) => ({ what: `character ${o + 1}`, reason: REPLACED, at: locate(text, o, file) }));
}

/**
 * The value's strings with a lone surrogate, reported as prefix + name: the name is joined only
 * for a finding (nearly never), not for each of the hundreds of thousands of fields scanned.
 */
function scanValue(v: PsValue, prefix: string, name: string, at: Loc, out: LossyItem[]): void {
  if (typeof v === 'string') {
    if (hasLoneSurrogate(v)) out.push({ what: `${prefix}${name}`, reason: KEPT, at });
  } else if (Array.isArray(v)) {
    for (const item of v) scanValue(item, prefix, name, at, out);
  } else if (v !== null && typeof v === 'object' && '$object' in v) {
    const fields = Object.values(v.fields);
    if (fields.length === 0) return;
    const inner = `${prefix}${name}.`;
    for (const f of fields) scanField(f.name, f.value, f.at, inner, out);
  }
}

function scanField(name: string, value: PsValue, at: Loc, prefix: string, out: LossyItem[]): void {
  if (hasLoneSurrogate(name)) out.push({ what: `${prefix}${name} (property name)`, reason: KEPT, at });
  scanValue(value, prefix, name, at, out);
}

/** Lossy items for lone surrogates kept in names and values of parsed records and registry keys. */
export function keptSurrogates(parsed: ParsedFile): LossyItem[] {
  const out: LossyItem[] = [];
  for (const rec of parsed.objects) {
    const fields = Object.values(rec.fields);
    if (fields.length === 0) continue;
    const prefix = `${rec.className ?? rec.typeNames[0] ?? 'object'}.`;
    for (const f of fields) scanField(f.name, f.value, f.at, prefix, out);
  }
  for (const key of parsed.regKeys) {
    if (hasLoneSurrogate(key.originalPath)) out.push({ what: 'registry key path', reason: KEPT, at: key.at });
    for (const v of Object.values(key.values)) {
      if (hasLoneSurrogate(v.name)) out.push({ what: `registry value name`, reason: KEPT, at: v.at });
      if (hasLoneSurrogate(v.value)) out.push({ what: `registry value ${v.name}`, reason: KEPT, at: v.at });
    }
  }
  return out;
}
