/**
 * Lone UTF-16 surrogates: half of a character pair, which no UTF-8 report, fix script or model
 * document can carry. Windows writes them (names are UTF-16 without validation), PowerShell keeps
 * them in CLIXML (`_xD800_`) and JSON (`\ud800`), and a UTF-16 decoder turns a raw one into
 * U+FFFD without a word. Each is listed as a value the export could not carry faithfully
 * (host.lossy), never silently replaced or dropped.
 */
import type { Loc, LossyItem } from '../model/host.js';
import type { ParsedFile, PsValue } from '../model/records.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds a surrogate that is not half of a pair. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE.test(s);
}

/**
 * Offsets (in UTF-16 code units, after a BOM of `skip` bytes) of lone surrogates in UTF-16 bytes.
 * The decoder replaces each with one U+FFFD, so an offset is also the index in the decoded text.
 */
export function loneSurrogateOffsets(bytes: Uint8Array, bigEndian: boolean, skip: number): number[] {
  const out: number[] = [];
  const unit = (i: number) => (bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
  for (let i = skip, k = 0; i + 1 < bytes.length; i += 2, k++) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < bytes.length ? unit(i + 2) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 2;
        k++;
      } else out.push(k);
    } else if (u >= 0xdc00 && u <= 0xdfff) out.push(k);
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

function scanValue(v: PsValue, what: string, at: Loc, out: LossyItem[]): void {
  if (typeof v === 'string') {
    if (hasLoneSurrogate(v)) out.push({ what, reason: KEPT, at });
  } else if (Array.isArray(v)) {
    for (const item of v) scanValue(item, what, at, out);
  } else if (v !== null && typeof v === 'object' && '$object' in v) {
    for (const f of Object.values(v.fields)) scanField(f.name, f.value, f.at, `${what}.`, out);
  }
}

function scanField(name: string, value: PsValue, at: Loc, prefix: string, out: LossyItem[]): void {
  if (hasLoneSurrogate(name)) out.push({ what: `${prefix}${name} (property name)`, reason: KEPT, at });
  scanValue(value, `${prefix}${name}`, at, out);
}

/** Lossy items for lone surrogates kept in names and values of parsed records and registry keys. */
export function keptSurrogates(parsed: ParsedFile): LossyItem[] {
  const out: LossyItem[] = [];
  for (const rec of parsed.objects) {
    const cls = rec.className ?? rec.typeNames[0] ?? 'object';
    for (const f of Object.values(rec.fields)) scanField(f.name, f.value, f.at, `${cls}.`, out);
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
