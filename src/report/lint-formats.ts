/**
 * The lint report formats by name: each a pure function of the result and the report context,
 * written as a sequence of pieces (a header, one piece a host or a finding, a tail), so a report
 * of 10,000 hosts is written as it is made and never held as one string.
 */
import type { LintResult } from '../engine/types.js';
import type { ReportContext } from './context.js';
import { githubChunks } from './github.js';
import { lintResultChunks } from './json.js';
import { junitChunks } from './junit.js';
import { markdownChunks } from './markdown.js';
import { sarifChunks } from './sarif.js';
import { stylishChunks } from './stylish.js';

/** A lint format: the pieces of its text, in order; joined, they are the report. */
export type LintChunker = (result: LintResult, ctx: ReportContext) => Iterable<string>;

/** A lint format as one string (tests, small results); the CLI writes LINT_CHUNKERS' pieces. */
export type LintFormatter = (result: LintResult, ctx: ReportContext) => string;

/** Every lint format's pieces, by format name. */
export const LINT_CHUNKERS: Record<string, LintChunker> = {
  stylish: stylishChunks,
  json: (r) => lintResultChunks(r),
  sarif: sarifChunks,
  junit: junitChunks,
  github: (r) => githubChunks(r),
  markdown: markdownChunks,
};

/** Every lint format as one string (LINT_CHUNKERS' pieces joined), by format name. */
export const LINT_FORMATTERS: Record<string, LintFormatter> = Object.fromEntries(
  Object.entries(LINT_CHUNKERS).map(([name, chunks]) => [name, (r: LintResult, ctx: ReportContext) => [...chunks(r, ctx)].join('')]),
);

export { LINT_FORMAT_NAMES } from './lint-format-names.js';
