/**
 * Maps NIC class registry keys and VMSMP parameters onto the host: keyword values become
 * registry observations of advanced properties, `Ndi\Params` becomes their metadata ([D8] in docs/references.md).
 */
import type { Adapter, Host, UnknownItem } from '../model/host.js';
import type { RegKeyRecord, RegValue } from '../model/records.js';
import type { AdapterIndex } from './adapter-index.js';
import { addObservation } from './map-adapters.js';
import { findNicClassInstances, findVmsmpParameters, isVmsmpParameters, type NicClassInstance } from './nic-class.js';
import { ownEntry, setEntry } from '../model/keyed.js';

/**
 * Values of an instance key that are not advanced keywords: the reserved names of [D8] in docs/references.md
 * plus identity and install bookkeeping the driver writes.
 */
const NOT_KEYWORDS = new Set(
  [
    'BundleId', 'BusType', 'Characteristics', 'ComponentId', 'Description', 'DeviceInstanceId', 'DriverDate',
    'DriverDesc', 'DriverVersion', 'InfPath', 'InfSection', 'InfSectionExt', '*IfType', 'InstallTimeStamp',
    'Manufacturer', '*MediaType', 'NetCfgInstanceId', 'NetLuidIndex', '*PhysicalMediaType', 'Provider',
    'ProviderName', 'DriverDateData', 'MatchingDeviceId', 'IncludedInfs', 'IfTypePreStart', 'NewDeviceInstall',
    'NetworkInterfaceInstallTimestamp', 'DeviceVxDs', 'EnumPropPages32', 'NdiInstallerVersion', 'InstallerVersion',
    'SuppressGroupPolicy', 'PnPCapabilities', 'DriverInfPath', 'NetInterfaceType', '',
  ].map((s) => s.toLowerCase()),
);

/** Ethernet (*IfType 6) and NCF_PHYSICAL (Characteristics 0x4): a real NIC, not a WAN miniport. */
function isPhysicalEthernet(inst: NicClassInstance): boolean {
  const ifType = inst.values['*iftype'];
  const ch = inst.values.characteristics;
  return ifType?.value === '6' && ch !== undefined && (Number(ch.value) & 0x4) !== 0;
}

/**
 * A class key that says it is not a physical Ethernet NIC (WAN miniports, virtual adapters):
 * understood, and nothing vmqlint lints, so an unmatched one is not listed.
 */
function isKnownNonPhysical(inst: NicClassInstance): boolean {
  const ifType = inst.values['*iftype'];
  const ch = inst.values.characteristics;
  return (ifType !== undefined && ifType.value !== '6') || (ch !== undefined && (Number(ch.value) & 0x4) === 0);
}

