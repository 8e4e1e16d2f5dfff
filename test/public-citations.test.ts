/**
 * Users never get the project's research notes, and neither does anyone reading the published
 * source: code, rules and their messages cite public sources (a URL, or a tag docs/references.md
 * resolves). Nothing strips citations on the way out, so none may be written in the first place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const NOTES = /\b(?:domain|simulator|formats|peers|style|architecture)\.md\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
}

describe('source code cites public sources', () => {
  it('no file under src/ or rules/ cites the research notes (comments, rule docs and messages alike)', () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'rules'))];
    expect(files.length).toBeGreaterThan(130);
    const offending = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (NOTES.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });
});
