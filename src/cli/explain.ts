/** `vmqlint explain ID`: print a rule's docs (retired ids resolve; an unknown id exits 2). */
import { didYouMean } from '../model/did-you-mean.js';
import type { Command } from 'commander';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../engine/catalog.js';
import type { Rule } from '../engine/types.js';
import { UsageError } from '../model/errors.js';
import { explainMarkdown, explainText } from '../report/explain.js';
import type { SetExitCode } from './command-types.js';
import { runCommand, type CommandIo } from './command-io.js';
import { explainDefinition } from './explain-definition.js';

export { registerExplain } from './explain-definition.js';

/** Print a rule's docs as text or markdown; returns the exit code. Usage problems throw. */
export async function explainCommand(id: string, flags: { format: string }, io: CommandIo, load: () => Promise<Rule[]> = loadRules): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'markdown') throw new UsageError(`--format ${flags.format}${didYouMean(flags.format, ['text', 'markdown'])}: expected text or markdown`);
  const catalog = new RuleCatalog(await load());
  const rule = catalog.resolve(id);
  if (!rule) throw new UsageError(`unknown rule id '${id}'${catalog.suggest(id)} (vmqlint rules lists them)`);
  if (rule.meta.id.toLowerCase() !== id.toLowerCase()) io.stderr(`vmqlint: '${id}' is a retired id of ${rule.meta.id}\n`);
  io.stdout(flags.format === 'markdown' ? explainMarkdown(rule.meta) : explainText(rule.meta));
  return 0;
}

/** Register `explain`; `load` supplies the catalog (tests pass their own). */
export function defineExplain(program: Command, setExitCode: SetExitCode, io: () => CommandIo, load: () => Promise<Rule[]> = loadRules): void {
  explainDefinition(program).action(async (id: string, flags: { format: string }) => {
    setExitCode(await explainCommand(id, flags, io(), load));
  });
}

/** Run `vmqlint explain <argv...>` in-process; returns the exit code. */
export function runExplain(argv: string[], io: CommandIo, load?: () => Promise<Rule[]>): Promise<number> {
  return runCommand((p, s, i) => defineExplain(p, s, i, load), ['explain', ...argv], io);
}
