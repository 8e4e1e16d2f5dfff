/** Team helpers shared by the teaming rules: descriptions and member processor sets. */
import type { RuleOutcome, RuleReport } from '../../src/engine/types.js';
import type { Adapter, Host, Loc, QueueMode, Team } from '../../src/model/host.js';
import { vmqProcessorSet } from '../../src/model/processors.js';
import { locate } from './locations.js';
import type { NamedSet } from './psets.js';
import { ordinal, switchOfTeam, teamAdapters } from './topology.js';
import { countsForVmq, vmqSetting } from './vmq.js';

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
  const judged = members.map((a) => ({ a, ...countsForVmq(host, a) }));
  const counted = judged.filter((m) => m.counts).map((m) => m.a);
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
