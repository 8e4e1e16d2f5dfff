/**
 * Waivers: accepted deviations with a reason, an owner and an expiry. A waiver stops applying
 * after its last day (UTC); expired and unused waivers are reported so they get pruned instead of
 * silently hiding new problems.
 */
import { InputError } from '../model/errors.js';
import type { RuleCatalog } from './catalog.js';
import { matchGlob } from './glob.js';
import { validateWith, type Locator } from './schema-errors.js';
import { isExpired } from './time.js';
import type { Finding, WaiverNote, WaiverSpec } from './types.js';
import { VALIDATORS } from './validators.generated.js';


/** Check a parsed waivers file against its schema; errors name the key and its line. */
export function validateWaiversFile(value: unknown, file: string, locate?: Locator): WaiverSpec[] {
  return validateWith<{ waivers: WaiverSpec[] }>(VALIDATORS.waivers, value, file, locate).waivers;
}

/** Waivers as written in one file, with the file and the pointer of the `waivers` array. */
export interface WaiverSource {
  file: string;
  /** JSON pointer of the array, e.g. `/waivers`. */
  pointer: string;
  waivers: readonly WaiverSpec[];
  locate?: Locator;
}

interface Prepared {
  ruleId: string;
  note: WaiverNote;
  expired: boolean;
  used: boolean;
}

function note(spec: WaiverSpec, file: string, line: number): WaiverNote {
  const n: WaiverNote = { rule: spec.rule, reason: spec.reason, source: { file, line } };
  if (spec.host !== undefined) n.host = spec.host;
  if (spec.target !== undefined) n.target = spec.target;
  if (spec.property !== undefined) n.property = spec.property;
  if (spec.owner !== undefined) n.owner = spec.owner;
  if (spec.expires !== undefined) n.expires = spec.expires;
  return n;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a waiver's `target` glob is matched against: the target's name and id, and a GUID id also
 * in braces, as Get-NetAdapter prints an InterfaceGuid (the model keeps it without them).
 */
function targetNames(f: Finding): string[] {
  return GUID.test(f.target.id) ? [f.target.name, f.target.id, `{${f.target.id}}`] : [f.target.name, f.target.id];
}

/** The waivers of a run; `apply` marks the ones used, `housekeeping` lists the rest. */
export class WaiverSet {
  private readonly items: Prepared[] = [];

  /** Rule ids resolve through the catalog (aliases too); an unknown id is an InputError naming the key. */
  constructor(catalog: RuleCatalog, sources: readonly WaiverSource[], today: string) {
    for (const src of sources) {
      src.waivers.forEach((spec, i) => {
        const at = src.locate?.(`${src.pointer}/${i}`);
        const rule = catalog.resolve(spec.rule);
        if (!rule) {
          const r = src.locate?.(`${src.pointer}/${i}/rule`);
          throw new InputError(src.file, r?.line ?? 0, r?.col ?? 0, `${src.pointer.slice(1)}[${i}].rule: unknown rule id '${spec.rule}'${catalog.suggest(spec.rule)} (vmqlint rules lists them)`);
        }
        this.items.push({
          ruleId: rule.meta.id,
          note: note(spec, src.file, at?.line ?? 0),
          expired: spec.expires !== undefined && isExpired(spec.expires, today),
          used: false,
        });
      });
    }
  }

  /** The first live waiver that covers the finding (every live match is marked used). */
  apply(f: Finding): WaiverNote | undefined {
    let first: WaiverNote | undefined;
    for (const w of this.items) {
      if (w.expired || w.ruleId !== f.ruleId) continue;
      const n = w.note;
      if (n.host !== undefined && !matchGlob(n.host, f.host)) continue;
      if (n.target !== undefined && !targetNames(f).some((t) => matchGlob(n.target!, t))) continue;
      if (n.property !== undefined && (f.property === undefined || !matchGlob(n.property, f.property))) continue;
      w.used = true;
      first ??= n;
    }
    return first;
  }

  /** Expired waivers, and live ones that matched no finding, in the order written. */
  housekeeping(): { expiredWaivers: WaiverNote[]; unusedWaivers: WaiverNote[] } {
    return {
      expiredWaivers: this.items.filter((w) => w.expired).map((w) => w.note),
      unusedWaivers: this.items.filter((w) => !w.expired && !w.used).map((w) => w.note),
    };
  }
}
