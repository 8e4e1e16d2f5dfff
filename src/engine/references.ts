/**
 * Rule references as users read them. A rule cites a fact as a section of the project's research
 * notes plus source tags ("domain.md 3.2 rule 3 and rule 5 [S1][S3][B8]", "simulator.md F14, V8");
 * users never see those notes, so reports print a neutral description of the topic and each
 * tag's public source as "Title: URL" (src/engine/sources.ts). The rule files keep their tags:
 * they stay the traceable link from a rule to the notes.
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
const NOTE = /\b(domain|simulator|style|architecture)\.md\b/;

/** Neutral titles of the notes' sections, so "domain.md 3.2" reads as what it is about. */
const DOMAIN_SECTIONS: Record<string, string> = {
  '0': 'Key facts',
  '1': 'Standardized INF keywords',
  '1.1': 'Where advanced properties live in the registry',
  '1.2': 'Registry value types of advanced properties',
  '1.3': 'Standardized INF keyword catalogue',
  '1.4': 'How the driver chooses RSS, VMQ or SR-IOV',
  '2': 'Host-wide VMQ switches',
  '3': 'Processor selection for VMQ and RSS',
  '3.1': 'VMQ and RSS processor parameters',
  '3.2': 'Processor selection rules for VMQ and RSS',
  '4': 'VMQ, Dynamic VMQ, vRSS and VMMQ',
  '4.1': 'VM queues and their allocation',
  '4.2': 'Static and Dynamic VMQ',
  '4.3': 'Hyper-V per-port offload defaults',
  '5': 'Interrupts and interrupt coalescing',
  '6': 'Receive throughput per core',
  '7': 'NIC teaming',
  '7.1': 'LBFO teaming',
  '7.2': 'Switch Embedded Teaming (SET)',
  '8': 'SR-IOV, live migration and other checks',
  '9': 'Exported PowerShell objects and CIM classes',
  '9.1': 'Get-NetAdapterAdvancedProperty output',
  '9.2': 'Get-NetAdapterVmq output',
  '9.3': 'Get-NetAdapterVmqQueue output',
  '9.4': 'Get-NetAdapterRss output',
  '9.5': 'Get-VMNetworkAdapter output',
  '9.6': 'Get-VMSwitch output',
  '9.7': 'Get-VMSwitchTeam output',
  '9.8': 'Get-NetLbfoTeam output',
};

/**
 * The notes' section titles: a rule's reference must say what its public source supports, never
 * name the notes' sections (users never get the notes); test/rules/index.test.ts holds rules to it.
 */
export function noteSectionTitles(): string[] {
  return [...Object.values(DOMAIN_SECTIONS), "vmqlint's simulator model"];
}

const SIMULATOR_SECTIONS: Record<string, string> = {
  'a.1': 'inputs',
  'a.2': 'static derivations',
  'a.3': 'queue allocation',
  'a.4': 'queue placement',
  'a.5': 'cost and throughput model',
  'a.6': 'dynamic policy',
  'a.7': 'outputs',
  'b.1': 'receive-path calibration',
  'b.2': 'interrupt moderation settings',
  'b.3': 'load-balancing models',
};

/** Words that only make sense inside the notes (rule numbers, validation scenarios, errata). */
const NOTE_ONLY = [
  /\b(?:and\s+)?rules?\s+\d+(?:\s*-\s*\d+)?(?:\s*(?:,|and)\s*(?:rule\s+)?\d+(?:\s*-\s*\d+)?)*/gi,
  /\bsteps?\s+\d+/gi,
  /\berrata(?:\s+\d+(?:\s*-\s*\d+)?)?/gi,
  /\blint candidates\b/gi,
  /\bV\d+(?:\s*-\s*V?\d+)?\b/g,
  /\bF\d+(?:\s*-\s*F?\d+)?\b/g,
];

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** Split at depth-0 commas, keeping parenthesised text (which may hold commas) whole. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Expand "a.4-a.7" to its sections; other keys as they are. */
function sectionKeys(key: string): string[] {
  const m = /^([a-d])\.(\d+)-(?:[a-d]\.)?(\d+)$/.exec(key);
  if (!m) return [key];
  const out: string[] = [];
  for (let i = Number(m[2]); i <= Number(m[3]); i++) out.push(`${m[1]}.${i}`);
  return out;
}

interface Segment {
  key?: string;
  rest: string[];
  notes: string[];
}

/** The segments of a notes citation: "7.1 VMQ mode, 7.2 Queues" -> two, each with its own words. */
function segmentsOf(body: string): Segment[] {
  const segs: Segment[] = [];
  for (const raw of splitTopLevel(body)) {
    const notes: string[] = [];
    let text = raw.replace(/\(([^()]*)\)/g, (_, inner: string) => {
      if (inner.trim()) notes.push(inner.trim());
      return ' ';
    });
    const m = /^\s*(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?|[a-d]\.\d+(?:-(?:[a-d]\.)?\d+)?)(?![\w.])(.*)$/.exec(text);
    let seg: Segment;
    if (m || segs.length === 0) {
      seg = { key: m?.[1], rest: [], notes: [] };
      segs.push(seg);
      if (m) text = m[2];
    } else seg = segs[segs.length - 1];
    for (const re of NOTE_ONLY) text = text.replace(re, ' ');
    text = text.replace(/\s+/g, ' ').replace(/^\s*(?:and\b)?\s*|\s*(?:\band)?\s*$/g, '');
    if (text) seg.rest.push(text);
    seg.notes.push(...notes);
  }
  return segs;
}

