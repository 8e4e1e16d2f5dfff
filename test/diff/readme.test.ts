/**
 * The README's diff, drift and fleet section must stay true: its desired-state example is valid
 * and gives the mismatches shown, its output examples are what the commands print for the bundled
 * fixtures, and its table names every change kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesired, validateDesired } from '../../src/diff/desired.js';
import { compareFleet } from '../../src/diff/fleet.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import { CHANGE_KINDS } from '../../src/diff/types.js';
import { loadPaths } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { formatFleetText } from '../../src/report/fleet-text.js';

const root = join(import.meta.dirname, '..', '..');
// The diff reference moved from the README to docs/diff.md, which the README links.
const readme = readFileSync(join(root, 'docs', 'diff.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Diff, drift and fleet'));

/** The body of the first fenced block of `lang` after `heading` in the section. */
function blockAfter(heading: string, lang: string): string {
  const at = section.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(section.slice(at));
  expect(m, `${lang} block after ${heading}`).not.toBeNull();
  return m![1];
}

function load(path: string): Host[] {
  const r = loadPaths([join(root, path)], { cwd: root });
  expect(r.failures).toEqual([]);
  return r.hosts;
}

describe('README: diff, drift and fleet', () => {
  it('has the section before Architecture', () => {
    expect(section.length).toBeGreaterThan(0);
  });

  it('lists as --include-noise noise only what the model carries: interface indexes are never read', () => {
    const noise = section.slice(section.indexOf('Noise is ignored by default'), section.indexOf('`--include-noise` reports it'));
    expect(noise.length).toBeGreaterThan(0);
    expect(noise).not.toContain('ifIndex');
  });

  it('names every change kind in the diff table', () => {
    const table = section.slice(section.indexOf('| Kind | Meaning |'), section.indexOf('When several kinds apply'));
    for (const kind of CHANGE_KINDS.filter((k) => k !== 'desired-mismatch')) expect(table, kind).toContain(`\`${kind}\``);
  });

  it('shows a valid desired-state example, and the drift it gives on fixtures/diff/fleet/HV02', () => {
    const doc = validateDesired(JSON.parse(blockAfter('### `vmqlint drift', 'json')) as unknown, 'README.md');
    const result = checkDesired(load('fixtures/diff/fleet/HV02'), doc, { ignore: ignoreFilter() });
    expect(result.unmatched).toEqual([]);
    const shown = blockAfter('typo in a glob', '');
    expect(formatDiffText(result, { color: false })).toBe(`${shown}\n`);
  });

  it('shows what vmqlint fleet prints for fixtures/diff/fleet', () => {
    const shown = blockAfter('### `vmqlint fleet', '');
    expect(formatFleetText(compareFleet(load('fixtures/diff/fleet'), { ignore: ignoreFilter() }), { color: false })).toBe(`${shown}\n`);
  });
});
