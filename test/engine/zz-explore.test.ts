import { it } from 'vitest';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPaths, loadFiles } from '../../src/ingest/load.js';
import { converge, describe as d, rules } from '../../test/engine/converge.js';
import { parseProfile } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';
const root = '/work/wt-fixes';
it('explore', () => {
  const sets: string[] = ['fixtures/sample-fleet', 'fixtures/multi-host', ...readdirSync(join(root,'fixtures/same-host')).filter(n=>!n.endsWith('.md')).map(n=>`fixtures/same-host/${n}`)];
  for (const n of readdirSync(join(root,'fixtures/diff'))) for (const s of ['before','after','desired']) if (existsSync(join(root,'fixtures/diff',n,s))) sets.push(`fixtures/diff/${n}/${s}`);
  for (const s of sets) {
    const r = loadPaths([s], { cwd: root });
    const c = converge(r.hosts);
    const cmds = [...c.plans.values()].flatMap(p=>p.steps.map(x=>x.fix.command));
    console.log(`== ${s}: ${r.hosts.length} hosts, ${cmds.length} cmds, remaining ${c.remaining.length}, appeared ${c.appeared.length}`);
    for (const l of d(c.remaining)) console.log('  REMAIN', l);
    for (const l of d(c.appeared)) console.log('  NEW', l);
  }
  const enc = new TextEncoder();
  for (const rule of rules) {
    const files = rule.meta.docs.example.files;
    const loaded = loadFiles(Object.entries(files).filter(([n]) => n !== 'traffic.json').map(([path, text]) => ({ path, bytes: enc.encode(text) })), 'example');
    const traffic = files['traffic.json'] ? parseProfile(files['traffic.json'], 'traffic.json') : undefined;
    const c = converge(loaded.hosts, traffic ? (h) => simulateHost(h, traffic.profile, {}, traffic.source) : undefined);
    const cmds = [...c.plans.values()].flatMap(p=>p.steps.map(x=>x.fix.command));
    console.log(`== example ${rule.meta.id}: ${cmds.length} cmds, remaining ${c.remaining.length}, appeared ${c.appeared.length}`);
    for (const x of cmds) console.log('  CMD', x);
    for (const l of d(c.remaining)) console.log('  REMAIN', l);
    for (const l of d(c.appeared)) console.log('  NEW', l);
  }
}, 600000);
