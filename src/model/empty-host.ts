/** A host with nothing known yet: what assembly starts from, and what tests and benchmarks fill in. */
import type { Host } from './host.js';

/** Host `name` with an unknown OS, no processors, NICs, teams, switches, vNICs or VMs, and no sources. */
export function emptyHost(name: string): Host {
  return {
    name,
    os: { release: 'unknown', family: 'unknown' },
    processors: { numaNodes: [], groups: [] },
    adapters: [],
    teams: [],
    switches: [],
    vnics: [],
    vms: [],
    vmsmp: { at: {} },
    sources: [],
    unknown: [],
    lossy: [],
    conflicts: [],
    at: {},
  };
}
