import { it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import { converge, describe as d } from './converge.js';
import { parseProfile } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';
const root = '/work/wt-fixes';
it('explore2', () => {
  for (const [host, prof] of [
    ['HV-LBFO-2012R2', { durationSeconds: 20, vnics: [{ vm: 'VM01', gbps: 0.01 }, { vm: 'VM02', gbps: 0.01 }, { vm: 'VM08', gbps: 3 }, { vm: 'VM09', gbps: 3 }, { vm: 'VM10', gbps: 3 }, { vm: 'TEST01', gbps: 0.5 }] }],
    ['HV-2022', { durationSeconds: 20, vnics: [{ vm: 'VM-APP01', gbps: 6 }] }],
  ] as const) {
    const r = loadPaths([`fixtures/sample-fleet/${host}`], { cwd: root });
    const t = parseProfile(JSON.stringify(prof), 'traffic.json');
    const sim = simulateHost(r.hosts[0], t.profile, {}, t.source) as any;
    console.log('SIMVMS', sim.vms.map((v: any) => `${v.vm}:${v.offeredGbps}:q${v.queue}`).join(' '));
    const c = converge(r.hosts, (h) => simulateHost(h, t.profile, {}, t.source));
    for (const f of c.before.findings) if (f.fix?.length) { console.log('F', f.ruleId, f.target.name, f.message.slice(0, 100)); for (const x of f.fix) console.log('    ', x.command); }
    for (const p of c.plans.values()) for (const s of p.steps) console.log('  PLAN', s.fix.command);
    for (const l of d(c.remaining)) console.log('  REMAIN', l);
    for (const l of d(c.appeared)) console.log('  NEW', l);
  }
}, 600000);
