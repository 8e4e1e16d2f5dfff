/**
 * More VM queues asked for on a vSwitch than its uplinks offer, so the vNICs that start last land
 * on the default queue. The demand
 * (running VMs only, VMMQ queue pairs) comes from src/model/queues.ts, which the simulator's
 * allocation uses too.
 */
import type { Host, Loc, VNic } from '../src/model/host.js';
import type { Rule, RuleReport } from '../src/engine/types.js';
import { switchTarget } from '../src/engine/targets.js';
import { physicalUplinks, switchQueueCapacity, switchQueueDemand, type QueueCapacity, type VnicDemand } from '../src/model/queues.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setVmqWeight } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { byName, ordinal, vnicLabel } from './lib/topology.js';
import { holdsQueue, vmqUse } from './lib/vmq.js';

/** What VmqWeight 0 does to a vNIC that holds a VM queue now, and to one already on the default queue. */
const HELD = 'none: the vNIC keeps its link; it releases its VM queue and its inbound traffic moves to the default queue';
const ON_DEFAULT = 'none: the vNIC keeps its link and already uses the default queue; it stops waiting for a VM queue';

/** VmqWeight defaults to 100 ([P5][W6] in docs/references.md). */
function weight(v: VNic): number {
  return v.vmqWeight ?? 100;
}

/** Microsoft's page on how NDIS gives a VMMQ vPort its queue pairs. */
const VMMQ_VPORTS = 'https://learn.microsoft.com/windows-hardware/drivers/network/allocating-vports-for-vmmq';
const GET_VM = 'https://learn.microsoft.com/powershell/module/hyper-v/get-vm';

/** A 10 GbE NIC with 4 VM queues, a management vNIC and `vms` VMs; `off` of them powered off in Get-VM. */
function example(vms: number, off = -1): Record<string, string> {
  const h = new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4, NumberOfReceiveQueues: 4 })
    .vmSwitch('vSwitch', [X710[0].name])
    .vmNic(null, 'vSwitch', 'vSwitch');
  for (let i = 1; i <= vms; i++) h.vmNic(`VM${i}`, 'Network Adapter', 'vSwitch');
  if (off >= 0) for (let i = 1; i <= vms; i++) h.vm(`VM${i}`, i > vms - off ? 'Off' : 'Running', 2);
  return h.files();
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function capacityText(cap: QueueCapacity, names: Map<string, string>): string {
  if (cap.source === 'AvailableVMQueues') return 'Get-VMSwitch AvailableVMQueues';
  const parts = cap.perMember.map((m) => `'${names.get(m.adapterId) ?? m.adapterId}' ${m.queues}`);
  if (cap.mode === 'single') return `NumberOfReceiveQueues of ${parts[0]}`;
  return cap.mode === 'sum' ? `Sum-of-Queues: ${parts.join(' + ')}` : `Min-Queues: the smallest of ${parts.join(', ')}`;
}

// The helpers below run for every switch of every host: module-level functions and loops rather
// than arrow callbacks, whose optimized code V8 drops at each major GC (a new closure per call).

function adapterNames(host: Host): Map<string, string> {
  const names = new Map<string, string>();
  for (const a of host.adapters) names.set(a.id, a.name);
  return names;
}

/** A counted vNIC's demand with whether Get-NetAdapterVmqQueue shows it holding a queue (1) or not (0). */
interface Candidate {
  d: VnicDemand;
  holds: number;
}

/** VM vNICs before the management OS's, those on the default queue first, then the lowest weight, then by label. */
function bySuggestion(x: Candidate, y: Candidate): number {
  return (
    Number(x.d.vnic.isManagementOs) - Number(y.d.vnic.isManagementOs) ||
    x.holds - y.holds ||
    weight(x.d.vnic) - weight(y.d.vnic) ||
    ordinal(vnicLabel(x.d.vnic), vnicLabel(y.d.vnic))
  );
}

