/**
 * Result types of `vmqlint diff`, `vmqlint drift` and `vmqlint fleet`: plain data that formatters
 * render and that round-trips through JSON (schemaVersion 1).
 */
import type { Loc, RegType } from '../model/host.js';
import type { FixCommand, Severity, Target } from '../engine/types.js';

/** What kind of change a (host, target, property) saw; issue 4 lists them. */
export type ChangeKind =
  | 'value-changed'
  | 'type-changed'
  | 'reset-to-default'
  | 'added'
  | 'removed'
  | 'renamed'
  | 'team-membership-changed'
  | 'teaming-mode-changed'
  | 'load-balancing-changed'
  | 'processor-set-changed'
  | 'queue-allocation-changed'
  | 'vnic-added'
  | 'vnic-removed'
  | 'vmqweight-changed'
  | 'host-added'
  | 'host-removed'
  | 'desired-mismatch';

/** Every change kind, in the order reports list them. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'host-added',
  'host-removed',
  'added',
  'removed',
  'renamed',
  'vnic-added',
  'vnic-removed',
  'type-changed',
  'reset-to-default',
  'value-changed',
  'team-membership-changed',
  'teaming-mode-changed',
  'load-balancing-changed',
  'processor-set-changed',
  'queue-allocation-changed',
  'vmqweight-changed',
  'desired-mismatch',
];

/** A comparable value: text, number, flag, list of names, or nothing. */
export type Scalar = string | number | boolean | null;
export type Value = Scalar | string[];

/** One side of a change: the value and, for registry values, its type. */
export interface ChangeValue {
  value: Value;
  type?: RegType;
}

/** A lint finding as a change cites it. */
export interface FindingRef {
  ruleId: string;
  severity: Severity;
  target: Target;
  property?: string;
  message: string;
  fingerprint: string;
}

/** One change per (host, target, property). */
export interface Change {
  host: string;
  /** The object as it is after the change (before, for removals). */
  target: Target;
  /** The object before the change, when its id or name differs from `target`. */
  targetBefore?: Target;
  /** Keyword (`*VMQ`) or model property path (`vmq.baseProcessorNumber`); `exists` for whole objects. */
  property: string;
  kind: ChangeKind;
  /** null: the object or value did not exist. */
  before: ChangeValue | null;
  after: ChangeValue | null;
  /** Highest severity among `introduces`, else info (drift: the expectation's severity). */
  severity: Severity;
  introduces: FindingRef[];
  resolves: FindingRef[];
  /** The adapter's driver version change, reported with reset-to-default and type changes. */
  driverVersion?: { before?: string; after?: string };
  /** The value the driver defaults to (Ndi\Params), when known. */
  driverDefault?: string;
  /** Drift: the expectation that produced this change, and the PowerShell that restores it. */
  expectation?: string;
  fix?: FixCommand[];
  /** Drift: where the actual value (or its object) was read. */
  locations?: Loc[];
}

/** A section compared on one side only, or values an export lost, so their differences are not reported. */
export interface NotCompared {
  host: string;
  /**
   * e.g. "advanced properties", "Get-NetAdapterVmq"; for lost values the object and its
   * properties, e.g. `adapter "NIC1": *JumboPacket, *VMQ`.
   */
  section: string;
  /** Which side lacked it (drift: always `before`, the actual state). */
  missingIn: 'before' | 'after';
  /** Absent: the section was not exported on that side. `lost`: its export format lost the values (CSV arrays, JSON depth). */
  reason?: 'lost';
}

/** One row of a predicted-impact comparison, as the CLI maps the simulator's result. */
export interface ImpactMetric {
  name: string;
  before: Scalar;
  after: Scalar;
  unit?: string;
}

/** The simulator's predicted impact of a host's changes under a traffic profile. */
export interface Impact {
  profile: string;
  metrics: ImpactMetric[];
  notes: string[];
}

/** Per-host roll-up of a diff. */
export interface HostDiff {
  host: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: number;
  /** Every finding the new state introduces on this host, attributed or not. */
  introduced: FindingRef[];
  resolved: FindingRef[];
  /** Fingerprints of introduced/resolved findings no change could be tied to. */
  unattributed: string[];
  impact?: Impact;
}

export interface DiffSummary {
  changes: number;
  hostsCompared: number;
  hostsChanged: number;
  byKind: Partial<Record<ChangeKind, number>>;
  bySeverity: Record<Severity, number>;
  introduced: number;
  resolved: number;
  /** Changes dropped by the noise list and `diff.ignore`. */
  ignored: number;
}

/** The diff (and drift) result, JSON schemaVersion 1. */
export interface DiffResult {
  schemaVersion: 1;
  mode: 'diff' | 'drift';
  changes: Change[];
  hosts: HostDiff[];
  notCompared: NotCompared[];
  /** Drift: expectations whose selectors matched no object on any host, so nothing was checked. */
  unmatched?: string[];
  summary: DiffSummary;
}

/** A value of a fleet row with the hosts holding it. */
export interface FleetValue {
  value: string;
  hosts: string[];
}

/** One property of one object compared across the fleet. */
export interface FleetRow {
  target: { kind: Target['kind']; name: string };
  property: string;
  /** agree: one value; deviates: a reference exists and some hosts differ; tie: no majority. */
  status: 'agree' | 'deviates' | 'tie';
  /** The majority or golden value; absent on a tie. */
  reference?: string;
  /** Values by count (descending), then by value. */
  values: FleetValue[];
  /** Hosts whose value differs from the reference (every host on a tie). */
  deviating: string[];
  /** Hosts lacking the object, so not counted for this property. */
  absent: string[];
  /** Hosts with the object whose value is unknown (section not exported, or lost by the export format), so not counted either. */
  unknown?: string[];
}

/** The fleet symmetry result, JSON schemaVersion 1. */
export interface FleetResult {
  schemaVersion: 1;
  hosts: string[];
  reference: { kind: 'majority' } | { kind: 'golden'; host: string };
  /** Rows that deviate or tie; with `all`, agreeing rows too. */
  rows: FleetRow[];
  summary: {
    hosts: number;
    properties: number;
    agreeing: number;
    deviating: number;
    ties: number;
    /** Per host: how many rows it deviates in. */
    deviationsByHost: Record<string, number>;
    /** Properties left out as per-node unique or noise. */
    excluded: number;
  };
}
