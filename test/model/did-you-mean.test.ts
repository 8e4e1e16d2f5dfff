import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { runExplain } from '../../src/cli/explain.js';
import { parseOutputs } from '../../src/cli/io.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings } from '../../src/engine/config.js';
import { closestName, didYouMean, editDistance } from '../../src/model/did-you-mean.js';
import { parseParamArgs, resolveParams } from '../../src/sim/params.js';
import { captureIo, tempDir } from '../cli/cli-helpers.js';

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and adjacent swaps, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('json', 'jsno')).toBe(1);
    expect(editDistance('SARIF', 'sarif')).toBe(0);
  });
});

describe('closestName', () => {
  it('suggests a close name and nothing for a far one', () => {
    expect(closestName('jsn', ['json', 'sarif', 'stylish'])).toBe('json');
    expect(closestName('stylsh', ['json', 'sarif', 'stylish'])).toBe('stylish');
    expect(closestName('xml', ['json', 'sarif', 'stylish'])).toBeUndefined();
    expect(closestName('completely-different', ['json'])).toBeUndefined();
  });
  it('takes the closest, and the first of equals', () => {
    expect(closestName('vmq-of', ['vmq-off', 'vmq-on'])).toBe('vmq-off');
    expect(closestName('ab', ['ac', 'ad'])).toBe('ac');
  });
  it('says it as a clause', () => {
    expect(didYouMean('stylsh', ['stylish'])).toBe("; did you mean 'stylish'?");
    expect(didYouMean('zzz', ['stylish'])).toBe('');
  });
});

describe('did-you-mean at each error', () => {
  it('format names', () => {
    expect(() => parseOutputs(['sarfi'], ['json', 'sarif', 'stylish'], 'stylish')).toThrow("unknown format 'sarfi'; did you mean 'sarif'?; expected one of: json, sarif, stylish");
    expect(() => parseOutputs(['xml'], ['json', 'sarif', 'stylish'], 'stylish')).toThrow("unknown format 'xml'; expected one of");
  });
  it('simulator parameters, in --param and in overrides', () => {
    expect(() => parseParamArgs(['cPktVmqU=3'])).toThrow("unknown parameter 'cPktVmqU'; did you mean 'cPktVmqUs'?");
    expect(() => resolveParams({ cpktrssus: 1 } as never)).toThrow("did you mean 'cPktRssUs'?");
  });
  it('rule ids in --rule, the config and explain', async () => {
    const catalog = new RuleCatalog(await loadRules());
    const id = catalog.rules[0].meta.id;
    const typo = id.slice(0, -1);
    expect(() => new RuleSettings(catalog).addCommandLine([`${typo}=off`])).toThrow(`unknown rule id '${typo}'; did you mean '${id}'? (vmqlint rules lists them)`);
    expect(() => RuleSettings.fromConfig(catalog, { rules: { [typo]: 'off' } }, 'cfg.json')).toThrow(`rules.${typo}: unknown rule id '${typo}'; did you mean '${id}'?`);
    const io = captureIo(tempDir());
    expect(await runExplain([typo], io)).toBe(2);
    expect(io.err.join('')).toContain(`did you mean '${id}'?`);
  });
});
