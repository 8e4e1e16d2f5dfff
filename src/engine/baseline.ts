/**
 * Baselines: findings accepted as they stand, matched by fingerprint. Baselined findings do not
 * fail the gate but stay visible; entries that no longer match are reported for pruning.
 */
import { ordinal } from './catalog.js';
import { fingerprint } from './fingerprint.js';
import { validateWith, type Locator } from './schema-errors.js';
import type { BaselineEntry, Finding, Target } from './types.js';
import { VALIDATORS } from './validators.generated.js';

export interface BaselineDocument {
  schemaVersion: 1;
  entries: BaselineEntry[];
}


/** Check a parsed baseline file against its schema; errors name the key and its line. */
export function validateBaseline(value: unknown, file: string, locate?: Locator): BaselineDocument {
  return validateWith<BaselineDocument>(VALIDATORS.baseline, value, file, locate);
}

/** How a target reads in a baseline entry; identity lives in the fingerprint. */
export function targetLabel(t: Target): string {
  return `${t.kind} ${t.name}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return ordinal(a.host, b.host) || ordinal(a.ruleId, b.ruleId) || ordinal(a.target, b.target) || ordinal(a.fingerprint, b.fingerprint) || ordinal(a.message, b.message);
}

/** A baseline of the given findings (waived ones excluded: their waiver already covers them). */
export function buildBaseline(findings: readonly Finding[]): BaselineDocument {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (f.suppressed?.kind === 'waiver' || seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, host: f.host, target: targetLabel(f.target), message: f.message });
  }
  return { schemaVersion: 1, entries: entries.sort(compareEntries) };
}

/** The file text: two-space JSON, sorted entries, a final newline (diffs well in review). */
export function serializeBaseline(doc: BaselineDocument): string {
  return `${JSON.stringify({ schemaVersion: 1, entries: [...doc.entries].sort(compareEntries) }, null, 2)}\n`;
}

/** Baseline entries of a run; `match` marks them used. */
export class BaselineSet {
  // Fingerprints only (entries are kept once, in `entries`, for the housekeeping report): a
  // million-entry baseline must not cost a second structure per entry.
  private readonly fingerprints = new Set<string>();
  private readonly used = new Set<string>();

  constructor(
    /** The file it came from, reported in housekeeping. */
    readonly file: string,
    readonly entries: readonly BaselineEntry[],
  ) {
    for (const e of entries) this.fingerprints.add(e.fingerprint);
  }

  /**
   * True when the finding's fingerprint is in the baseline. `retiredIds` are the rule's former
   * ids: a baseline written before a rule was renamed holds fingerprints hashed with the old id.
   */
  match(f: Finding, retiredIds: readonly string[] = []): boolean {
    for (const fp of [f.fingerprint, ...retiredIds.map((id) => fingerprint(f.host, f.target, id, f.property))]) {
      if (!this.fingerprints.has(fp)) continue;
      this.used.add(fp);
      return true;
    }
    return false;
  }

  /** Entries no finding matched, sorted. */
  unmatched(): BaselineEntry[] {
    return this.entries.filter((e) => !this.used.has(e.fingerprint)).sort(compareEntries);
  }
}
