/**
 * `.vmqlintrc.json`: validation against the published schema, rule ids checked against the
 * catalog (aliases accepted), rule options checked against each rule's own options schema, and
 * the per-host settings lint applies (config < overrides by host glob < `--rule`).
 */
import { InputError, UsageError } from '../model/errors.js';
import { createAjv, type ValidateFunction } from '../model/ajv.js';
import type { RuleCatalog } from './catalog.js';
import { matchAny } from './glob.js';
import { throwSchemaErrors, validateWith, type Locator } from './schema-errors.js';
import { RULE_OPTION_VALIDATORS } from './rule-options.generated.js';
import { VALIDATORS } from './validators.generated.js';
import type { Rule, SeverityOrOff, WaiverSpec } from './types.js';

export { CONFIG_FILE_NAME } from './config-name.js';

/** A configured severity; 'default' keeps the rule's own (release- and situation-dependent) default. */
export type ConfiguredSeverity = SeverityOrOff | 'default';
export type RuleSetting = ConfiguredSeverity | [ConfiguredSeverity] | [ConfiguredSeverity, Record<string, unknown>];

export interface ConfigOverride {
  hosts: string[];
  rules: Record<string, RuleSetting>;
}

export interface VmqlintConfig {
  $schema?: string;
  rules?: Record<string, RuleSetting>;
  overrides?: ConfigOverride[];
  ignore?: string[];
  waivers?: WaiverSpec[];
  diff?: { ignore?: string[] };
  desired?: Record<string, unknown>;
}

/** Check a parsed config against the schema; errors name the key and its line. */
export function validateConfig(value: unknown, file: string, locate?: Locator): VmqlintConfig {
  return validateWith<VmqlintConfig>(VALIDATORS.vmqlintrc, value, file, locate);
}

/** What one rule runs with on one host; `severity` undefined means the rule's own default. */
export interface EffectiveSetting {
  severity?: SeverityOrOff;
  options: Record<string, unknown>;
}

interface Layer {
  /** Host globs; undefined applies to every host. */
  hosts?: string[];
  severity: Map<string, ConfiguredSeverity>;
  options: Map<string, Record<string, unknown>>;
}

let optionsAjv: ReturnType<typeof createAjv> | undefined;
const optionValidators = new WeakMap<Rule, ValidateFunction>();

/** The rule's options validator: compiled ahead of time for a catalog rule whose schema is unchanged, else compiled now. */
function optionsValidator(rule: Rule): ValidateFunction | undefined {
  if (!rule.meta.optionsSchema) return undefined;
  let v = optionValidators.get(rule);
  if (!v) {
    const ahead = RULE_OPTION_VALIDATORS[rule.meta.id];
    v = ahead !== undefined && ahead.schema === JSON.stringify(rule.meta.optionsSchema) ? ahead.validate : (optionsAjv ??= createAjv({ strict: false })).compile(rule.meta.optionsSchema);
    optionValidators.set(rule, v);
  }
  return v;
}

/** A rule's default options overlaid with the given ones, validated against its schema. */
export function mergeOptions(rule: Rule, given: Record<string, unknown> | undefined, file: string, pointer: string, label: string, locate?: Locator): Record<string, unknown> {
  const merged = { ...(rule.meta.defaultOptions ?? {}), ...(given ?? {}) };
  if (given !== undefined && !rule.meta.optionsSchema && Object.keys(given).length > 0) {
    const at = locate?.(pointer);
    throw new InputError(file, at?.line ?? 0, at?.col ?? 0, `${label}: rule ${rule.meta.id} takes no options`);
  }
  const validate = optionsValidator(rule);
  if (validate && !validate(merged)) {
    // Errors inside the merged object point at the options the user wrote, when there were any.
    throwSchemaErrors(validate.errors ?? [], file, (p, key) => locate?.(`${pointer}${p}`, key), label);
  }
  return merged;
}

/** Rule settings for a run: the config's rules and overrides, then `--rule` from the command line. */
export class RuleSettings {
  private readonly layers: Layer[] = [];
  private readonly defaults = new Map<string, Record<string, unknown>>();

  constructor(private readonly catalog: RuleCatalog) {}

  /** Settings from a validated config; unknown rule ids and bad options are InputErrors naming the key. */
  static fromConfig(catalog: RuleCatalog, config: VmqlintConfig, file: string, locate?: Locator): RuleSettings {
    const settings = new RuleSettings(catalog);
    settings.addLayer(config.rules ?? {}, undefined, file, '/rules', locate);
    (config.overrides ?? []).forEach((o, i) => settings.addLayer(o.rules, o.hosts, file, `/overrides/${i}/rules`, locate));
    return settings;
  }

  private addLayer(rules: Record<string, RuleSetting>, hosts: string[] | undefined, file: string, base: string, locate?: Locator): void {
    const layer: Layer = { hosts, severity: new Map(), options: new Map() };
    for (const key of Object.keys(rules).sort()) {
      const pointer = `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const label = `${base.slice(1).replace(/\/(\d+)\//g, '[$1].').replace(/\//g, '.')}.${key}`;
      const rule = this.catalog.resolve(key);
      if (!rule) {
        const at = locate?.(pointer, true);
        throw new InputError(file, at?.line ?? 0, at?.col ?? 0, `${label}: unknown rule id '${key}'${this.catalog.suggest(key)} (vmqlint rules lists them)`);
      }
      const setting = rules[key];
      const [severity, options] = Array.isArray(setting) ? [setting[0], setting[1]] : [setting, undefined];
      layer.severity.set(rule.meta.id, severity);
      if (options !== undefined) {
        layer.options.set(rule.meta.id, mergeOptions(rule, options, file, `${pointer}/1`, `${label}[1]`, locate));
      }
    }
    this.layers.push(layer);
  }

  /** Apply `--rule ID=off|info|warning|error|default` values (last one wins). */
  addCommandLine(values: readonly string[]): void {
    const layer: Layer = { severity: new Map(), options: new Map() };
    for (const v of values) {
      const m = /^([^=]+)=(off|info|warning|error|default)$/.exec(v.trim());
      if (!m) throw new UsageError(`--rule ${v}: expected ID=off|info|warning|error|default`);
      const rule = this.catalog.resolve(m[1].trim());
      if (!rule) throw new UsageError(`--rule ${v}: unknown rule id '${m[1]}'${this.catalog.suggest(m[1].trim())} (vmqlint rules lists them)`);
      layer.severity.set(rule.meta.id, m[2] as ConfiguredSeverity);
    }
    this.layers.push(layer);
  }

  /** The setting a rule runs with on a host: later layers win, each key separately. */
  forHost(rule: Rule, hostName: string): EffectiveSetting {
    let severity: SeverityOrOff | undefined;
    let options: Record<string, unknown> | undefined;
    for (const layer of this.layers) {
      if (layer.hosts && !matchAny(layer.hosts, hostName)) continue;
      const s = layer.severity.get(rule.meta.id);
      // 'default' undoes an earlier layer's severity: the rule's own, by release and situation.
      if (s !== undefined) severity = s === 'default' ? undefined : s;
      options = layer.options.get(rule.meta.id) ?? options;
    }
    return { severity, options: options ?? this.defaultOptions(rule) };
  }

  private defaultOptions(rule: Rule): Record<string, unknown> {
    let d = this.defaults.get(rule.meta.id);
    if (!d) {
      d = mergeOptions(rule, undefined, `rule ${rule.meta.id}`, '', 'defaultOptions');
      this.defaults.set(rule.meta.id, d);
    }
    return d;
  }
}
