/**
 * Whether VMQ is configured and whether the vSwitch really uses it on a NIC. The logic lives in
 * src/model/vmq-state.ts, shared with the simulator; the rules import it from here.
 */
import type { Adapter, Host, VNic } from '../../src/model/host.js';
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
  if (uplinks.every((a) => a.queues.length === 0)) return undefined;
  const mac = macKey(v.macAddress);
  return uplinks.flatMap(allocatedQueues).some((q) => {
    const qm = macKey(q.macAddress);
    if (qm !== undefined) return mac !== undefined && qm === mac;
    return !v.isManagementOs && v.vmName !== undefined && q.vmName?.toLowerCase() === v.vmName.toLowerCase();
  });
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
