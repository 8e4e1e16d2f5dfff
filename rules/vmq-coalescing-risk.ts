/**
 * A VMQ NIC without interrupt-vector coalescing whose set spans many processors, or without
 * dynamic affinity change (so no Dynamic VMQ) on 2012/2012 R2 ([D10][D11][W4] in docs/references.md).
 */
import type { Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget, quotePs } from '../src/engine/targets.js';
import { releaseName } from '../src/engine/release.js';
import { formatLps } from '../src/model/processors.js';
import { vSwitchUplinkExample } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { activeSets, applySet, describeSet, setEvidence, SHARED_PROCESSOR_KEYWORDS } from './lib/psets.js';
import { byName } from './lib/topology.js';
import { vmqUse } from './lib/vmq.js';

interface Options {
  /** Widest VMQ set (in processors) accepted on a NIC without interrupt-vector coalescing. */
  maxProcessorsWithoutCoalescing?: number;
}

const DYNAMIC_VMQ_RELEASES = ['2012', '2012R2'];

function example(maxProcessors: number): Record<string, string> {
  return vSwitchUplinkExample({ BaseProcessorNumber: 2, MaxProcessorNumber: 30, MaxProcessors: maxProcessors, InterruptVectorCoalescingSupported: false }, { logical: 32, cores: 16 });
}

export const rule: Rule<Options> = {
  meta: {
    id: 'vmq-coalescing-risk',
    title: 'VMQ interrupt coalescing or Dynamic VMQ unavailable',
    category: 'queues',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      properties: { maxProcessorsWithoutCoalescing: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { maxProcessorsWithoutCoalescing: 4 },
    docs: {
      what:
        'For NICs doing VMQ for a vSwitch (not one where the vSwitch leaves VMQ off, below 10 Gbps without queues or BelowTenGigVmqEnabled=1): flags one that does not report InterruptVectorCoalescingSupported while its VMQ set spans more processors than the option allows (default 4), and, on Windows Server 2012 and 2012 R2, one that does not report DynamicProcessorAffinityChangeSupported, so Dynamic VMQ cannot move its queues.',
      why:
        'Without interrupt-vector coalescing each queue raises its own interrupts, so a wide set multiplies interrupt sources and the interrupt and DPC overhead on every processor it reaches. On 2012/2012 R2, Dynamic VMQ needs the NIC to change a queue\'s processor at run time; without it queues stay where they were placed and a hot queue cannot be moved off a busy core.',
      severity:
        'Warning: more interrupt sources, or queues Dynamic VMQ cannot move, cost measurable CPU under load; Windows runs as configured.',
      example: { description: 'A NIC without interrupt-vector coalescing whose VMQ set spans 8 processors.', files: example(8) },
      fixed: { description: 'The same NIC limited to 4 processors.', files: example(4) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessors 4",
      references: ['Interrupt vector coalescing [D10][D11][W4]', '2012 Dynamic VMQ needs DynamicProcessorAffinityChangeSupported [B1][B14][D11][W4]', 'More CPUs add interrupt and DPC overhead [D20]', '[F17]'],
      assumptions: [
        'The 4-processor threshold is a judgement, not a published limit (no interrupt-rate figures are published, https://learn.microsoft.com/windows-hardware/drivers/network/vmq-interrupt-requirements); it is an option.',
        SHARED_PROCESSOR_KEYWORDS,
      ],
      options: 'maxProcessorsWithoutCoalescing (default 4): the widest VMQ set accepted on a NIC without InterruptVectorCoalescingSupported.',
    },
  },
  check({ host, options }) {
    const limit = options.maxProcessorsWithoutCoalescing ?? 4;
    const nics = byName(host.adapters).filter((a) => a.kind === 'physical' && a.vmq !== undefined);
    if (nics.length === 0) return { notApplicable: 'no Get-NetAdapterVmq data' };
    const dynamicMatters = DYNAMIC_VMQ_RELEASES.includes(host.os.release);
    const out: RuleReport[] = [];
    let judged = 0;
    for (const a of nics) {
      const ns = activeSets(host, a).find((s) => s.kind === 'VMQ');
      const v = a.vmq!;
      if (!ns) continue;
      if (v.interruptVectorCoalescingSupported !== undefined || (dynamicMatters && v.dynamicProcessorAffinityChangeSupported !== undefined)) judged++;
      // Below 10 Gbps the vSwitch leaves VMQ off although Get-NetAdapterVmq says Enabled
      // ([S4] in docs/references.md): no queues, so no queue interrupts and nothing for Dynamic VMQ to move.
      if (vmqUse(host, a).inUse === false) continue;
      if (v.interruptVectorCoalescingSupported === false && ns.set.lps.length > limit) {
        const fix = applySet(host, a, ns, { maxProcessors: limit });
        out.push({
          target: adapterTarget(a),
          property: 'vmq.interruptVectorCoalescingSupported',
          message: `${a.name}: no interrupt-vector coalescing (InterruptVectorCoalescingSupported False) and its ${describeSet(ns)} spans ${ns.set.lps.length} processors (more than ${limit})`,
          evidence: { interruptVectorCoalescingSupported: false, processors: ns.set.lps.length, limit, set: setEvidence(ns) },
          remediation: remediation(`Limit '${a.name}' to ${limit} processors (LPs ${formatLps(ns.set.lps.slice(0, limit))}), or use a NIC or driver that coalesces VMQ interrupts:`, fix),
          fix,
          locations: locate(host, [v.at['interruptVectorCoalescingSupported'], v.at['maxProcessors']], [v.at, a.at]),
        });
      }
      if (dynamicMatters && v.dynamicProcessorAffinityChangeSupported === false) {
        out.push({
          target: adapterTarget(a),
          property: 'vmq.dynamicProcessorAffinityChangeSupported',
          message: `${a.name}: this NIC cannot move its queues to other processors (DynamicProcessorAffinityChangeSupported False), so Dynamic VMQ on ${releaseName(host.os.release)} cannot rebalance them; its queues stay on the processors they started on`,
          evidence: { dynamicProcessorAffinityChangeSupported: false, release: host.os.release, set: setEvidence(ns) },
          remediation:
            `Install a driver and firmware for '${a.name}' that support dynamic processor affinity change (check Get-NetAdapterVmq -Name ${quotePs(a.name)} | Format-List DynamicProcessorAffinityChangeSupported afterwards); until then give busy VMs their own queues and keep the VMQ set on cores with headroom.`,
          fix: [],
          locations: locate(host, [v.at['dynamicProcessorAffinityChangeSupported']], [v.at, a.at]),
        });
      }
    }
    if (judged === 0) {
      return { notApplicable: 'no vSwitch NIC exports InterruptVectorCoalescingSupported or (on 2012/2012 R2) DynamicProcessorAffinityChangeSupported' };
    }
    return out;
  },
};
