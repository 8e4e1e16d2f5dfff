/**
 * Byte decoding shared by every parser: BOM sniffing, UTF-16LE/BE, UTF-8, and ANSI fallback.
 * Windows PowerShell 5.1 writes UTF-16LE with a BOM; PowerShell 7 writes UTF-8 without one;
 * REGEDIT4 and `Out-File -Encoding default` write the ANSI code page.
 */

export interface DecodedText {
  text: string;
  /** utf-16le-bom, utf-16be-bom, utf-8-bom, utf-8, utf-16le (no BOM, sniffed), windows-1252 */
  encoding: string;
  /** UTF-16 only: text offsets of lone surrogates the decoder replaced by U+FFFD (listed, not hidden). */
  loneSurrogates?: number[];
}

import { loneSurrogateOffsets } from './lone-surrogates.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const cp1252 = new TextDecoder('windows-1252');

function withLone(d: DecodedText, offsets: number[]): DecodedText {
  return offsets.length > 0 ? { ...d, loneSurrogates: offsets } : d;
}

/** Decode file bytes to text, naming the encoding found. Never throws. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return withLone({ text: utf16le.decode(bytes.subarray(2)), encoding: 'utf-16le-bom' }, loneSurrogateOffsets(bytes, false, 2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return withLone({ text: utf16be.decode(bytes.subarray(2)), encoding: 'utf-16be-bom' }, loneSurrogateOffsets(bytes, true, 2));
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8Lenient.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  // UTF-16LE without a BOM: ASCII text has a zero in every odd byte.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0 && bytes[2] !== 0) {
    return withLone({ text: utf16le.decode(bytes), encoding: 'utf-16le' }, loneSurrogateOffsets(bytes, false, 0));
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

/** The first `n` characters of the text after leading whitespace, for format sniffing. */
export function head(text: string, n = 512): string {
  return text.slice(0, n * 4).replace(/^[\s\u0000]+/, '').slice(0, n);
}
