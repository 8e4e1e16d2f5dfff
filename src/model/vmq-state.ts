/**
 * Whether VMQ is configured on a NIC and whether the vSwitch really uses it: the one answer the
 * lint rules and the simulator share. Pure functions of the host model. Sources:
 * - `*VMQ` is the NIC's own switch; Get-NetAdapterVmq `Enabled` reports the same setting
 *   (https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-vmq);
 * - VMSMP `TenGigVmqEnabled` / `BelowTenGigVmqEnabled` (0 system default, 1 enabled,
 *   2 explicitly disabled); the system default is disabled on Windows Server 2008 R2
 *   (same page);
 * - on 2012 and later the vSwitch leaves VMQ off below 10 Gbps although Get-NetAdapterVmq
 *   still says Enabled (https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan);
 *   Get-NetAdapterVmqQueue shows whether vNICs really got queues;
 * - queue 0 is the default queue; others are VM queues
 *   (https://learn.microsoft.com/windows-hardware/drivers/network/vmq-receive-queues);
 * - `*SpeedDuplex` of 1000 or more is a forced speed in Mbps
 *   (https://learn.microsoft.com/windows-hardware/drivers/network/enumeration-keywords).
 */
import type { Adapter, Host, Loc } from './host.js';
import { ownEntry } from './keyed.js';

/** The vSwitch treats 10 Gbps and faster links differently from slower ones (see the sources above). */
export const TEN_GBPS = 10_000_000_000;

/** A link speed and where it was read. */
export interface LinkSpeed {
  bps: number;
  source: 'Get-NetAdapter' | '*SpeedDuplex';
  at?: Loc;
}

function keyword(a: Adapter, name: string): { value: string; at: Loc } | undefined {
  const p = ownEntry(a.advanced, name.toLowerCase());
  if (!p || p.value === null || p.value === undefined) return undefined;
  return { value: p.value.trim(), at: p.at };
}

/** The adapter's link speed: Get-NetAdapter, else a forced `*SpeedDuplex`; undefined when unknown. */
export function linkSpeed(a: Adapter): LinkSpeed | undefined {
  if (a.linkSpeedBps !== undefined && a.linkSpeedBps > 0) {
    return { bps: a.linkSpeedBps, source: 'Get-NetAdapter', at: a.at['linkSpeedBps'] ?? a.at['linkSpeed'] };
  }
  // Codes 0-10 are an enumeration; values of 1000 and more are a forced speed in Mbps
  // (https://learn.microsoft.com/windows-hardware/drivers/network/enumeration-keywords).
  const sd = keyword(a, '*SpeedDuplex');
  const mbps = sd && /^\d+$/.test(sd.value) ? Number(sd.value) : undefined;
  if (sd && mbps !== undefined && mbps >= 1000) return { bps: mbps * 1_000_000, source: '*SpeedDuplex', at: sd.at };
  return undefined;
}

/** One piece of evidence for a VMQ state. */
export interface VmqFact {
  source: 'Get-NetAdapterVmq' | '*VMQ' | 'VMSMP TenGigVmqEnabled' | 'VMSMP BelowTenGigVmqEnabled' | 'Get-NetAdapterVmqQueue' | 'link speed' | 'OS release';
  value: string;
  at?: Loc;
}

/** The NIC's own VMQ setting: disabled if the cmdlet or the keyword says so (either stops VMQ). */
export function vmqSetting(a: Adapter): { enabled?: boolean; facts: VmqFact[] } {
  const facts: VmqFact[] = [];
  if (a.vmq?.enabled !== undefined) facts.push({ source: 'Get-NetAdapterVmq', value: `Enabled=${a.vmq.enabled}`, at: a.vmq.at['enabled'] });
  const kw = keyword(a, '*VMQ');
  if (kw) facts.push({ source: '*VMQ', value: kw.value, at: kw.at });
  const off = a.vmq?.enabled === false || kw?.value === '0';
  const on = a.vmq?.enabled === true || kw?.value === '1';
  return { enabled: off ? false : on ? true : undefined, facts: off ? facts.filter((f) => f.value === 'Enabled=false' || f.value === '0') : facts };
}

/** Non-default queues Get-NetAdapterVmqQueue shows on the NIC (queue 0 is the default queue). */
export function allocatedQueues(a: Adapter): Adapter['queues'] {
  // A loop, not a filter callback: this runs for every NIC, and a closure made per call loses its
  // optimized code at each major GC.
  const out: Adapter['queues'] = [];
  for (const q of a.queues) if (q.queueId > 0) out.push(q);
  return out;
}

