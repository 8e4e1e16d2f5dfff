/** `vmqlint rules [--format text|json]`: list the rule catalog. */
import { didYouMean } from '../model/did-you-mean.js';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import { formatRulesJson, formatRulesText } from '../report/rules-list.js';
import type { SetExitCode } from './command-types.js';
import { processIo, runCommand, type CommandIo } from './command-io.js';

/** Register `rules`; `load` supplies the catalog (tests pass their own). */
export function defineRules(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  program
    .command('rules')
    .description('list the rule catalog')
    .option('--format <name>', 'text (default) or json', 'text')
    .option('--color', 'accepted for consistency (rules prints no colour)')
    .option('--no-color', 'accepted for consistency (rules prints no colour)')
    .action(async (flags: { format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format ${flags.format}${didYouMean(flags.format, ['text', 'json'])}: expected text or json`);
      const metas = (await load()).map((r) => r.meta);
      io().stdout(flags.format === 'json' ? formatRulesJson(metas) : formatRulesText(metas));
      setExitCode(0);
    });
}

export function registerRules(program: Command, setExitCode: SetExitCode): void {
  defineRules(program, setExitCode, processIo);
}

/** Run `vmqlint rules <argv...>` in-process; returns the exit code. */
export function runRules(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineRules(p, s, i, load), ['rules', ...argv], io);
}
