/**
 * Team members that differ in link speed or advanced properties, and LBFO members that differ in
 * driver or model ([P6][S3][S9] in docs/references.md). The processor keywords belong to the team
 * processor rules, `*JumboPacket` to jumbo-mismatch, VLAN IDs to vlan-on-vswitch-member, VMQ state
 * on a vSwitch to the VMQ uplink rules, and SET driver/model to set-team-invalid.
 */
import type { Adapter, AdvancedProperty, Loc, Team } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { teamTarget } from '../src/engine/targets.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { remediation, setAdvanced } from './lib/fix.js';
import { isVlanIdKeyword, parseNumber, PROCESSOR_KEYWORDS, valueProblem } from './lib/keywords.js';
import { formatSpeed, linkSpeed } from './lib/links.js';
import { driverOf, modelOf, ordinal, switchOfTeam, teamAdapters } from './lib/topology.js';
import { NO_TEAM_EXPORTED, sortedTeams, teamKindText, teamLocs } from './lib/teams.js';
import { ownEntry } from '../src/model/keyed.js';
import { pushAll } from '../src/model/bulk.js';

function example(secondValue: string): Record<string, string> {
  const meta = { DisplayName: 'Interrupt Moderation', ValidRegistryValues: ['0', '1'], DefaultRegistryValue: '1' };
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(...X710)
    .advanced(X710[0].name, '*InterruptModeration', '1', { ...meta, DisplayValue: 'Enabled' })
    .advanced(X710[1].name, '*InterruptModeration', secondValue, { ...meta, DisplayValue: secondValue === '1' ? 'Enabled' : 'Disabled' })
    .vmSwitch('SETswitch', [X710[0].name, X710[1].name])
    .setTeam('SETswitch', [X710[0].name, X710[1].name])
    .files();
}

function normalize(v: string): string {
  const n = parseNumber(v);
  return n !== undefined ? String(n) : v.trim();
}

/** The value most members have; ties go to the first member's. */
function majority(values: { a: Adapter; value: string }[]): string {
  const count = new Map<string, number>();
  for (const v of values) count.set(normalize(v.value), (count.get(normalize(v.value)) ?? 0) + 1);
  let best = normalize(values[0].value);
  for (const v of values) if ((count.get(normalize(v.value)) ?? 0) > (count.get(best) ?? 0)) best = normalize(v.value);
  return best;
}

function listing(values: { a: Adapter; value: string }[]): string {
  return values.map((v) => `'${v.a.name}' = ${v.value}`).join(', ');
}

function excluded(keyword: string, underSwitch: boolean): boolean {
  const k = keyword.toLowerCase();
  return k === '*jumbopacket' || PROCESSOR_KEYWORDS.includes(k) || isVlanIdKeyword(k) || (underSwitch && k === '*vmq');
}

// keywordFindings runs for every team of every host: its helpers are module-level functions and
// loops rather than arrow callbacks, whose optimized code V8 drops at each major GC (a new closure
// per call) and compiles again.

interface MemberProp {
  a: Adapter;
  p: AdvancedProperty;
}

/** Whether every member reports a value for the (lower-case) keyword `k`. */
function everyMemberReports(members: readonly Adapter[], k: string): boolean {
  for (const a of members) if (ownEntry(a.advanced, k)?.value == null) return false;
  return true;
}

/** The keywords every member reports, in ordinal order. */
function sharedKeywords(members: readonly Adapter[]): string[] {
  const keys: string[] = [];
  for (const k of Object.keys(members[0].advanced)) if (everyMemberReports(members, k)) keys.push(k);
  return keys.sort(ordinal);
}

/** Each member with its property `k` (reported by all, see sharedKeywords). */
function memberProps(members: readonly Adapter[], k: string): MemberProp[] {
  const props: MemberProp[] = [];
  for (const a of members) props.push({ a, p: ownEntry(a.advanced, k) as AdvancedProperty });
  return props;
}

function anyValueProblem(props: readonly MemberProp[]): boolean {
  for (const { p } of props) if (valueProblem(p) !== undefined) return true;
  return false;
}

function memberValues(props: readonly MemberProp[]): { a: Adapter; value: string }[] {
  const values: { a: Adapter; value: string }[] = [];
  for (const { a, p } of props) values.push({ a, value: (p.value as string).trim() });
  return values;
}

function allSame(values: readonly { value: string }[]): boolean {
  const seen = new Set<string>();
  for (const v of values) seen.add(normalize(v.value));
  return seen.size === 1;
}

function firstDisplayName(props: readonly MemberProp[]): string | undefined {
  for (const { p } of props) if (p.displayName) return p.displayName;
  return undefined;
}

