/** Team helpers shared by the teaming rules: descriptions and member processor sets. */
import type { RuleOutcome, RuleReport } from '../../src/engine/types.js';
import type { Adapter, Host, Loc, QueueMode, Team } from '../../src/model/host.js';
import { overlap, vmqProcessorSet } from '../../src/model/processors.js';
import { locate } from './locations.js';
import { activeSets, coreZeroIn, planNodeSets, type NamedSet, type SetPlan } from './psets.js';
import { ordinal, switchOf, switchOfTeam, teamAdapters } from './topology.js';
import { countsForVmq, vmqSetting } from './vmq.js';
import { maxOf } from '../../src/model/bulk.js';

/** "SET" or "LBFO SwitchIndependent/Dynamic", for messages. */
export function teamKindText(t: Team): string {
  if (t.kind === 'set') return `SET ${t.loadBalancingAlgorithm ?? ''}`.trim();
  return `LBFO ${t.teamingMode ?? '?'}/${t.loadBalancingAlgorithm ?? '?'}`;
}

/** "Sum-of-Queues" or "Min-Queues". */
export function queueModeText(t: Team): string {
  return t.queueMode === 'sum' ? 'Sum-of-Queues' : 'Min-Queues';
}

/** A team member with its VMQ set (members with VMQ disabled have no set that matters). */
export interface MemberSet {
  a: Adapter;
  ns: NamedSet;
}

/** Members with a VMQ processor set, in the order given. */
export function memberSets(host: Host, members: readonly Adapter[]): MemberSet[] {
  const out: MemberSet[] = [];
  for (const a of members) {
    if (vmqSetting(a).enabled === false) continue;
    const set = vmqProcessorSet(host, a);
    if (set) out.push({ a, ns: { kind: 'VMQ', set } });
  }
  return out;
}

/** Teams sorted by name. */
export function sortedTeams(host: Host, filter: (t: Team) => boolean = () => true): Team[] {
  return host.teams.filter(filter).sort((x, y) => ordinal(x.name, y.name));
}

/** Locations for a team finding: the given precise Locs, then the team's own provenance. */
export function teamLocs(host: Host, t: Team, precise: (Loc | undefined)[]): Loc[] {
  return locate(host, [...precise, t.at['teamingMode'], t.at['loadBalancingAlgorithm']], [t.at]);
}

/** Why a team rule has nothing to judge on a host without teams. */
export const NO_TEAM_EXPORTED = 'no team exported (Get-NetLbfoTeam or Get-VMSwitchTeam)';

/** "'NIC1', 'NIC2': reason; 'NIC3': other reason", NICs grouped by reason in first-seen order. */
function byReason(items: readonly { a: Adapter; reason: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const { a, reason } of items) groups.set(reason, [...(groups.get(reason) ?? []), `'${a.name}'`]);
  return [...groups].map(([reason, names]) => `${names.join(', ')}: ${reason}`).join('; ');
}

/**
 * The member sets of a team the processor-set rules judge, or why the team is out of their scope
 * (the reason names the team). Event 106 and KB2974384 concern "a Hyper-V virtual switch bound to
 * an LBFO team", so a team counts only under a vSwitch, and only its members the vSwitch uses VMQ
 * on (below 10 Gbps it does not unless BelowTenGigVmqEnabled=1 or queues are seen allocated).
 */
export function teamScope(host: Host, t: Team): { sets: MemberSet[] } | { skip: string } {
  const sw = switchOfTeam(host, t);
  if (!sw) {
    return {
      skip:
        host.switches.length === 0
          ? `team '${t.name}': no vSwitch exported (Get-VMSwitch), so whether a Hyper-V vSwitch is bound to it is unknown`
          : `team '${t.name}' is not bound to a Hyper-V vSwitch (a host-only team: member processor sets matter only under a vSwitch bound to the team, KB2974384)`,
    };
  }
  const members = teamAdapters(host, t);
  if (members.length < 2) return { skip: `team '${t.name}' has fewer than two member NICs in the export` };
  // A loop, not map/filter callbacks: this runs for every team, and a closure made per call loses
  // its optimized code at each major GC.
  const judged: ({ a: Adapter } & ReturnType<typeof countsForVmq>)[] = [];
  const counted: Adapter[] = [];
  for (const a of members) {
    const m = { a, ...countsForVmq(host, a) };
    judged.push(m);
    if (m.counts) counted.push(a);
  }
  if (counted.length < 2) {
    return { skip: `vSwitch '${sw.name}' does not use VMQ on the members of team '${t.name}' (${byReason(judged.filter((m) => !m.counts))})` };
  }
  const sets = memberSets(host, counted);
  if (sets.length < 2) return { skip: `no VMQ processor sets exported for the members of '${t.name}' (Get-NetAdapterVmq or the *Rss* processor keywords)` };
  return { sets };
}