/** Labels of the vNICs whose `held` entry is `value`. */
function labelsWhere(vnics: readonly VNic[], held: ReadonlyMap<VNic, boolean | undefined>, value: boolean): string[] {
  const out: string[] = [];
  for (const v of vnics) if (held.get(v) === value) out.push(vnicLabel(v));
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'vmq-queues-exhausted',
    title: 'More VMQ-eligible vNICs than VM queues',
    category: 'queues',
    defaultSeverity: 'warning',
    docs: {
      what:
        "Counts the VM queues the vNICs on each external vSwitch ask for and compares them with the VM queues the uplinks offer. A vNIC asks for one queue when its VmqWeight is above 0 (the default is 100; management-OS vNICs count too) and its VM is powered on; a VM that Get-VM shows Off or Saved holds no queue. A vNIC using VMMQ asks for its VmmqQueuePairs (NDIS creates a VMMQ vPort with that many queue pairs, one without VMMQ: " +
        VMMQ_VPORTS +
        "), at most the VM's ProcessorCount. Capacity is Get-VMSwitch AvailableVMQueues when exported, else NumberOfReceiveQueues (which excludes the default queue) of each NIC the vSwitch uses VMQ on, summed over a Sum-of-Queues team or the smallest member's for a Min-Queues team. Without Get-VM (" +
        GET_VM +
        ") the state of the VMs is unknown: they are counted as running, and the finding says so. The simulator allocates queues from the same demand.",
      why:
        'Queues are handed out first come, first served when a VM starts and kept until it stops. Once they run out, every further vNIC shares the default queue, whose single core saturates first, while vNICs that started earlier keep theirs even when idle. Which VMs lose depends on start order, so throughput changes after every host restart.',
      severity:
        'Warning: the vNICs that find no queue share the default queue on one core, a measurable loss for the busy ones; Windows itself works as designed (queues are first come, first served).',
      example: { description: 'A 10 GbE NIC offering 4 VM queues, with a management vNIC and 5 running VMs (no Get-VM: their state is unknown and they are counted).', files: example(5) },
      fixed: {
        description: 'The same switch with 5 VMs of which Get-VM shows 2 Off: a powered-off VM takes no queue, so 4 vNICs ask for the 4 queues.',
        files: example(5, 2),
      },
      fix: "Set-VMNetworkAdapter -VMName 'VM5' -Name 'Network Adapter' -VmqWeight 0",
      references: [
        'How many VM queues a NIC offers, and which vNICs get them [D15][B9][P5][W6][B6]',
        'VmmqQueuePairs default 16 [W6]',
        'VMQ in LBFO teams: Min-Queues and Sum-of-Queues [S1]',
        '[F15]',
        VMMQ_VPORTS,
        GET_VM,
        'https://learn.microsoft.com/windows/win32/hyperv_v2/requeststatechange-msvm-computersystem',
      ],
      assumptions: [
        'AvailableVMQueues is taken as the switch\'s VM-queue capacity; whether it counts only free queues is UNCONFIRMED.',
        'Any VmqWeight > 0 counts equally; no source shows the weight ranking vNICs when queues are scarce.',
        'Get-VMNetworkAdapter output is read with the Set-VMNetworkAdapter parameter name VmqWeight (UNCONFIRMED that they match: https://learn.microsoft.com/powershell/module/hyper-v/set-vmnetworkadapter documents the parameter); a vNIC exported without it counts with the default 100.',
        'A VM holds its queue from power-on until it powers off or migrates (https://blogs.technet.microsoft.com/networking/2014/05/28/debugging-performance-issues-with-vmq/): Get-VM states Off, Saved, FastSaved and Hibernated (and their Critical variants) take none; Running, Paused and the transitions count (ASSUMED for Paused). A VMState number whose meaning differs between releases (32781 and above) is read as unknown.',
        'A VMMQ vPort asks for min(VmmqQueuePairs, the VM\'s vCPUs) queues (GUESS, no source gives the rule), at most what one NIC offers (its queues sit on one NIC); without Get-VM ProcessorCount, 2 vCPUs (the simulator\'s defaultVcpus). VMMQ is taken as on where VmmqEnabled is true, or on 2019+ where it is not exported and *RssOnHostVPorts is 1, on NICs that can do it (2016+, vendor driver).',
      ],
    },
  },
  check({ host, simulation }) {
    const switches = byName(host.switches).filter((s) => s.switchType === undefined || s.switchType === 'External');
    if (switches.length === 0) return { notApplicable: 'no external vSwitch exported (Get-VMSwitch)' };
    if (host.vnics.length === 0) return { notApplicable: 'no vNICs exported (Get-VMNetworkAdapter)' };
    const names = adapterNames(host);
    const reasons: string[] = [];
    let evaluated = 0;
    const out: RuleReport[] = [];
    for (const sw of switches) {
      const uplinks = physicalUplinks(host, sw);
      if (uplinks.length > 0 && uplinks.every((a) => vmqUse(host, a).inUse === false)) {
        reasons.push(`'${sw.name}': VMQ is off on its uplinks`);
        continue;
      }
      const cap = switchQueueCapacity(host, sw);
      if (cap.queues === undefined) {
        reasons.push(`'${sw.name}': queue count not exported (Get-VMSwitch AvailableVMQueues or Get-NetAdapterVmq NumberOfReceiveQueues)`);
        continue;
      }
      evaluated++;
      const demand = switchQueueDemand(host, sw);
      if (demand.total <= cap.queues) continue;
      const counted = demand.vnics.filter((d) => d.queues > 0);
      const eligible = counted.map((d) => d.vnic);
      const excess = demand.total - cap.queues;
      const vmmq = counted.filter((d) => d.vmmq);
      // Suggest VM vNICs that already sit on the default queue (Get-NetAdapterVmqQueue shows no
      // queue for them): weight 0 costs them nothing and stops them taking a queue that frees up.
      // Then the lowest weight; management-OS vNICs carry host traffic, so they come last. Enough
      // of them to free `excess` queues (a VMMQ vNIC frees its queue pairs).
      const held = new Map<VNic, boolean | undefined>();
      for (const v of eligible) held.set(v, holdsQueue(uplinks, v));
      const ordered: Candidate[] = [];
      for (const d of counted) ordered.push({ d, holds: Number(held.get(d.vnic) === true) });
      ordered.sort(bySuggestion);
      const picked: VnicDemand[] = [];
      let freed = 0;
      for (const { d } of ordered) {
        if (freed >= excess) break;
        picked.push(d);
        freed += d.queues;
      }
      const suggested = picked.map((d) => d.vnic);
      // The fix is advice for the vNICs named here, never the management OS (host traffic), and
      // only when those VM vNICs free enough queues. Under --traffic the measured rules
      // (vmq-queue-waste) choose who gives up a queue, so this count proposes no command.
      const vmPicked = picked.filter((d) => !d.vnic.isManagementOs);
      const vmNics = vmPicked.map((d) => d.vnic);
      const fixable = simulation === undefined && vmPicked.reduce((n, d) => n + d.queues, 0) >= excess;
      const fix = (fixable ? vmNics : []).map((v) => {
        const cmd = setVmqWeight(v, 0);
        const h = held.get(v);
        return h === undefined ? cmd : { ...cmd, disruption: h ? HELD : ON_DEFAULT };
      });
      const capLocs: (Loc | undefined)[] =
        cap.source === 'AvailableVMQueues' ? [sw.at['availableVMQueues']] : uplinks.map((a) => a.vmq?.at['numberOfReceiveQueues']);
      const asking = vmmq.length > 0 ? ` asking for ${demand.total} VM queues (${plural(vmmq.length, 'VMMQ vNIC')}: ${vmmq.map((d) => `${vnicLabel(d.vnic)} ${d.queues}`).join(', ')})` : '';
      const outcome =
        vmmq.length > 0
          ? `${plural(excess, 'queue')} short, so the vNICs that start last land on the default queue`
          : `${excess} of them will land on the default queue`;
      const notes: string[] = [];
      if (demand.poweredOff.length > 0) notes.push(`${plural(demand.poweredOff.length, 'vNIC')} of powered-off VMs not counted`);
      if (demand.unknownState.length > 0) {
        notes.push(`${plural(demand.unknownState.length, 'vNIC')} of VMs of unknown state counted as running (${host.vms.length === 0 ? 'Get-VM not exported' : 'not in Get-VM or state not readable'})`);
      }
      out.push({
        target: switchTarget(sw),
        property: 'vmq.queues',
        message: `vSwitch '${sw.name}' has ${eligible.length} vNICs with VmqWeight > 0${asking} but ${cap.queues} VM queue${cap.queues === 1 ? '' : 's'} (${capacityText(cap, names)}); ${outcome}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
        evidence: {
          queues: cap.queues,
          mode: cap.mode,
          source: cap.source,
          perMember: cap.perMember.map((m) => ({ adapter: names.get(m.adapterId) ?? m.adapterId, queues: m.queues ?? null })),
          demand: demand.total,
          eligible: counted.map((d) => ({
            vnic: vnicLabel(d.vnic),
            vmqWeight: weight(d.vnic),
            queues: d.queues,
            state: d.vnic.isManagementOs ? 'management OS' : (d.vm?.state ?? 'unknown'),
            ...(d.vmmq ? { vmmq: true, vcpus: d.vcpus, vcpusAssumed: d.vcpusAssumed } : {}),
          })),
          excess,
          suggested: suggested.map(vnicLabel),
          holdingQueue: labelsWhere(eligible, held, true),
          onDefaultQueue: labelsWhere(eligible, held, false),
          unknownState: demand.unknownState.map((d) => vnicLabel(d.vnic)),
          poweredOff: demand.poweredOff.map((d) => vnicLabel(d.vnic)),
        },
        remediation: remediation(
          fix.length > 0
            ? `Keep VMQ for the vNICs with heavy inbound traffic and set VmqWeight 0 on ${suggested.length} others to free ${plural(excess, 'queue')} (advice, below: VM vNICs Get-NetAdapterVmqQueue shows without a queue first, then the lowest weight; pick the ones with light traffic), or add queue capacity:`
            : `Keep VMQ for the vNICs with heavy inbound traffic and set VmqWeight 0 on VM vNICs with light traffic to free ${plural(excess, 'queue')} (never the management OS's${simulation ? '; under --traffic see vmq-queue-waste for measured candidates' : ''}), or add queue capacity.`,
          fix,
        ),
        fix,
        locations: locate(host, [...capLocs, ...suggested.map((v) => v.at['vmqWeight'] ?? v.at['name'])], [sw.at]),
      });
    }
    if (evaluated === 0) return { notApplicable: reasons.join('; ') };
    return out;
  },
};
