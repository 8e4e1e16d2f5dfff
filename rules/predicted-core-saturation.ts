/**
 * An LP the simulator predicts above 90% busy in steady state under the --traffic profile
 * (one queue is served by one core).
 */
import type { Adapter, Host } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport, Target } from '../src/engine/types.js';
import { adapterTarget, hostTarget, quotePs } from '../src/engine/targets.js';
import { coreZeroLpsIfInDoubt, perCoreLps, vmqProcessorSet } from '../src/model/processors.js';
import type { SimQueue, SimResult, SimVm } from '../src/sim/types.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { ADAPTER_RESTART, PHASE, remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { SHARED_PROCESSOR_KEYWORDS } from './lib/psets.js';
import { ordinal } from './lib/topology.js';
import { maxOf } from '../src/model/bulk.js';

interface Options {
  /** Steady-state mean utilisation (0..1) above which an LP is reported. */
  threshold?: number;
}

const TRAFFIC_FILE = 'traffic.json';

function example(maxProcessors: number): Record<string, string> {
  const files = new ExampleHost('HV01', '2016', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 15, MaxProcessors: maxProcessors, NumberOfReceiveQueues: 31 })
    .vmSwitch('vSwitch', [X710[0].name])
    .vmNic('App01', 'Network Adapter', 'vSwitch')
    .vmNic('App02', 'Network Adapter', 'vSwitch')
    .vmNic('App03', 'Network Adapter', 'vSwitch')
    .files();
  files[TRAFFIC_FILE] = JSON.stringify({ durationSeconds: 20, vnics: ['App01', 'App02', 'App03'].map((vm) => ({ vm, gbps: 2 })) }, null, 2) + '\n';
  return files;
}

