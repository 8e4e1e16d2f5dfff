/**
 * The rule API and the lint result: typed rule metadata (typescript-eslint style), docs that run
 * (Ruff/Biome style), and findings that carry evidence, locations and remediation.
 */
import type { Host, Loc, RegType, Release } from '../model/host.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';
export type TargetKind = 'host' | 'adapter' | 'team' | 'switch' | 'vnic';

export interface Target {
  kind: TargetKind;
  name: string;
  /** Hardware-anchored id: adapter InterfaceGuid/MAC/PCI, switch Id, team member ids, vNIC VM+adapter id. */
  id: string;
}

/** One PowerShell command of a fix, for a person to review; vmqlint never runs it. */
export interface FixCommand {
  /** The command, able to run with -WhatIf. Names quoted with quotePs(). */
  command: string;
  /** What it disrupts: "adapter restart: link drops for a few seconds", "vSwitch re-creation", "none". */
  disruption: string;
  /**
   * Safe-order phase: 10 host registry/VMSMP, 20 processor sets, 30 advanced properties,
   * 40 teams, 50 switches, 60 vNICs. Lower runs first.
   */
  phase: number;
  /**
   * For a command that sets named parameters of one object: the fix script merges the commands of
   * one host with the same `head` into one, so two findings never undo each other's change.
   */
  merge?: FixMerge;
  /**
   * The NIC whose VMQ this command turns off ('off') or whose VMQ processor set it sets
   * ('processors'): the fix script leaves out the set of a NIC whose VMQ another fix turns off.
   */
  vmq?: { adapter: string; change: 'off' | 'processors' };
  /** A caution the fix script prints above the command (e.g. it cuts the session it runs in). */
  warning?: string;
  /**
   * What the command changes in the host model, so the engine can apply a host's whole plan and
   * lint again (src/engine/apply-plan.ts). Every rule's command carries one (test/engine/plan-*.test.ts).
   */
  effect?: FixEffect;
}

/**
 * Processor-set values a command writes, group-relative; an undefined field is left alone.
 * Set-NetAdapterVmq, Set-NetAdapterRss and the `*Rss*` keywords are assumed to write the same
 * registry values (no public source says otherwise), so the model applies them to all three.
 */
export interface ProcessorValues {
  baseGroup?: number;
  baseNumber?: number;
  maxGroup?: number;
  maxNumber?: number;
  maxProcessors?: number;
}

/**
 * The model-level effect of one FixCommand. Adapters are named as the commands name them (names
 * are unique on a host); vNICs, switches and teams by model id.
 */
export type FixEffect =
  /** Set (value) or remove (null) an advanced keyword; `type` when the command sets the registry type. */
  | { kind: 'advanced'; adapter: string; keyword: string; value: string | null; type?: RegType }
  /** Turn VMQ or RSS on or off (Enable-/Disable-/Set-NetAdapterVmq|Rss -Enabled). */
  | { kind: 'offload'; adapter: string; feature: 'vmq' | 'rss'; enabled: boolean }
  /** Move a NIC's processor set, through the interface named (`via`); the values are shared. */
  | { kind: 'processors'; adapter: string; via: 'vmq' | 'rss' | 'keywords'; values: ProcessorValues }
  | { kind: 'vmq-weight'; vnic: string; value: number }
  | { kind: 'vmsmp'; name: 'tenGigVmqEnabled' | 'belowTenGigVmqEnabled'; value: number }
  | { kind: 'switch-settings'; switch: string; defaultQueueVmmqEnabled?: boolean; defaultQueueVmmqQueuePairs?: number }
  /** Remove-VMSwitch: the switch goes; its vNICs stay, disconnected. */
  | { kind: 'switch-remove'; switch: string }
  /** New-VMSwitch on these NICs (a SET switch when embeddedTeaming); keeps the removed switch's id. */
  | { kind: 'switch-create'; switch: string; name: string; uplinks: string[]; embeddedTeaming: boolean; iovEnabled?: boolean; allowManagementOS?: boolean }
  | { kind: 'vnic-connect'; vnic: string; switch: string }
  /** Remove-NetLbfoTeam: the team and its team NICs go; the members stand alone. */
  | { kind: 'team-remove'; team: string }
  | { kind: 'team-member-remove'; team: string; adapter: string }
  | { kind: 'team-algorithm'; team: string; algorithm: string };