/** The neutral topic of a domain.md citation body. */
function domainTopic(body: string): string {
  const parts: string[] = [];
  for (const s of segmentsOf(body)) {
    const key = s.key?.split('-')[0];
    const title = key ? (DOMAIN_SECTIONS[key] ?? DOMAIN_SECTIONS[key.split('.')[0]] ?? '') : '';
    const rest = s.rest.join(', ');
    const head = [title, rest && !title.toLowerCase().includes(rest.toLowerCase()) ? rest : ''].filter(Boolean).join(': ');
    const notes = s.notes.join('; ');
    const topic = head ? `${head}${notes ? ` (${notes})` : ''}` : capitalize(notes);
    if (topic && !parts.includes(topic)) parts.push(topic);
  }
  return parts.join('; ');
}

/** The neutral topic of a simulator.md citation body ('' when it names only facts and scenarios). */
function simulatorTopic(body: string): string {
  const titles: string[] = [];
  const notes: string[] = [];
  for (const s of segmentsOf(body)) {
    for (const k of s.key ? sectionKeys(s.key) : []) {
      const t = SIMULATOR_SECTIONS[k];
      if (t && !titles.includes(t)) titles.push(t);
    }
    notes.push(...s.rest, ...s.notes);
  }
  if (titles.length === 0 && notes.length === 0) return '';
  const head = `vmqlint's simulator model${titles.length ? `: ${titles.join(', ')}` : ''}`;
  const extra = notes.filter((n) => !titles.includes(n.toLowerCase()));
  return `${head}${extra.length ? ` (${extra.join('; ')})` : ''}`;
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
  // Sources in the order the reference names them: bracketed tags, bare fact numbers, URLs.
  const marks: { at: number; run: () => void }[] = [];
  for (const m of ref.matchAll(TAG)) marks.push({ at: m.index, run: () => cite(m[1]) });
  const urls = [...ref.matchAll(URL_RE)].map((m) => ({ at: m.index, url: trimUrl(m[0]) }));
  for (const u of urls) marks.push({ at: u.at, run: () => add({ title: '', url: u.url }) });
  const note = NOTE.exec(ref);
  if (note?.[1] === 'simulator') for (const m of ref.matchAll(/\bF(\d+)\b/g)) marks.push({ at: m.index, run: () => cite(`F${m[1]}`) });
  for (const m of marks.sort((a, b) => a.at - b.at)) m.run();

  let text = ref;
  for (const u of urls.reverse()) text = `${text.slice(0, u.at)} ${text.slice(u.at + u.url.length)}`;
  text = text.replace(TAG, ' ');
  let topic: string;
  if (!note) topic = text.replace(/\s+/g, ' ').replace(/[\s:;,-]+$/, '').trim();
  else {
    const before = text.slice(0, text.search(NOTE)).replace(/\s+/g, ' ').trim();
    const body = text.slice(text.search(NOTE) + note[0].length);
    const noteTopic = note[1] === 'domain' ? domainTopic(body) : note[1] === 'simulator' ? simulatorTopic(body) : designTopic(body);
    topic = [before, noteTopic].filter(Boolean).join(': ');
  }
  return { topic, sources, unknown };
}

/** The topic of a citation of the project's own design notes (style.md, architecture.md). */
function designTopic(body: string): string {
  const notes = segmentsOf(body).flatMap((s) => [...s.rest, ...s.notes]);
  return `vmqlint's design${notes.length ? ` (${notes.join('; ')})` : ''}`;
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

/** A citation of the notes inside prose: "domain.md 3.2 rule 1", "simulator.md a.3", with tags. */
const PROSE_CITE =
  /\b(?:domain|simulator|style|architecture)\.md(?:(?:\s*,\s*|\s+)(?:and\s+)?(?:\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?|rules?\s+\d+(?:-\d+)?|[a-d]\.\d+(?:-(?:[a-d]\.)?\d+)?|[FV]\d+(?:-[FV]?\d+)?|[Ee]rrata(?:\s+\d+(?:-\d+)?)?|steps?\s+\d+|\[[A-Za-z]+[0-9a-z-]*\])(?![\w.]))*/g;

/**
 * Prose (what, why, assumptions) without its citations of the notes: a citation in parentheses
 * is dropped with its punctuation; one inside a sentence becomes "the sources below".
 */
export function publicProse(text: string): string {
  let out = text.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    if (!PROSE_CITE.test(inner)) return whole;
    PROSE_CITE.lastIndex = 0;
    // Dropped where it stands alone in the parentheses; inside a phrase it still needs a noun.
    const kept = inner
      .replace(PROSE_CITE, (_, at: number) => (/(?:^|[,;])\s*$/.test(inner.slice(0, at)) ? '' : 'the sources below'))
      .replace(/\s*,\s*(?=,|$)/g, '')
      .replace(/^[\s,;:]+|[\s,;]+$/g, '')
      .replace(/\s{2,}/g, ' ');
    return kept ? `(${kept})` : '\u0000';
  });
  PROSE_CITE.lastIndex = 0;
  out = out.replace(/\s*\u0000/g, '');
  // A citation that opens the text as its label ("simulator.md a.7: an LP is engaged ...") goes.
  out = out.replace(new RegExp(`^${PROSE_CITE.source}\\s*:\\s*`), '');
  out = out.replace(PROSE_CITE, 'the sources below').replace(/\bthe sources below notes\b/g, 'the sources below note');
  return out;
}
