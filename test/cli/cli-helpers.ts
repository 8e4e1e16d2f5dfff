/** In-process command runs: captured stdout/stderr, a temp working directory, injected rules and hosts. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommandIo } from '../../src/cli/command-io.js';
import type { LintDeps } from '../../src/cli/lint.js';
import type { LoadOptions, LoadResult } from '../../src/ingest/load.js';
import type { Host } from '../../src/model/host.js';
import { testRules } from '../engine/helpers.js';

export interface Captured extends CommandIo {
  out: string[];
  err: string[];
}

export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmqlint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function captureIo(cwd: string, env: Record<string, string | undefined> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    env,
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    color: (flag) => flag ?? false,
  };
}

/** Deps that load the given hosts (and failures) whatever the paths, recording the load options. */
export function fakeDeps(hosts: () => Host[], extra: Partial<LoadResult> = {}): LintDeps & { calls: { paths: string[]; opts: LoadOptions }[] } {
  const calls: { paths: string[]; opts: LoadOptions }[] = [];
  return {
    calls,
    loadRules: async () => testRules,
    loadPaths: (paths, opts) => {
      calls.push({ paths, opts });
      return { hosts: hosts(), failures: extra.failures ?? [], skipped: extra.skipped ?? [] };
    },
    simulator: () => (h) => `sim of ${h.name}`,
    clock: (() => {
      let t = 0;
      return () => (t += 2);
    })(),
  };
}
