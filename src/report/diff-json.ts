/**
 * `json` for diff and drift (schemaVersion 1). Keys are written in a fixed order, whatever order
 * the result object was built in, so the same inputs give the same bytes.
 */
import type { Change, DiffResult, FindingRef, HostDiff } from '../diff/types.js';

function ref(f: FindingRef): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.severity,
    target: { kind: f.target.kind, name: f.target.name, id: f.target.id },
  };
  if (f.property !== undefined) o.property = f.property;
  o.message = f.message;
  o.fingerprint = f.fingerprint;
  return o;
}

function change(c: Change): Record<string, unknown> {
  const o: Record<string, unknown> = {
    host: c.host,
    target: { kind: c.target.kind, name: c.target.name, id: c.target.id },
  };
  if (c.targetBefore) o.targetBefore = { kind: c.targetBefore.kind, name: c.targetBefore.name, id: c.targetBefore.id };
  o.property = c.property;
  o.kind = c.kind;
  o.before = c.before === null ? null : c.before.type === undefined ? { value: c.before.value } : { value: c.before.value, type: c.before.type };
  o.after = c.after === null ? null : c.after.type === undefined ? { value: c.after.value } : { value: c.after.value, type: c.after.type };
  o.severity = c.severity;
  o.introduces = c.introduces.map(ref);
  o.resolves = c.resolves.map(ref);
  if (c.driverVersion) o.driverVersion = { ...(c.driverVersion.before !== undefined ? { before: c.driverVersion.before } : {}), ...(c.driverVersion.after !== undefined ? { after: c.driverVersion.after } : {}) };
  if (c.driverDefault !== undefined) o.driverDefault = c.driverDefault;
  if (c.expectation !== undefined) o.expectation = c.expectation;
  if (c.fix) o.fix = c.fix.map((f) => ({ command: f.command, disruption: f.disruption, phase: f.phase }));
  if (c.locations) o.locations = c.locations.map((l) => ({ file: l.file, line: l.line, ...(l.col !== undefined ? { col: l.col } : {}), ...(l.pointer !== undefined ? { pointer: l.pointer } : {}) }));
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
  const s = r.summary;
  const doc = {
    schemaVersion: r.schemaVersion,
    mode: r.mode,
    changes: r.changes.map(change),
    hosts: r.hosts.map(host),
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
  return `${JSON.stringify(doc, null, 2)}\n`;
}
