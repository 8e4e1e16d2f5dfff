/**
 * Large files that are no export: a Get-NetView bundle (or any zipped folder) carries packet
 * captures, ETW traces and event logs of hundreds of MB beside the exports. Every format vmqlint
 * detects is recognised from its first characters (detectFormat looks at most at the first 64K
 * characters), so a large file is sniffed from its first 256 KiB and, when that says it is no
 * export, never read whole: decoding a 1 GB binary as text would exhaust memory or V8's string
 * limit for nothing. (A large `.reg` is streamed: registry-stream.ts.)
 */
import { statSync } from 'node:fs';
import { decodeBytes } from './decode.js';
import { detectFormat } from './parse.js';
import { withFileHead } from './registry-stream.js';

/** Files above this size are sniffed from their head before being read. */
export const LARGE_FILE_BYTES = 32 * 1024 * 1024;

/** True when a file is large and its first 256 KiB are no export vmqlint reads. */
export function isLargeNonExport(path: string): boolean {
  if (statSync(path).size <= LARGE_FILE_BYTES) return false;
  return withFileHead(path, 256 * 1024, (h) => detectFormat(decodeBytes(h).text) === undefined);
}
