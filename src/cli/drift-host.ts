/** What `drift` keeps of each host it checks (in this thread or a drift worker). */
import { checkDesiredHost, type DesiredDocument, type DesiredHostCheck } from '../diff/desired.js';
import { ignoreFilter } from '../diff/noise.js';
import type { Host } from '../model/host.js';

/** What drift keeps of a host: its check, and what the SARIF log says of it. */
export interface DriftHost {
  name: string;
  release: Host['os']['release'];
  build?: number;
  source?: string;
  check: DesiredHostCheck;
}

/** How a host is checked: the desired state and the ignore globs (config `diff.ignore`, then --ignore). */
export interface DriftCheck {
  desired: DesiredDocument;
  ignore: string[];
}

/** A host checked against the desired state, as drift keeps it. */
export function driftHost(h: Host, c: DriftCheck, ignore = ignoreFilter({ extra: c.ignore, includeNoise: false })): DriftHost {
  return { name: h.name, release: h.os.release, ...(h.os.build !== undefined ? { build: h.os.build } : {}), source: h.sources[0]?.file, check: checkDesiredHost(h, c.desired, { ignore }) };
}