/** VMQ state of a vSwitch-bound NIC as the vSwitch applies it. */
export interface VmqUse {
  /** true: queues are in use; false: VMQ is off; undefined: the export does not tell. */
  inUse?: boolean;
  /**
   * When `inUse` is undefined, what the documented default makes likely (the simulator runs with
   * it and states it as an assumption; rules report nothing they cannot show).
   */
  likely: boolean;
  reason: string;
  facts: VmqFact[];
}

/**
 * Whether the vSwitch uses VMQ on a NIC bound to it: off when the NIC says so; on 10 Gbps and
 * faster links on unless VMSMP TenGigVmqEnabled=2 (on 2008 R2: unless it is 1); below 10 Gbps
 * only with VMQ enabled and BelowTenGigVmqEnabled=1; queues seen allocated settle it either way.
 */
export function vmqUse(host: Host, a: Adapter): VmqUse {
  // Every answer carries `inUse` (undefined when the export does not tell), so the callers in
  // every rule and the simulator see one object shape and V8 does not deoptimize them for a second.
  const setting = vmqSetting(a);
  const speed = linkSpeed(a);
  const smp = host.vmsmp;
  const allocated = allocatedQueues(a);
  const queueFact: VmqFact[] = allocated.length > 0 ? [{ source: 'Get-NetAdapterVmqQueue', value: `${allocated.length} non-default queue(s)`, at: allocated[0].at }] : [];
  if (setting.enabled === false) return { inUse: false, likely: false, reason: 'VMQ is disabled on the NIC', facts: setting.facts };
  if (speed && speed.bps >= TEN_GBPS) {
    if (smp.tenGigVmqEnabled === 2) {
      return { inUse: false, likely: false, reason: 'VMSMP TenGigVmqEnabled=2 disables VMQ on 10 Gbps adapters', facts: [{ source: 'VMSMP TenGigVmqEnabled', value: '2', at: smp.at['tenGigVmqEnabled'] }] };
    }
    if (host.os.release === '2008R2' && smp.tenGigVmqEnabled !== 1 && allocated.length === 0) {
      const release: VmqFact = { source: 'OS release', value: '2008R2', at: host.at['os.caption'] ?? host.at['os.version'] ?? host.at['os.build'] };
      if (smp.tenGigVmqEnabled === 0) {
        const tenGig: VmqFact = { source: 'VMSMP TenGigVmqEnabled', value: '0', at: smp.at['tenGigVmqEnabled'] };
        return { inUse: false, likely: false, reason: 'VMSMP TenGigVmqEnabled=0 is the system default, which leaves VMQ off on Windows Server 2008 R2', facts: [release, tenGig] };
      }
      return { inUse: undefined, likely: false, reason: 'Windows Server 2008 R2 leaves VMQ off on 10 Gbps adapters unless VMSMP TenGigVmqEnabled=1, which was not exported', facts: [release] };
    }
    if (setting.enabled === true || allocated.length > 0) return { inUse: true, likely: true, reason: 'VMQ enabled on a 10 Gbps or faster uplink', facts: [...setting.facts, ...queueFact] };
    return { inUse: undefined, likely: true, reason: 'VMQ state not exported; on is the default at 10 Gbps and above', facts: [] };
  }
  if (allocated.length > 0) return { inUse: true, likely: true, reason: 'queues are allocated on the NIC', facts: [...setting.facts, ...queueFact] };
  if (!speed) return { inUse: undefined, likely: true, reason: 'link speed unknown', facts: setting.facts };
  const speedFact: VmqFact = { source: 'link speed', value: `${speed.bps}`, at: speed.at };
  if (setting.enabled === true && smp.belowTenGigVmqEnabled === 1) {
    return {
      inUse: true,
      likely: true,
      reason: 'VMQ enabled on the NIC and VMSMP BelowTenGigVmqEnabled=1',
      facts: [...setting.facts, speedFact, { source: 'VMSMP BelowTenGigVmqEnabled', value: '1', at: smp.at['belowTenGigVmqEnabled'] }],
    };
  }
  return { inUse: false, likely: false, reason: 'the vSwitch leaves VMQ off below 10 Gbps', facts: [...setting.facts, speedFact] };
}
