/**
 * `--redact`: host names, MAC addresses and IP addresses in every string of a lint result but the
 * findings' locations (file paths SARIF and annotations must resolve) become
 * short stable hashes (`host-1a2b3c4d`, `mac-…`, `ip-…`), so a report can be pasted into a pull
 * request. The same value always hashes the same way, so findings stay comparable across runs.
 * This is pseudonymisation, not secrecy: a MAC or a guessable host name can be hashed and
 * compared by anyone, which a salt (VMQLINT_REDACT_SALT) prevents.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { LintResult } from './types.js';

const HEX = '[0-9A-Fa-f]';
/** `00-15-5D-01-02-03`, `00:15:5d:01:02:03`. */
const MAC_SEPARATED = new RegExp(`(?<![0-9A-Fa-f:-])(?:${HEX}{2}[:-]){5}${HEX}{2}(?![0-9A-Fa-f:-])`, 'g');
/** `00155D010203`; a GUID's last group is preceded by `-` and is left alone. */
const MAC_BARE = new RegExp(`(?<![0-9A-Za-z-])${HEX}{12}(?![0-9A-Za-z-])`, 'g');
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?![\\d.])`, 'g');
/** Candidates only; each is confirmed with isIPv6 (which also rejects times like 13:20:57). */
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%[0-9A-Za-z]+)?(?![0-9A-Za-z:])/g;

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export interface Redactor {
  /** The string with every host name, MAC and IP replaced. */
  text(s: string): string;
}

/** A redactor for the given host names (each also redacted by its first DNS label). */
export function createRedactor(hostNames: readonly string[], salt = ''): Redactor {
  const hash = (kind: string, canonical: string): string =>
    createHash('sha256').update(`${salt}\0${kind}\0${canonical}`, 'utf8').digest('hex').slice(0, 8);
  const names = new Set<string>();
  for (const n of hostNames) {
    if (n.trim() === '') continue;
    names.add(n);
    const label = n.split('.')[0];
    if (label.length >= 2) names.add(label);
  }
  // Longest first, so `HV01-A` is not read as `HV01` followed by `-A`.
  const sorted = [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const hostRe = sorted.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(?:${sorted.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'gi') : undefined;
  const hostOf = new Map<string, string>();
  for (const n of hostNames) {
    const label = n.split('.')[0].toLowerCase();
    // A short name and its FQDN hash alike, so `HV01` and `hv01.contoso.com` read as one host.
    hostOf.set(n.toLowerCase(), label);
    if (!hostOf.has(label)) hostOf.set(label, label);
  }
  return {
    text(s: string): string {
      let out = s;
      if (hostRe) out = out.replace(hostRe, (m) => `host-${hash('host', hostOf.get(m.toLowerCase()) ?? m.toLowerCase())}`);
      out = out.replace(MAC_SEPARATED, (m) => `mac-${hash('mac', m.replace(/[:-]/g, '').toLowerCase())}`);
      out = out.replace(MAC_BARE, (m) => `mac-${hash('mac', m.toLowerCase())}`);
      out = out.replace(IPV6_CANDIDATE, (m) => (isIPv6(m.split('%')[0]) && /[0-9A-Fa-f]/.test(m) ? `ip-${hash('ip', m.toLowerCase())}` : m));
      out = out.replace(IPV4, (m) => `ip-${hash('ip', m)}`);
      return out;
    },
  };
}

function deepMap(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => deepMap(v, f));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[f(k)] = deepMap(v, f);
    return out;
  }
  return value;
}

/** The redactor for a result's host names (for its reports and for messages about it). */
export function redactorFor(result: LintResult, salt = ''): Redactor {
  const hostNames = new Set<string>();
  // An unreadable host is named too (its folder and error text carry the name); a failure that no
  // host claimed is named by its file path, which is not a host name.
  for (const h of result.hosts) if (h.status === 'ok' || !/[\\/]/.test(h.name)) hostNames.add(h.name);
  for (const f of result.findings) hostNames.add(f.host);
  for (const n of result.notApplicable) hostNames.add(n.host);
  return createRedactor([...hostNames], salt);
}

/** A redacted copy of the result; fingerprints are left as they are (they are hashes already). */
export function redactResult(result: LintResult, salt = ''): LintResult {
  const r = redactorFor(result, salt);
  const out = deepMap(result, (s) => r.text(s)) as LintResult;
  out.findings.forEach((f, i) => {
    f.fingerprint = result.findings[i].fingerprint;
    // A location is where the reader must look: SARIF and GitHub annotations point at the file,
    // so its path stays as it is (the file is the user's, not part of the pasted text).
    f.locations = result.findings[i].locations.map((l) => ({ ...l }));
  });
  return out;
}
