/**
 * vNICs on the default queue whose throughput the simulator predicts is capped by the default
 * queue's core (without a VM queue, receive processing shares one core, 3-4 Gbps on 10 GbE).
 */
import type { Host, VNic } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport, Target } from '../src/engine/types.js';
import { hostTarget, quotePs, switchTarget } from '../src/engine/targets.js';
import type { SimResult, SimVm } from '../src/sim/types.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { ADAPTER_RESTART, PHASE, remediation, setVmqWeight } from './lib/fix.js';
import { speedClass } from './lib/links.js';
import { locate } from './lib/locations.js';
import { ordinal } from './lib/topology.js';
import { pushAll } from '../src/model/bulk.js';

const TRAFFIC_FILE = 'traffic.json';
const WEBS = ['Web01', 'Web02', 'Web03', 'Web04'];

function example(weight: number): Record<string, string> {
  const h = new ExampleHost('HV01', '2012R2', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, NumberOfReceiveQueues: 31 })
    .vmSwitch('vSwitch', [X710[0].name]);
  // VmqWeight 0 on busy VMs ("disable VMQ", old Broadcom folk wisdom) sends them to the default queue.
  for (const vm of WEBS) h.vmNic(vm, 'Network Adapter', 'vSwitch', { VmqWeight: weight });
  const files = h.files();
  files[TRAFFIC_FILE] = JSON.stringify({ durationSeconds: 20, vnics: WEBS.map((vm) => ({ vm, gbps: 1.5 })) }, null, 2) + '\n';
  return files;
}

function isSimResult(x: unknown): x is SimResult {
  return typeof x === 'object' && x !== null && Array.isArray((x as { vms?: unknown }).vms) && Array.isArray((x as { uplinks?: unknown }).uplinks);
}

function label(v: SimVm): string {
  return `${v.vm}/${v.vnic}`;
}

function vnicOf(host: Host, v: SimVm): VNic | undefined {
  return host.vnics.find((n) => n.id === v.vnicId) ?? host.vnics.find((n) => (n.vmName ?? host.name) === v.vm && n.name === v.vnic);
}

const RELEASES_WITH_DEFAULT_VMMQ = new Set(['2016', '2019', '2022', '2025']);

