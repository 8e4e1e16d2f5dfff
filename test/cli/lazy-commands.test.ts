/**
 * `vmqlint --help` and `vmqlint <command> --help` load the command definitions only: the static
 * imports reachable from the entry point and the command registry must not reach the parsers,
 * rules, formatters, schemas or the heavy packages (ajv, diff, fflate), which load with the
 * command that runs (`await import('./lint.js')`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { commands } from '../../src/cli/commands.js';
import { defineLint } from '../../src/cli/lint.js';
import { defineDiff } from '../../src/cli/diff.js';
import { defineDrift } from '../../src/cli/drift.js';
import { defineFleet } from '../../src/cli/fleet.js';
import { defineSimulate } from '../../src/cli/simulate.js';
import { defineRules } from '../../src/cli/rules.js';
import { defineExplain } from '../../src/cli/explain.js';
import { defineInit } from '../../src/cli/init.js';
import { defineMerge } from '../../src/cli/merge.js';
import { processIo } from '../../src/cli/command-io.js';

const root = resolve(import.meta.dirname, '..', '..');
const STATIC = /^\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s+'([^']+)'/gm;

/** Static imports that survive compilation (type-only ones are erased): project paths and package names. */
function staticImports(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
    if (m[2]) continue;
    const names = /^\{([^}]*)\}$/.exec(m[3].trim());
    if (names && names[1].split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    const spec = m[4];
    out.push(spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : spec.startsWith('node:') ? spec : spec.split('/')[0]);
  }
  return out;
}

/** Every file and package reachable by static imports from the given entry files. */
function closure(entries: string[]): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const dep of staticImports(f)) {
      if (dep.startsWith('/')) {
        expect(existsSync(dep), `${f} imports ${dep}`).toBe(true);
        todo.push(dep);
      } else if (!dep.startsWith('node:')) packages.add(dep);
    }
  }
  return { files: [...files].map((f) => relative(root, f).split('\\').join('/')).sort(), packages: [...packages].sort() };
}

describe('lazy command loading', () => {
  const reach = closure([resolve(root, 'src/cli/main.ts'), resolve(root, 'src/cli/commands.ts')]);

  it('the entry point and the registry statically import commander and nothing heavy', () => {
    expect(reach.packages).toEqual(['commander']);
  });

  it('they reach only the definitions and small modules of constants, never an implementation', () => {
    // A new file here must be as light as these: no parser, rule, formatter, schema or validator.
    const light = new Set([
      'src/cli/main.ts',
      'src/cli/commands.ts',
      'src/cli/command-types.ts',
      'src/cli/command-io.ts',
      'src/cli/io.ts',
      'src/cli/stdout-errors.ts',
      'src/cli/version.ts',
      'src/cli/baseline-limits.ts',
      'src/cli/cache-location.ts',
      'src/model/errors.ts',
      'src/model/did-you-mean.ts',
      'src/engine/config-name.ts',
      'src/ingest/size-limit-default.ts',
      'src/report/lint-format-names.ts',
    ]);
    expect(reach.files.filter((f) => !light.has(f) && !/^src\/cli\/[a-z-]+-definition\.ts$/.test(f))).toEqual([]);
  });

  it('the walk sees the definitions (so the checks above can fail)', () => {
    expect(reach.files).toContain('src/cli/lint-definition.ts');
    expect(reach.files).toContain('src/report/lint-format-names.ts');
    expect(closure([resolve(root, 'src/cli/lint.ts')]).packages).toContain('fflate');
  });

  it('the registry and the in-process define* functions register the same options and help', () => {
    const lazy = new Command('vmqlint');
    for (const register of commands) register(lazy, () => undefined);
    const eager = new Command('vmqlint');
    for (const define of [defineLint, defineRules, defineExplain, defineInit, defineSimulate, defineDiff, defineDrift, defineFleet, defineMerge]) define(eager, () => undefined, processIo);
    for (const cmd of eager.commands) {
      const twin = lazy.commands.find((c) => c.name() === cmd.name());
      expect(twin, cmd.name()).toBeDefined();
      expect(twin!.helpInformation()).toBe(cmd.helpInformation());
    }
    expect(lazy.commands.map((c) => c.name()).sort()).toEqual([...eager.commands.map((c) => c.name()), 'show'].sort());
  });
});
