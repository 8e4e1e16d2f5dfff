/**
 * Users never get the project's research notes, and neither does anyone reading the published
 * source: code cites public sources (a URL, or a tag docs/references.md resolves). Only
 * src/engine/references.ts names the notes, since its job is to strip such citations from text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const NOTES = /\b(?:domain|simulator|formats|peers)\.md\b/;
const ALLOWED = new Set(['src/engine/references.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
}

describe('source code cites public sources', () => {
  it('no file under src/ cites the research notes (comments and messages alike)', () => {
    const files = sources(join(root, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const offending = files
      .filter((f) => !ALLOWED.has(f))
      .flatMap((f) =>
        readFileSync(join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (NOTES.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending).toEqual([]);
  });
});
