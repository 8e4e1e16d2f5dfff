/** `vmqlint init [--force]`: write a starter `.vmqlintrc.json` (exit 2 if one exists, unless --force). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import { ordinal } from '../engine/catalog.js';
import { CONFIG_FILE_NAME } from '../engine/config-name.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { initDefinition } from './init-definition.js';

export { registerInit } from './init-definition.js';

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

/** Write the starter config in the working directory; returns the exit code. An existing file (without --force) throws. */
export async function initCommand(flags: { force?: boolean }, io: CommandIo, load: () => Promise<Rule[]> = loadRules): Promise<number> {
  const path = join(io.cwd, CONFIG_FILE_NAME);
  if (existsSync(path) && !flags.force) throw new UsageError(`${CONFIG_FILE_NAME} already exists; use --force to overwrite it`);
  writeFileSync(path, starterConfig(await load()));
  io.stdout(`wrote ${CONFIG_FILE_NAME}\n`);
  return 0;
}

/** Register `init`; `load` supplies the catalog (tests pass their own). */
export function defineInit(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  initDefinition(program).action(async (flags: { force?: boolean }) => {
    setExitCode(await initCommand(flags, io(), load));
  });
}

/** Run `vmqlint init <argv...>` in-process; returns the exit code. */
export function runInit(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineInit(p, s, i, load), ['init', ...argv], io);
}
