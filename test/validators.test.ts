/**
 * The validators compiled ahead of time (scripts/write-validators.ts) are up to date and behave
 * exactly as validators compiled at run time: the same verdict and the same errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../rules/index.js';
import { validatorSources } from '../scripts/write-validators.js';
import { DESIRED_SCHEMA } from '../src/diff/desired-schema.js';
import { RULE_OPTION_VALIDATORS } from '../src/engine/rule-options.generated.js';
import { BASELINE_SCHEMA, VMQLINTRC_SCHEMA, WAIVERS_SCHEMA } from '../src/engine/schemas.js';
import { VALIDATORS } from '../src/engine/validators.generated.js';
import { MODEL_VALIDATOR } from '../src/ingest/model-validator.generated.js';
import { createAjv, type ValidateFunction } from '../src/model/ajv.js';
import { modelSchema } from '../src/model/schema.js';
import { TRAFFIC_SCHEMA } from '../src/sim/profile.js';

const root = join(import.meta.dirname, '..');

/** Verdict and errors of a validator on a value. */
function outcome(v: ValidateFunction, value: unknown): { ok: boolean; errors: unknown } {
  const ok = v(value) as boolean;
  return { ok, errors: structuredClone(v.errors ?? null) };
}

describe('validators compiled ahead of time', () => {
  it('each generated file equals what scripts/write-validators.ts writes (run npm run schemas after a schema change)', async () => {
    const sources = await validatorSources();
    expect(Object.keys(sources).sort()).toEqual(['src/engine/rule-options.generated.ts', 'src/engine/validators.generated.ts', 'src/ingest/model-validator.generated.ts']);
    for (const [path, text] of Object.entries(sources)) expect(readFileSync(join(root, path), 'utf8'), path).toBe(text);
  });

  const cases: [string, ValidateFunction, object, object, unknown[]][] = [
    ['vmqlintrc', VALIDATORS.vmqlintrc, VMQLINTRC_SCHEMA, {}, [{}, { rules: { 'vmq-queue-waste': 'warning' }, overrides: [{ hosts: ['HV*'], rules: {} }] }, { rules: { x: 'bogus', y: ['error', {}, 3] }, extra: 1, overrides: [{ hosts: [] }], waivers: [{ rule: '' }] }]],
    ['waivers', VALIDATORS.waivers, WAIVERS_SCHEMA, {}, [{ waivers: [{ rule: 'a', reason: 'b', expires: '2026-01-31' }] }, { waivers: [{ rule: '', reason: 'r', expires: 'not-a-date', color: 'red' }] }, []]],
    ['baseline', VALIDATORS.baseline, BASELINE_SCHEMA, {}, [{}, { schemaVersion: 9, entries: 'x' }, null]],
    ['traffic', VALIDATORS.traffic, TRAFFIC_SCHEMA, {}, [{ durationSeconds: 20, vnics: [{ vm: 'VM01', gbps: 1.2 }] }, { vnics: [{ gbps: -1, extra: true }] }, 'x']],
    ['desired', VALIDATORS.desired, DESIRED_SCHEMA, {}, [{ expect: [] }, { expect: [{}], other: 1 }, { expect: [{ property: 5 }] }]],
    ['model', MODEL_VALIDATOR, modelSchema, { allErrors: false }, [{ schemaVersion: 2 }, { schemaVersion: 1, tool: {}, hosts: [{ name: 3 }] }, {}]],
  ];
  for (const [name, generated, schema, options, values] of cases) {
    it(`${name}: the same verdict and errors as a validator compiled at run time`, () => {
      const compiled = createAjv(options).compile(schema);
      const outcomes = values.map((v) => outcome(generated, v));
      expect(outcomes).toEqual(values.map((v) => outcome(compiled, v)));
      // The cases exercise the errors, not only the happy path.
      expect(outcomes.some((o) => !o.ok)).toBe(true);
    });
  }

  it("each catalog rule's options: the same verdict and errors, and the schema it was compiled from", async () => {
    const rules = (await loadRules()).filter((r) => r.meta.optionsSchema !== undefined);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const ahead = RULE_OPTION_VALIDATORS[rule.meta.id];
      expect(ahead, rule.meta.id).toBeDefined();
      expect(ahead!.schema).toBe(JSON.stringify(rule.meta.optionsSchema));
      const compiled = createAjv({ strict: false }).compile(rule.meta.optionsSchema!);
      const values = [rule.meta.defaultOptions ?? {}, { bogus: 1 }, { ...(rule.meta.defaultOptions ?? {}), ...Object.fromEntries(Object.keys((rule.meta.optionsSchema as { properties?: object }).properties ?? {}).map((k) => [k, 'x'])) }];
      expect(values.map((v) => outcome(ahead!.validate, v)), rule.meta.id).toEqual(values.map((v) => outcome(compiled, v)));
    }
  });
});
