/**
 * Joins adapter-level records from every source into one adapter: by InterfaceGuid (registry
 * NetCfgInstanceId, InstanceID prefix), then InterfaceDescription, then Name (issue 2).
 * A weaker key never overrides a stronger one: two adapters with different InterfaceGuid or
 * Name that share an InterfaceDescription (two ports of one card model) stay two adapters, and
 * a record naming an adapter only by such a shared description is not joined (issue 10).
 */
import type { Adapter, Loc, UnknownItem } from '../model/host.js';
import { normalizeGuid, normalizeMac } from './coerce.js';
import { keyedTable } from '../model/keyed.js';

/** physical, team NIC (LBFO multiplexor), host vNIC (Hyper-V virtual Ethernet), or other. */
export function adapterKind(description: string | undefined, virtual?: boolean, hardware?: boolean): Adapter['kind'] {
  const d = (description ?? '').toLowerCase();
  if (d.includes('multiplexor driver')) return 'team-nic';
  if (d.includes('hyper-v virtual ethernet')) return 'host-vnic';
  if (virtual === true || hardware === false) return 'other';
  return 'physical';
}

export interface AdapterKeys {
  guid?: string;
  description?: string;
  name?: string;
}

export class AdapterIndex {
  readonly adapters: Adapter[] = [];
  private readonly byGuid = new Map<string, Adapter>();
  /** Every adapter carrying a description: more than one means the description names none. */
  private readonly byDesc = new Map<string, Adapter[]>();
  private readonly byName = new Map<string, Adapter>();
  /** The names each adapter was given by its records (lower-cased), to tell two adapters apart. */
  private readonly names = new Map<Adapter, Set<string>>();
  /** Shared descriptions a record named an adapter by and nothing else: where, for the listing. */
  private readonly unjoined = new Map<string, { description: string; at: Loc; count: number }>();

  find(keys: AdapterKeys): Adapter | undefined {
    const guid = normalizeGuid(keys.guid);
    if (guid && this.byGuid.has(guid)) return this.byGuid.get(guid);
    if (keys.description) {
      const same = this.byDesc.get(keys.description.toLowerCase());
      // Only a description that one adapter carries joins, and only when the record's own GUID
      // or name does not say it is another adapter.
      if (same?.length === 1 && !this.contradicts(same[0], guid, keys.name)) return same[0];
    }
    if (keys.name) {
      const a = this.byName.get(keys.name.toLowerCase());
      if (a && !this.contradicts(a, guid, undefined)) return a;
    }
    return undefined;
  }

  /** True when the record's GUID or name is not the adapter's: the record is another adapter. */
  private contradicts(a: Adapter, guid: string | undefined, name: string | undefined): boolean {
    if (guid && a.interfaceGuid && a.interfaceGuid !== guid) return true;
    const known = this.names.get(a);
    return name !== undefined && known !== undefined && known.size > 0 && !known.has(name.toLowerCase());
  }

  /**
   * True when this description is carried by more than one adapter, so it names none of them;
   * then the record at `at`, which names an adapter by it alone, is noted for the listing.
   */
  isShared(description: string, at: Loc): boolean {
    const k = description.toLowerCase();
    if ((this.byDesc.get(k)?.length ?? 0) <= 1) return false;
    const seen = this.unjoined.get(k);
    if (seen) seen.count++;
    else this.unjoined.set(k, { description, at, count: 1 });
    return true;
  }

  /**
   * Each shared description a record named an adapter by, and nothing else, listed as not
   * understood: that record could not be joined to any of the adapters carrying it. A shared
   * description alone is not listed (every record of those adapters had a GUID or Name to tell).
   */
  sharedDescriptions(): UnknownItem[] {
    const out: UnknownItem[] = [];
    for (const [k, { description, at, count }] of this.unjoined) {
      const adapters = this.byDesc.get(k) ?? [];
      out.push({
        kind: 'value',
        name: `InterfaceDescription '${description}'`,
        context: `names ${adapters.length} adapters with different InterfaceGuid or Name (${adapters.map((a) => a.name).join(', ')}): a record naming an adapter by it alone is joined to none`,
        count,
        at,
      });
    }
    return out;
  }

  /** Find the adapter these keys name, or create it; then record any new keys on it. */
  ensure(keys: AdapterKeys, at: Loc): Adapter {
    let a = this.find(keys);
    if (!a && keys.description && !keys.guid && !keys.name && this.isShared(keys.description, at)) {
      // Named by a shared description alone: its values go to no adapter (the record is listed,
      // sharedDescriptions()), neither merged into one carrier on a guess nor made a phantom one.
      return { id: '', name: keys.description, driver: {}, kind: adapterKind(keys.description), advanced: {}, queues: [], at: { adapter: at } };
    }
    if (!a) {
      a = {
        id: '',
        name: keys.name ?? keys.description ?? normalizeGuid(keys.guid) ?? 'unnamed',
        driver: {},
        kind: adapterKind(keys.description),
        advanced: keyedTable(),
        queues: [],
        at: { adapter: at },
      };
      this.adapters.push(a);
    }
    this.remember(a, keys);
    return a;
  }

  /** Record keys learnt later (e.g. the GUID from an advanced property's InstanceID). */
  remember(a: Adapter, keys: AdapterKeys): void {
    const guid = normalizeGuid(keys.guid);
    if (guid) {
      if (!a.interfaceGuid) a.interfaceGuid = guid;
      if (!this.byGuid.has(guid)) this.byGuid.set(guid, a);
    }
    if (keys.description) {
      if (!a.interfaceDescription) {
        a.interfaceDescription = keys.description;
        // Learnt from a record other than Get-NetAdapter: the description still tells a team NIC.
        if (a.kind === 'physical') a.kind = adapterKind(keys.description);
      }
      const k = keys.description.toLowerCase();
      const carriers = this.byDesc.get(k);
      if (!carriers) this.byDesc.set(k, [a]);
      else if (!carriers.includes(a)) carriers.push(a);
    }
    if (keys.name) {
      if (a.name === 'unnamed' || (a.name === a.interfaceDescription && keys.name !== keys.description)) a.name = keys.name;
      const k = keys.name.toLowerCase();
      if (!this.byName.has(k)) this.byName.set(k, a);
      let known = this.names.get(a);
      if (!known) this.names.set(a, (known = new Set()));
      known.add(k);
    }
  }

  /** Give every adapter its stable id: InterfaceGuid, else permanent MAC, else PCI, else name. */
  finalizeIds(): void {
    const seen = new Set<string>();
    for (const a of this.adapters) {
      let id =
        a.interfaceGuid ??
        (normalizeMac(a.permanentAddress) ? `mac:${normalizeMac(a.permanentAddress)!.toLowerCase()}` : undefined) ??
        (a.pci ? `pci:${a.pci.segment ?? 0}:${a.pci.bus}:${a.pci.device}:${a.pci.function}` : undefined) ??
        `name:${a.name.toLowerCase()}`;
      // Two adapters can only share an id when the export is inconsistent; keep both apart.
      for (let n = 2; seen.has(id); n++) id = `${id}#${n}`;
      seen.add(id);
      a.id = id;
    }
  }
}
