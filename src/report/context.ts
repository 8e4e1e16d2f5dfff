/** What every lint formatter receives besides the result: colour and the rule catalog's metadata. */
import type { RuleMeta } from '../engine/types.js';

export interface ReportContext {
  /** ANSI colour on or off; formatters never look at the terminal themselves. */
  color: boolean;
  /** Metadata of every rule in the catalog (titles, docs, default severities). */
  rules: readonly RuleMeta[];
  /** Where vmqlint's docs live (SARIF informationUri; a rule's helpUri is its page, src/report/rule-doc.ts). */
  helpUriBase?: string;
}

/** Where rule docs are published when the caller gives no other base: the package's README. */
export const DEFAULT_HELP_URI_BASE = 'https://www.npmjs.com/package/vmqlint';
