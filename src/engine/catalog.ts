/** The rule catalog: every rule by id, and retired ids (aliases) that still resolve to their rule. */
import { didYouMean } from '../model/did-you-mean.js';
import type { Rule } from './types.js';

/** Ordinal comparison: the same order on every machine and locale. */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class RuleCatalog {
  /** Rules sorted by id. */
  readonly rules: readonly Rule[];
  private readonly byKey = new Map<string, Rule>();

  constructor(rules: readonly Rule[]) {
    this.rules = [...rules].sort((a, b) => ordinal(a.meta.id, b.meta.id));
    for (const rule of this.rules) {
      for (const key of [rule.meta.id, ...(rule.meta.aliases ?? [])]) {
        const k = key.toLowerCase();
        const other = this.byKey.get(k);
        // Two rules claiming one id would make configs and waivers ambiguous: a packaging bug.
        if (other) throw new Error(`rule id '${key}' is claimed by both ${other.meta.id} and ${rule.meta.id}`);
        this.byKey.set(k, rule);
      }
    }
  }

  /** `; did you mean 'ID'?` for an unknown id close to a rule's id, else ''. */
  suggest(id: string): string {
    return didYouMean(id, this.rules.map((r) => r.meta.id));
  }

  /** The rule for an id or a retired alias (case-insensitive), if any. */
  resolve(id: string): Rule | undefined {
    return this.byKey.get(id.toLowerCase());
  }

  /** The canonical id for an id or alias; unknown ids come back unchanged. */
  canonical(id: string): string {
    return this.resolve(id)?.meta.id ?? id;
  }
}
