/**
 * Every source tag the rules and the simulator cite resolves to a public title and URL, the
 * reference strings turn into what a user may read (their own words, a URL per source), and
 * docs/references.md is the generated view of the same table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { primarySourceUrl, publicReference, referenceMarkdown, referenceText } from '../../src/engine/references.js';
import { SOURCES, sourceOf } from '../../src/engine/sources.js';
import { PARAM_DEFS } from '../../src/sim/params.js';
import { referencesMarkdown } from '../../scripts/write-references.js';

const root = join(import.meta.dirname, '..', '..');
const NOTES = /\b(?:domain|simulator|style|architecture)\.md\b/;
const MARKERS = new Set(['SRC', 'DERIVED', 'GUESS']);

/** Bracketed tags written anywhere in a file (docs, comments, messages). */
function tagsIn(text: string): string[] {
  return [...text.matchAll(/\[([A-Z]+[0-9a-z-]*)\]/g)].map((m) => m[1]).filter((t) => !MARKERS.has(t));
}

const ruleFiles = readdirSync(join(root, 'rules')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'rules', f));
const libFiles = readdirSync(join(root, 'rules', 'lib')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'rules', 'lib', f));

describe('source table', () => {
  it('has one entry per tag, each with a title and an http(s) URL (B17 alone has none and no rule cites it)', () => {
    const tags = SOURCES.map((s) => s.tag.toLowerCase());
    expect(new Set(tags).size).toBe(tags.length);
    for (const s of SOURCES) {
      expect(s.title.length, s.tag).toBeGreaterThan(3);
      if (s.tag === 'B17') expect(s.url).toBeNull();
      else expect(s.url, s.tag).toMatch(/^https?:\/\/[^\s]+$/);
      for (const a of s.also ?? []) expect(a.url, s.tag).toMatch(/^https?:\/\/[^\s]+$/);
    }
  });

  it('links learn.microsoft.com without a locale, so readers get their own language', () => {
    const urls = SOURCES.flatMap((s) => [s.url, ...(s.also ?? []).map((a) => a.url)]).filter((u): u is string => !!u && u.includes('learn.microsoft.com'));
    expect(urls.length).toBeGreaterThan(40);
    expect(urls.filter((u) => /learn\.microsoft\.com\/[a-z]{2}-[a-z]{2}\//.test(u))).toEqual([]);
  });

  it('covers every tag written in rules/ and every fact number in the simulator parameters', () => {
    const cited = new Set<string>();
    for (const f of [...ruleFiles, ...libFiles]) for (const t of tagsIn(readFileSync(f, 'utf8'))) cited.add(t);
    const params = readFileSync(join(root, 'src', 'sim', 'params.ts'), 'utf8');
    for (const t of tagsIn(params)) cited.add(t);
    for (const p of PARAM_DEFS) for (const m of p.source.matchAll(/\bF(\d+)\b/g)) cited.add(`F${m[1]}`);
    expect(cited.size).toBeGreaterThan(40);
    expect([...cited].filter((t) => !sourceOf(t)?.url).sort()).toEqual([]);
  });

  it('docs/references.md is generated from the table (run npm run references after a change)', () => {
    expect(readFileSync(join(root, 'docs', 'references.md'), 'utf8')).toBe(referencesMarkdown());
  });

  it('docs/references.md lists every tag with its URL', () => {
    const doc = readFileSync(join(root, 'docs', 'references.md'), 'utf8');
    for (const s of SOURCES) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${s.tag} |`));
      expect(row, s.tag).toBeDefined();
      if (s.url) expect(row, s.tag).toContain(s.url);
    }
  });
});

describe('published files', () => {
  it("README, docs/ and the published schemas never cite the project's internal notes", () => {
    // docs/ recursively: the generated rule pages (docs/rules) are published too.
    const under = (dir: string) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
    const files = ['README.md', ...under('docs'), ...under('schemas')];
    expect(files).toContain(join('docs', 'rules', 'vmq-disabled-on-uplink.md'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => NOTES.test(readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });
});

describe('publicReference', () => {
  it("keeps the reference's own words as its topic and turns each tag into its source", () => {
    const r = publicReference('VMQ base processor and processor range [S1][S3][B8]');
    expect(r.topic).toBe('VMQ base processor and processor range');
    expect(r.sources.map((s) => s.url)).toEqual([sourceOf('S1')!.url, sourceOf('S3')!.url, sourceOf('B8')!.url]);
    expect(r.unknown).toEqual([]);
  });

  it('keeps the words and parentheses that say what the reference supports', () => {
    expect(publicReference('Export caveats (depth truncation, names versus numbers) [R1]').topic).toBe('Export caveats (depth truncation, names versus numbers)');
    expect(publicReference('LBFO teaming: VMQ mode; SET: Queues [S1][S3]').topic).toBe('LBFO teaming: VMQ mode; SET: Queues');
  });

  it('resolves simulator fact tags, and gives no topic when a reference names only sources', () => {
    const r = publicReference('[F14]');
    expect(r.topic).toBe('');
    expect(r.sources.map((s) => s.url)).toEqual([sourceOf('F14')!.url]);
  });

  it('reports a tag the table does not know, and ignores the parameter markers', () => {
    expect(publicReference('VM queues and their allocation [W4][Q9]').unknown).toEqual(['Q9']);
    expect(publicReference('[SRC] Ethernet header 14 [DERIVED]').unknown).toEqual([]);
  });

  it('passes a reference that already gives a URL through, titled by its own words', () => {
    const r = publicReference('Performance Tuning for Hyper-V Servers https://learn.microsoft.com/windows-server/administration/performance-tuning/role/hyper-v-server/network-io-performance');
    expect(r.topic).toBe('Performance Tuning for Hyper-V Servers');
    expect(r.sources).toEqual([{ title: '', url: 'https://learn.microsoft.com/windows-server/administration/performance-tuning/role/hyper-v-server/network-io-performance' }]);
  });

  it('prints a source given both by tag and by URL once, and no dangling punctuation', () => {
    const url = sourceOf('S10')!.url!;
    const r = publicReference(`Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ [S10]: ${url}`);
    expect(r.topic).toBe('Performance Tuning for Hyper-V Servers (2012 R2), Dynamic VMQ');
    expect(r.sources).toEqual([{ title: sourceOf('S10')!.title, url }]);
  });

  it('prints "Title: URL" in text and a link in markdown', () => {
    expect(referenceText('VM queues and their allocation [W4]')).toBe(`VM queues and their allocation - MSFT_NetAdapterVmqSettingData class: ${sourceOf('W4')!.url}`);
    expect(referenceMarkdown('[F14]')).toBe('[NIC Teaming and VMQs (Windows Server NIC Teaming topic, Microsoft)](https://learn.microsoft.com/previous-versions/orphan-topics/ws.11/mt179270%28v=ws.11%29)');
    expect(primarySourceUrl(['vmqlint design', 'LBFO teaming [S1]'])).toBe(sourceOf('S1')!.url);
    expect(primarySourceUrl(['vmqlint design'])).toBeUndefined();
  });
});

describe('every rule', async () => {
  const rules = await loadRules();

  it('cites only known tags, and every reference gives at least one public source', () => {
    const bad: string[] = [];
    for (const r of rules) {
      for (const ref of r.meta.docs.references) {
        const p = publicReference(ref);
        if (p.unknown.length) bad.push(`${r.meta.id}: unknown ${p.unknown.join(', ')} in "${ref}"`);
        if (!p.sources.some((s) => s.url)) bad.push(`${r.meta.id}: no public source in "${ref}"`);
        if (NOTES.test(referenceText(ref)) || NOTES.test(referenceMarkdown(ref))) bad.push(`${r.meta.id}: notes left in "${ref}"`);
      }
      if (!primarySourceUrl(r.meta.docs.references)) bad.push(`${r.meta.id}: no URL at all`);
    }
    expect(bad).toEqual([]);
  });
});
