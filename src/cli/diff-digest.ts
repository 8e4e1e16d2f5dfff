/**
 * What `diff`'s first pass keeps of each host (in this thread or a diff worker): a fingerprint of
 * its flattened properties and its lint, so pairs that cannot differ are never read again.
 */
import { createHash } from 'node:crypto';
import { flattenHost } from '../diff/flatten.js';
import type { HostLint } from '../engine/host-lint.js';
import type { Host } from '../model/host.js';
import { errorFromWire, errorToWire, type WireError } from './snapshot-wire.js';

/** What the first pass keeps of a host. */
export interface PairDigest {
  /** sha256 of the flattened host without locations (file paths differ between the two sides). */
  flat: string;
  lint?: HostLint;
  /** The host's lint failed: raised in the order a whole-fleet lint would meet it. */
  error?: { error: unknown };
}

/** A PairDigest as plain data (the error as WireError), to cross threads. */
export interface WirePairDigest {
  flat: string;
  lint?: HostLint;
  error?: WireError;
}

/** JSON of a flattened host: Maps and Sets as arrays, without the model and the locations. */
function fingerprint(host: Host): string {
  const flat = flattenHost(host);
  const text = JSON.stringify(flat, (key, value: unknown) => {
    if (key === 'host' || key === 'at') return undefined;
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value.values()];
    return value;
  });
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A host's digest: its fingerprint and, with a linter, its lint (slimmed on the before side). A
 * clone: strings cut from a file's text (V8 slices) would keep the whole text alive.
 */
export function pairDigest(host: Host, hostLint: ((host: Host) => HostLint) | undefined, slim: boolean): WirePairDigest {
  const d: WirePairDigest = { flat: fingerprint(host) };
  if (hostLint) {
    try {
      d.lint = structuredClone(slimmed(hostLint(host), slim));
    } catch (error) {
      d.error = errorToWire(error);
    }
  }
  return d;
}

/** The digest with its error as the thread that raised it threw it. */
export function fromWirePair(d: WirePairDigest): PairDigest {
  const out: PairDigest = { flat: d.flat };
  if (d.lint) out.lint = d.lint;
  if (d.error) out.error = { error: errorFromWire(d.error) };
  return out;
}

/**
 * What the diff reads of a host's lint: never the not-applicable notes; of the before side's
 * findings only what a change cites and waivers match (SARIF reports the after side's findings
 * whole), so the evidence, remediation and locations of every finding are not kept twice.
 */
function slimmed(lint: HostLint, slim: boolean): HostLint {
  const out: HostLint = { ...lint, notApplicable: [] };
  if (slim) {
    out.findings = lint.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      host: f.host,
      target: f.target,
      ...(f.property !== undefined ? { property: f.property } : {}),
      message: f.message,
      evidence: {},
      remediation: '',
      locations: [],
      fingerprint: f.fingerprint,
      suppressed: f.suppressed,
    }));
  }
  return out;
}
