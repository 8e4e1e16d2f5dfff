/**
 * The rule catalog, discovered at runtime: every `*.ts`/`*.js` file beside this one (except this
 * index and files starting with `_`; helpers live in `lib/`) exports `rule`. Adding a rule means
 * adding its file; nothing here changes. Works on the .ts sources under vitest and on the
 * compiled dist/rules/*.js.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Rule } from '../src/engine/types.js';

const RULE_FILE = /^(?!_)(?!index\.)[^.]+\.(ts|js)$/;

/** Rule modules in a folder: one per base name, preferring the extension this module runs as. */
export function ruleFiles(dir: string, preferExt: string): string[] {
  const byBase = new Map<string, string>();
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && RULE_FILE.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const base = basename(name, extname(name));
    const seen = byBase.get(base);
    if (seen === undefined || extname(name) === preferExt) byBase.set(base, name);
  }
  return [...byBase.values()].map((n) => join(dir, n));
}

function isRule(x: unknown): x is Rule {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { meta?: { id?: unknown }; check?: unknown };
  return typeof r.meta?.id === 'string' && typeof r.check === 'function';
}

/** Load every rule of a folder, sorted by id; throws on a file without `rule` or a duplicate id. */
export async function loadRulesFrom(dir: string, preferExt: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  const owner = new Map<string, string>();
  for (const file of ruleFiles(dir, preferExt)) {
    const mod = (await import(pathToFileURL(file).href)) as { rule?: unknown };
    if (!isRule(mod.rule)) throw new Error(`${file}: expected an exported \`rule\` with meta.id and check()`);
    const id = mod.rule.meta.id;
    const prior = owner.get(id);
    if (prior !== undefined) throw new Error(`${file}: rule id '${id}' is already defined in ${prior}`);
    owner.set(id, file);
    rules.push(mod.rule);
  }
  return rules.sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}

/** The v1 rule catalog. */
export async function loadRules(): Promise<Rule[]> {
  const self = fileURLToPath(import.meta.url);
  return loadRulesFrom(dirname(self), extname(self));
}
