/**
 * VMQ processor sets that overlap across different vSwitches' uplinks on a Windows Server 2012 /
 * 2012 R2 host using Dynamic VMQ. Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ:
 * "When a host has multiple network adapters, each for a different virtual switch instance, and it
 * is using dVMQ, do not configure dVMQ to use overlapping processor sets." Members of one team are
 * team-processor-overlap's job; this rule compares uplinks of different switches only.
 */
import type { FixCommand, Rule, RuleReport, Severity } from '../src/engine/types.js';
import type { Adapter, Host, Loc, Team, VSwitch } from '../src/model/host.js';
import { hostTarget } from '../src/engine/targets.js';
import { physicalUplinks } from '../src/model/queues.js';
import { formatLps, overlap, vmqProcessorSet } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { activeSets, applySet, planNodeSets, setEvidence, type NamedSet, type SetPlan } from './lib/psets.js';
import { teamFixedSets } from './lib/teams.js';
import { byName, switchOf, teamOf } from './lib/topology.js';
import { countsForVmq } from './lib/vmq.js';
import { maxOf, pushAll } from '../src/model/bulk.js';

const PERF_TUNING = 'https://learn.microsoft.com/previous-versions/dn567657(v=vs.85)';

/** A vSwitch uplink the vSwitch uses VMQ on, with its VMQ set. */
interface Uplink {
  sw: VSwitch;
  a: Adapter;
  ns: NamedSet;
  /** False when the NIC cannot move queues between processors (no Dynamic VMQ on it). */
  dynamic: boolean;
}

/** Two uplinks of different switches whose sets share LPs (as spread), and the LPs they share as configured. */
interface Pair {
  x: Uplink;
  y: Uplink;
  lps: number[];
  configured: number[];
}

/** Two ports of one X710, each the only uplink of its own vSwitch, on 2012 R2 with 16 LPs (HT). */
function example(port1: number[], port2: number[]): Record<string, string> {
  return new ExampleHost('HV01', '2012R2', { logical: 16, cores: 8 })
    .nic(...X710)
    .vmq(X710[0].name, { BaseProcessorNumber: port1[0], MaxProcessorNumber: port1[1], MaxProcessors: port1[2], DynamicProcessorAffinityChangeSupported: true })
    .vmq(X710[1].name, { BaseProcessorNumber: port2[0], MaxProcessorNumber: port2[1], MaxProcessors: port2[2], DynamicProcessorAffinityChangeSupported: true })
    .vmSwitch('vSwitch-VM', [X710[0].name])
    .vmSwitch('vSwitch-Backup', [X710[1].name])
    .files();
}

/** Every uplink of every vSwitch, in switch then NIC name order, with whether it counts and why not. */
function uplinks(host: Host): { counted: Uplink[]; left: string[] } {
  const counted: Uplink[] = [];
  const left: string[] = [];
  for (const sw of byName(host.switches)) {
    for (const a of byName(physicalUplinks(host, sw))) {
      const use = countsForVmq(host, a);
      if (!use.counts) {
        left.push(`'${a.name}' (vSwitch '${sw.name}'): ${use.reason}`);
        continue;
      }
      const set = vmqProcessorSet(host, a);
      if (!set) {
        left.push(`'${a.name}' (vSwitch '${sw.name}'): no VMQ processor set exported (Get-NetAdapterVmq or the *Rss* processor keywords)`);
        continue;
      }
      counted.push({ sw, a, ns: { kind: 'VMQ', set }, dynamic: a.vmq?.dynamicProcessorAffinityChangeSupported !== false });
    }
  }
  return { counted, left };
}

