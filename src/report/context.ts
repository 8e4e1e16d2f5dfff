/** What every lint formatter receives besides the result: colour and the rule catalog's metadata. */
import type { RuleMeta } from '../engine/types.js';

export interface ReportContext {
  /** ANSI colour on or off; formatters never look at the terminal themselves. */
  color: boolean;
  /** Metadata of every rule in the catalog (titles, docs, default severities). */
  rules: readonly RuleMeta[];
  /** Where vmqlint's docs live (SARIF informationUri; a rule's helpUri is its page, src/report/rule-doc.ts). */
  helpUriBase?: string;
  /**
   * Terminal width in columns, for text formats that wrap (stylish). Given only when stdout is a
   * terminal, so files and pipes get the same bytes at any width.
   */
  width?: number;
  /** Show each finding's suggested fix under it (stylish; default true, `--no-fix` turns it off). */
  fix?: boolean;
  /** List every not-applicable rule instead of one summary line (stylish `--verbose`). */
  verbose?: boolean;
}

/** Where rule docs are published when the caller gives no other base: the package's README. */
export const DEFAULT_HELP_URI_BASE = 'https://www.npmjs.com/package/vmqlint';