/** How a FixCommand merges with others (see FixCommand.merge). */
export interface FixMerge {
  /** The command without the parameters, e.g. `Set-NetAdapterVmq -Name 'NIC1'`. */
  head: string;
  /** Parameter names and values, e.g. `['-BaseProcessorNumber', '2']`. */
  parameters: [string, string][];
  /**
   * What one finding changes as a whole (a NIC's processor set). When findings set a parameter to
   * different values, the one that sets more parameters of the subject wins: it is the fuller
   * plan (disjoint team sets off core 0) that a one-value nudge (base 2) would break.
   */
  subject: string;
}

/** What a rule reports; the engine adds ruleId, host, severity, fingerprint and suppression. */
export interface RuleReport {
  target: Target;
  property?: string;
  message: string;
  evidence: Record<string, unknown>;
  /** Human-readable remediation, usually the PowerShell too. */
  remediation: string;
  fix?: FixCommand[];
  /** At least one; every location has a line. */
  locations: Loc[];
  /**
   * The rule's situational grade of this finding (one of meta.situational). It applies only where
   * the user set no severity for the rule (config `rules`, an override or `--rule`): the user's
   * severity always wins.
   */
  severity?: Severity;
}

export type RuleOutcome = RuleReport[] | { notApplicable: string };

/** A documented example: export files (name -> text) that make the rule fire, or stay quiet. */
export interface RuleExample {
  description: string;
  /** File name -> file text, as Windows would export it (JSON is easiest to read in docs). */
  files: Record<string, string>;
}

export interface RuleDocs {
  /** What it does (one paragraph). */
  what: string;
  /** Why it matters. */
  why: string;
  /**
   * Why the rule has its default (and any release or situational) severity, by the one policy:
   * error = Windows misbehaves or does not run what was configured; warning = a measurable loss is
   * likely; info = advice.
   */
  severity: string;
  /** An export that triggers it. */
  example: RuleExample;
  /** The same export with the fixed setting: the rule stays quiet. */
  fixed: RuleExample;
  /** The PowerShell that fixes it, as shown in docs. */
  fix: string;
  /** Where the rule's facts come from: public sources, by tag or URL (docs/references.md resolves tags). */
  references: string[];
  /** Assumptions the rule makes where no public source settles the question. */
  assumptions?: string[];
  /** Options, described. */
  options?: string;
}

/** A severity a rule gives a finding in a documented situation. */
export interface SituationalSeverity {
  severity: Severity;
  /** When: "SET team (Microsoft's SET guide calls non-overlap advice)". */
  when: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  category: 'registry' | 'processors' | 'teaming' | 'queues' | 'switch' | 'sriov' | 'fleet' | 'coverage' | 'simulation';
  defaultSeverity: Severity;
  /** Severity by OS release where it differs from the default ('off' = not applicable there). */
  severityByRelease?: Partial<Record<Release, SeverityOrOff>>;
  /**
   * Severities the rule itself gives some findings instead of the default, and when; shown by
   * `rules` and `explain`. A user's severity for the rule overrides them.
   */
  situational?: SituationalSeverity[];
  /** Releases it applies to; absent = all. On another release it is not applicable. */
  releases?: Release[];
  /** JSON Schema of the rule's options object. */
  optionsSchema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  /** Retired ids that still resolve to this rule. */
  aliases?: string[];
  /** Extra inputs the rule needs: 'fleet' peers or a 'traffic' simulation. */
  needs?: ('fleet' | 'traffic')[];
  docs: RuleDocs;
}

/**
 * What a simulation callback returns for a host it has nothing to simulate on (a fleet's traffic
 * profile names none of its vNICs): the rules that need a simulation are not applicable there.
 */
export interface NoSimulation {
  noSimulation: string;
}

/** True for the NoSimulation marker. */
export function isNoSimulation(v: unknown): v is NoSimulation {
  return typeof v === 'object' && v !== null && typeof (v as NoSimulation).noSimulation === 'string';
}

