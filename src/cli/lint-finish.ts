/**
 * The end of a lint run, once every host is linted: fleet rules, waivers and the baseline
 * (finishLint), --write-baseline, --redact, the messages, every report and the fix script, then
 * the gate and the exit code. `lint` and `merge` both end here, so N merged shards give the bytes
 * and the exit code of one unsharded run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyBaseline } from '../engine/apply-baseline.js';
import { BaselineSet, buildBaseline, serializeBaseline } from '../engine/baseline.js';
import { evaluateGate } from '../engine/gate.js';
import type { HostFailure } from '../engine/host-failure.js';
import { finishLint } from '../engine/host-lint.js';
import { errorsOnly } from '../engine/quiet.js';
import { createRedactor, redactorFor, redactResult } from '../engine/redact.js';
import type { LintResult, Severity } from '../engine/types.js';
import { InputError, UsageError } from '../model/errors.js';
import { plural } from '../report/common.js';
import { DEFAULT_HELP_URI_BASE, type ReportContext } from '../report/context.js';
import { fixScriptChunks } from '../report/fix-script.js';
import { LINT_CHUNKERS } from '../report/lint-formats.js';
import { formatTiming, type RuleTiming } from '../report/timing.js';
import type { CommandIo } from './command-io.js';
import { hostNamesOf, type Gathered } from './lint-gather.js';
import type { LintSettings, ReportFlags } from './lint-settings.js';
import { displayPath } from './json-input.js';
import { writeOutputChunks } from './report-stream.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Per-rule time for --timing, summed over hosts. */
export class RuleTimings {
  readonly byRule = new Map<string, { ms: number; runs: number }>();

  /** Add one measurement (or `runs` of them). */
  add(id: string, ms: number, runs = 1): void {
    const t = this.byRule.get(id) ?? { ms: 0, runs: 0 };
    this.byRule.set(id, { ms: t.ms + ms, runs: t.runs + runs });
  }

  rows(): RuleTiming[] {
    return [...this.byRule].map(([ruleId, t]) => ({ ruleId, ms: t.ms, runs: t.runs }));
  }
}

/** How the run ends besides the hosts and the settings. */
export interface FinishRun {
  /** Names the inputs in "no host found in ..." (the paths, or the shard files). */
  inputs: string;
  clock: () => number;
  timings: RuleTimings;
  /** Where a streamed run's time went (--timing), given the time fleet rules and reports took here. */
  phases?: (after: { fleetRulesMs: number; reportMs: number; hosts: number }) => string;
}

/** A thrown usage or input error, its host names hashed under --redact (they can name a host or its VMs). */
export function redactError(err: unknown, redact: boolean | undefined, io: CommandIo): unknown {
  if (!redact || !(err instanceof InputError || err instanceof UsageError)) return err;
  const r = createRedactor(hostNamesOf(err), io.env.VMQLINT_REDACT_SALT ?? '');
  return err instanceof InputError ? new InputError(r.text(err.file), err.line, err.col, r.text(err.detail)) : new UsageError(r.text(err.message));
}

