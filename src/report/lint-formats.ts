/** The lint report formats by name: each a pure function of the result and the report context. */
import type { LintResult } from '../engine/types.js';
import type { ReportContext } from './context.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type LintFormatter = (result: LintResult, ctx: ReportContext) => string;

export const LINT_FORMATTERS: Record<string, LintFormatter> = {
  stylish: formatStylish,
  json: (r) => formatJson(r),
  sarif: formatSarif,
  junit: formatJunit,
  github: (r) => formatGithub(r),
  markdown: formatMarkdown,
};

export { LINT_FORMAT_NAMES } from './lint-format-names.js';