/** What a rule sees. */
export interface RuleContext<O = Record<string, unknown>> {
  host: Host;
  /** Every host of the run (fleet rules compare peers); includes `host`. */
  fleet: readonly Host[];
  options: O;
  /** Simulation of this host under the --traffic profile, when one was given. */
  simulation?: () => unknown;
}

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta;
  check(ctx: RuleContext<O>): RuleOutcome;
  /**
   * A rule that compares peers (`needs: ['fleet']`) in two steps, so a streamed run keeps a small
   * summary of each host instead of every model: `check` must give what `judge` gives.
   */
  fleet?: FleetCheck<O>;
}

/** A peer as a fleet rule sees it in a streamed run: its name and the rule's summary of it. */
export interface FleetPeer<S = unknown> {
  host: string;
  summary: S;
}

/** The two steps of a fleet rule; what they return must survive JSON (it crosses threads and shards). */
export interface FleetCheck<O = Record<string, unknown>, S = unknown, P = unknown> {
  /** What every peer needs to know of a host (small: it is kept for the whole run). */
  summary(host: Host): S;
  /** What judging this host needs from its own model (candidate reports), or why it is not applicable. */
  prepare(ctx: Omit<RuleContext<O>, 'fleet'>): P | { notApplicable: string };
  /** The outcome for a host from what `prepare` kept and every host's summary (its own included). */
  judge(prepared: P, host: string, fleet: readonly FleetPeer<S>[]): RuleOutcome;
}

export interface Suppression {
  kind: 'baseline' | 'waiver';
  reason?: string;
  /** A waived finding the baseline also lists (the waiver wins; SARIF still reports it as not new). */
  inBaseline?: boolean;
}

/** A rule's report as the engine completes it: rule, host, the severity that applies, fingerprint, suppression. */
export interface Finding extends Omit<RuleReport, 'severity'> {
  ruleId: string;
  severity: Severity;
  host: string;
  fingerprint: string;
  suppressed: Suppression | null;
}

export interface HostStatus {
  name: string;
  release: Release;
  build?: number;
  status: 'ok' | 'error';
  /** The first failure's message, with a count of the others (each is in `failures`). */
  error?: string;
  /** With status "error": one entry per input (snapshot or file) that was rejected under this name. */
  failures?: InputFailure[];
  /** Ids of the rules evaluated on this host (run or not applicable); JUnit lists one testcase each. */
  rules?: string[];
}

/** One rejected input: the snapshot or file, and why. */
export interface InputFailure {
  file: string;
  message: string;
}

export interface NotApplicable {
  ruleId: string;
  host: string;
  reason: string;
}

export interface LintSummary {
  error: number;
  warning: number;
  info: number;
  baselined: number;
  waived: number;
  notApplicable: number;
}

/** The lint result (JSON output schemaVersion 1). */
export interface LintResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  hosts: HostStatus[];
  findings: Finding[];
  notApplicable: NotApplicable[];
  summary: LintSummary;
  /** Waivers that expired or matched nothing, and baseline entries that matched nothing. */
  housekeeping?: Housekeeping;
}

/** A waiver as written (config `waivers` or a waivers file). */
export interface WaiverSpec {
  rule: string;
  host?: string;
  target?: string;
  property?: string;
  reason: string;
  owner?: string;
  /** Last day it applies (YYYY-MM-DD, UTC, inclusive). */
  expires?: string;
}

/** A waiver as written in a waivers file or the config, with where it was written. */
export interface WaiverNote extends WaiverSpec {
  source: { file: string; line: number };
}

/** One accepted finding in a baseline file (schemaVersion 1). */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  host: string;
  target: string;
  message: string;
}

/** What to prune: reported in every format, never counted by the gate. */
export interface Housekeeping {
  /** The baseline file applied, if any (SARIF sets baselineState only then). */
  baselineFile?: string;
  expiredWaivers: WaiverNote[];
  unusedWaivers: WaiverNote[];
  unmatchedBaseline: BaselineEntry[];
}
