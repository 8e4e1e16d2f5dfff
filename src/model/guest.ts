/**
 * Whether a snapshot is of a Hyper-V guest rather than a host: every network adapter is the
 * synthetic "Microsoft Hyper-V Network Adapter" a VM sees, and no vSwitch was exported. Host
 * networking rules (VMQ, teams, processor sets) do not describe such a machine.
 */
import type { Host } from './host.js';

const SYNTHETIC = /^microsoft hyper-v network adapter( #\d+)?$/i;

/** Why the snapshot is taken for a Hyper-V guest, or undefined when it may be a host. */
export function guestReason(host: Host): string | undefined {
  if (host.switches.length > 0 || host.adapters.length === 0) return undefined;
  const described = host.adapters.filter((a) => a.kind === 'physical' || a.kind === 'other');
  if (described.length === 0) return undefined;
  const synthetic = described.every((a) => SYNTHETIC.test((a.interfaceDescription ?? a.driver.description ?? '').trim()));
  if (!synthetic) return undefined;
  return `the snapshot is of a Hyper-V guest, not a host: every network adapter is a 'Microsoft Hyper-V Network Adapter' and no vSwitch was exported`;
}
