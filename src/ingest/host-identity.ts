/**
 * Which machine each object of one snapshot describes. Exports name a host in different places
 * and spellings: a remote (CimSession) export gives the FQDN in PSComputerName, Hyper-V objects
 * give the short name in ComputerName, some objects carry it only in SystemName or
 * CimSystemProperties.ServerName. Within one snapshot a short name and an FQDN whose first label
 * equals it (case-insensitively) are one host, unless two FQDNs share that label
 * (`HVX.a.local`, `HVX.b.local`): those stay two hosts, named by FQDN, and the bare `HVX` cannot
 * be told apart, so it stays a third.
 */
import type { ObjectRecord, PsValue } from '../model/records.js';
import { asText } from './coerce.js';

/**
 * Host-name properties in order of trust: the session's own name first, then what the object
 * says about itself. SystemName is last among properties: on Msvm classes it is a VM's GUID,
 * which the name check below refuses.
 */
const NAME_FIELDS = ['pscomputername', 'csname', 'computername', 'servername', 'systemname'] as const;

/** A DNS host name or FQDN (NetBIOS names included); a GUID or a path is not. */
const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Names that say "the machine that ran the export", which the snapshot's own name says better. */
const SELF = new Set(['localhost', '.', '127.0.0.1', '::1']);

function hostText(v: PsValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = asText(v);
  if (s === undefined || SELF.has(s.toLowerCase()) || GUID.test(s) || !HOST_NAME.test(s)) return undefined;
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** The host name an object gives itself, as spelled, or undefined when it gives none. */
export function rawHostName(rec: ObjectRecord): string | undefined {
  for (const key of NAME_FIELDS) {
    const n = hostText(rec.fields[key]?.value);
    if (n) return n;
  }
  // A CimInstance exported with its .NET members (Select-Object *, deeper exports) keeps them.
  const sys = rec.fields.cimsystemproperties?.value;
  if (sys && typeof sys === 'object' && '$object' in sys) return hostText(sys.fields.servername?.value);
  return undefined;
}

/** True for a dotted name that is not an IPv4 address. */
function isFqdn(name: string): boolean {
  return name.includes('.') && !IPV4.test(name);
}

function firstLabel(name: string): string {
  return name.slice(0, name.indexOf('.')).toLowerCase();
}

/**
 * Canonical host name for every name given (keyed lower-case). An FQDN alone with its label
 * joins the short name when the snapshot also gives that short name and is then named by it
 * (the name Hyper-V and `$env:COMPUTERNAME` use); with no short name it keeps its FQDN.
 */
export function resolveHostNames(names: readonly string[], folderName?: string): Map<string, string> {
  const spelled = new Map<string, string>();
  for (const n of names) if (!spelled.has(n.toLowerCase())) spelled.set(n.toLowerCase(), n);
  const fqdnsByLabel = new Map<string, string[]>();
  for (const key of spelled.keys()) {
    if (!isFqdn(key)) continue;
    const label = firstLabel(key);
    if (!fqdnsByLabel.has(label)) fqdnsByLabel.set(label, []);
    fqdnsByLabel.get(label)!.push(key);
  }
  const out = new Map<string, string>();
  for (const [key, name] of spelled) {
    if (isFqdn(key)) {
      const label = firstLabel(key);
      // The snapshot's folder (or file) name is the short name an admin gave it: it names a lone
      // FQDN that no short name in the objects names (a local Get-NetAdapter gives SystemName only).
      const hinted = folderName !== undefined && folderName.toLowerCase() === label ? folderName : undefined;
      const short = spelled.get(label) ?? hinted;
      out.set(key, short !== undefined && fqdnsByLabel.get(label)!.length === 1 ? short : name);
    } else out.set(key, name);
  }
  return out;
}

/** The hosts of one snapshot: each object's host, and the one host when there is only one. */
export interface SnapshotHosts {
  /** The canonical host an object names, or undefined when it names none. */
  nameOf(rec: ObjectRecord): string | undefined;
  /** The single host the objects name, when they name exactly one. */
  single: string | undefined;
  /** Every host, counting `defaultName` for objects (or files) that name none. */
  hosts(defaultName: string): string[];
}

/** Resolve the host identities of one snapshot's objects (files as lists of objects); `folderName` may name a lone FQDN by its label. */
export function snapshotHosts(files: readonly { objects: readonly ObjectRecord[] }[], folderName?: string): SnapshotHosts {
  const raw = new Map<ObjectRecord, string>();
  for (const f of files) for (const o of f.objects) {
    const n = rawHostName(o);
    if (n) raw.set(o, n);
  }
  return new ResolvedHosts(files, raw, resolveHostNames([...raw.values()], folderName));
}

/**
 * SnapshotHosts as a class, not an object of closures made per snapshot: V8 drops the optimized
 * code of per-call closures at a major GC, and a fleet run compiled nameOf and hosts again about
 * a dozen times each; methods are made once.
 */
class ResolvedHosts implements SnapshotHosts {
  readonly single: string | undefined;

  constructor(
    private readonly files: readonly { objects: readonly ObjectRecord[] }[],
    private readonly raw: Map<ObjectRecord, string>,
    private readonly canonical: Map<string, string>,
  ) {
    const distinct = new Map<string, string>();
    for (const n of canonical.values()) if (!distinct.has(n.toLowerCase())) distinct.set(n.toLowerCase(), n);
    this.single = distinct.size === 1 ? [...distinct.values()][0] : undefined;
  }

  nameOf(rec: ObjectRecord): string | undefined {
    const n = this.raw.get(rec);
    return n === undefined ? undefined : this.canonical.get(n.toLowerCase());
  }

  hosts(defaultName: string): string[] {
    const names = new Map<string, string>();
    for (const f of this.files) {
      if (f.objects.length === 0) names.set(defaultName.toLowerCase(), defaultName);
      for (const o of f.objects) {
        const n = this.nameOf(o) ?? defaultName;
        if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
      }
    }
    return [...names.values()];
  }
}

/** The warning for a snapshot that still names several hosts after identities are joined. */
export function severalHostsWarning(where: string, hosts: readonly string[]): string {
  const sorted = [...hosts].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  return `${where}: one snapshot names ${sorted.length} hosts (${sorted.join(', ')}); each is read as its own host`;
}
