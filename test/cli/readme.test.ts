/** The README's config and waiver examples must stay valid against the schemas and the real catalog. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings, validateConfig } from '../../src/engine/config.js';
import { validateWaiversFile, WaiverSet } from '../../src/engine/waivers.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

function jsonBlockAfter(heading: string): unknown {
  const at = readme.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const m = /```json\n([\s\S]*?)\n```/.exec(readme.slice(at));
  return JSON.parse(m![1]) as unknown;
}

describe('README examples', async () => {
  const catalog = new RuleCatalog(await loadRules());
  it('the .vmqlintrc.json example is valid, rule ids and options included', () => {
    const cfg = validateConfig(jsonBlockAfter('### Configuration'), 'README.md');
    expect(() => RuleSettings.fromConfig(catalog, cfg, 'README.md')).not.toThrow();
    expect(() => new WaiverSet(catalog, [{ file: 'README.md', pointer: '/waivers', waivers: cfg.waivers ?? [] }], '2025-01-01')).not.toThrow();
  });
  it('the waivers example is valid', () => {
    const waivers = validateWaiversFile(jsonBlockAfter('### Waivers'), 'README.md');
    expect(() => new WaiverSet(catalog, [{ file: 'README.md', pointer: '/waivers', waivers }], '2025-01-01')).not.toThrow();
  });
});
