/**
 * Joins adapter-level records from every source into one adapter: by InterfaceGuid (registry
 * NetCfgInstanceId, InstanceID prefix), then InterfaceDescription, then Name (issue 2).
 */
import type { Adapter, Loc } from '../model/host.js';
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
  private readonly byDesc = new Map<string, Adapter>();
  private readonly byName = new Map<string, Adapter>();

  find(keys: AdapterKeys): Adapter | undefined {
    const guid = normalizeGuid(keys.guid);
    if (guid && this.byGuid.has(guid)) return this.byGuid.get(guid);
    if (keys.description && this.byDesc.has(keys.description.toLowerCase())) return this.byDesc.get(keys.description.toLowerCase());
    if (keys.name && this.byName.has(keys.name.toLowerCase())) return this.byName.get(keys.name.toLowerCase());
    return undefined;
  }

  /** Find the adapter these keys name, or create it; then record any new keys on it. */
  ensure(keys: AdapterKeys, at: Loc): Adapter {
    let a = this.find(keys);
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
      if (!this.byDesc.has(k)) this.byDesc.set(k, a);
    }
    if (keys.name) {
      if (a.name === 'unnamed' || (a.name === a.interfaceDescription && keys.name !== keys.description)) a.name = keys.name;
      const k = keys.name.toLowerCase();
      if (!this.byName.has(k)) this.byName.set(k, a);
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