/** Map the NIC class keys of one host onto its adapters; unmatched keys are listed as not understood. */
export function mapNicClassKeys(keys: RegKeyRecord[], index: AdapterIndex, unknown: UnknownItem[]): number {
  const instances = findNicClassInstances(keys);
  const hadCmdletAdapters = index.adapters.length > 0;
  let mapped = 0;
  for (const inst of instances) {
    let a: Adapter | undefined = inst.netCfgInstanceId ? index.find({ guid: inst.netCfgInstanceId }) : undefined;
    if (!a && !hadCmdletAdapters && isPhysicalEthernet(inst)) {
      // A registry-only snapshot: the class key is the only description of the adapter.
      a = index.ensure({ guid: inst.netCfgInstanceId, description: inst.driverDesc, name: inst.driverDesc }, inst.at);
    }
    if (!a && isKnownNonPhysical(inst)) continue;
    if (!a) {
      unknown.push({
        kind: 'object',
        name: `NIC class key ${inst.ordinal}${inst.driverDesc ? ` (${inst.driverDesc})` : ''}`,
        context: 'matches no exported adapter (NetCfgInstanceId)',
        count: 1,
        at: inst.at,
      });
      continue;
    }
    mapped++;
    a.registryKey = inst.originalPath;
    a.at.registryKey = inst.at;
    if (inst.driverDesc && !a.driver.description) a.driver.description = inst.driverDesc;
    if (inst.providerName && !a.driver.provider) (a.driver.provider = inst.providerName), (a.at['driver.provider'] = inst.values.providername.at);
    if (inst.driverVersion && !a.driver.version) (a.driver.version = inst.driverVersion), (a.at['driver.version'] = inst.values.driverversion.at);
    if (inst.driverDate && !a.driver.date) a.driver.date = inst.driverDate;
    for (const [lower, v] of Object.entries(inst.values)) {
      if (NOT_KEYWORDS.has(lower)) continue;
      addObservation(a, v.name, { source: 'registry', value: v.value, ...(v.items ? { values: v.items } : {}), type: v.type, at: v.at }, ownEntry(inst.params, lower)?.meta);
    }
    for (const [lower, p] of Object.entries(inst.params)) {
      if (ownEntry(inst.values, lower)) continue;
      // A keyword absent from the instance key takes its Ndi\Params default, not 0 ([D8] in docs/references.md).
      const prop = ownEntry(a.advanced, lower) ?? setEntry(a.advanced, lower, { keyword: p.keyword, value: null, observed: [], at: p.at });
      prop.meta = { ...p.meta, ...(prop.meta ?? {}), at: p.at };
    }
  }
  return mapped;
}

/** The VMSMP parameters vmqlint reads, lower-cased, with their model field. */
const VMSMP_FIELDS = new Map<string, 'tenGigVmqEnabled' | 'belowTenGigVmqEnabled'>([
  ['tengigvmqenabled', 'tenGigVmqEnabled'],
  ['belowtengigvmqenabled', 'belowTenGigVmqEnabled'],
]);

/** A VMSMP value name without the `*` some exports put before it, lower-cased. */
const vmsmpName = (lower: string) => (lower.startsWith('*') ? lower.slice(1) : lower);

/** Values of the VMSMP Parameters key that vmqlint does not read (they are listed, not counted as mapped). */
export function unreadVmsmpValues(key: RegKeyRecord): RegValue[] {
  if (!isVmsmpParameters(key)) return [];
  return Object.keys(key.values).filter((lower) => !VMSMP_FIELDS.has(vmsmpName(lower))).map((lower) => key.values[lower]);
}

/**
 * VMSMP parameters (TenGigVmqEnabled, BelowTenGigVmqEnabled); true when any was found. Other
 * values of the key, and a known one whose data is no number, go to `unknown`; the latter is
 * also kept in `host.vmsmp.invalid` (unknown, not absent).
 */
export function mapVmsmp(keys: RegKeyRecord[], host: Host, unknown: UnknownItem[] = []): boolean {
  const values = findVmsmpParameters(keys);
  if (!values) return false;
  // Sorted, so a `*Name` spelling is read first and the plain name, when both are there, wins.
  for (const lower of Object.keys(values).sort()) {
    const v = values[lower];
    const field = VMSMP_FIELDS.get(vmsmpName(lower));
    if (!field) {
      unknown.push({ kind: 'value', name: v.name, context: 'VMSMP\\Parameters', count: 1, at: v.at });
      continue;
    }
    const n = /^\d+$/.test(v.value.trim()) ? Number(v.value.trim()) : NaN;
    if (Number.isSafeInteger(n)) {
      host.vmsmp[field] = n;
      host.vmsmp.at[field] = v.at;
      continue;
    }
    const reason = /^\s*-?\d/.test(v.value) ? 'out of range' : 'not a number';
    delete host.vmsmp[field];
    delete host.vmsmp.at[field];
    (host.vmsmp.invalid ??= {})[field] = { value: v.value, reason, at: v.at };
    unknown.push({ kind: 'value', name: `${v.name} ${v.value} is not a valid value (${reason})`, context: 'VMSMP\\Parameters', count: 1, at: v.at });
  }
  return true;
}
