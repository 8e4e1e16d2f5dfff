/** `json` for fleet (schemaVersion 1), keys in a fixed order so the same inputs give the same bytes. */
import type { FleetResult, FleetRow } from '../diff/types.js';
import { jsonChunks, streamedArray } from './json-stream.js';

function row(r: FleetRow): Record<string, unknown> {
  const o: Record<string, unknown> = {
    target: { kind: r.target.kind, name: r.target.name },
    property: r.property,
    status: r.status,
  };
  if (r.reference !== undefined) o.reference = r.reference;
  o.values = r.values.map((v) => ({ value: v.value, hosts: [...v.hosts] }));
  o.deviating = [...r.deviating];
  o.absent = [...r.absent];
  if (r.unknown !== undefined && r.unknown.length > 0) o.unknown = [...r.unknown];
  return o;
}

/** Format a fleet result as JSON. */
export function formatFleetJson(r: FleetResult): string {
  return [...fleetJsonChunks(r)].join('');
}

/** The pieces of formatFleetJson, row by row (json-stream.ts), for a report too large for one string. */
export function* fleetJsonChunks(r: FleetResult): Generator<string> {
  const s = r.summary;
  const doc = {
    schemaVersion: r.schemaVersion,
    hosts: streamedArray(r.hosts),
    reference: r.reference.kind === 'golden' ? { kind: 'golden', host: r.reference.host } : { kind: 'majority' },
    rows: streamedArray(r.rows, row),
    summary: {
      hosts: s.hosts,
      properties: s.properties,
      agreeing: s.agreeing,
      deviating: s.deviating,
      ties: s.ties,
      deviationsByHost: Object.fromEntries(r.hosts.map((h) => [h, s.deviationsByHost[h] ?? 0])),
      excluded: s.excluded,
    },
  };
  yield* jsonChunks(doc);
  yield '\n';
}
