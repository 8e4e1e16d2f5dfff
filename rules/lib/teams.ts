/** Team helpers shared by the teaming rules: descriptions and member processor sets. */
import type { RuleOutcome, RuleReport } from '../../src/engine/types.js';
import type { Adapter, Host, Loc, QueueMode, Team } from '../../src/model/host.js';
import { vmqProcessorSet } from '../../src/model/processors.js';
import { locate } from './locations.js';
import type { NamedSet } from './psets.js';
import { ordinal, teamAdapters } from './topology.js';
import { vmqSetting } from './vmq.js';

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

/** Members of a team with a VMQ processor set, in member order. */
export function memberSets(host: Host, t: Team): MemberSet[] {
  const out: MemberSet[] = [];
  for (const a of teamAdapters(host, t)) {
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

/**
 * Judge the member processor sets of every team in one queue mode, in name order. A team with
 * fewer than two members' sets is skipped; when every team of the mode is, the rule is not
 * applicable (the sets were not exported) rather than clean.
 */
export function checkTeamSets(host: Host, mode: QueueMode, noTeamOfMode: string, judge: (t: Team, sets: MemberSet[]) => RuleReport | undefined): RuleOutcome {
  if (host.teams.length === 0) return { notApplicable: NO_TEAM_EXPORTED };
  const teams = sortedTeams(host, (t) => t.queueMode === mode);
  if (teams.length === 0) return { notApplicable: noTeamOfMode };
  const out: RuleReport[] = [];
  const missing: string[] = [];
  for (const t of teams) {
    const sets = memberSets(host, t);
    if (sets.length < 2) {
      missing.push(t.name);
      continue;
    }
    const report = judge(t, sets);
    if (report) out.push(report);
  }
  if (out.length === 0 && missing.length === teams.length) {
    return { notApplicable: `no VMQ processor sets exported for the members of ${missing.map((n) => `'${n}'`).join(', ')} (Get-NetAdapterVmq or the *Rss* processor keywords)` };
  }
  return out;
}
