/**
 * Writes docs/rules/<id>.md (and the index docs/rules/README.md) from each rule's metadata, the
 * pages SARIF helpUri links. Run `npm run rule-docs` after changing a rule's docs;
 * test/report/rule-docs.test.ts fails until then.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../rules/index.js';
import { ordinal } from '../src/engine/catalog.js';
import { ruleDocMarkdown, ruleDocsIndex } from '../src/report/rule-doc.js';
import { projectRoot } from './project-root.js';

/** Every generated file under docs/rules, by file name. */
export async function ruleDocFiles(): Promise<Map<string, string>> {
  const metas = (await loadRules()).map((r) => r.meta).sort((a, b) => ordinal(a.id, b.id));
  const files = new Map<string, string>([['README.md', ruleDocsIndex(metas)]]);
  for (const m of metas) files.set(`${m.id}.md`, ruleDocMarkdown(m));
  return files;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  const dir = join(projectRoot(), 'docs', 'rules');
  mkdirSync(dir, { recursive: true });
  const files = await ruleDocFiles();
  // A removed rule's page goes too.
  for (const name of readdirSync(dir)) if (name.endsWith('.md') && !files.has(name)) rmSync(join(dir, name));
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${files.size} files to ${dir}\n`);
}
