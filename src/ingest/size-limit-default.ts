/** The default size limit alone, so `--help` can print it without loading the parsers behind size-limit.ts. */

/** The default limit in MiB (`--max-file-mb`, docs/exports.md "Size limits"). */
export const DEFAULT_MAX_FILE_MB = 32;
