/** Every command, each in its own file; a command registers itself and reports its exit code. */
import type { RegisterCommand } from './command-types.js';
import { registerShow } from './show.js';
import { registerLint } from './lint.js';
import { registerRules } from './rules.js';
import { registerExplain } from './explain.js';
import { registerInit } from './init.js';
import { registerSimulate } from './simulate.js';
import { registerDiff } from './diff.js';
import { registerDrift } from './drift.js';
import { registerFleet } from './fleet.js';
import { registerMerge } from './merge.js';

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
