/** `vmqlint explain ID`: print a rule's docs (retired ids resolve; an unknown id exits 2). */
import { didYouMean } from '../model/did-you-mean.js';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../engine/catalog.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import { explainMarkdown, explainText } from '../report/explain.js';
import type { SetExitCode } from './command-types.js';
import { processIo, runCommand, type CommandIo } from './command-io.js';

/** Register `explain`; `load` supplies the catalog (tests pass their own). */
export function defineExplain(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<id>', 'rule id (or a retired alias)')
    .option('--format <name>', 'text (default) or markdown', 'text')
    // Accepted as every other command accepts them; explain prints no colour.
    .option('--color', 'accepted for consistency (explain prints no colour)')
    .option('--no-color', 'accepted for consistency (explain prints no colour)')
    .action(async (id: string, flags: { format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'markdown') throw new UsageError(`--format ${flags.format}${didYouMean(flags.format, ['text', 'markdown'])}: expected text or markdown`);
      const catalog = new RuleCatalog(await load());
      const rule = catalog.resolve(id);
      if (!rule) throw new UsageError(`unknown rule id '${id}'${catalog.suggest(id)} (vmqlint rules lists them)`);
      const out = io();
      if (rule.meta.id.toLowerCase() !== id.toLowerCase()) out.stderr(`vmqlint: '${id}' is a retired id of ${rule.meta.id}\n`);
      out.stdout(flags.format === 'markdown' ? explainMarkdown(rule.meta) : explainText(rule.meta));
      setExitCode(0);
    });
}

export function registerExplain(program: Command, setExitCode: SetExitCode): void {
  defineExplain(program, setExitCode, processIo);
}

/** Run `vmqlint explain <argv...>` in-process; returns the exit code. */
export function runExplain(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineExplain(p, s, i, load), ['explain', ...argv], io);
}
