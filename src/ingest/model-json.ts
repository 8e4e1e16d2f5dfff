/**
 * Reads a vmqlint model document (`vmqlint show --format json`) back as input, validated
 * against the published schema, so the JSON round trip gives the same model.
 */
import { InputError } from '../model/errors.js';
import type { Host, ModelDocument } from '../model/host.js';
import { setEntry, toKeyedTable } from '../model/keyed.js';
import { parseJsonDocument, resolvePointer, type JNode } from './json-syntax.js';
import { MODEL_VALIDATOR } from './model-validator.generated.js';

/** A JSON object whose first members say it is a vmqlint model document. */
export function looksLikeModelDocument(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"schemaVersion"\s*:\s*1/.test(head) && /"tool"\s*:\s*\{\s*"name"\s*:\s*"vmqlint"/.test(head) && /"hosts"\s*:/.test(head);
}

function toPlain(n: JNode): unknown {
  switch (n.kind) {
    case 'object': {
      // Own data members only: `"__proto__": {...}` must stay a member the schema rejects, never
      // become the prototype (whose `name` the schema and the linter would then read).
      const o: Record<string, unknown> = {};
      for (const m of n.members) setEntry(o, m.key, toPlain(m.value));
      return o;
    }
    case 'array':
      return n.items.map(toPlain);
    case 'string':
    case 'number':
    case 'boolean':
      return n.value;
    case 'null':
      return null;
  }
}

/** Hosts of a model document; InputError at the first schema violation, with its line. */
export function parseModelDocument(text: string, file: string): Host[] {
  const doc = parseJsonDocument(text, file);
  const plain = toPlain(doc.root);
  const check = MODEL_VALIDATOR;
  if (!check(plain)) {
    const e = check.errors![0];
    const at = resolvePointer(doc.root, e.instancePath).node;
    throw new InputError(file, at.line, at.col, `model document ${e.instancePath || '/'} ${e.message ?? 'is invalid'} (expected the vmqlint model schema, schemaVersion 1)`);
  }
  const hosts = (plain as ModelDocument).hosts;
  // Documents written before Get-VM was read have no `vms`: no VM state known.
  for (const h of hosts) {
    h.vms ??= [];
    // Keyword tables without a prototype, so a keyword named `constructor` is only data.
    for (const a of h.adapters) a.advanced = toKeyedTable(a.advanced);
  }
  return hosts;
}
