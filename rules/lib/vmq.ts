/**
 * Whether VMQ is configured and whether the vSwitch really uses it on a NIC: the NIC's own setting
 * (Get-NetAdapterVmq, `*VMQ`), the host-wide VMSMP switches and the link-speed default
 * (domain.md 1.3, 2 [D1][S4]).
 */
import type { Adapter, Host, Loc } from '../../src/model/host.js';
import { advanced } from './keywords.js';
import { linkSpeed, TEN_GBPS } from './links.js';

/** One piece of evidence for a VMQ state. */
export interface VmqFact {
  source: 'Get-NetAdapterVmq' | '*VMQ' | 'VMSMP TenGigVmqEnabled' | 'VMSMP BelowTenGigVmqEnabled' | 'Get-NetAdapterVmqQueue' | 'link speed';
  value: string;
  at?: Loc;
}

/** The NIC's own VMQ setting: disabled if the cmdlet or the keyword says so (either stops VMQ). */
export function vmqSetting(a: Adapter): { enabled?: boolean; facts: VmqFact[] } {
  const facts: VmqFact[] = [];
  if (a.vmq?.enabled !== undefined) facts.push({ source: 'Get-NetAdapterVmq', value: `Enabled=${a.vmq.enabled}`, at: a.vmq.at['enabled'] });
  const kw = advanced(a, '*VMQ');
  const kwValue = kw?.value?.trim();
  if (kw && kwValue !== undefined) facts.push({ source: '*VMQ', value: kwValue, at: kw.at });
  const off = a.vmq?.enabled === false || kwValue === '0';
  const on = a.vmq?.enabled === true || kwValue === '1';
  return { enabled: off ? false : on ? true : undefined, facts: off ? facts.filter((f) => f.value === 'Enabled=false' || f.value === '0') : facts };
}

/** Non-default queues Get-NetAdapterVmqQueue shows on the NIC (queue 0 is the default queue). */
export function allocatedQueues(a: Adapter): Adapter['queues'] {
  return a.queues.filter((q) => q.queueId > 0);
}

/** VMQ state of a vSwitch-bound NIC as the vSwitch applies it. */
export interface VmqUse {
  /** true: queues are in use; false: VMQ is off; undefined: the export does not tell. */
  inUse?: boolean;
  reason: string;
  facts: VmqFact[];
}

/** Whether the vSwitch uses VMQ on a NIC bound to it (domain.md 2: off by default below 10 Gbps). */
export function vmqUse(host: Host, a: Adapter): VmqUse {
  const setting = vmqSetting(a);
  const speed = linkSpeed(a);
  const smp = host.vmsmp;
  const allocated = allocatedQueues(a);
  const queueFact: VmqFact[] = allocated.length > 0 ? [{ source: 'Get-NetAdapterVmqQueue', value: `${allocated.length} non-default queue(s)`, at: allocated[0].at }] : [];
  if (setting.enabled === false) return { inUse: false, reason: 'VMQ is disabled on the NIC', facts: setting.facts };
  if (speed && speed.bps >= TEN_GBPS) {
    if (smp.tenGigVmqEnabled === 2) {
      return { inUse: false, reason: 'VMSMP TenGigVmqEnabled=2 disables VMQ on 10 Gbps adapters', facts: [{ source: 'VMSMP TenGigVmqEnabled', value: '2', at: smp.at['tenGigVmqEnabled'] }] };
    }
    if (setting.enabled === true || allocated.length > 0) return { inUse: true, reason: 'VMQ enabled on a 10 Gbps or faster uplink', facts: [...setting.facts, ...queueFact] };
    return { reason: 'VMQ state not exported', facts: [] };
  }
  if (allocated.length > 0) return { inUse: true, reason: 'queues are allocated on the NIC', facts: [...setting.facts, ...queueFact] };
  if (!speed) return { reason: 'link speed unknown', facts: setting.facts };
  const speedFact: VmqFact = { source: 'link speed', value: `${speed.bps}`, at: speed.at };
  if (setting.enabled === true && smp.belowTenGigVmqEnabled === 1) {
    return {
      inUse: true,
      reason: 'VMQ enabled on the NIC and VMSMP BelowTenGigVmqEnabled=1',
      facts: [...setting.facts, speedFact, { source: 'VMSMP BelowTenGigVmqEnabled', value: '1', at: smp.at['belowTenGigVmqEnabled'] }],
    };
  }
  return { inUse: false, reason: 'the vSwitch leaves VMQ off below 10 Gbps', facts: [...setting.facts, speedFact] };
}