/** The NICs that take one set together: a Min-Queues team's members share one; every other NIC has its own. */
function units(host: Host, ups: readonly Uplink[]): Uplink[][] {
  const out: Uplink[][] = [];
  const byTeam = new Map<Team, Uplink[]>();
  for (const u of ups) {
    const t = teamOf(host, u.a);
    if (t && t.queueMode === 'min') {
      const group = byTeam.get(t);
      if (group) {
        group.push(u);
        continue;
      }
      byTeam.set(t, [u]);
      out.push(byTeam.get(t)!);
      continue;
    }
    out.push([u]);
  }
  return out;
}

/** The NUMA node a unit must stay on: its NICs' node when every one reports the same node. */
function unitNode(unit: readonly Uplink[]): number | undefined {
  const nodes = new Set(unit.map((u) => (u.a.numaNode !== undefined && u.a.numaNode < 65535 ? u.a.numaNode : undefined)));
  const [only] = [...nodes];
  return nodes.size === 1 ? only : undefined;
}

/**
 * New sets for the uplinks that still clash once the team rules' fixes are applied: members of a
 * team those rules re-plan keep the sets they get there (teamFixedSets, so no NIC is set twice),
 * every other uplink keeps its set unless it clashes with one kept before it (switch, then NIC
 * name order). The moved ones go onto cores clear of every kept set and of host NICs' RSS sets
 * (rss-on-vswitch-nic's fact), one LP per core, off core 0, on the NIC's NUMA node when known; a
 * Min-Queues team's members share one set. When the kept sets leave no room, every uplink not
 * pinned by a team fix moves. `moved` is empty when the team fixes alone separate the switches.
 */
function plan(host: Host, ups: readonly Uplink[]): { moved: Uplink[][]; plans: SetPlan[] } | undefined {
  const pinned = teamFixedSets(host);
  const future = (u: Uplink): number[] => pinned.get(u.a.id) ?? u.ns.set.lps;
  const dynamic = ups.filter((u) => u.dynamic);
  const fixed = new Set<number>();
  // Host NICs outside every vSwitch keep their RSS sets; NICs without Dynamic VMQ keep theirs.
  for (const a of host.adapters) if (a.kind === 'physical' && !switchOf(host, a)) for (const ns of activeSets(host, a)) if (ns.kind === 'RSS') ns.set.lps.forEach((lp) => fixed.add(lp));
  for (const u of ups) if (!u.dynamic) future(u).forEach((lp) => fixed.add(lp));
  const kept: Uplink[] = dynamic.filter((u) => pinned.has(u.a.id));
  const free = units(host, dynamic.filter((u) => !pinned.has(u.a.id)));
  const clashes = (unit: readonly Uplink[]): boolean => unit.some((u) => kept.some((k) => k.sw.id !== u.sw.id && overlap(future(k), future(u)).length > 0));
  const moving: Uplink[][] = [];
  for (const unit of free) {
    if (clashes(unit)) moving.push(unit);
    else pushAll(kept, unit);
  }
  if (moving.length === 0) return { moved: [], plans: [] };
  const attempt = (move: Uplink[][], stay: readonly Uplink[]): { moved: Uplink[][]; plans: SetPlan[] } | undefined => {
    const avoid = new Set(fixed);
    for (const u of stay) future(u).forEach((lp) => avoid.add(lp));
    const limit = Math.max(maxOf(move.flat().map((u) => u.ns.set.lps.length)), 1);
    const plans = planNodeSets(host, move.map(unitNode), avoid, limit);
    return plans ? { moved: move, plans } : undefined;
  };
  return attempt(moving, kept) ?? attempt(free, dynamic.filter((u) => pinned.has(u.a.id)));
}

function gradeOf(pairs: readonly Pair[]): { severity: Severity; why: string } {
  if (pairs.some((p) => p.configured.length > 0)) {
    return { severity: 'warning', why: `Dynamic VMQ uplinks of different vSwitches share cores; Microsoft's tuning guide says "do not configure dVMQ to use overlapping processor sets" (${PERF_TUNING})` };
  }
  return {
    severity: 'info',
    why: "the sets share LPs only as Dynamic VMQ spreads them (one LP per core); counted as configured (MaxProcessors LPs from the base) they are disjoint, the way Microsoft's own examples count them",
  };
}

