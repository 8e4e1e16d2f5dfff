/**
 * `json`: the lint result as documented (schemaVersion 1, schemas/lint-result.schema.json), keys
 * in a fixed order so the output diffs cleanly and reads the same on every run.
 */
import type { Finding, HostStatus, LintResult, WaiverNote } from '../engine/types.js';
import { housekeepingOf } from './common.js';
import { fixJson, locationJson, targetJson } from './json-parts.js';
import { jsonChunks, streamedArray } from './json-stream.js';

function host(h: HostStatus): Record<string, unknown> {
  const o: Record<string, unknown> = { name: h.name, release: h.release };
  if (h.build !== undefined) o.build = h.build;
  o.status = h.status;
  if (h.error !== undefined) o.error = h.error;
  if (h.failures !== undefined) o.failures = h.failures.map((f) => ({ file: f.file, message: f.message }));
  return o;
}

function finding(f: Finding): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.severity,
    host: f.host,
    target: targetJson(f.target),
  };
  if (f.property !== undefined) o.property = f.property;
  o.message = f.message;
  o.evidence = f.evidence;
  o.remediation = f.remediation;
  if (f.fix) o.fix = f.fix.map(fixJson);
  o.locations = f.locations.map(locationJson);
  o.fingerprint = f.fingerprint;
  o.suppressed = f.suppressed === null ? null : f.suppressed.reason !== undefined ? { kind: f.suppressed.kind, reason: f.suppressed.reason } : { kind: f.suppressed.kind };
  return o;
}

function waiver(w: WaiverNote): Record<string, unknown> {
  const o: Record<string, unknown> = { rule: w.rule };
  for (const k of ['host', 'target', 'property'] as const) if (w[k] !== undefined) o[k] = w[k];
  o.reason = w.reason;
  if (w.owner !== undefined) o.owner = w.owner;
  if (w.expires !== undefined) o.expires = w.expires;
  o.source = { file: w.source.file, line: w.source.line };
  return o;
}

/**
 * The JSON document for a lint result. With `streamed`, the per-host and per-finding arrays are
 * JsonStreamedArrays, mapped one element at a time as the writer reaches them (lintResultChunks).
 */
export function lintResultDocument(result: LintResult, streamed = false): Record<string, unknown> {
  const list = <T>(items: readonly T[], map: (item: T) => unknown) => (streamed ? streamedArray(items, map) : items.map(map));
  const hk = housekeepingOf(result);
  const housekeeping: Record<string, unknown> = {};
  if (hk.baselineFile !== undefined) housekeeping.baselineFile = hk.baselineFile;
  housekeeping.expiredWaivers = hk.expiredWaivers.map(waiver);
  housekeeping.unusedWaivers = hk.unusedWaivers.map(waiver);
  housekeeping.unmatchedBaseline = list(hk.unmatchedBaseline, (e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, host: e.host, target: e.target, message: e.message }));
  const s = result.summary;
  return {
    schemaVersion: 1,
    tool: { name: result.tool.name, version: result.tool.version },
    hosts: list(result.hosts, host),
    findings: list(result.findings, finding),
    notApplicable: list(result.notApplicable, (n) => ({ ruleId: n.ruleId, host: n.host, reason: n.reason })),
    summary: { error: s.error, warning: s.warning, info: s.info, baselined: s.baselined, waived: s.waived, notApplicable: s.notApplicable },
    housekeeping,
  };
}

/** The JSON text of a lint result in pieces (one a host, one a finding), never the whole text at once. */
export function* lintResultChunks(result: LintResult): Generator<string> {
  yield* jsonChunks(lintResultDocument(result, true));
  yield '\n';
}

/** Format a lint result as JSON text (two-space indent, final newline). */
export function formatJson(result: LintResult): string {
  return [...lintResultChunks(result)].join('');
}
