/**
 * `json` for diff and drift (schemaVersion 1). Keys are written in a fixed order, whatever order
 * the result object was built in, so the same inputs give the same bytes.
 */
import type { Change, ChangeValue, DiffResult, FindingRef, HostDiff } from '../diff/types.js';
import { fixJson, locationJson, targetJson } from './json-parts.js';
import { jsonChunks, streamedArray } from './json-stream.js';

function ref(f: FindingRef): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.severity,
    target: targetJson(f.target),
  };
  if (f.property !== undefined) o.property = f.property;
  o.message = f.message;
  o.fingerprint = f.fingerprint;
  return o;
}

function value(v: ChangeValue | null): Record<string, unknown> | null {
  if (v === null) return null;
  return v.type === undefined ? { value: v.value } : { value: v.value, type: v.type };
}

function change(c: Change): Record<string, unknown> {
  const o: Record<string, unknown> = {
    host: c.host,
    target: targetJson(c.target),
  };
  if (c.targetBefore) o.targetBefore = targetJson(c.targetBefore);
  o.property = c.property;
  o.kind = c.kind;
  o.before = value(c.before);
  o.after = value(c.after);
  o.severity = c.severity;
  o.introduces = c.introduces.map(ref);
  o.resolves = c.resolves.map(ref);
  if (c.driverVersion) o.driverVersion = { ...(c.driverVersion.before !== undefined ? { before: c.driverVersion.before } : {}), ...(c.driverVersion.after !== undefined ? { after: c.driverVersion.after } : {}) };
  if (c.driverDefault !== undefined) o.driverDefault = c.driverDefault;
  if (c.expectation !== undefined) o.expectation = c.expectation;
  if (c.fix) o.fix = c.fix.map(fixJson);
  if (c.locations) o.locations = c.locations.map(locationJson);
  return o;
}

function host(h: HostDiff): Record<string, unknown> {
  const o: Record<string, unknown> = {
    host: h.host,
    status: h.status,
    changes: h.changes,
    introduced: h.introduced.map(ref),
    resolved: h.resolved.map(ref),
    unattributed: [...h.unattributed],
  };
  if (h.impact) {
    o.impact = {
      profile: h.impact.profile,
      metrics: h.impact.metrics.map((m) => ({ name: m.name, before: m.before, after: m.after, ...(m.unit !== undefined ? { unit: m.unit } : {}) })),
      notes: [...h.impact.notes],
    };
  }
  return o;
}

/** Format a diff or drift result as JSON. */
export function formatDiffJson(r: DiffResult): string {
  return [...diffJsonChunks(r)].join('');
}

/** The pieces of formatDiffJson, change by change and host by host (json-stream.ts), for a report too large for one string. */
export function* diffJsonChunks(r: DiffResult): Generator<string> {
  const s = r.summary;
  const doc = {
    schemaVersion: r.schemaVersion,
    mode: r.mode,
    changes: streamedArray(r.changes, change),
    hosts: streamedArray(r.hosts, host),
    notCompared: r.notCompared.map((n) => ({ host: n.host, section: n.section, missingIn: n.missingIn, ...(n.reason !== undefined ? { reason: n.reason } : {}) })),
    ...(r.unmatched !== undefined ? { unmatched: [...r.unmatched] } : {}),
    summary: {
      changes: s.changes,
      hostsCompared: s.hostsCompared,
      hostsChanged: s.hostsChanged,
      byKind: { ...s.byKind },
      bySeverity: { error: s.bySeverity.error, warning: s.bySeverity.warning, info: s.bySeverity.info },
      introduced: s.introduced,
      resolved: s.resolved,
      ignored: s.ignored,
    },
  };
  yield* jsonChunks(doc);
  yield '\n';
}