export const rule: Rule = {
  meta: {
    id: 'vswitch-processor-overlap',
    title: "Different vSwitches' Dynamic VMQ uplinks share processors",
    category: 'processors',
    defaultSeverity: 'warning',
    releases: ['2012', '2012R2'],
    situational: [
      { severity: 'warning', when: 'the sets overlap as configured (MaxProcessors LPs from the base) and as Dynamic VMQ spreads them' },
      { severity: 'info', when: "the sets overlap only as Dynamic VMQ spreads them (one LP per core) and are disjoint counted as configured, as Microsoft's own examples count them" },
    ],
    docs: {
      what:
        "On Windows Server 2012 and 2012 R2 (Dynamic VMQ), flags VMQ processor sets that share LPs across the uplinks of different vSwitches. Only uplinks the vSwitch uses VMQ on count (below 10 Gbps only with VMSMP BelowTenGigVmqEnabled=1 or VM queues seen in Get-NetAdapterVmqQueue), and only NICs that can move queues between processors (DynamicProcessorAffinityChangeSupported not False). Members of one team are team-processor-overlap's job. Sets are computed as Dynamic VMQ spreads them: from base to max, one LP per core on a hyper-threaded host, capped at MaxProcessors.",
      why: `Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ: "When a host has multiple network adapters, each for a different virtual switch instance, and it is using dVMQ, do not configure dVMQ to use overlapping processor sets. Ensure that each network adapter that is configured for dVMQ has its own set of cores. Otherwise performance results may be impaired and unpredictable." (${PERF_TUNING}).`,
      severity:
        `Warning, not error: Windows logs nothing and keeps working, but two switches' queues spread onto the same cores, which saturate first, a measurable loss. Info when the sets overlap only as Dynamic VMQ spreads them and are disjoint counted as configured: Microsoft's own examples count MaxProcessors that way, so it is advice. From Windows Server 2016 Dynamic VMQ is gone (VMQ runs on NIC-switch vPorts), so the rule does not apply there.`,
      example: {
        description: "Two vSwitches on Windows Server 2012 R2 (16 LPs, HT): vSwitch-VM's uplink spreads over LPs 2,4,6,8 and vSwitch-Backup's over LPs 4,6,8,10.",
        files: example([2, 14, 4], [4, 14, 4]),
      },
      fixed: { description: "vSwitch-VM's uplink moved to LPs 12,14, clear of vSwitch-Backup's (the fix the rule proposes).", files: example([12, 14, 2], [4, 14, 4]) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 12 -MaxProcessorNumber 14 -MaxProcessors 2",
      references: [
        '[S1][S3][D2]',
        'Dynamic VMQ is 2012 / 2012 R2 only [B1][B6]',
        `Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ [S10]: ${PERF_TUNING}`,
      ],
      assumptions: [
        "Sets are compared as Dynamic VMQ spreads them (one LP per core on HT hosts); an overlap that disappears when MaxProcessors is counted in LPs from the base is graded info, as Microsoft's examples count it that way.",
        'An uplink counts when the vSwitch uses VMQ on it; when the export does not tell, the documented default decides (on at 10 Gbps and above).',
        "The fix plans around the team rules' fixes (members of a team that team-processor-overlap or team-processor-mismatch re-plans keep those sets), keeps every other uplink that clashes with none kept before it (switch, then NIC name order) and moves the rest onto free cores: one LP per core, off core 0, clear of host NICs' RSS sets, on the NIC's NUMA node when known; a Min-Queues team's members share one set. When the kept sets leave no room, every uplink not re-planned by a team fix moves.",
      ],
    },
  },
  check({ host }) {
    if (host.switches.length === 0) return { notApplicable: 'no vSwitch exported (Get-VMSwitch)' };
    const { counted, left } = uplinks(host);
    const dynamic = counted.filter((u) => u.dynamic);
    const switches = new Set(dynamic.map((u) => u.sw.id));
    if (switches.size < 2) {
      const noDvmq = counted.filter((u) => !u.dynamic).map((u) => `'${u.a.name}' (vSwitch '${u.sw.name}'): DynamicProcessorAffinityChangeSupported is False, so it has no Dynamic VMQ`);
      const why = [...left, ...noDvmq];
      return { notApplicable: `fewer than two vSwitches have uplinks that use Dynamic VMQ${why.length > 0 ? ` (${why.join('; ')})` : ''}` };
    }
    const pairs: Pair[] = [];
    for (let i = 0; i < dynamic.length; i++) {
      for (let j = i + 1; j < dynamic.length; j++) {
        const [x, y] = [dynamic[i], dynamic[j]];
        if (x.sw.id === y.sw.id) continue;
        // Core 0 counts: two switches' queues there still share the core.
        const lps = overlap(x.ns.set.lps, y.ns.set.lps);
        if (lps.length > 0) pairs.push({ x, y, lps, configured: overlap(x.ns.set.staticLps, y.ns.set.staticLps) });
      }
    }
    if (pairs.length === 0) return [];
    const g = gradeOf(pairs);
    const planned = plan(host, counted);
    const fix: FixCommand[] = planned
      ? planned.moved.flatMap((unit, i) => {
          const p = planned.plans[i];
          return unit.flatMap((u) => applySet(host, u.a, u.ns, { group: p.group, baseNumber: p.baseNumber, maxNumber: p.maxNumber, maxProcessors: p.maxProcessors }));
        })
      : [];
    const label = (u: Uplink): string => `'${u.a.name}' (vSwitch '${u.sw.name}', LPs ${formatLps(u.ns.set.lps)})`;
    const report: RuleReport = {
      target: hostTarget(host),
      property: 'vmq.processorSets',
      message: `VMQ processor sets overlap across vSwitches: ${pairs.map((p) => `${label(p.x)} and ${label(p.y)} share LP ${formatLps(p.lps)}`).join('; ')}`,
      severity: g.severity,
      evidence: {
        pairs: pairs.map((p) => ({
          uplinks: [
            { adapter: p.x.a.name, switch: p.x.sw.name, ...setEvidence(p.x.ns) },
            { adapter: p.y.a.name, switch: p.y.sw.name, ...setEvidence(p.y.ns) },
          ],
          lps: p.lps,
          lpsText: formatLps(p.lps),
          configuredLps: formatLps(p.configured),
        })),
        severityReason: g.why,
        proposed: planned
          ? planned.moved.flatMap((unit, i) => unit.map((u) => ({ adapter: u.a.name, switch: u.sw.name, base: `${planned.plans[i].group}:${planned.plans[i].baseNumber}`, max: `${planned.plans[i].group}:${planned.plans[i].maxNumber}`, maxProcessors: planned.plans[i].maxProcessors, lps: formatLps(planned.plans[i].lps) })))
          : null,
      },
      remediation: remediation(
        planned && planned.moved.length === 0
          ? "Give each vSwitch's uplinks their own cores: the team-processor-overlap / team-processor-mismatch fixes for the teams involved already do."
          : planned
          ? "Give each vSwitch's uplinks their own cores (one LP per core, off core 0, on the NIC's NUMA node when known):"
          : "Give each vSwitch's uplinks their own cores with Set-NetAdapterVmq -BaseProcessorNumber/-MaxProcessorNumber/-MaxProcessors (the host's LP count, and enough free cores, are needed to propose sets).",
        fix,
      ),
      fix,
      locations: locate(host, pairs.flatMap((p): (Loc | undefined)[] => [...p.x.ns.set.at, ...p.y.ns.set.at]), [pairs[0].x.sw.at, pairs[0].y.sw.at]),
    };
    return [report];
  },
};
