/**
 * What `lint` and `merge` read before any host: the gate flags, the outputs, the rule catalog,
 * the config (rule settings and waivers), a waivers file and a baseline. One function for both,
 * so a merged run judges findings exactly as one unsharded run does.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BaselineSet } from '../engine/baseline.js';
import { RuleCatalog } from '../engine/catalog.js';
import { CONFIG_FILE_NAME, RuleSettings, validateConfig, type VmqlintConfig } from '../engine/config.js';
import { resolveToday } from '../engine/time.js';
import type { Rule, Severity } from '../engine/types.js';
import { validateWaiversFile, WaiverSet, type WaiverSource } from '../engine/waivers.js';
import { UsageError } from '../model/errors.js';
import { LINT_FORMAT_NAMES } from '../report/lint-formats.js';
import { readBaselineInput } from './baseline-input.js';
import type { CommandIo } from './command-io.js';
import { parseOutputs, type OutputSpec } from './io.js';
import { readJsonInput } from './json-input.js';

/** The flags that decide how a run's findings are judged and reported (lint's and merge's). */
export interface ReportFlags {
  format?: string[];
  outputFile?: string;
  config?: string | false;
  failOn: string;
  maxWarnings?: string;
  exitZero?: boolean;
  baseline?: string;
  maxBaselineEntries?: string;
  writeBaseline?: string;
  waivers?: string;
  quiet?: boolean;
  timing?: boolean;
  redact?: boolean;
  color?: boolean;
  now?: string;
  fixScript?: string;
  fix?: boolean;
  verbose?: boolean;
}

/** Everything read from the flags and files before the hosts. */
export interface LintSettings {
  maxWarnings?: number;
  outputs: OutputSpec[];
  catalog: RuleCatalog;
  configPath?: string;
  config: VmqlintConfig;
  settings: RuleSettings;
  waivers: WaiverSet;
  baseline?: BaselineSet;
}

const FAIL_ON: readonly (Severity | 'none')[] = ['error', 'warning', 'info', 'none'];

/** A flag that takes a whole number of 1 or more; undefined when not given. */
export function wholeNumberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new UsageError(`${name} ${value}: expected a whole number from 1 to 999999999`);
  return Number(value);
}

/** `.vmqlintrc.json` in the working directory or the nearest folder above it. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Validate the gate and output flags, then read the config, waivers and baseline (in that order: the first problem is the one reported). */
export async function readLintSettings(flags: ReportFlags & { rule?: string[] }, io: CommandIo, loadRules: () => Promise<Rule[]>): Promise<LintSettings> {
  if (!FAIL_ON.includes(flags.failOn as Severity | 'none')) throw new UsageError(`--fail-on ${flags.failOn}: expected error, warning, info or none`);
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    if (!/^\d+$/.test(flags.maxWarnings)) throw new UsageError(`--max-warnings ${flags.maxWarnings}: expected a whole number of 0 or more`);
    maxWarnings = Number(flags.maxWarnings);
  }
  const outputs = parseOutputs(flags.format, LINT_FORMAT_NAMES, 'stylish', flags.outputFile);
  const today = resolveToday(flags.now, io.env.SOURCE_DATE_EPOCH);

  const catalog = new RuleCatalog(await loadRules());

  const configPath = flags.config === false ? undefined : flags.config !== undefined ? resolve(io.cwd, flags.config) : findConfig(io.cwd);
  let config: VmqlintConfig = {};
  const waiverSources: WaiverSource[] = [];
  let settings = new RuleSettings(catalog);
  if (configPath !== undefined) {
    const input = readJsonInput(configPath, io.cwd, 'config file');
    config = validateConfig(input.value, input.file, input.locate);
    settings = RuleSettings.fromConfig(catalog, config, input.file, input.locate);
    if (config.waivers) waiverSources.push({ file: input.file, pointer: '/waivers', waivers: config.waivers, locate: input.locate });
  }
  settings.addCommandLine(flags.rule ?? []);
  if (flags.waivers !== undefined) {
    const input = readJsonInput(flags.waivers, io.cwd, 'waivers file');
    waiverSources.push({ file: input.file, pointer: '/waivers', waivers: validateWaiversFile(input.value, input.file, input.locate), locate: input.locate });
  }
  const waivers = new WaiverSet(catalog, waiverSources, today);
  let baseline: BaselineSet | undefined;
  if (flags.baseline !== undefined) {
    const read = readBaselineInput(flags.baseline, io.cwd, { maxEntries: wholeNumberFlag('--max-baseline-entries', flags.maxBaselineEntries) });
    baseline = new BaselineSet(read.file, read.doc.entries);
  }
  return { ...(maxWarnings !== undefined ? { maxWarnings } : {}), outputs, catalog, ...(configPath !== undefined ? { configPath } : {}), config, settings, waivers, ...(baseline ? { baseline } : {}) };
}
