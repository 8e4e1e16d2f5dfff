/**
 * Every command, each defined in its own light module: registering one adds its name, options and
 * help only, and its implementation (parsers, rules, schemas) is imported when it runs, so
 * `vmqlint --help` and `vmqlint <command> --help` start fast.
 */
import type { RegisterCommand } from './command-types.js';
import { registerShow } from './show-definition.js';
import { registerLint } from './lint-definition.js';
import { registerRules } from './rules-definition.js';
import { registerExplain } from './explain-definition.js';
import { registerInit } from './init-definition.js';
import { registerSimulate } from './simulate-definition.js';
import { registerDiff } from './diff-definition.js';
import { registerDrift } from './drift-definition.js';
import { registerFleet } from './fleet-definition.js';
import { registerMerge } from './merge-definition.js';

export type { RegisterCommand, SetExitCode } from './command-types.js';

export const commands: RegisterCommand[] = [
  registerShow,
  registerLint,
  registerRules,
  registerExplain,
  registerInit,
  registerSimulate,
  registerDiff,
  registerDrift,
  registerFleet,
  registerMerge,
];
