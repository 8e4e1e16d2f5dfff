/**
 * More vNICs with VmqWeight > 0 on a vSwitch than its uplinks offer VM queues, so the later ones
 * land on the default queue (domain.md 4.1, 7.1; simulator.md a.2-a.3 with its errata).
 */
import type { Loc, VNic } from '../src/model/host.js';
import type { Rule, RuleReport } from '../src/engine/types.js';
import { switchTarget } from '../src/engine/targets.js';
import { physicalUplinks, switchQueueCapacity, type QueueCapacity } from '../src/model/queues.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setVmqWeight } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { byName, ordinal, vnicLabel, vnicsOf } from './lib/topology.js';
import { holdsQueue, vmqUse } from './lib/vmq.js';

/** What VmqWeight 0 does to a vNIC that holds a VM queue now, and to one already on the default queue. */
const HELD = 'none: the vNIC keeps its link; it releases its VM queue and its inbound traffic moves to the default queue';
const ON_DEFAULT = 'none: the vNIC keeps its link and already uses the default queue; it stops waiting for a VM queue';

/** VmqWeight defaults to 100 (domain.md 4.1 [P5][W6]). */
function weight(v: VNic): number {
  return v.vmqWeight ?? 100;
}

function example(vms: number): Record<string, string> {
  const h = new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4, NumberOfReceiveQueues: 4 })
    .vmSwitch('vSwitch', [X710[0].name])
    .vmNic(null, 'vSwitch', 'vSwitch');
  for (let i = 1; i <= vms; i++) h.vmNic(`VM${i}`, 'Network Adapter', 'vSwitch');
  return h.files();
}

function capacityText(cap: QueueCapacity, names: Map<string, string>): string {
  if (cap.source === 'AvailableVMQueues') return 'Get-VMSwitch AvailableVMQueues';
  const parts = cap.perMember.map((m) => `'${names.get(m.adapterId) ?? m.adapterId}' ${m.queues}`);
  if (cap.mode === 'single') return `NumberOfReceiveQueues of ${parts[0]}`;
  return cap.mode === 'sum' ? `Sum-of-Queues: ${parts.join(' + ')}` : `Min-Queues: the smallest of ${parts.join(', ')}`;
}