function isSimResult(x: unknown): x is SimResult {
  return typeof x === 'object' && x !== null && Array.isArray((x as { lps?: unknown }).lps) && Array.isArray((x as { vms?: unknown }).vms);
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** "N vCPUs" of a VM as the simulation knew it, marked when assumed. */
function vcpuText(v: SimVm): string {
  if (!v.vcpus) return 'all of the set (host vNIC)';
  return `${v.vcpus.count} vCPU${v.vcpus.count === 1 ? '' : 's'}${v.vcpus.source === 'assumed' ? ', assumed: Get-VM ProcessorCount not exported' : ''}`;
}

/**
 * What can relieve the LP, by what loads it: one VMQ alone (one core per queue: VMMQ or vRSS),
 * vNICs vRSS already spreads (more vCPUs, flows or VMMQ; a wider VMQ set only where the set, not
 * the vCPUs, bounded the spread), the default queue alone (a queue per busy vNIC, not a wider set),
 * or several queues stacked (a wider set, Dynamic VMQ, VmqWeight 0). `widen`: how many LPs a
 * wider VMQ processor set should offer to help ('queues': one per busy queue of the NIC), or
 * false when widening cannot help.
 */
function adviceFor(lp: number, vms: SimVm[], queues: SimQueue[], label: (v: SimVm) => string): { advice: string; widen: number | 'queues' | false } {
  const withQueue = vms.filter((v) => v.queue > 0);
  const spread = withQueue.filter((v) => v.vrss?.active === true);
  const pinned = withQueue.filter((v) => v.vrss?.active !== true);
  const busyQueues = queues.filter((q) => q.vms.length > 0);
  if (vms.length === 1 && busyQueues.length === 1 && pinned.length === 1) {
    const v = pinned[0];
    const why = v.vrss && !v.vrss.active ? ` (vRSS does not spread it: ${v.vrss.reason})` : '';
    return { advice: `One queue (${label(v)}) fills LP ${lp} alone: a VMQ is served by one core, so spread the vNIC's traffic with VMMQ (2016+) or vRSS in the guest, or split the workload${why}.`, widen: false as const };
  }
  if (spread.length > 0 && pinned.length === 0 && withQueue.length === vms.length) {
    // vRSS uses up to one LP per vCPU within the NIC's set: the set matters only where it, not the vCPUs, bounded the spread.
    const setBound = spread.filter((v) => v.vcpus !== undefined && (v.vrss?.lps.length ?? 0) < v.vcpus.count);
    const names = spread.map((v) => `${label(v)} over LPs ${v.vrss!.lps.join(',')} (${vcpuText(v)})`).join('; ');
    const more = setBound.length > 0 ? ` The NIC's VMQ processor set is narrower than ${setBound.map(label).join(', ')} could use: widen it (MaxProcessors, base/max processor).` : '';
    return {
      advice: `vRSS already spreads ${names}; a VMQ change does not add cores to it. vRSS uses at most one LP per vCPU and never splits a flow: give the VM more vCPUs or its traffic more flows, or use VMMQ (2016+) to spread in the NIC.${more}`,
      widen: setBound.length > 0 ? maxOf(setBound.map((v) => v.vcpus!.count)) : false,
    };
  }
  if (withQueue.length === 0 && vms.length > 0) {
    return { advice: `The default queue serves ${vms.map(label).join(', ')} on LP ${lp}, and it uses one LP whatever the processor set: give busy vNICs a VM queue (VmqWeight 0 on idle ones frees queues) or enable VMQ on the uplink.`, widen: false as const };
  }
  const already = spread.length > 0 ? ` (vRSS already spreads ${spread.map(label).join(', ')})` : '';
  return {
    advice: `Spread the queues on LP ${lp} over more cores${already}: widen the NIC's VMQ processor set (MaxProcessors, base/max processor), use Dynamic VMQ where the release supports it, and move vNICs that need no queue to VmqWeight 0.`,
    widen: pinned.length > 0 ? 'queues' : false,
  };
}

/**
 * Raise MaxProcessors of a NIC whose set is narrower than the queues it carries, within the whole
 * cores its range offers off core 0 (a fix never counts a hyper-threading sibling or core 0 as
 * room, so it does not exceed the range once the base moves off core 0). `want` LPs would help
 * (busy queues, or a vRSS spread's vCPUs); fewer than two cannot be helped by a wider set, so
 * they get no command.
 */
function widenSet(host: Host, a: Adapter, want: number): FixCommand[] {
  const set = vmqProcessorSet(host, a);
  if (!set || set.maxProcessors === undefined || want < 2) return [];
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  const cores = perCoreLps(
    host,
    set.range.filter((lp) => !zero.has(lp)),
  ).length;
  if (set.maxProcessors >= cores) return [];
  const to = Math.min(cores, Math.max(want, set.maxProcessors + 1));
  if (to <= set.maxProcessors) return [];
  return [
    {
      command: `Set-NetAdapterVmq -Name ${quotePs(a.name)} -MaxProcessors ${to}`,
      disruption: ADAPTER_RESTART,
      phase: PHASE.processors,
      vmq: { adapter: a.name, change: 'processors' },
      effect: { kind: 'processors', adapter: a.name, via: 'vmq', values: { maxProcessors: to } },
    },
  ];
}

export const rule: Rule<Options> = {
  meta: {
    id: 'predicted-core-saturation',
    title: 'A logical processor is predicted above 90% busy under the traffic profile',
    category: 'simulation',
    defaultSeverity: 'warning',
    needs: ['traffic'],
    optionsSchema: { type: 'object', properties: { threshold: { type: 'number', minimum: 0, maximum: 1 } }, additionalProperties: false },
    defaultOptions: { threshold: 0.9 },
    docs: {
      what:
        'Under a traffic profile (lint --traffic FILE), simulates the host (queue allocation, placement by OS release, interrupt moderation, per-packet cost) and flags every logical processor whose steady-state mean utilisation is above the threshold (default 90%), naming the queues and vNICs it serves.',
      why:
        'Receive processing of a VM queue runs on one core, so a core that is nearly full caps every vNIC on it (about 5-6 Gbps per queue on modern processors) and delays everything else scheduled there. Static placement (2008 R2, 2016) or a narrow processor set can stack several busy queues on one core while others idle. vRSS (off by default on 2012 R2, on by default from 2016; it needs VMQ on a NIC of 10 Gbps or more, no SR-IOV VF on the vNIC and more than one vCPU: https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan) spreads a vNIC over up to one core per vCPU; the advice says what can still help a vNIC it already spreads, and proposes a wider VMQ processor set only where queues stack or the set, not the vCPUs, bounds the spread.',
      severity:
        'Warning: a core predicted above the threshold caps every vNIC it serves, a measurable loss; it is a prediction from the simulator\'s parameters, not an observed fault.',
      example: {
        description: 'WS2016 places queues statically; MaxProcessors 1 puts three 2 Gbps queues on LP 2. Run with --traffic traffic.json.',
        files: example(1),
      },
      fixed: { description: 'MaxProcessors 4: the three queues land on LPs 2, 3 and 4.', files: example(4) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessors 4",
      references: ['Static vs dynamic VMQ placement; vRSS requirements and release defaults [B1][B6][S4]', 'About 5-6 Gbps per queue, one core [B12]', 'MaxProcessors [P3]', '[F3][F6]'],
      assumptions: [
        SHARED_PROCESSOR_KEYWORDS,
        'The prediction rests on the simulator\'s calibrated costs and GUESS parameters (vmqlint simulate --list-params); treat it as a ranking of risk, not a measurement.',
        'Utilisation is the busy fraction of the LP including the background load the profile gives (5% per LP when it gives none).',
        'A VM\'s vCPU count (which bounds vRSS) comes from the profile\'s vcpus, else Get-VM ProcessorCount; without either the simulation assumes defaultVcpus (2) and the advice says so.',
      ],
      options: 'threshold (default 0.9): steady-state mean utilisation above which an LP is reported.',
    },
  },
  check({ host, options, simulation }) {
    if (!simulation) return { notApplicable: 'needs --traffic' };
    const sim = simulation();
    if (!isSimResult(sim)) return { notApplicable: 'needs --traffic (the simulation gave no per-LP results)' };
    const threshold = options.threshold ?? 0.9;
    const out: RuleReport[] = [];
    for (const l of sim.lps) {
      if (l.meanUtilization <= threshold) continue;
      const queues: SimQueue[] = sim.queues.filter((q) => q.lps.includes(l.lp) && (q.vms.length > 0 || q.queue === 0)).sort((a, b) => ordinal(a.adapter, b.adapter) || a.queue - b.queue);
      const vms: SimVm[] = sim.vms.filter((v) => v.lps.includes(l.lp) && v.offeredGbps > 0).sort((a, b) => b.offeredGbps - a.offeredGbps || ordinal(a.vm, b.vm));
      const adapterNames = [...new Set(queues.filter((q) => q.vms.length > 0).map((q) => q.adapter))];
      const adapters = adapterNames.map((n) => host.adapters.find((a) => a.name === n)).filter((a): a is Adapter => a !== undefined);
      const target: Target = adapters.length > 0 ? adapterTarget(adapters[0]) : hostTarget(host);
      const label = (v: SimVm): string => `${v.vm}/${v.vnic}`;
      const limited = vms.filter((v) => v.limitedBy === 'lp' || v.limitedBy === 'default-queue');
      const onQueues = queues.filter((q) => q.vms.length > 0).map((q) => `${q.adapter} ${q.queue === 0 ? 'default queue' : `queue ${q.queue}`}`);
      const { advice, widen } = adviceFor(l.lp, vms, queues, label);
      const busyQueues = (a: Adapter): number => sim.queues.filter((q) => q.adapter === a.name && q.queue > 0 && q.vms.length > 0).length;
      const fix = widen === false ? [] : adapters.flatMap((a) => widenSet(host, a, widen === 'queues' ? busyQueues(a) : widen));
      out.push({
        target,
        property: 'vmq.processors',
        message: `LP ${l.lp} (${l.group}:${l.number}) is predicted ${pct(l.meanUtilization)} busy in steady state (network ${pct(l.meanNetwork)})${onQueues.length > 0 ? `, serving ${onQueues.join(', ')}` : ''}${limited.length > 0 ? `; limits ${limited.map(label).join(', ')}` : ''}`,
        evidence: {
          lp: l.lp,
          group: l.group,
          number: l.number,
          meanUtilization: l.meanUtilization,
          peakUtilization: l.peakUtilization,
          meanNetwork: l.meanNetwork,
          threshold,
          queues: queues.map((q) => ({ adapter: q.adapter, queue: q.queue, vnics: q.vms })),
          vnics: vms.map((v) => ({ vnic: label(v), queue: v.queue, offeredGbps: v.offeredGbps, deliveredGbps: v.deliveredGbps, limitedBy: v.limitedBy })),
          policy: sim.uplinks.map((u) => ({ uplink: u.name, mode: u.mode, policy: u.policy })),
          simulation: { durationSeconds: sim.durationSeconds, steadyFromSeconds: sim.steadyFromSeconds },
        },
        remediation: remediation(advice, fix),
        fix,
        locations: locate(
          host,
          adapters.flatMap((a) => [a.vmq?.at['maxProcessors'], a.vmq?.at['baseProcessorNumber']]),
          adapters.map((a) => a.vmq?.at ?? a.at),
        ),
      });
    }
    return out;
  },
};
