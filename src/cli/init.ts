/** `vmqlint init [--force]`: write a starter `.vmqlintrc.json` (exit 2 if one exists, unless --force). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import { ordinal } from '../engine/catalog.js';
import { CONFIG_FILE_NAME } from '../engine/config.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { processIo, runCommand, type CommandIo } from './command-io.js';

/** Where editors find the schema once vmqlint is installed in the project. */
export const CONFIG_SCHEMA_REF = './node_modules/vmqlint/schemas/vmqlintrc.schema.json';

/**
 * The starter config: every rule, ready to be tuned. A rule whose severity depends on the OS
 * release or on the situation gets `"default"`, which keeps that dependence (a severity written
 * out would win over both: lbfo-vswitch-unsupported would be an error on 2016/2019, a SET team's
 * overlap an error); the others get their default severity.
 */
export function starterConfig(rules: readonly Rule[]): string {
  const sorted = [...rules].sort((a, b) => ordinal(a.meta.id, b.meta.id));
  const config = {
    $schema: CONFIG_SCHEMA_REF,
    rules: Object.fromEntries(sorted.map((r) => [r.meta.id, r.meta.severityByRelease === undefined && r.meta.situational === undefined ? r.meta.defaultSeverity : 'default'])),
    overrides: [],
    ignore: [],
    waivers: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Register `init`; `load` supplies the catalog (tests pass their own). */
export function defineInit(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  program
    .command('init')
    .description(`write a starter ${CONFIG_FILE_NAME} in the working directory`)
    .option('--force', 'overwrite an existing file')
    .action(async (flags: { force?: boolean }) => {
      const out = io();
      const path = join(out.cwd, CONFIG_FILE_NAME);
      if (existsSync(path) && !flags.force) throw new UsageError(`${CONFIG_FILE_NAME} already exists; use --force to overwrite it`);
      writeFileSync(path, starterConfig(await load()));
      out.stdout(`wrote ${CONFIG_FILE_NAME}\n`);
      setExitCode(0);
    });
}

export function registerInit(program: Command, setExitCode: SetExitCode): void {
  defineInit(program, setExitCode, processIo);
}

/** Run `vmqlint init <argv...>` in-process; returns the exit code. */
export function runInit(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineInit(p, s, i, load), ['init', ...argv], io);
}