/** Judge, report and gate the linted hosts of a run; returns the exit code. */
export async function finishAndReport(gathered: Gathered, s: LintSettings, flags: ReportFlags, io: CommandIo, run: FinishRun): Promise<number> {
  let fleetRulesMs = 0;
  const time = (id: string, ms: number) => {
    fleetRulesMs += ms;
    run.timings.add(id, ms);
  };
  let result: LintResult;
  try {
    if (gathered.hosts.length === 0 && gathered.failures.length === 0) {
      throw new UsageError(`no host found in ${run.inputs}`);
    }
    const failures: HostFailure[] = gathered.failures.map((f) => ({ host: f.host, file: f.file, error: f.error }));
    result = finishLint(gathered.hosts, failures, {
      rules: s.catalog,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      settings: s.settings,
      waivers: s.waivers,
      ...(s.baseline ? { baseline: s.baseline } : {}),
      clock: run.clock,
      ...(flags.timing ? { timing: time } : {}),
    });
  } catch (err) {
    throw redactError(err, flags.redact, io);
  }
  const loaded = gathered;
  const failures = gathered.failures;

  let written: { file: string; entries: number } | undefined;
  if (flags.writeBaseline !== undefined) {
    // Everything not waived is accepted as it stands; the run then gates against the new baseline.
    const abs = resolve(io.cwd, flags.writeBaseline);
    const doc = buildBaseline(result.findings);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, serializeBaseline(doc));
    written = { file: displayPath(io.cwd, abs), entries: doc.entries.length };
    result = applyBaseline(result, new BaselineSet(written.file, doc.entries));
  }

  // Messages wait until the host names are known, so --redact covers stderr too.
  const redactor = flags.redact ? redactorFor(result, io.env.VMQLINT_REDACT_SALT ?? '') : undefined;
  const say = (text: string) => io.stderr(redactor ? redactor.text(text) : text);
  // Files that are known not to be exports (vmqlint's own files, documentation) are listed by
  // `show`, not on every run; a file vmqlint did not recognise is worth a line each time.
  if (!flags.quiet) for (const sk of loaded.skipped) if (!sk.reason.startsWith('not an export')) say(`vmqlint: skipped ${sk.file}: ${sk.reason}\n`);
  for (const w of loaded.warnings ?? []) say(`vmqlint: warning: ${w.message}\n`);
  for (const f of loaded.failures) say(`vmqlint: ${f.error.message}\n`);
  if (written) say(`vmqlint: wrote ${written.entries} baseline ${written.entries === 1 ? 'entry' : 'entries'} to ${written.file}\n`);

  const gate = evaluateGate(result, { failOn: flags.failOn as Severity | 'none', maxWarnings: s.maxWarnings });
  // The fix script is run on the hosts, like a baseline is read back: hashed names would make
  // every `if ($env:COMPUTERNAME -ieq ...)` block a silent no-op, so it keeps the real names.
  const unredacted = result;
  if (flags.redact) result = redactResult(result, io.env.VMQLINT_REDACT_SALT ?? '');
  const shown = flags.quiet ? errorsOnly(result) : result;
  const reportStart = run.clock();
  const ctx: ReportContext = { color: false, rules: s.catalog.rules.map((r) => r.meta), helpUriBase: DEFAULT_HELP_URI_BASE, fix: flags.fix !== false, verbose: flags.verbose === true };
  for (const spec of s.outputs) {
    const color = spec.path === undefined && io.color(flags.color);
    // Only a terminal's width wraps: a file or a pipe gets the same bytes at any width.
    const width = spec.path === undefined ? io.width?.() : undefined;
    await writeOutputChunks(spec, LINT_CHUNKERS[spec.format](shown, { ...ctx, color, ...(width !== undefined ? { width } : {}) }), io);
  }
  if (flags.fixScript !== undefined) await writeOutputChunks({ format: 'ps1', path: flags.fixScript }, fixScriptChunks(unredacted), io);
  const reportMs = run.clock() - reportStart;

  const hk = result.housekeeping;
  if (hk && !flags.quiet) {
    const notes = [
      hk.expiredWaivers.length ? `${plural(hk.expiredWaivers.length, 'waiver')} expired` : '',
      hk.unusedWaivers.length ? `${plural(hk.unusedWaivers.length, 'waiver')} matched nothing` : '',
      hk.unmatchedBaseline.length ? `${hk.unmatchedBaseline.length} baseline ${hk.unmatchedBaseline.length === 1 ? 'entry no longer matches' : 'entries no longer match'}` : '',
    ].filter(Boolean);
    if (notes.length) say(`vmqlint: ${notes.join('; ')} (listed in the report)\n`);
  }
  if (flags.timing) {
    io.stderr(formatTiming(run.timings.rows(), loaded.hosts.length));
    if (run.phases) io.stderr(run.phases({ fleetRulesMs, reportMs, hosts: loaded.hosts.length }));
  }

  if (failures.length > 0) return 2;
  if (!gate.failed) return 0;
  say(`vmqlint: gate failed: ${gate.reasons.join('; ')}${flags.exitZero ? ' (--exit-zero: exit 0)' : ''}\n`);
  return flags.exitZero ? 0 : 1;
}
