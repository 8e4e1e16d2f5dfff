/** The baseline file's size bounds alone, so `--help` can print them without loading the baseline validator. */

/** Size bounds of a baseline file; the defaults are documented in docs/exports.md. */
export interface BaselineLimits {
  /** Above this many bytes the file is parsed without positions. */
  positionalBytes: number;
  /** Above this many bytes the file is refused (V8 cannot hold a string much above 512 MiB). */
  maxBytes: number;
  /** Above this many entries the file is refused. */
  maxEntries: number;
}

/** The defaults: a million-entry baseline (about 270 MB) loads; one byte or entry more does not. */
export const DEFAULT_BASELINE_LIMITS: BaselineLimits = {
  positionalBytes: 8 * 1024 * 1024,
  maxBytes: 384 * 1024 * 1024,
  maxEntries: 1_000_000,
};
