/**
 * Rule references as users read them. A rule cites a fact in its own words with source tags
 * ("Jumbo frames must match end to end [D9]") or a URL; reports print the words and each tag's
 * public source as "Title: URL" (src/engine/sources.ts). Rules and messages cite public sources
 * only (test/public-citations.test.ts), so nothing here has to be stripped on the way out.
 */
import { sourceOf, type Source } from './sources.js';

/** A reference turned into what a user sees. */
export interface PublicReference {
  /** What the reference supports, in neutral words ('' when it names only sources). */
  topic: string;
  /** The public sources it cites, in citation order, each once. */
  sources: readonly Pick<Source, 'title' | 'url'>[];
  /** Tags the source table does not know; test/engine/references.test.ts keeps this empty. */
  unknown: readonly string[];
}

/** Markers of the simulator's parameter sources, not source tags. */
const MARKERS = new Set(['SRC', 'DERIVED', 'GUESS']);

const TAG = /\[([A-Za-z]+[0-9a-z-]*)\]/g;
const URL_RE = /https?:\/\/[^\s<>\]]+/g;

/** A URL as written in running text: without trailing punctuation or an unbalanced ')'. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const open = (url.match(/\(/g) ?? []).length;
    const close = (url.match(/\)/g) ?? []).length;
    if (/[.,;:]$/.test(url) || (url.endsWith(')') && close > open)) url = url.slice(0, -1);
    else return url;
  }
}

/** What a user sees of one rule reference: a neutral topic and each cited source by title and URL. */
export function publicReference(ref: string): PublicReference {
  const sources: Pick<Source, 'title' | 'url'>[] = [];
  const unknown: string[] = [];
  const add = (s: Pick<Source, 'title' | 'url'>) => {
    // A reference may give a tag and its URL both; the source is printed once, with its title.
    if (!sources.some((x) => (s.url ? x.url === s.url : x.title === s.title))) sources.push(s);
  };
  const cite = (tag: string) => {
    if (MARKERS.has(tag.toUpperCase())) return;
    const s = sourceOf(tag);
    if (s) add({ title: s.title, url: s.url });
    else if (!unknown.includes(tag)) unknown.push(tag);
  };
  // Sources in the order the reference names them: bracketed tags and URLs.
  const marks: { at: number; run: () => void }[] = [];
  for (const m of ref.matchAll(TAG)) marks.push({ at: m.index, run: () => cite(m[1]) });
  const urls = [...ref.matchAll(URL_RE)].map((m) => ({ at: m.index, url: trimUrl(m[0]) }));
  for (const u of urls) marks.push({ at: u.at, run: () => add({ title: '', url: u.url }) });
  for (const m of marks.sort((a, b) => a.at - b.at)) m.run();

  let text = ref;
  for (const u of urls.reverse()) text = `${text.slice(0, u.at)} ${text.slice(u.at + u.url.length)}`;
  const topic = text.replace(TAG, ' ').replace(/\s+/g, ' ').replace(/[\s:;,-]+$/, '').trim();
  return { topic, sources, unknown };
}

/** One reference as plain text: "Topic: Title: URL; Title: URL". */
export function referenceText(ref: string): string {
  const r = publicReference(ref);
  const sources = r.sources.map((s) => (s.title && s.url ? `${s.title}: ${s.url}` : (s.url ?? s.title)));
  return [r.topic, sources.join('; ')].filter(Boolean).join(' - ');
}

/** One reference as markdown: the topic, then each source as a link. */
export function referenceMarkdown(ref: string): string {
  const r = publicReference(ref);
  const sources = r.sources.map((s) => (s.url ? `[${(s.title || s.url).replace(/[[\]]/g, '\\$&')}](${s.url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : s.title));
  return [r.topic, sources.join('; ')].filter(Boolean).join(' - ');
}

/** The simulator facts (F1-F18) a text cites by number, each once, in numeric order. */
export function factsCited(text: string): Source[] {
  const nums = [...new Set([...text.matchAll(/\bF(\d+)\b/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  return nums.map((n) => sourceOf(`F${n}`)).filter((s): s is Source => s !== undefined);
}

/** The first public URL a rule's references cite (its primary source), if any. */
export function primarySourceUrl(refs: readonly string[]): string | undefined {
  for (const ref of refs) {
    const url = publicReference(ref).sources.find((s) => s.url)?.url;
    if (url) return url;
  }
  return undefined;
}
