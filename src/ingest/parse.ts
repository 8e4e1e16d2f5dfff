/** One file's bytes to records: decode, detect the format by content, run its parser. */
import type { ParsedFile } from '../model/records.js';
import { looksLikeClixml, parseClixml } from './clixml.js';
import { looksLikeCsvExport, parseCsvExport } from './csv.js';
import { decodeBytes } from './decode.js';
import { looksLikeJsonExport, parseJsonExport } from './json.js';
import { keptSurrogates, replacedSurrogates } from './lone-surrogates.js';
import { looksLikeModelDocument } from './model-json.js';
import { looksLikeRegFile, parseRegFile } from './registry.js';
import { looksLikeRegQuery, parseRegQuery } from './regquery.js';

export type Detected = ParsedFile['format'];

/**
 * Registry keys the model reads: the Net class keys and the VMSMP parameters. A whole-HKLM
 * export (Get-NetView's hklm.reg) is hundreds of MB; the rest is checked for syntax, not kept.
 */
const NET_CLASS_OR_VMSMP = /\\(Control\\Class\\\{4d36e972-e325-11ce-bfc1-08002be10318\}|Services\\VMSMP)(\\|$)/i;
export const registryOptions = { keep: (path: string) => NET_CLASS_OR_VMSMP.test(path) };

/** The format of a decoded text, or undefined when it is no export vmqlint knows. */
export function detectFormat(text: string): Detected | undefined {
  const t = text.replace(/^[\s\u0000]+/, '');
  if (t === '') return undefined;
  if (looksLikeClixml(t)) return 'clixml';
  if (looksLikeRegFile(t)) return 'reg';
  if (looksLikeModelDocument(t)) return 'model';
  if (looksLikeJsonExport(t)) return 'json';
  if (looksLikeRegQuery(text)) return 'regquery';
  if (looksLikeCsvExport(t)) return 'csv';
  return undefined;
}

export interface DecodedFile {
  text: string;
  encoding: string;
  format: Detected | undefined;
  /** Lone surrogates the decoder replaced (see decode.ts). */
  loneSurrogates?: number[];
}

/** Decode and detect without parsing (cheap enough to decide what a folder holds). */
export function sniff(bytes: Uint8Array): DecodedFile {
  const { text, encoding, loneSurrogates } = decodeBytes(bytes);
  return { text, encoding, format: detectFormat(text), ...(loneSurrogates ? { loneSurrogates } : {}) };
}

/** Parse a decoded, detected file (not the model format: see model-json.ts). Throws InputError. */
export function parseDetected(d: DecodedFile, file: string): ParsedFile {
  const parsed = parseFormat(d, file);
  // Lone surrogates are listed as lossy, raw ones the decoder replaced and escaped ones kept.
  for (const item of replacedSurrogates(d.text, d.loneSurrogates ?? [], file)) parsed.lossy.push(item);
  for (const item of keptSurrogates(parsed)) parsed.lossy.push(item);
  return parsed;
}

function parseFormat(d: DecodedFile, file: string): ParsedFile {
  switch (d.format) {
    case 'clixml':
      return parseClixml(d.text, file, d.encoding);
    case 'json':
      return parseJsonExport(d.text, file, d.encoding);
    case 'csv':
      return parseCsvExport(d.text, file, d.encoding);
    case 'reg':
      return parseRegFile(d.text, file, d.encoding, registryOptions);
    case 'regquery':
      return parseRegQuery(d.text, file, d.encoding, registryOptions);
    default:
      throw new Error(`parseDetected called on ${String(d.format)}`);
  }
}
