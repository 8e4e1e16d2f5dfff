/**
 * `npm run bench`: runs every `bench/*.bench.js` module (compiled) in name order. Each module
 * exports `run(): Promise<string[]> | string[]`, the lines of its report.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => /\.bench\.js$/.test(f) && (!only || f.includes(only)))
  .sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(`${here}/${f}`).href)) as { run: () => Promise<string[]> | string[] };
  process.stdout.write(`== ${f.replace(/\.bench\.js$/, '')}\n`);
  for (const line of await mod.run()) process.stdout.write(`${line}\n`);
}
