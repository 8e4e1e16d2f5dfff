import { describe, expect, it } from 'vitest';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings, validateConfig } from '../../src/engine/config.js';
import { InputError, UsageError } from '../../src/model/errors.js';
import { testRules, vmqOffRule } from './helpers.js';
import type { Rule } from '../../src/engine/types.js';

const catalog = new RuleCatalog(testRules);
const vmq = vmqOffRule as unknown as Rule;
const lines = (map: Record<string, number>) => (p: string) => (map[p] ? { line: map[p], col: 3 } : undefined);

function configError(value: unknown, locate?: (p: string) => { line: number; col: number } | undefined): InputError {
  try {
    const cfg = validateConfig(value, '.vmqlintrc.json', locate);
    RuleSettings.fromConfig(catalog, cfg, '.vmqlintrc.json', locate);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('validateConfig', () => {
  it('accepts the documented shape', () => {
    const cfg = validateConfig(
      {
        $schema: './node_modules/vmqlint/schemas/vmqlintrc.schema.json',
        rules: { 'TEST-VMQ-OFF': 'warning', 'TEST-HOST-INFO': ['off'] },
        overrides: [{ hosts: ['HV0*'], rules: { 'TEST-VMQ-OFF': ['error', { ignoreNames: ['NIC9'] }] } }],
        ignore: ['**/old/**'],
        waivers: [{ rule: 'TEST-VMQ-OFF', reason: 'lab', expires: '2030-01-01' }],
        diff: { ignore: ['*.driver.*'] },
        desired: { adapters: {} },
      },
      '.vmqlintrc.json',
    );
    expect(cfg.rules?.['TEST-VMQ-OFF']).toBe('warning');
  });
  it('names the key and its line for a bad severity', () => {
    const e = configError({ rules: { 'TEST-VMQ-OFF': 'fatal' } }, lines({ '/rules/TEST-VMQ-OFF': 4 }));
    expect(e.message).toBe(".vmqlintrc.json:4:3: rules.TEST-VMQ-OFF: expected 'off' | 'info' | 'warning' | 'error' | 'default', or [severity, { options }]");
  });
  it('names an unknown top-level key', () => {
    expect(configError({ rulez: {} }).message).toBe('.vmqlintrc.json: rulez: unknown key');
  });
  it('names a bad waiver date and counts further problems', () => {
    const e = configError({ waivers: [{ rule: 'TEST-VMQ-OFF', reason: 'x', expires: '2025-02-30' }, { rule: 'x' }] });
    expect(e.message).toMatch(/waivers\[0\]\.expires: expected a date YYYY-MM-DD \(and 1 more problem\)$/);
  });
  it('rejects unknown rule ids, naming the key', () => {
    const e = configError({ overrides: [{ hosts: ['a'], rules: { NOPE: 'off' } }] }, lines({ '/overrides/0/rules/NOPE': 9 }));
    expect(e.message).toBe(".vmqlintrc.json:9:3: overrides[0].rules.NOPE: unknown rule id 'NOPE' (vmqlint rules lists them)");
  });
  it("validates options against the rule's schema, naming the option", () => {
    const e = configError({ rules: { 'TEST-VMQ-OFF': ['error', { ignoreNames: 'NIC1' }] } }, lines({ '/rules/TEST-VMQ-OFF/1/ignoreNames': 6 }));
    expect(e.message).toBe('.vmqlintrc.json:6:3: rules.TEST-VMQ-OFF[1].ignoreNames: expected array');
    expect(configError({ rules: { 'TEST-VMQ-OFF': ['error', { bogus: 1 }] } }).message).toBe('.vmqlintrc.json: rules.TEST-VMQ-OFF[1].bogus: unknown key');
  });
  it('rejects options for a rule without an options schema', () => {
    expect(configError({ rules: { 'TEST-HOST-INFO': ['info', { x: 1 }] } }).message).toMatch(/rules\.TEST-HOST-INFO\[1\]: rule TEST-HOST-INFO takes no options/);
  });
});

describe('RuleSettings', () => {
  it('layers config, host overrides (later wins) and --rule; aliases resolve', () => {
    const cfg = validateConfig(
      {
        rules: { 'OLD-VMQ': 'warning' },
        overrides: [
          { hosts: ['hv*'], rules: { 'TEST-VMQ-OFF': ['info', { ignoreNames: ['NIC1'] }] } },
          { hosts: ['HV02'], rules: { 'TEST-VMQ-OFF': 'off' } },
        ],
      },
      'c.json',
    );
    const s = RuleSettings.fromConfig(catalog, cfg, 'c.json');
    expect(s.forHost(vmq, 'web1')).toEqual({ severity: 'warning', options: { ignoreNames: [] } });
    expect(s.forHost(vmq, 'HV01')).toEqual({ severity: 'info', options: { ignoreNames: ['NIC1'] } });
    expect(s.forHost(vmq, 'hv02')).toEqual({ severity: 'off', options: { ignoreNames: ['NIC1'] } });
    s.addCommandLine(['old-vmq=error']);
    expect(s.forHost(vmq, 'hv02').severity).toBe('error');
  });
  it('leaves severity to the rule when nothing is configured', () => {
    expect(new RuleSettings(catalog).forHost(vmq, 'x')).toEqual({ severity: undefined, options: { ignoreNames: [] } });
  });
  it('rejects bad --rule values as usage errors', () => {
    const s = new RuleSettings(catalog);
    expect(() => s.addCommandLine(['TEST-VMQ-OFF'])).toThrow(UsageError);
    expect(() => s.addCommandLine(['NOPE=off'])).toThrow(/unknown rule id 'NOPE'/);
  });
});

describe("the 'default' setting", () => {
  it("keeps the rule's own release- and situation-dependent severity, and undoes an earlier layer", async () => {
    const { RuleCatalog } = await import('../../src/engine/catalog.js');
    const { RuleSettings, validateConfig } = await import('../../src/engine/config.js');
    const { testRules } = await import('./helpers.js');
    const catalog = new RuleCatalog(testRules);
    const rule = catalog.resolve('TEST-VMQ-OFF')!;
    const cfg = validateConfig({ rules: { 'TEST-VMQ-OFF': 'warning' }, overrides: [{ hosts: ['LAB-*'], rules: { 'TEST-VMQ-OFF': 'default' } }] }, 'c');
    const settings = RuleSettings.fromConfig(catalog, cfg, 'c');
    expect(settings.forHost(rule, 'HV01').severity).toBe('warning');
    expect(settings.forHost(rule, 'LAB-01').severity).toBeUndefined();
    settings.addCommandLine(['TEST-VMQ-OFF=default']);
    expect(settings.forHost(rule, 'HV01').severity).toBeUndefined();
  });
});
