/**
 * The layering the README draws, checked on the imports: ingest -> model -> engine/rules, diff,
 * sim -> report -> cli. Everything may use model; nothing uses cli; there are no import cycles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const sources = [...files(join(root, 'src')), ...files(join(root, 'rules'))];
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm;

/** Relative imports of a file, resolved to project paths (`src/model/host.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(relative(root, resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))).split('\\').join('/'));
  return out;
}

/** The layer of a project path: model, ingest, engine, rules, diff, sim, report, cli. */
function layer(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'rules' ? 'rules' : parts[1];
}

const graph = new Map(sources.map((f) => [relative(root, f).split('\\').join('/'), importsOf(f)]));

/** Which layers each layer may import (besides itself and model). */
const ALLOWED: Record<string, string[]> = {
  model: [],
  ingest: [],
  engine: [],
  sim: ['ingest', 'engine'],
  rules: ['engine', 'sim'],
  diff: ['engine'],
  report: ['engine', 'diff', 'sim'],
  cli: ['ingest', 'engine', 'rules', 'diff', 'sim', 'report'],
};

describe('architecture', () => {
  it('model imports nothing of ours but model', () => {
    const bad = [...graph].filter(([f]) => layer(f) === 'model').flatMap(([f, deps]) => deps.filter((d) => layer(d) !== 'model').map((d) => `${f} -> ${d}`));
    expect(bad).toEqual([]);
  });

  it('every layer imports only the layers below it', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      const from = layer(f);
      for (const d of deps) {
        const to = layer(d);
        if (to !== from && to !== 'model' && !ALLOWED[from].includes(to)) bad.push(`${f} -> ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('nothing imports the cli except the cli', () => {
    const bad = [...graph].filter(([f]) => layer(f) !== 'cli').flatMap(([f, deps]) => deps.filter((d) => layer(d) === 'cli').map((d) => `${f} -> ${d}`));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of [...graph.keys()].sort()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