export const rule: Rule = {
  meta: {
    id: 'default-queue-bottleneck',
    title: "vNICs on the default queue are limited by its core",
    category: 'simulation',
    defaultSeverity: 'warning',
    needs: ['traffic'],
    docs: {
      what:
        "Under a traffic profile (lint --traffic FILE), flags each vSwitch where the simulator predicts that vNICs without a VM queue get less than they are offered because the default queue's logical processor is full. It names the vNICs, why each has no queue (VMQ off, VmqWeight 0, no queue left), and what they lose.",
      why:
        'Every vNIC without a VM queue shares the default queue, whose receive work (including the software MAC/VLAN sort) runs on one core: about 3-4 Gbps on 10 GbE for all of them together, while each VM queue gets a core of its own. Queues are handed out first come, first served, so busy VMs that start late or carry VmqWeight 0 end up there.',
      severity:
        'Warning: the simulation predicts a measurable throughput loss for the vNICs on the default queue; nothing is misconfigured in Windows\' eyes.',
      example: { description: 'Four busy VMs (1.5 Gbps each) with VmqWeight 0 share the default queue on LP 2. Run with --traffic traffic.json.', files: example(0) },
      fixed: { description: 'VmqWeight 100: each VM gets its own queue.', files: example(100) },
      fix: "Set-VMNetworkAdapter -VMName 'Web01' -Name 'Network Adapter' -VmqWeight 100",
      references: [
        'Default queue, first come first served, VmqWeight [D15][B9][B6][P5][W6]',
        'One core: 3-5 Gbps without VMQ [B4][B10][B11]',
        'DefaultQueueVmmqEnabled [W7]',
        '[F1][F15]',
      ],
      assumptions: [
        "The prediction rests on the simulator's calibrated costs and GUESS parameters (vmqlint simulate --list-params).",
        'Whether a vNIC on the default queue picks up a queue freed later without restarting its adapter is UNCONFIRMED: no source says; the simulator assumes it does not (GUESS).',
      ],
    },
  },
  check({ host, simulation }) {
    if (!simulation) return { notApplicable: 'needs --traffic' };
    const sim = simulation();
    if (!isSimResult(sim)) return { notApplicable: 'needs --traffic (the simulation gave no per-vNIC results)' };
    const byUplink = new Map<string, SimVm[]>();
    for (const v of sim.vms) {
      // A vNIC that gets what it is offered loses nothing to the default queue, whatever bound
      // the simulation names; reporting it would ask for a queue that cannot help.
      if (v.queue !== 0 || v.limitedBy !== 'default-queue' || v.offeredGbps - v.deliveredGbps < Math.max(0.01, 0.01 * v.offeredGbps)) continue;
      byUplink.set(v.uplink, [...(byUplink.get(v.uplink) ?? []), v]);
    }
    const out: RuleReport[] = [];
    for (const uplink of [...byUplink.keys()].sort(ordinal)) {
      const vms = byUplink.get(uplink)!.sort((a, b) => b.offeredGbps - a.offeredGbps || ordinal(label(a), label(b)));
      const u = sim.uplinks.find((x) => x.name === uplink);
      const sw = host.switches.find((s) => s.name === uplink);
      const target: Target = sw ? switchTarget(sw) : hostTarget(host);
      const defaultLps = [...new Set((u?.members ?? []).flatMap((m) => m.defaultQueueLps))].sort((a, b) => a - b);
      const busiest = defaultLps.map((lp) => sim.lps[lp]).filter((l) => l !== undefined).sort((a, b) => b.meanUtilization - a.meanUtilization)[0];
      const lost = vms.reduce((s, v) => s + v.offeredGbps - v.deliveredGbps, 0);
      const reasons = new Set(vms.map((v) => v.defaultReason ?? 'no-free-queue'));
      const fix: FixCommand[] = [];
      const advice: string[] = [];
      if (reasons.has('weight-0')) {
        const zero = vms.filter((v) => v.defaultReason === 'weight-0').map((v) => vnicOf(host, v)).filter((n): n is VNic => n !== undefined);
        pushAll(fix, zero.map((n) => setVmqWeight(n, 100)));
        advice.push('Give the busy vNICs with VmqWeight 0 a weight so they take a VM queue.');
      }
      if (reasons.has('vmq-off')) {
        // Below 10 Gbps VMQ off is Microsoft's recommended setup (vmq-on-slow-nic), so the command
        // goes only to faster NICs; the advice below still names the VMSMP switch.
        const nics = (u?.members ?? [])
          .filter((m) => !m.vmqEnabled)
          .map((m) => m.adapter)
          .filter((n) => {
            const a = host.adapters.find((x) => x.name === n);
            return a !== undefined && speedClass(a) !== 'slow';
          });
        fix.push(
          ...nics.map((n): FixCommand => ({
            command: `Set-NetAdapterVmq -Name ${quotePs(n)} -Enabled $true`,
            disruption: ADAPTER_RESTART,
            phase: PHASE.advanced,
            effect: { kind: 'offload', adapter: n, feature: 'vmq', enabled: true },
          })),
        );
        advice.push('Turn VMQ on for the uplink (below 10 Gbps the vSwitch also needs VMSMP BelowTenGigVmqEnabled=1).');
      }
      if (reasons.has('no-free-queue')) {
        advice.push(
          `The uplink's ${u?.queuesAvailable ?? '?'} VM queues are all taken: free queues held by idle vNICs (VmqWeight 0; see vmq-queue-waste), start the busy VMs first, or add NICs to a Sum-of-Queues team.`,
        );
        if (sw && RELEASES_WITH_DEFAULT_VMMQ.has(host.os.release) && sw.defaultQueueVmmqEnabled !== true) {
          fix.push({
            command: `Set-VMSwitch -Name ${quotePs(sw.name)} -DefaultQueueVmmqEnabled $true -DefaultQueueVmmqQueuePairs 4`,
            disruption: 'none',
            phase: PHASE.switches,
            effect: { kind: 'switch-settings', switch: sw.id, defaultQueueVmmqEnabled: true, defaultQueueVmmqQueuePairs: 4 },
          });
          advice.push('On 2016 and later, VMMQ on the default queue spreads it over several cores (the NIC and its driver must support VMMQ).');
        }
      }
      const fmt = (v: SimVm): string => `${label(v)} ${+v.offeredGbps.toFixed(2)} -> ${+v.deliveredGbps.toFixed(2)} Gbps`;
      const nics = vms.map((v) => vnicOf(host, v));
      out.push({
        target,
        property: 'vmq.defaultQueue',
        message: `${sw ? `vSwitch '${uplink}'` : `'${uplink}'`}: ${vms.length} vNIC${vms.length === 1 ? '' : 's'} on the default queue ${vms.length === 1 ? 'is' : 'are'} limited by its LP ${defaultLps.join(',')}${busiest ? ` (${Math.round(busiest.meanUtilization * 100)}% busy)` : ''}, losing ${+lost.toFixed(2)} Gbps: ${vms.map(fmt).join(', ')}`,
        evidence: {
          uplink,
          defaultQueueLps: defaultLps,
          defaultQueueUtilization: busiest?.meanUtilization ?? null,
          queuesAvailable: u?.queuesAvailable ?? null,
          queuesAllocated: u?.queuesAllocated ?? null,
          mode: u?.mode ?? null,
          lostGbps: +lost.toFixed(4),
          vnics: vms.map((v) => ({ vnic: label(v), reason: v.defaultReason ?? null, offeredGbps: v.offeredGbps, deliveredGbps: v.deliveredGbps })),
          simulation: { durationSeconds: sim.durationSeconds, steadyFromSeconds: sim.steadyFromSeconds },
        },
        remediation: remediation(advice.join(' '), fix),
        fix,
        locations: locate(host, nics.map((n) => n?.at['vmqWeight'] ?? n?.at['name']), [sw?.at]),
      });
    }
    return out;
  },
};
