/**
 * Finding fingerprints: stable across runs, NIC renames and export formats, because they hash the
 * hardware-anchored target id (InterfaceGuid, permanent MAC, PCI location), never a display name.
 */
import { createHash } from 'node:crypto';
import type { Target } from './types.js';

/** Hex sha256 of `v1`, host, target kind, target id, rule id and property, joined by NUL. */
export function fingerprint(host: string, target: Target, ruleId: string, property?: string): string {
  const parts = ['v1', host.toLowerCase(), target.kind, target.id.toLowerCase(), ruleId, (property ?? '').toLowerCase()];
  return createHash('sha256').update(parts.join('\0'), 'utf8').digest('hex');
}
