/**
 * Rule documentation as `vmqlint explain ID` prints it (text) and as SARIF help carries it
 * (markdown), from the same sections: what, why, example, use instead, fix, options, references.
 * References are printed as their public sources ("Title: URL"), never as the project's notes.
 */
import { referenceMarkdown, referenceText } from '../engine/references.js';
import { releaseList } from '../engine/release.js';
import type { RuleExample, RuleMeta } from '../engine/types.js';

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'code'; lang: string; title?: string; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'refs'; refs: string[] };

interface Section {
  title: string;
  blocks: Block[];
}

function languageOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return ({ json: 'json', xml: 'xml', clixml: 'xml', csv: 'csv', reg: 'ini', ps1: 'powershell' } as Record<string, string>)[ext] ?? 'text';
}

function exampleBlocks(ex: RuleExample): Block[] {
  const blocks: Block[] = [{ kind: 'text', text: ex.description }];
  for (const name of Object.keys(ex.files).sort()) {
    blocks.push({ kind: 'code', lang: languageOf(name), title: name, text: ex.files[name].replace(/\r\n/g, '\n').replace(/\n$/, '') });
  }
  return blocks;
}

/** Where a rule applies and how severe it is, in one line. */
export function applicabilityLine(m: RuleMeta): string {
  const releases = m.releases ? releaseList(m.releases) : 'every release';
  const byRelease = Object.entries(m.severityByRelease ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([r, s]) => `${r}: ${s}`);
  const parts = [`Category: ${m.category}`, `Default severity: ${m.defaultSeverity}${byRelease.length ? ` (${byRelease.join(', ')})` : ''}`, `Applies to: ${releases}`];
  if (m.situational?.length) parts.push(`Situational: ${m.situational.map((s) => `${s.severity} when ${s.when}`).join('; ')} (your severity for the rule overrides these)`);
  if (m.needs?.length) parts.push(`Needs: ${m.needs.join(', ')}`);
  if (m.aliases?.length) parts.push(`Aliases: ${m.aliases.join(', ')}`);
  return parts.join(' | ');
}

function sections(m: RuleMeta): Section[] {
  const d = m.docs;
  const out: Section[] = [
    { title: 'What it does', blocks: [{ kind: 'text', text: d.what }] },
    { title: 'Why is this bad?', blocks: [{ kind: 'text', text: d.why }] },
    ...(d.severity ? [{ title: 'Severity', blocks: [{ kind: 'text' as const, text: d.severity }] }] : []),
    { title: 'Example', blocks: exampleBlocks(d.example) },
    { title: 'Use instead', blocks: exampleBlocks(d.fixed) },
    { title: 'Fix', blocks: [{ kind: 'code', lang: 'powershell', text: d.fix.replace(/\r\n/g, '\n').replace(/\n$/, '') }] },
  ];
  if (d.options || m.defaultOptions) {
    const blocks: Block[] = [];
    if (d.options) blocks.push({ kind: 'text', text: d.options });
    if (m.defaultOptions) blocks.push({ kind: 'code', lang: 'json', title: 'defaults', text: JSON.stringify(m.defaultOptions, null, 2) });
    out.push({ title: 'Options', blocks });
  }
  if (d.assumptions?.length) out.push({ title: 'Assumptions', blocks: [{ kind: 'list', items: d.assumptions }] });
  out.push({ title: 'References', blocks: [{ kind: 'refs', refs: d.references }] });
  return out;
}

/** Plain-text docs for a terminal. */
export function explainText(m: RuleMeta): string {
  const lines = [`${m.id}: ${m.title}`, applicabilityLine(m)];
  for (const s of sections(m)) {
    lines.push('', s.title.toUpperCase());
    for (const b of s.blocks) {
      if (b.kind === 'text') lines.push(...b.text.split('\n').map((l) => `  ${l}`.trimEnd()));
      else if (b.kind === 'list') lines.push(...b.items.map((i) => `  - ${i}`));
      else if (b.kind === 'refs') lines.push(...b.refs.map((r) => `  - ${referenceText(r)}`));
      else {
        if (b.title) lines.push(`  ${b.title}:`);
        lines.push(...b.text.split('\n').map((l) => `      ${l}`.trimEnd()));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function fence(text: string): string {
  // A fence longer than any backtick run inside keeps the block closed where it should be.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

/** Markdown docs (SARIF `help.markdown`, markdown reports). */
export function explainMarkdown(m: RuleMeta): string {
  const lines = [`**${m.id}: ${m.title}**`, '', applicabilityLine(m)];
  for (const s of sections(m)) {
    lines.push('', `### ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.kind === 'text') lines.push(b.text, '');
      else if (b.kind === 'list') lines.push(...b.items.map((i) => `- ${i}`), '');
      else if (b.kind === 'refs') lines.push(...b.refs.map((r) => `- ${referenceMarkdown(r)}`), '');
      else {
        const f = fence(b.text);
        if (b.title) lines.push(`\`${b.title}\``, '');
        lines.push(`${f}${b.lang}`, b.text, f, '');
      }
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
