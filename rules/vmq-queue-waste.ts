/**
 * VM queues held by idle vNICs while busy vNICs sit on the default queue. Needs traffic: a
 * simulation under --traffic (src/sim), since v1 exports carry no queue traffic statistics
 * ([B9][B10][B11] in docs/references.md).
 */
import type { Host, VNic } from '../src/model/host.js';
import type { Rule, RuleReport, Target } from '../src/engine/types.js';
import { hostTarget, switchTarget } from '../src/engine/targets.js';
import type { SimResult, SimVm } from '../src/sim/types.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setVmqWeight } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { ordinal } from './lib/topology.js';

interface Options {
  /** A vNIC offering less than this (Gbps) is idle. */
  idleGbps?: number;
  /** A vNIC on the default queue offering more than this (Gbps) is busy, even if not yet limited. */
  busyGbps?: number;
}

/** Reasons a vNIC sits on the default queue that no queue could change. */
const NOT_WASTE = new Set(['vmq-off', 'not-started']);

/** The example's traffic profile file; the documented example runs under it. */
export const TRAFFIC_FILE = 'traffic.json';

function example(idleFirst: boolean): Record<string, string> {
  const h = new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4, NumberOfReceiveQueues: 2 })
    .vmSwitch('vSwitch', [X710[0].name])
    .vmNic('Idle01', 'Network Adapter', 'vSwitch')
    .vmNic('Idle02', 'Network Adapter', 'vSwitch')
    .vmNic('Busy01', 'Network Adapter', 'vSwitch');
  const files = h.files();
  // Queues go first come, first served: in the example the idle VMs start first and take both.
  const order = idleFirst ? ['Idle01', 'Idle02', 'Busy01'] : ['Busy01', 'Idle01', 'Idle02'];
  files[TRAFFIC_FILE] =
    JSON.stringify(
      {
        durationSeconds: 20,
        vnics: order.map((vm, i) => ({ vm, startOrder: i, gbps: vm.startsWith('Busy') ? 4 : 0.01 })),
      },
      null,
      2,
    ) + '\n';
  return files;
}

function isSimResult(x: unknown): x is SimResult {
  return typeof x === 'object' && x !== null && Array.isArray((x as { vms?: unknown }).vms);
}

function label(v: SimVm): string {
  return `${v.vm}/${v.vnic}`;
}

function vnicOf(host: Host, v: SimVm): VNic | undefined {
  return host.vnics.find((n) => n.id === v.vnicId) ?? host.vnics.find((n) => (n.vmName ?? host.name) === v.vm && n.name === v.vnic);
}

