/**
 * The golden scenarios (scenario.ts) at a fleet's size: every host repeated under other names, a
 * few of them hostile (a terminal escape, a CI workflow command), so the reports written in pieces
 * can be compared with the whole-string formatters on more than a page of output.
 */
import { checkDesired } from '../../src/diff/desired.js';
import { diffHosts } from '../../src/diff/diff.js';
import { compareFleet } from '../../src/diff/fleet.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import type { DiffResult, FleetResult } from '../../src/diff/types.js';
import type { Host } from '../../src/model/host.js';
import { clone, stubLint } from './hosts.js';
import { desiredExample, diffScenario, driftScenarioHosts, fleetScenarioHosts } from './scenario.js';

/** The name of copy `i` of a host: the first keeps it; two copies carry hostile text. */
export function copyName(name: string, i: number): string {
  if (i === 0) return name;
  if (i === 1) return `${name}-\u001b[2J\u001b]0;pwned\u0007`;
  if (i === 2) return `::error file=x::${name}`;
  return `${name}-${i}`;
}

/** `copies` of each host, renamed copy by copy. */
export function copies(hosts: readonly Host[], n: number): Host[] {
  const out: Host[] = [];
  for (let i = 0; i < n; i++) {
    for (const h of hosts) {
      const c = clone(h);
      c.name = copyName(h.name, i);
      out.push(c);
    }
  }
  return out;
}

/** diffScenario with every host `n` times; each copy of HV01 gets the predicted impact. */
export function largeDiff(n: number): DiffResult {
  const { before, after, result: one } = diffScenario();
  const result = diffHosts(copies(before, n), copies(after, n), { lint: stubLint, ignore: ignoreFilter() });
  const impact = one.hosts.find((h) => h.impact)!.impact!;
  for (const h of result.hosts) if (h.host.startsWith('HV01') || h.host.endsWith('HV01')) h.impact = clone(impact);
  return result;
}

/** driftScenario with both hosts `n` times. */
export function largeDrift(n: number): DiffResult {
  return checkDesired(copies(driftScenarioHosts(), n), desiredExample(), { ignore: ignoreFilter() });
}

/** fleetScenario with its three nodes `n` times (3n host columns), agreeing rows too. */
export function largeFleet(n: number, golden?: string): FleetResult {
  return compareFleet(copies(fleetScenarioHosts(), n), { golden, ignore: ignoreFilter(), all: true });
}
