/**
 * The size above which an export that is read whole is refused. CLIXML, JSON, CSV and `reg query`
 * text are decoded to one string and every value becomes a record with its position, which costs
 * about 35 times the file's size (a 20 MB Export-Csv of 200,000 rows peaks at 750 MB; 135 MB of
 * CSV aborted Node; 32 MB peaks at 1.2 GB, within the 1.75 GB heap Node gives itself on a 7 GB CI
 * runner). Real exports of one host are a few MB, so the limit refuses only what would exhaust
 * memory, with a clear error naming the file, its size and the limit, before any byte is
 * decoded. A `.reg` is streamed (registry-stream.ts) and never refused for its size; a large file
 * that is no export is skipped unread (large-file.ts).
 */
import { statSync } from 'node:fs';
import { InputError } from '../model/errors.js';
import { isLargeNonExport } from './large-file.js';
import { isRegFileAt } from './registry-stream.js';
import { DEFAULT_MAX_FILE_MB } from './size-limit-default.js';

export { DEFAULT_MAX_FILE_MB };

/** The default limit in bytes. */
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;

/** True when the file at `abs` is an export read whole and is larger than `limit` bytes. */
export function isOversized(abs: string, limit = DEFAULT_MAX_FILE_BYTES): boolean {
  return statSync(abs).size > limit && !isRegFileAt(abs) && !isLargeNonExport(abs);
}

/** The error for an oversized file, shown as `shown`; undefined when it is within the limit. */
export function oversizeError(abs: string, shown: string, limit = DEFAULT_MAX_FILE_BYTES): InputError | undefined {
  if (!isOversized(abs, limit)) return undefined;
  const size = statSync(abs).size;
  return new InputError(
    shown,
    0,
    0,
    `file is ${mib(size)}, above the limit of ${mib(limit)} for exports read whole (CLIXML, JSON, CSV, reg query text); raise it with --max-file-mb, or export fewer objects per file`,
  );
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
