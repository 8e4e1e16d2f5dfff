import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { defaultParams, PARAM_DEFS, paramValues, parseParamArgs, resolveParams } from '../../src/sim/params.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from './hosts.js';

describe('parameters', () => {
  it('every constant has a unit, a source and a default within its range', () => {
    for (const d of PARAM_DEFS) {
      expect(d.unit.length, d.name).toBeGreaterThan(0);
      expect(d.source.length, d.name).toBeGreaterThan(10);
      expect(d.default, d.name).toBeGreaterThanOrEqual(d.min);
      expect(d.default, d.name).toBeLessThanOrEqual(d.max);
    }
    expect(new Set(PARAM_DEFS.map((d) => d.name)).size).toBe(PARAM_DEFS.length);
  });

  it('a source that says GUESS is an assumption, and a [SRC] or [DERIVED] one is not', () => {
    for (const d of PARAM_DEFS) {
      if (d.source.startsWith('GUESS')) expect(d.assumption, d.name).toBe(true);
      if (d.source.startsWith('[SRC]') || d.source.startsWith('[DERIVED]')) expect(d.assumption, d.name).toBe(false);
    }
    expect(PARAM_DEFS.find((d) => d.name === 'cIntUs')?.assumption).toBe(true);
    expect(PARAM_DEFS.find((d) => d.name === 'modPackets')?.assumption).toBe(false);
  });

  it('the per-packet costs fitted with the GUESS cIntUs are assumptions (simulator.md b.1: "GUESS fit"), as is the per-vPort ITE count', () => {
    for (const name of ['cPktDefaultUs', 'cPktVmqUs', 'iteCount', 'avgPacketBytes']) expect(PARAM_DEFS.find((d) => d.name === name)?.assumption, name).toBe(true);
  });

  it('the packet size of a vNIC the profile does not describe is a parameter', () => {
    const run = (avgPacketBytes?: number) => simulateHost(defaultHost('2016', 1).build(), constantProfile(1, 2), avgPacketBytes ? { avgPacketBytes } : {}).summary.interruptsPerSec;
    expect(run(9000)).toBeLessThan(run() / 2);
  });

  it('--param NAME=VALUE overrides, and bad names or values are usage errors', () => {
    expect(parseParamArgs(['htFactor=0.5', 'uHi = 0.8'])).toEqual({ htFactor: 0.5, uHi: 0.8 });
    expect(() => parseParamArgs(['nope=1'])).toThrow(/unknown parameter 'nope'/);
    expect(() => parseParamArgs(['htFactor'])).toThrow(UsageError);
    expect(() => parseParamArgs(['htFactor=abc'])).toThrow(/expected a number/);
    expect(() => parseParamArgs(['htFactor=2'])).toThrow(/expected 0.01..1/);
    expect(() => parseParamArgs(['modPackets=2.5'])).toThrow(/integer/);
  });

  it('resolveParams applies overrides and paramValues marks them', () => {
    const p = resolveParams({ cIntUs: 3 });
    expect(p.cIntUs).toBe(3);
    expect(p.htFactor).toBe(defaultParams().htFactor);
    const v = paramValues(p);
    expect(v.find((x) => x.name === 'cIntUs')).toMatchObject({ value: 3, overridden: true, assumption: true });
    expect(v.find((x) => x.name === 'htFactor')?.overridden).toBe(false);
    expect(() => resolveParams({ ['bogus' as 'uHi']: 1 })).toThrow(UsageError);
  });
});

describe('parameter sources', () => {
  it('cite public facts and sources, never the project research notes (they reach --list-params JSON as written)', async () => {
    const { PARAM_DEFS } = await import('../../src/sim/params.js');
    for (const d of PARAM_DEFS) expect(d.source, d.name).not.toMatch(/\b(?:domain|simulator|formats|style)\.md\b/);
  });
});
