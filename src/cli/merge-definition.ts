/**
 * `merge`'s name, arguments, options and help, without its implementation (loaded when it runs),
 * so `vmqlint --help` stays fast.
 */
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../engine/config-name.js';
import { LINT_FORMAT_NAMES } from '../report/lint-format-names.js';
import { DEFAULT_BASELINE_LIMITS } from './baseline-limits.js';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { collect } from './io.js';

type MergeFlags = Parameters<typeof import('./merge.js').mergeCommand>[1];

/** The exit codes, for --help. */
export const MERGE_EXIT_CODES = `
Exit codes:
  0  nothing reached the gate (--fail-on, --max-warnings), or --exit-zero
  1  the gate failed
  2  vmqlint could not do its job: a shard missing, duplicated, from another fleet, config or
     version; an invalid shard result, config, waivers or baseline file; an input a shard could
     not read (the other hosts are still reported)`;

/** Add `merge` with its arguments, options and help to a program; the caller adds the action. */
export function mergeDefinition(program: Command): Command {
  return program
    .command('merge')
    .description('join the shard results of lint --shard K/N into one lint run: every report, and the gate')
    .argument('<results...>', 'shard result files, one per shard (lint FLEET --shard K/N --output-file FILE)')
    .option('--format <name[=path]>', `report format, repeatable: ${LINT_FORMAT_NAMES.join(', ')} (default stylish); without =PATH to stdout`, collect)
    .option('--output-file <path>', 'write the one --format to this file')
    .option('--config <file>', `config file for waivers and rule settings: must be the one the shards used (default: ${CONFIG_FILE_NAME} found upward from the working directory)`)
    .option('--no-config', 'do not look for a config file (as the shards did not)')
    .option('--fail-on <severity>', "lowest severity that fails the run: error, warning, info, or none (only --max-warnings can fail it)", 'error')
    .option('--max-warnings <n>', 'fail when more than n warnings remain')
    .option('--exit-zero', 'exit 0 even when the gate fails (2 still means the tool could not do its job)')
    .option('--baseline <file>', 'findings in this baseline do not fail the gate (they stay visible)')
    .option('--max-baseline-entries <n>', `refuse a --baseline file of more entries (default ${DEFAULT_BASELINE_LIMITS.maxEntries})`)
    .option('--write-baseline <file>', 'write every finding not waived to a baseline file, and gate against it')
    .option('--waivers <file>', "waivers file (in addition to the config file's waivers)")
    .option('--quiet', 'list errors only; the summary counts and the gate still count everything')
    .option('--verbose', 'stylish: list every rule that is not applicable, with the reason and hosts (default: one line)')
    .option('--no-fix', 'stylish: do not show the suggested fix under each finding')
    .option('--timing', 'print the time spent judging fleet rules to stderr (each shard prints its own with lint --timing)')
    .option('--redact', 'replace host names, MAC and IP addresses with stable hashes in every report and message (not in --fix-script or --write-baseline files)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--now <date>', "today's date for waiver expiry (YYYY-MM-DD; default SOURCE_DATE_EPOCH, else the clock)")
    .option('--fix-script <file>', 'write the proposed fixes as one reviewable PowerShell script (never run; real host names even with --redact)')
    .addHelpText('after', MERGE_EXIT_CODES);
}

/** `merge` for the command registry; merge.ts is imported when the command runs. */
export function registerMerge(program: Command, setExitCode: SetExitCode): void {
  mergeDefinition(program).action(async (results: string[], flags: MergeFlags) => {
    const { mergeCommand } = await import('./merge.js');
    setExitCode(await mergeCommand(results, flags, processIo()));
  });
}