function keywordFindings(t: Team, members: Adapter[], underSwitch: boolean, locs: (precise: (Loc | undefined)[]) => Loc[]): RuleReport[] {
  const out: RuleReport[] = [];
  for (const k of sharedKeywords(members)) {
    const props = memberProps(members, k);
    if (excluded(props[0].p.keyword, underSwitch)) continue;
    // An invalid value is registry-value-invalid's finding; the difference it causes is not a second one.
    if (anyValueProblem(props)) continue;
    const values = memberValues(props);
    if (allSame(values)) continue;
    const want = majority(values);
    const keyword = props[0].p.keyword;
    const display = firstDisplayName(props);
    const fix: FixCommand[] = [];
    for (const v of values) if (normalize(v.value) !== want) fix.push(setAdvanced(v.a, keyword, want));
    const evidenceValues: { member: string; value: string }[] = [];
    for (const v of values) evidenceValues.push({ member: v.a.name, value: v.value });
    const precise: (Loc | undefined)[] = [];
    for (const { p } of props) precise.push(p.at);
    out.push({
      target: teamTarget(t),
      property: keyword,
      message: `Team '${t.name}' (${teamKindText(t)}): members differ in ${keyword}${display ? ` (${display})` : ''}: ${listing(values)}`,
      evidence: { keyword, values: evidenceValues, majority: want },
      remediation: remediation(`Give every member of '${t.name}' the same ${keyword}:`, fix),
      fix,
      locations: locs(precise),
    });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'team-member-mismatch',
    title: 'Team members differ in speed, settings, driver or model',
    category: 'teaming',
    defaultSeverity: 'warning',
    docs: {
      what:
        "Flags team members that differ in link speed or in an advanced property both report, and LBFO members that differ in driver (provider and version) or model (interface description without its \"#n\" suffix). Not compared here: *JumboPacket (jumbo-mismatch), the processor keywords (team-processor-overlap / -mismatch), VLAN ID keywords (vlan-on-vswitch-member), *VMQ on a vSwitch team (the VMQ uplink rules), and SET driver or model (set-team-invalid).",
      why:
        '"Teaming network adapters of different speeds is not supported": load distribution ignores speed. Members that differ in offloads, moderation or buffers behave differently depending on which member a flow lands on, which makes problems intermittent and hard to trace. Azure Stack HCI asks for members identical in speed and configuration, compared with Get-NetAdapterAdvancedProperty.',
      severity:
        'Warning: members that differ behave differently per flow, a likely and measurable loss that shows up intermittently; the team still forms.',
      example: { description: 'A SET team whose second member has *InterruptModeration off.', files: example('0') },
      fixed: { description: 'Both members with *InterruptModeration 1.', files: example('1') },
      fix: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 2' -RegistryKeyword '*InterruptModeration' -RegistryValue 1",
      references: ['LBFO team members [P6][S1]', 'SET team members [S3][S9]', 'Setting an advanced property [P2]'],
      assumptions: ['Only keywords every member reports are compared; a keyword missing on one member is taken as not exported rather than different.'],
    },
  },
  check({ host }) {
    if (host.teams.length === 0) return { notApplicable: NO_TEAM_EXPORTED };
    const out: RuleReport[] = [];
    let compared = 0;
    for (const t of sortedTeams(host)) {
      const members = teamAdapters(host, t);
      if (members.length < 2) continue;
      compared++;
      const locs = (precise: (Loc | undefined)[]): Loc[] => teamLocs(host, t, precise);
      const speeds = members.map((a) => ({ a, s: linkSpeed(a) })).filter((x) => x.s !== undefined);
      if (speeds.length >= 2 && new Set(speeds.map((x) => x.s!.bps)).size > 1) {
        out.push({
          target: teamTarget(t),
          property: 'linkSpeed',
          message: `Team '${t.name}' (${teamKindText(t)}): members differ in link speed: ${speeds.map((x) => `'${x.a.name}' ${formatSpeed(x.s!.bps)}`).join(', ')}`,
          evidence: { speeds: speeds.map((x) => ({ member: x.a.name, bps: x.s!.bps, source: x.s!.source })) },
          remediation: 'Team only NICs that run at the same speed: check cabling, transceivers and switch ports of the slower member, or replace it.',
          fix: [],
          locations: locs(speeds.map((x) => x.s!.at)),
        });
      }
      pushAll(out, keywordFindings(t, members, switchOfTeam(host, t) !== undefined, locs));
      if (t.kind === 'lbfo') {
        for (const [property, of, label] of [
          ['driver', driverOf, 'driver'],
          ['model', modelOf, 'model'],
        ] as const) {
          const vals = members.map((a) => ({ a, v: of(a) })).filter((x): x is { a: Adapter; v: string } => x.v !== undefined);
          if (vals.length < 2 || new Set(vals.map((x) => x.v)).size === 1) continue;
          out.push({
            target: teamTarget(t),
            property,
            message: `Team '${t.name}' (${teamKindText(t)}): members differ in ${label}: ${vals.map((x) => `'${x.a.name}' ${x.v}`).join(', ')}`,
            evidence: { [property]: vals.map((x) => ({ member: x.a.name, value: x.v })) },
            remediation:
              property === 'driver'
                ? 'Install the same driver version on every member (the vendor package for the newest supported version).'
                : 'Team NICs of one model; move the odd member out of the team (Remove-NetLbfoTeamMember) and replace it.',
            fix: [],
            locations: locs(vals.map((x) => (property === 'driver' ? x.a.at['driver.version'] ?? x.a.at['driver.provider'] : x.a.at['interfaceDescription']))),
          });
        }
      }
    }
    if (compared === 0) return { notApplicable: 'no team with two or more exported members' };
    return out;
  },
};