/**
 * Judge the member processor sets of every team in one queue mode, in name order. A team out of
 * scope (no vSwitch, no VMQ in use, fewer than two members' sets) is skipped; when every team of
 * the mode is, the rule is not applicable, with each team's reason, rather than clean.
 */
export function checkTeamSets(host: Host, mode: QueueMode, noTeamOfMode: string, judge: (t: Team, sets: MemberSet[]) => RuleReport | undefined): RuleOutcome {
  if (host.teams.length === 0) return { notApplicable: NO_TEAM_EXPORTED };
  const teams = sortedTeams(host, (t) => t.queueMode === mode);
  if (teams.length === 0) return { notApplicable: noTeamOfMode };
  const out: RuleReport[] = [];
  const skipped: string[] = [];
  let judged = 0;
  for (const t of teams) {
    const scope = teamScope(host, t);
    if ('skip' in scope) {
      skipped.push(scope.skip);
      continue;
    }
    judged += 1;
    const report = judge(t, scope.sets);
    if (report) out.push(report);
  }
  if (judged === 0) return { notApplicable: skipped.join('; ') };
  return out;
}

/** Event 106 is documented for Windows Server 2012 and 2012 R2 (KB2974384); elsewhere a breach costs performance. */
export function event106Release(host: Host): boolean {
  return host.os.release === '2012' || host.os.release === '2012R2';
}

/** A member set's LPs as Dynamic VMQ spreads them, as a comparable key. */
export function lpsKey(s: MemberSet): string {
  return s.ns.set.lps.join(',');
}

/**
 * The set a Min-Queues team's members should all copy (team-processor-mismatch's fix): the most
 * common one, preferring sets off core 0, then member order. Undefined when they already agree.
 */
export function minQueuesReference(host: Host, sets: readonly MemberSet[]): MemberSet | undefined {
  if (sets.length === 0 || new Set(sets.map(lpsKey)).size === 1) return undefined;
  const count = new Map<string, number>();
  for (const s of sets) count.set(lpsKey(s), (count.get(lpsKey(s)) ?? 0) + 1);
  const offZero = (s: MemberSet): number => Number(coreZeroIn(host, s.ns.set).length === 0);
  let best = sets[0];
  for (const s of sets.slice(1)) {
    const better = offZero(s) - offZero(best) || (count.get(lpsKey(s)) ?? 0) - (count.get(lpsKey(best)) ?? 0);
    if (better > 0) best = s;
  }
  return best;
}

/**
 * The disjoint sets team-processor-overlap proposes for a Sum-of-Queues team's members, in member
 * order: one LP per core, off core 0, each member on its NUMA node when known, clear of host NICs'
 * RSS sets (rss-on-vswitch-nic) and, on 2012 / 2012 R2, of other vSwitches' VMQ uplinks
 * (vswitch-processor-overlap) when there is room; without room, over the whole host.
 */
export function sumQueuesPlan(host: Host, sets: readonly MemberSet[]): SetPlan[] | undefined {
  const limit = maxOf(sets.map((s) => s.ns.set.lps.length));
  const nodes = sets.map((s) => (s.a.numaNode !== undefined && s.a.numaNode < 65535 ? s.a.numaNode : undefined));
  const mine = new Set(sets.map((s) => s.a.id));
  const avoid = new Set<number>();
  for (const a of host.adapters) {
    if (a.kind !== 'physical' || mine.has(a.id)) continue;
    const sw = switchOf(host, a);
    if (!sw) for (const ns of activeSets(host, a)) if (ns.kind === 'RSS') for (const lp of ns.set.lps) avoid.add(lp);
    if (sw && event106Release(host) && countsForVmq(host, a).counts) for (const lp of vmqProcessorSet(host, a)?.lps ?? []) avoid.add(lp);
  }
  return planNodeSets(host, nodes, avoid, limit) ?? planNodeSets(host, nodes, new Set(), limit);
}

/**
 * The LPs each member NIC of a team in scope will spread over once the team rules' fixes are
 * applied (adapter id -> LPs): the Sum-of-Queues plan for a team whose members overlap, the
 * reference set for a Min-Queues team whose members differ (the reference keeps its own). Other
 * rules that move processor sets plan around these, so no two fixes set one NIC differently.
 */
export function teamFixedSets(host: Host): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of sortedTeams(host)) {
    const scope = teamScope(host, t);
    if ('skip' in scope) continue;
    const sets = scope.sets;
    if (t.queueMode === 'sum') {
      const clash = sets.some((x, i) => sets.slice(i + 1).some((y) => overlap(x.ns.set.lps, y.ns.set.lps).length > 0));
      const plan = clash ? sumQueuesPlan(host, sets) : undefined;
      if (plan) sets.forEach((s, i) => out.set(s.a.id, plan[i].lps));
    } else {
      const ref = minQueuesReference(host, sets);
      if (ref) for (const s of sets) out.set(s.a.id, ref.ns.set.lps);
    }
  }
  return out;
}
