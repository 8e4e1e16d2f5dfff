/** docs/rules is generated from the rules' metadata: a stale or stray page fails here. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDocFiles } from '../../scripts/write-rule-docs.js';
import { ruleDocMarkdown, ruleDocUrl } from '../../src/report/rule-doc.js';
import { catalog } from './fixture.js';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'rules');

describe('rule docs pages', () => {
  it('docs/rules matches the rules (run npm run rule-docs after a change)', async () => {
    const files = await ruleDocFiles();
    expect(readdirSync(dir).sort()).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(join(dir, name), 'utf8'), name).toBe(text);
  });

  it('a page is the explain markdown under a heading, with public sources only', () => {
    const m = catalog.rules[0].meta;
    const page = ruleDocMarkdown(m);
    expect(page.startsWith(`# ${m.id}: ${m.title}\n`)).toBe(true);
    expect(page).toContain('### Why is this bad?');
    expect(page).not.toMatch(/domain\.md|simulator\.md/);
  });

  it('the page URL is absolute and per version', () => {
    expect(ruleDocUrl('vmqlint', '1.2.3', 'vmq-disabled-on-uplink')).toBe('https://unpkg.com/vmqlint@1.2.3/docs/rules/vmq-disabled-on-uplink.md');
  });
});
