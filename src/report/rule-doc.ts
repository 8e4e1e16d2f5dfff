/**
 * A rule's documentation page (docs/rules/<id>.md, shipped in the package) and the URL SARIF
 * `helpUri` gives for it. The page is `vmqlint explain ID --format markdown`'s text with a heading,
 * so the page, `explain` and SARIF help cannot disagree.
 */
import type { RuleMeta } from '../engine/types.js';
import { explainMarkdown } from './explain.js';

/** The package's files as a CDN serves them, per version, once the package is published. */
export const RULE_DOCS_PACKAGE_CDN = 'https://unpkg.com';

/** Where a rule's page lives inside the repository and the package. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/**
 * The absolute URL of a rule's page for a vmqlint version: the page inside that version's package
 * (SARIF requires an absolute helpUri, and the repository has no public URL yet), so the docs a
 * code-scanning alert links match the tool that raised it.
 */
export function ruleDocUrl(name: string, version: string, id: string): string {
  return `${RULE_DOCS_PACKAGE_CDN}/${name}@${encodeURIComponent(version)}/${ruleDocPath(encodeURIComponent(id))}`;
}

/** The text of docs/rules/<id>.md. */
export function ruleDocMarkdown(m: RuleMeta): string {
  const body = explainMarkdown(m).replace(/^\*\*.*\*\*\n/, '');
  return `# ${m.id}: ${m.title}\n\n<!-- Generated from the rule's metadata by scripts/write-rule-docs.ts (npm run rule-docs); do not edit by hand. -->\n${body}`;
}

/** The text of docs/rules/README.md: every rule with its title, category and default severity. */
export function ruleDocsIndex(metas: readonly RuleMeta[]): string {
  const rows = metas.map((m) => `| [${m.id}](${m.id}.md) | ${m.title.replace(/\|/g, '\\|')} | ${m.category} | ${m.defaultSeverity} |`);
  return [
    '# vmqlint rules',
    '',
    "<!-- Generated from the rules' metadata by scripts/write-rule-docs.ts (npm run rule-docs); do not edit by hand. -->",
    '',
    'One page per rule; `vmqlint explain ID` prints the same text, and SARIF help links here.',
    '',
    '| Rule | Title | Category | Default severity |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
