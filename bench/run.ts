/**
 * `npm run bench [NAME] [--hosts N]`: runs every `bench/*.bench.js` module (compiled) in name
 * order, or those whose file name contains NAME. Each module exports
 * `run(): Promise<string[]> | string[]`, the lines of its report; options (`--hosts N` for the
 * fleet bench) are left in process.argv for the modules to read.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The first argument that is neither an option nor an option's value.
const only = process.argv.slice(2).find((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--hosts');
const files = readdirSync(here)
  .filter((f) => /\.bench\.js$/.test(f) && (!only || f.includes(only)))
  .sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(`${here}/${f}`).href)) as { run: () => Promise<string[]> | string[] };
  process.stdout.write(`== ${f.replace(/\.bench\.js$/, '')}\n`);
  for (const line of await mod.run()) process.stdout.write(`${line}\n`);
}