export const rule: Rule = {
  meta: {
    id: 'vmq-queues-exhausted',
    title: 'More VMQ-eligible vNICs than VM queues',
    category: 'queues',
    defaultSeverity: 'warning',
    docs: {
      what:
        "Counts the vNICs on each external vSwitch with VmqWeight > 0 (the default is 100; management-OS vNICs count too) and compares them with the VM queues the uplinks offer: Get-VMSwitch AvailableVMQueues when exported, else NumberOfReceiveQueues (which excludes the default queue) of the NIC, summed over a Sum-of-Queues team or the smallest member's for a Min-Queues team.",
      why:
        'Queues are handed out first come, first served. Once they run out, every further vNIC shares the default queue, whose single core saturates first, while vNICs that started earlier keep theirs even when idle. Which VMs lose depends on boot order, so throughput changes after every host restart.',
      example: { description: 'A 10 GbE NIC offering 4 VM queues, with a management vNIC and 5 VMs.', files: example(5) },
      fixed: { description: 'The same switch with 3 VMs: 4 vNICs for 4 queues.', files: example(3) },
      fix: "Set-VMNetworkAdapter -VMName 'VM5' -Name 'Network Adapter' -VmqWeight 0",
      references: ['domain.md 4.1 Capacity and Assignment [D15][B9][P5][W6][B6]', 'domain.md 7.1 VMQ mode [S1]', 'simulator.md a.2 step 4 and errata, V4'],
      assumptions: [
        'AvailableVMQueues is taken as the switch\'s VM-queue capacity (as src/model/queues.ts does); whether it counts only free queues is UNCONFIRMED.',
        'Any VmqWeight > 0 counts equally; no source shows the weight ranking vNICs when queues are scarce (simulator.md a.3).',
        'Get-VMNetworkAdapter output is read with the Set-VMNetworkAdapter parameter name VmqWeight (UNCONFIRMED that they match, domain.md 9.5); a vNIC exported without it counts with the default 100.',
      ],
    },
  },
  check({ host, simulation }) {
    const switches = byName(host.switches).filter((s) => s.switchType === undefined || s.switchType === 'External');
    if (switches.length === 0) return { notApplicable: 'no external vSwitch exported (Get-VMSwitch)' };
    if (host.vnics.length === 0) return { notApplicable: 'no vNICs exported (Get-VMNetworkAdapter)' };
    const names = new Map(host.adapters.map((a) => [a.id, a.name]));
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
      const eligible = vnicsOf(host, sw).filter((v) => weight(v) > 0);
      if (eligible.length <= cap.queues) continue;
      const excess = eligible.length - cap.queues;
      // Suggest VM vNICs that already sit on the default queue (Get-NetAdapterVmqQueue shows no
      // queue for them): weight 0 costs them nothing and stops them taking a queue that frees up.
      // Then the lowest weight; management-OS vNICs carry host traffic, so they come last.
      const held = new Map(eligible.map((v) => [v, holdsQueue(uplinks, v)]));
      const holds = (v: VNic) => Number(held.get(v) === true);
      const suggested = [...eligible]
        .sort((x, y) => Number(x.isManagementOs) - Number(y.isManagementOs) || holds(x) - holds(y) || weight(x) - weight(y) || ordinal(vnicLabel(x), vnicLabel(y)))
        .slice(0, excess);
      // The fix is advice for the vNICs named here, never the management OS (host traffic), and
      // only when those VM vNICs free enough queues. Under --traffic the measured rules
      // (vmq-queue-waste) choose who gives up a queue, so this count proposes no command.
      const vmNics = suggested.filter((v) => !v.isManagementOs);
      const fixable = simulation === undefined && vmNics.length === excess;
      const fix = (fixable ? vmNics : []).map((v) => {
        const cmd = setVmqWeight(v, 0);
        const h = held.get(v);
        return h === undefined ? cmd : { ...cmd, disruption: h ? HELD : ON_DEFAULT };
      });
      const capLocs: (Loc | undefined)[] =
        cap.source === 'AvailableVMQueues' ? [sw.at['availableVMQueues']] : uplinks.map((a) => a.vmq?.at['numberOfReceiveQueues']);
      out.push({
        target: switchTarget(sw),
        property: 'vmq.queues',
        message: `vSwitch '${sw.name}' has ${eligible.length} vNICs with VmqWeight > 0 but ${cap.queues} VM queue${cap.queues === 1 ? '' : 's'} (${capacityText(cap, names)}); ${excess} of them will land on the default queue`,
        evidence: {
          queues: cap.queues,
          mode: cap.mode,
          source: cap.source,
          perMember: cap.perMember.map((m) => ({ adapter: names.get(m.adapterId) ?? m.adapterId, queues: m.queues ?? null })),
          eligible: eligible.map((v) => ({ vnic: vnicLabel(v), vmqWeight: weight(v) })),
          excess,
          suggested: suggested.map(vnicLabel),
          holdingQueue: eligible.filter((v) => held.get(v) === true).map(vnicLabel),
          onDefaultQueue: eligible.filter((v) => held.get(v) === false).map(vnicLabel),
        },
        remediation: remediation(
          fix.length > 0
            ? `Keep VMQ for the vNICs with heavy inbound traffic and set VmqWeight 0 on ${excess} others (advice, below: VM vNICs Get-NetAdapterVmqQueue shows without a queue first, then the lowest weight; pick the ones with light traffic), or add queue capacity:`
            : `Keep VMQ for the vNICs with heavy inbound traffic and set VmqWeight 0 on ${excess} VM vNICs with light traffic (never the management OS's${simulation ? '; under --traffic see vmq-queue-waste for measured candidates' : ''}), or add queue capacity.`,
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
