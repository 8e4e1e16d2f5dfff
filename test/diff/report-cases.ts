/**
 * The diff, drift, fleet and show text reports that are written in pieces, each over the large
 * scenarios (large-scenario.ts) and the sample fleet, as named cases. chunks.test.ts compares them
 * with the bytes the whole-string formatters wrote and checks that no piece grows with the fleet.
 */
import { join } from 'node:path';
import { loadAllPaths } from '../../src/cli/diff-common.js';
import type { DiffResult, FleetResult } from '../../src/diff/types.js';
import { diffGithubChunks, diffJunitChunks } from '../../src/report/diff-ci.js';
import { diffMarkdownChunks } from '../../src/report/diff-markdown.js';
import { diffTextChunks } from '../../src/report/diff-text.js';
import { fleetMarkdownChunks } from '../../src/report/fleet-markdown.js';
import { fleetTextChunks } from '../../src/report/fleet-text.js';
import { showTextChunks } from '../../src/report/show-text.js';
import { largeDiff, largeDrift, largeFleet } from './large-scenario.js';

/** The inputs of every case, at one size. */
export interface Inputs {
  diff: DiffResult;
  drift: DiffResult;
  fleet: FleetResult;
  golden: FleetResult;
}

/** The scenarios with every host `n` times. */
export function inputs(n: number): Inputs {
  return { diff: largeDiff(n), drift: largeDrift(n), fleet: largeFleet(n), golden: largeFleet(n, 'HV02') };
}

const ungated = new Set(['vmq-disabled']);

/** Every report written in pieces, by name: the pieces of the inputs. */
export const CASES: { name: string; chunks: (i: Inputs) => Iterable<string> }[] = [
  { name: 'diff text', chunks: (i) => diffTextChunks(i.diff, { color: false }) },
  { name: 'diff text colour, ungated rule', chunks: (i) => diffTextChunks(i.diff, { color: true, ungated }) },
  { name: 'diff markdown', chunks: (i) => diffMarkdownChunks(i.diff) },
  { name: 'diff github', chunks: (i) => diffGithubChunks(i.diff) },
  { name: 'diff junit', chunks: (i) => diffJunitChunks(i.diff) },
  { name: 'drift text', chunks: (i) => diffTextChunks(i.drift, { color: false }) },
  { name: 'drift text colour', chunks: (i) => diffTextChunks(i.drift, { color: true }) },
  { name: 'drift markdown', chunks: (i) => diffMarkdownChunks(i.drift) },
  { name: 'drift github', chunks: (i) => diffGithubChunks(i.drift) },
  { name: 'drift junit', chunks: (i) => diffJunitChunks(i.drift) },
  { name: 'fleet text', chunks: (i) => fleetTextChunks(i.fleet, { color: false }) },
  { name: 'fleet text colour', chunks: (i) => fleetTextChunks(i.fleet, { color: true }) },
  { name: 'fleet text transposed', chunks: (i) => fleetTextChunks(i.fleet, { color: true, width: 80 }) },
  { name: 'fleet text golden host', chunks: (i) => fleetTextChunks(i.golden, { color: false }) },
  { name: 'fleet markdown', chunks: (i) => fleetMarkdownChunks(i.fleet) },
  { name: 'fleet markdown golden host', chunks: (i) => fleetMarkdownChunks(i.golden) },
];

const root = join(import.meta.dirname, '..', '..');

/** show text of fixture fleets (every host loaded at once), colour off and on: name and pieces. */
export function showCases(): { name: string; chunks: Iterable<string> }[] {
  const out: { name: string; chunks: Iterable<string> }[] = [];
  for (const fleet of ['fixtures/sample-fleet', 'fixtures/broken-fleet', 'fixtures/multi-host', 'fixtures/same-host']) {
    const r = loadAllPaths([join(root, fleet)], { cwd: root });
    const input = { hosts: r.hosts, failures: r.failures.map((f) => ({ host: f.host, file: f.file, message: f.error.message })), skipped: r.skipped, warnings: r.warnings };
    for (const color of [false, true]) out.push({ name: `show text ${fleet}${color ? ' colour' : ''}`, chunks: showTextChunks(input, color) });
  }
  return out;
}