export const rule: Rule<Options> = {
  meta: {
    id: 'vmq-queue-waste',
    title: 'Idle vNICs hold queues while busy ones share the default queue',
    category: 'queues',
    defaultSeverity: 'warning',
    needs: ['traffic'],
    optionsSchema: {
      type: 'object',
      properties: { idleGbps: { type: 'number', minimum: 0 }, busyGbps: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    defaultOptions: { idleGbps: 0.05, busyGbps: 1 },
    docs: {
      what:
        "Under a traffic profile (lint --traffic), flags an uplink where VM vNICs the profile gives some traffic, but less than idleGbps, hold VM queues while vNICs on the default queue are busy: offering at least idleGbps and limited by the default queue, or offering more than busyGbps. It reads the simulation of the host; without one it is not applicable, because v1 exports carry no per-queue traffic statistics.",
      why:
        'Queues are handed out first come, first served and kept until the VM stops or migrates. An idle VM that started early keeps its queue while a busy one that started later shares the default queue and its single core. Microsoft advises enabling VMQ only for VMs with heavy inbound traffic, so queues go where they help.',
      severity:
        'Warning: under the traffic profile, idle vNICs hold queues that busy ones then lack, a measurable loss the simulation quantifies; nothing is misconfigured in Windows\' eyes.',
      example: { description: 'A NIC with 2 VM queues: two idle VMs start first and take them; Busy01 (4 Gbps) lands on the default queue. Run with --traffic traffic.json.', files: example(true) },
      fixed: { description: 'Busy01 starts first and holds a queue; the idle VM left on the default queue costs nothing.', files: example(false) },
      fix: "Set-VMNetworkAdapter -VMName 'Idle01' -Name 'Network Adapter' -VmqWeight 0\nSet-VMNetworkAdapter -VMName 'Busy01' -Name 'Network Adapter' -VmqWeight 100",
      references: ['VM queues go first come, first served; enable VMQ only for heavy inbound traffic [B9][B10][B11][B6][P5]', '[F12][F15]'],
      assumptions: [
        'Idle and busy are judged on the simulated steady state (vmqlint simulate --list-params lists its parameters), whose per-core figures are calibrated GUESSes.',
        "Whether setting a vNIC's VmqWeight again makes it request a freed queue at once is UNCONFIRMED; restarting that VM's network adapter (or the VM) does.",
      ],
      options: 'idleGbps (default 0.05): below this a vNIC is idle. busyGbps (default 1): above this a vNIC on the default queue is busy.',
    },
  },
  check({ host, options, simulation }) {
    if (!simulation) return { notApplicable: 'needs --traffic or queue statistics' };
    const sim = simulation();
    if (!isSimResult(sim)) return { notApplicable: 'needs --traffic or queue statistics (the simulation gave no per-vNIC results)' };
    const idleGbps = options.idleGbps ?? 0.05;
    const busyGbps = options.busyGbps ?? 1;
    const byUplink = new Map<string, SimVm[]>();
    for (const v of sim.vms) {
      if (!byUplink.has(v.uplink)) byUplink.set(v.uplink, []);
      byUplink.get(v.uplink)!.push(v);
    }
    const out: RuleReport[] = [];
    for (const uplink of [...byUplink.keys()].sort(ordinal)) {
      const vms = byUplink.get(uplink)!;
      // Idle means measured idle: a vNIC the profile offers no traffic at all (it does not name it)
      // or the management OS's (host traffic the profile does not model) is never asked to give up
      // its queue, so it is not counted as waste either.
      const idle = vms.filter((v) => v.queue > 0 && v.offeredGbps > 0 && v.offeredGbps < idleGbps && !v.isManagementOs).sort((a, b) => a.offeredGbps - b.offeredGbps || ordinal(label(a), label(b)));
      const busy = vms
        // An idle vNIC is never busy, whatever the simulation names as its limit.
        .filter((v) => v.queue === 0 && !NOT_WASTE.has(v.defaultReason ?? '') && v.offeredGbps >= idleGbps && (v.limitedBy === 'default-queue' || v.offeredGbps > busyGbps))
        .sort((a, b) => b.offeredGbps - a.offeredGbps || ordinal(label(a), label(b)));
      if (idle.length === 0 || busy.length === 0) continue;
      const n = Math.min(idle.length, busy.length);
      const release = idle.slice(0, n).map((v) => ({ v, nic: vnicOf(host, v) }));
      const want = busy.slice(0, n).map((v) => ({ v, nic: vnicOf(host, v) }));
      const fix = [
        ...release.filter((x) => x.nic).map((x) => setVmqWeight(x.nic!, 0)),
        ...want.filter((x) => x.nic).map((x) => setVmqWeight(x.nic!, Math.max(1, x.nic!.vmqWeight ?? 100))),
      ];
      const sw = host.switches.find((s) => s.name === uplink);
      const target: Target = sw ? switchTarget(sw) : hostTarget(host);
      const fmt = (v: SimVm): string => `${label(v)} ${+v.offeredGbps.toFixed(2)} Gbps`;
      out.push({
        target,
        property: 'vmq.queues',
        message: `${sw ? `vSwitch '${uplink}'` : `'${uplink}'`}: ${idle.length} idle vNIC${idle.length === 1 ? ' holds a queue' : 's hold queues'} (${idle.map(fmt).join(', ')}) while ${busy.length} busy vNIC${busy.length === 1 ? ' is' : 's are'} on the default queue (${busy.map(fmt).join(', ')})`,
        evidence: {
          uplink,
          idleGbps,
          busyGbps,
          idle: idle.map((v) => ({ vnic: label(v), queue: v.queue, offeredGbps: v.offeredGbps })),
          busy: busy.map((v) => ({ vnic: label(v), offeredGbps: v.offeredGbps, deliveredGbps: v.deliveredGbps, limitedBy: v.limitedBy, defaultReason: v.defaultReason ?? null })),
          simulation: { durationSeconds: sim.durationSeconds, steadyFromSeconds: sim.steadyFromSeconds },
        },
        remediation: remediation(
          `Take queues from idle vNICs and give them to busy ones (then restart the busy VMs' network adapters so they request the freed queues):`,
          fix,
        ),
        fix,
        locations: locate(host, [...release, ...want].map((x) => x.nic?.at['vmqWeight'] ?? x.nic?.at['name']), [sw?.at]),
      });
    }
    return out;
  },
};
