/** `vmqlint rules [--format text|json]`: list the rule catalog. */
import { didYouMean } from '../model/did-you-mean.js';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import { formatRulesJson, formatRulesText } from '../report/rules-list.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { rulesDefinition } from './rules-definition.js';

export { registerRules } from './rules-definition.js';

/** Print the catalog as text or JSON; returns the exit code. Usage problems throw. */
export async function rulesCommand(flags: { format: string }, io: CommandIo, load: () => Promise<Rule[]> = loadRules): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format ${flags.format}${didYouMean(flags.format, ['text', 'json'])}: expected text or json`);
  const metas = (await load()).map((r) => r.meta);
  io.stdout(flags.format === 'json' ? formatRulesJson(metas) : formatRulesText(metas));
  return 0;
}

/** Register `rules`; `load` supplies the catalog (tests pass their own). */
export function defineRules(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  rulesDefinition(program).action(async (flags: { format: string }) => {
    setExitCode(await rulesCommand(flags, io(), load));
  });
}

/** Run `vmqlint rules <argv...>` in-process; returns the exit code. */
export function runRules(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineRules(p, s, i, load), ['rules', ...argv], io);
}
