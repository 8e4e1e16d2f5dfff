/** `vmqlint explain` and `vmqlint rules --format json` show public sources, never the project's notes. */
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { publicReference } from '../../src/engine/references.js';
import { explainMarkdown, explainText } from '../../src/report/explain.js';
import { formatRulesJson } from '../../src/report/rules-list.js';

const NOTES = /\b(?:domain|simulator|style|architecture)\.md\b/;

describe('explain', async () => {
  const metas = (await loadRules()).map((r) => r.meta);

  it('prints each reference as "Title: URL" (text) or a link (markdown), with no notes', () => {
    for (const m of metas) {
      const text = explainText(m);
      const md = explainMarkdown(m);
      const refs = text.slice(text.indexOf('\nREFERENCES\n'));
      expect(refs, m.id).toMatch(/: https:\/\/learn\.microsoft\.com\//);
      expect(md.slice(md.indexOf('### References')), m.id).toMatch(/\]\(https:\/\/learn\.microsoft\.com\//);
      expect(text, m.id).not.toMatch(NOTES);
      expect(md, m.id).not.toMatch(NOTES);
      // Every source a reference names is printed with its URL.
      for (const ref of m.docs.references) for (const s of publicReference(ref).sources) if (s.url) expect(text, `${m.id}: ${s.title}`).toContain(s.url);
    }
  });

  it('keeps the notes out of the rules list JSON too', () => {
    expect(formatRulesJson(metas)).not.toMatch(NOTES);
  });
});
