/**
 * `lint`'s name, arguments, options and help, without its implementation: `vmqlint --help` and
 * `vmqlint lint --help` read this module only, and the parsers, rules and schemas behind lint.ts
 * load when the command runs.
 */
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../engine/config-name.js';
import { DEFAULT_MAX_FILE_MB } from '../ingest/size-limit-default.js';
import { LINT_FORMAT_NAMES } from '../report/lint-format-names.js';
import { DEFAULT_BASELINE_LIMITS } from './baseline-limits.js';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { collect } from './io.js';
import { DEFAULT_CACHE_LOCATION } from './cache-location.js';

/** The flags commander parses for `lint` (the implementation's own type). */
type LintFlags = Parameters<typeof import('./lint.js').lintCommand>[1];

/** The exit codes, for --help (README "Exit codes" says the same). */
export const LINT_EXIT_CODES = `
Exit codes:
  0  nothing reached the gate (--fail-on, --max-warnings), or --exit-zero
  1  the gate failed
  2  vmqlint could not do its job: bad arguments, an invalid config, waivers, baseline or
     traffic file, an input that failed to parse (the other hosts are still reported), or no host
With --shard K/N: 0 once the shard result is written (input failures are in it; merge exits 2
for them), 2 when it could not be written.`;

/** Add `lint` with its arguments, options and help to a program; the caller adds the action. */
export function lintDefinition(program: Command): Command {
  return program
    .command('lint')
    .description('lint snapshots or fleets against the rule catalog')
    .argument('<paths...>', 'snapshot files or folders, or fleet folders')
    .option('--format <name[=path]>', `report format, repeatable: ${LINT_FORMAT_NAMES.join(', ')} (default stylish); without =PATH to stdout`, collect)
    .option('--output-file <path>', 'write the one --format to this file')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} found upward from the working directory)`)
    .option('--no-config', 'do not look for a config file')
    .option('--rule <id=severity>', 'set a rule to off, info, warning or error; repeatable', collect)
    .option('--fail-on <severity>', "lowest severity that fails the run: error, warning, info, or none (only --max-warnings can fail it)", 'error')
    .option('--max-warnings <n>', 'fail when more than n warnings remain')
    .option('--exit-zero', 'exit 0 even when the gate fails (2 still means the tool could not do its job)')
    .option('--baseline <file>', 'findings in this baseline do not fail the gate (they stay visible)')
    .option('--max-baseline-entries <n>', `refuse a --baseline file of more entries (default ${DEFAULT_BASELINE_LIMITS.maxEntries})`)
    .option('--max-file-mb <n>', `refuse an export file larger than n MiB that is read whole (default ${DEFAULT_MAX_FILE_MB}; .reg files are streamed, never refused)`)
    .option('--write-baseline <file>', 'write every finding not waived to a baseline file, and gate against it')
    .option('--waivers <file>', 'waivers file (in addition to the config file\'s waivers)')
    .option('--quiet', 'list errors only; the summary counts and the gate still count everything')
    .option('--verbose', 'stylish: list every rule that is not applicable, with the reason and hosts (default: one line)')
    .option('--no-fix', 'stylish: do not show the suggested fix under each finding')
    .option('--timing', 'print the time spent in each rule and each phase to stderr')
    .option('--jobs <n>', 'lint on n worker threads (default: the number of cores; fleets under 8 snapshots run in-process unless --jobs is given; 1: in-process)')
    .option('--cache', 'reuse each unchanged snapshot\'s lint from the cache (keyed by file contents, vmqlint version and settings)')
    .option('--cache-location <dir>', `cache folder (default ${DEFAULT_CACHE_LOCATION})`)
    .option('--redact', 'replace host names, MAC and IP addresses with stable hashes in every report and message (not in --fix-script or --write-baseline files: those are run or read back, so they keep real names)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--now <date>', "today's date for waiver expiry (YYYY-MM-DD; default SOURCE_DATE_EPOCH, else the clock)")
    .option('--traffic <file>', 'traffic profile: rules that need a simulation run under it; each entry must name a vNIC of at least one host of the run (else exit 2)')
    .option('--fix-script <file>', 'write the proposed fixes as one reviewable PowerShell script (never run; real host names even with --redact)')
    .option('--shard <K/N>', 'lint only the snapshots of shard K of N (1 <= K <= N) and write a shard result for `vmqlint merge` (to --output-file or stdout) instead of reports')
    .addHelpText('after', LINT_EXIT_CODES);
}

/** `lint` for the command registry; lint.ts is imported when the command runs. */
export function registerLint(program: Command, setExitCode: SetExitCode): void {
  lintDefinition(program).action(async (paths: string[], flags: LintFlags) => {
    const { lintCommand } = await import('./lint.js');
    setExitCode(await lintCommand(paths, flags, processIo()));
  });
}
