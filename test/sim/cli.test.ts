/** `vmqlint simulate` in-process: the real loader on model documents written to a temp folder. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command-io.js';
import { commands } from '../../src/cli/commands.js';
import { runLint } from '../../src/cli/lint.js';
import { registerSimulate, runSimulate } from '../../src/cli/simulate.js';
import type { Host } from '../../src/model/host.js';
import { defaultHost } from './hosts.js';

interface Run {
  code: number;
  out: string;
  err: string;
  dir: string;
}

function modelDoc(...hosts: Host[]): string {
  return JSON.stringify({ schemaVersion: 1, tool: { name: 'vmqlint', version: '0.1.0' }, hosts }, null, 2);
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmqlint-sim-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function simulate(argv: string[], files: Record<string, string>): Promise<Run> {
  const dir = folder(files);
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { cwd: dir, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: (f) => f ?? false };
  const code = await runSimulate(argv, io);
  return { code, out: out.join(''), err: err.join(''), dir };
}

const host = modelDoc(defaultHost('2012R2', 6, { queues: 4 }).build());
const traffic = JSON.stringify({ durationSeconds: 20, vnics: [1, 2, 3, 4, 5, 6].map((i) => ({ vm: `VM0${i}`, gbps: 1.2 })) }, null, 2);

describe('vmqlint simulate', () => {
  it('is registered as a command', () => {
    expect(commands).toContain(registerSimulate);
  });

  it('prints text by default and exits 0', async () => {
    const r = await simulate(['host.json', '--traffic', 'traffic.json'], { 'host.json': host, 'traffic.json': traffic });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Simulation of HV01 \(Windows Server 2012 R2, 20 s at 100 ms ticks\)/);
    expect(r.out).toMatch(/Queue -> LP map/);
    expect(r.out).toMatch(/on the default queue \(2\): VM05\/Network Adapter, VM06\/Network Adapter/);
  });

  it('writes JSON, and an HTML page with --html', async () => {
    const r = await simulate(['host.json', '--traffic', 'traffic.json', '--format', 'json', '--html', 'out/sim.html'], { 'host.json': host, 'traffic.json': traffic });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.summary.queuesAvailable).toBe(4);
    expect(doc.vms.map((v: { queue: number }) => v.queue)).toEqual([1, 2, 3, 4, 0, 0]);
    expect(readFileSync(join(r.dir, 'out', 'sim.html'), 'utf8')).toMatch(/<canvas id="heatmap"/);
  });

  /** Ten VMs at 1.5 Gbps on four VM queues of a 2019 host: six share the default queue and lose throughput; the fix is default-queue VMMQ. */
  const busy = {
    'host.json': modelDoc(defaultHost('2019', 10, { queues: 4 }).build()),
    'traffic.json': JSON.stringify({ durationSeconds: 20, vnics: Array.from({ length: 10 }, (_, i) => ({ vm: `VM${String(i + 1).padStart(2, '0')}`, gbps: 1.5 })) }),
  };

  it('--html opens with a verdict: the same findings and fix commands as lint --traffic', async () => {
    const r = await simulate(['host.json', '--traffic', 'traffic.json', '--html', 'sim.html'], busy);
    expect(r.code).toBe(0);
    const html = readFileSync(join(r.dir, 'sim.html'), 'utf8');
    const verdict = /<section class="verdict" id="verdict">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('<canvas'));
    const out: string[] = [];
    const io: CommandIo = { cwd: r.dir, env: {}, stdout: (t) => out.push(t), stderr: () => {}, color: () => false };
    await runLint(['host.json', '--traffic', 'traffic.json', '--format', 'json'], io);
    const lint = JSON.parse(out.join('')) as { findings: { ruleId: string; message: string; fix?: { command: string }[] }[] };
    const wanted = lint.findings.filter((f) => ['predicted-core-saturation', 'default-queue-bottleneck', 'vmq-queue-waste'].includes(f.ruleId));
    expect(wanted.map((f) => f.ruleId)).toContain('default-queue-bottleneck');
    expect(wanted.flatMap((f) => f.fix ?? []).length).toBeGreaterThan(0);
    const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const f of wanted) {
      expect(verdict).toContain(esc(f.message));
      for (const c of f.fix ?? []) expect(verdict).toContain(esc(c.command));
    }
    expect((verdict.match(/<li>/g) ?? []).length).toBe(wanted.length);
  });

  it('--compare BEFORE AFTER --html writes both runs side by side', async () => {
    const after = modelDoc(defaultHost('2019', 10, { queues: 16 }).build());
    const r = await simulate(['--compare', 'before.json', 'after.json', '--traffic', 'traffic.json', '--html', 'cmp.html'], { 'before.json': busy['host.json'], 'after.json': after, 'traffic.json': busy['traffic.json'] });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Predicted impact/);
    const html = readFileSync(join(r.dir, 'cmp.html'), 'utf8');
    for (const id of ['heatmap-before', 'heatmap-after', 'vmbars-before', 'vmbars-after', 'verdict-before', 'verdict-after']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/id="verdict-before">[\s\S]*?default-queue-bottleneck[\s\S]*?<\/section>/);
    expect(/id="verdict-after">[\s\S]*?<\/section>/.exec(html)![0]).not.toContain('(default-queue-bottleneck,');
  });

  it('repeated runs write byte-identical text, JSON and HTML (fixed hash seed, no clock)', async () => {
    const files = { 'host.json': host, 'traffic.json': JSON.stringify({ durationSeconds: 20, vnics: [1, 2, 3, 4, 5, 6].map((i) => ({ vm: `VM0${i}`, gbps: 1.2, flows: 7 })) }) };
    const argv = ['host.json', '--traffic', 'traffic.json', '--format', 'text=sim.txt', '--format', 'json=sim.json', '--html', 'sim.html'];
    const [a, b] = [await simulate(argv, files), await simulate(argv, files)];
    for (const name of ['sim.txt', 'sim.json', 'sim.html']) {
      const x = readFileSync(join(a.dir, name));
      expect(x.length, name).toBeGreaterThan(100);
      expect(x.equals(readFileSync(join(b.dir, name))), name).toBe(true);
    }
  });

  it('--format json=FILE writes the file and the text still goes to stdout', async () => {
    const r = await simulate(['host.json', '--traffic', 'traffic.json', '--format', 'text', '--format', 'json=sim.json'], { 'host.json': host, 'traffic.json': traffic });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Simulation of HV01/);
    expect(JSON.parse(readFileSync(join(r.dir, 'sim.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('an unknown VM in the profile exits 2 with file:line:col', async () => {
    const bad = '{\n  "vnics": [\n    { "vm": "GHOST", "gbps": 1 }\n  ]\n}\n';
    const r = await simulate(['host.json', '--traffic', 'traffic.json'], { 'host.json': host, 'traffic.json': bad });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vmqlint: traffic\.json:3:13: unknown VM 'GHOST'; the snapshot has: VM01, VM02/);
    expect(r.out).toBe('');
  });

  it('a profile that breaks the schema or JSON exits 2', async () => {
    const schema = await simulate(['host.json', '--traffic', 'traffic.json'], { 'host.json': host, 'traffic.json': '{"vnics":[{"vm":"VM01","gbps":-1}]}' });
    expect(schema.code).toBe(2);
    expect(schema.err).toMatch(/traffic\.json:1:\d+: vnics\[0\]\.gbps/);
    const syntax = await simulate(['host.json', '--traffic', 'traffic.json'], { 'host.json': host, 'traffic.json': '{"vnics":[' });
    expect(syntax.code).toBe(2);
    expect(syntax.err).toMatch(/traffic\.json:1:/);
  });

  it('unreadable inputs exit 2', async () => {
    const noProfile = await simulate(['host.json', '--traffic', 'missing.json'], { 'host.json': host });
    expect(noProfile.code).toBe(2);
    expect(noProfile.err).toMatch(/cannot read traffic profile missing\.json: no such file/);
    const noHost = await simulate(['nothere.json', '--traffic', 'traffic.json'], { 'traffic.json': traffic });
    expect(noHost.code).toBe(2);
  });

  it('a snapshot with two hosts exits 2', async () => {
    const two = modelDoc(defaultHost('2016', 1).build(), { ...defaultHost('2016', 1).build(), name: 'HV02' });
    const r = await simulate(['two.json', '--traffic', 'traffic.json'], { 'two.json': two, 'traffic.json': '{"vnics":[]}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exactly one host; two\.json holds 2 \(HV01, HV02\)/);
  });

  it('without traffic it says what to give; bad --param exits 2', async () => {
    const none = await simulate(['host.json'], { 'host.json': host });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--traffic FILE, or --vms N --gbps X/);
    const param = await simulate(['host.json', '--traffic', 'traffic.json', '--param', 'htFactor=7'], { 'host.json': host, 'traffic.json': traffic });
    expect(param.code).toBe(2);
    expect(param.err).toMatch(/--param htFactor=7: expected 0.01..1/);
  });

  it('--param changes the run', async () => {
    const files = { 'host.json': host, 'traffic.json': traffic };
    const a = JSON.parse((await simulate(['host.json', '--traffic', 'traffic.json', '--format', 'json'], files)).out);
    const b = JSON.parse((await simulate(['host.json', '--traffic', 'traffic.json', '--format', 'json', '--param', 'cPktDefaultUs=5'], files)).out);
    expect(b.summary.deliveredGbps).toBeLessThan(a.summary.deliveredGbps);
    expect(b.params.find((p: { name: string }) => p.name === 'cPktDefaultUs')).toMatchObject({ value: 5, overridden: true });
  });

  it('--vms N --gbps X is a quick what-if', async () => {
    const r = await simulate(['host.json', '--vms', '8', '--gbps', '1', '--format', 'json'], { 'host.json': host });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/added 2 what-if VM/);
    const doc = JSON.parse(r.out);
    expect(doc.vms).toHaveLength(8);
    expect(doc.summary.offeredGbps).toBe(8);
    expect((await simulate(['host.json', '--vms', '8'], { 'host.json': host })).code).toBe(2);
  });

  it('bounds --vms to what a Hyper-V host runs, with a clear error instead of a run that never ends', async () => {
    for (const n of ['100000', '1e8', '0', '2.5']) {
      const r = await simulate(['host.json', '--vms', n, '--gbps', '1'], { 'host.json': host });
      expect(r.code, n).toBe(2);
      expect(r.err, n).toBe("vmqlint: --vms: expected a whole number of VMs from 1 to 1024 (Hyper-V's maximum of running VMs a host)\n");
    }
  });

  it('--list-params prints every parameter, as text or JSON, without a snapshot', async () => {
    const text = await simulate(['--list-params'], {});
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/htFactor +0\.6 +fraction of a core per busy sibling +GUESS/);
    const json = await simulate(['--list-params', '--format', 'json', '--param', 'uHi=0.8'], {});
    const doc = JSON.parse(json.out);
    expect(doc.params.find((p: { name: string }) => p.name === 'uHi')).toMatchObject({ value: 0.8, default: 0.9, overridden: true });
    const over = await simulate(['--list-params', '--param', 'uHi=0.8'], {});
    expect(over.out).toMatch(/uHi +0\.8 +fraction of an LP +GUESS \(overridden; default 0\.9\)/);
  });

  it('--compare shows the impact of a change side by side', async () => {
    const after = modelDoc(defaultHost('2012R2', 6, { queues: 2 }).build());
    const r = await simulate(['--compare', 'before.json', 'after.json', '--traffic', 'traffic.json'], { 'before.json': host, 'after.json': after, 'traffic.json': traffic });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Predicted impact: HV01 -> HV01/);
    expect(r.out).toMatch(/moved to the default queue: VM03\/Network Adapter, VM04\/Network Adapter/);
    const json = await simulate(['--compare', 'before.json', 'after.json', '--traffic', 'traffic.json', '--format', 'json'], { 'before.json': host, 'after.json': after, 'traffic.json': traffic });
    expect(JSON.parse(json.out).after.queuesAvailable).toBe(2);
    const one = await simulate(['--compare', 'before.json', '--traffic', 'traffic.json'], { 'before.json': host, 'traffic.json': traffic });
    expect(one.code).toBe(2);
  });

  it('--compare accepts a VM that only one snapshot has, but not one neither has', async () => {
    const after = modelDoc(defaultHost('2012R2', 7, { queues: 4 }).build());
    const profile = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM07', gbps: 1 }] });
    const ok = await simulate(['--compare', 'before.json', 'after.json', '--traffic', 'traffic.json'], { 'before.json': host, 'after.json': after, 'traffic.json': profile });
    expect(ok.code).toBe(0);
    const ghost = JSON.stringify({ vnics: [{ vm: 'GHOST', gbps: 1 }] });
    const bad = await simulate(['--compare', 'before.json', 'after.json', '--traffic', 'traffic.json'], { 'before.json': host, 'after.json': after, 'traffic.json': ghost });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown VM 'GHOST'/);
  });

  it('writes nothing on failure', async () => {
    const r = await simulate(['host.json', '--traffic', 'traffic.json', '--html', 'x.html'], { 'host.json': host, 'traffic.json': '{"vnics":[{"vm":"NOPE","gbps":1}]}' });
    expect(r.code).toBe(2);
    expect(existsSync(join(r.dir, 'x.html'))).toBe(false);
  });
});
