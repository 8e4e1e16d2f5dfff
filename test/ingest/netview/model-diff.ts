/**
 * Field-by-field comparison of two host models: every leaf under os, processors, adapters,
 * teams, switches, vnics, vms and vmsmp, with arrays of named objects keyed by their identity
 * (so order does not matter) and provenance (`at`) left out.
 */
import type { Host } from '../../../src/model/host.js';

const SKIP = new Set(['at', 'sources', 'unknown', 'lossy', 'conflicts', 'name']);

function idOf(x: Record<string, unknown>): string | undefined {
  for (const k of ['id', 'name', 'keyword', 'queueId']) {
    const v = x[k];
    if (typeof v === 'string' || typeof v === 'number') {
      if (k === 'name' && typeof x.vmName === 'string') return `${x.vmName}/${v}`;
      return String(v);
    }
  }
  return undefined;
}

function walk(v: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const id = item && typeof item === 'object' && !Array.isArray(item) ? idOf(item as Record<string, unknown>) : undefined;
      walk(item, `${path}[${id ?? i}]`, out);
    });
    if (v.length === 0) out.set(path, '[]');
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!SKIP.has(k) || path === '') walk(x, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, JSON.stringify(v));
}

/** Leaves of a host model, path -> JSON value. */
export function leaves(h: Host): Map<string, string> {
  const out = new Map<string, string>();
  const { name: _n, sources: _s, unknown: _u, lossy: _l, conflicts: _c, at: _a, ...rest } = h;
  walk(rest, '', out);
  return out;
}

/** Paths whose values differ, with both values (undefined where one side lacks the path). */
export function modelDiff(a: Host, b: Host): { path: string; a?: string; b?: string }[] {
  const la = leaves(a);
  const lb = leaves(b);
  const paths = [...new Set([...la.keys(), ...lb.keys()])].sort();
  return paths.filter((p) => la.get(p) !== lb.get(p)).map((p) => ({ path: p, a: la.get(p), b: lb.get(p) }));
}
