/**
 * Whether VMQ is configured and whether the vSwitch really uses it on a NIC. The logic lives in
 * src/model/vmq-state.ts, shared with the simulator; the rules import it from here.
 */
import type { Adapter, Host, VmqQueue, VNic } from '../../src/model/host.js';
import { allocatedQueues, vmqUse } from '../../src/model/vmq-state.js';

export { allocatedQueues, vmqSetting, vmqUse, type VmqFact, type VmqUse } from '../../src/model/vmq-state.js';

/** A MAC as 12 lower-case hex digits, whatever separators the export used. */
function macKey(mac: string | undefined): string | undefined {
  const k = mac?.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return k ? k : undefined;
}

/**
 * Whether Get-NetAdapterVmqQueue shows a VM queue (not the default queue) allocated to the vNIC on
 * one of these NICs: by MAC, or by VM name for a row exported without one. Undefined when no
 * queue rows were exported for them, so nothing can be told.
 */
export function holdsQueue(uplinks: readonly Adapter[], v: VNic): boolean | undefined {
  // Loops, not arrow callbacks: this runs for every vNIC, and a closure made per call loses its
  // optimized code at each major GC.
  let exported = false;
  for (const a of uplinks) if (a.queues.length > 0) exported = true;
  if (!exported) return undefined;
  const mac = macKey(v.macAddress);
  for (const a of uplinks) for (const q of allocatedQueues(a)) if (queueOf(q, v, mac)) return true;
  return false;
}

/** Whether a queue row is the vNIC's (whose MAC key is `mac`): by MAC, else by VM name. */
function queueOf(q: VmqQueue, v: VNic, mac: string | undefined): boolean {
  const qm = macKey(q.macAddress);
  if (qm !== undefined) return mac !== undefined && qm === mac;
  return !v.isManagementOs && v.vmName !== undefined && q.vmName?.toLowerCase() === v.vmName.toLowerCase();
}

/**
 * Whether a rule about VMQ processor sets should count a vSwitch-bound NIC: the vSwitch uses VMQ
 * on it (vmqUse), or the export does not tell and the documented default makes it likely (VMQ on
 * at 10 Gbps and above). The reason says why a NIC does not count.
 */
export function countsForVmq(host: Host, a: Adapter): { counts: boolean; reason: string } {
  const use = vmqUse(host, a);
  return { counts: use.inUse ?? use.likely, reason: use.reason };
}
