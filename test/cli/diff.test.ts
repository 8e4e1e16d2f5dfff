/**
 * `vmqlint diff`, `drift` and `fleet` end to end, in-process: the fixture pairs under
 * fixtures/diff read by the real loader, linted by the real rules, with the exit codes of issue 4.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiff } from '../../src/cli/diff.js';
import { runDrift } from '../../src/cli/drift.js';
import { runFleet } from '../../src/cli/fleet.js';
import { validateSarif } from '../diff/sarif-schema.js';
import { captureIo, tempDir } from './cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const pair = (kind: string, side: 'before' | 'after'): string => join(root, 'fixtures', 'diff', kind, side);
const FLEET = join(root, 'fixtures', 'diff', 'fleet');
const DESIRED = join(root, 'fixtures', 'diff', 'desired', 'desired.json');

type Runner = typeof runDiff;

async function run(runner: Runner, argv: string[], files: Record<string, string> = {}) {
  const cwd = tempDir(files);
  const io = captureIo(cwd);
  const code = await runner(argv, io);
  return { code, out: io.out.join(''), err: io.err.join(''), cwd };
}

interface DiffJson {
  schemaVersion: number;
  mode: string;
  changes: { kind: string; property: string; severity: string; introduces: { ruleId: string }[]; fix?: { command: string }[] }[];
  hosts: { host: string; impact?: { profile: string; metrics: { name: string }[]; notes: string[] } }[];
  summary: { changes: number; ignored: number };
}

describe('vmqlint diff', () => {
  it('finds nothing between a snapshot and itself, and exits 0', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'before'), '--no-config']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('No changes.\n');
    expect(r.err).toBe('');
  });

  it('prints the plan with the finding a change introduces, and exits 1', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('  ~ adapter "SLOT 2 Port 1" *VMQ: "1" -> "0"\n');
    expect(r.out).toContain('introduces vmq-disabled-on-uplink on SLOT 2 Port 1 (warning)');
    expect(r.err).toBe("vmqlint: 2 changes at or above 'info'\n");
  });

  it('gates on --fail-on', async () => {
    const lb = [pair('load-balancing-changed', 'before'), pair('load-balancing-changed', 'after'), '--no-config'];
    expect((await run(runDiff, [...lb, '--fail-on', 'warning'])).code).toBe(0);
    expect((await run(runDiff, [...lb, '--fail-on', 'info'])).code).toBe(1);
    const vmq = [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config'];
    expect((await run(runDiff, [...vmq, '--fail-on', 'warning'])).code).toBe(1);
    expect((await run(runDiff, [...vmq, '--fail-on', 'error'])).code).toBe(0);
    expect((await run(runDiff, [...vmq, '--fail-on', 'none'])).code).toBe(0);
  });

  it('ignores noise by default, and reports it with --include-noise', async () => {
    const noise = [pair('noise-only', 'before'), pair('noise-only', 'after'), '--no-config'];
    expect((await run(runDiff, noise)).code).toBe(0);
    const loud = await run(runDiff, [...noise, '--include-noise']);
    expect(loud.code).toBe(1);
    expect(loud.out).toContain('~ adapter "NIC1" status: "Up" -> "Disconnected"');
  });

  it('applies diff.ignore from the config and --ignore from the command line', async () => {
    const args = [pair('reset-to-default', 'before'), pair('reset-to-default', 'after'), '--format', 'json'];
    const r = await run(runDiff, args, { '.vmqlintrc.json': JSON.stringify({ diff: { ignore: ['*JumboPacket'] } }) });
    const doc = JSON.parse(r.out) as DiffJson;
    expect(doc.changes.map((c) => c.property)).toEqual(['driver.date', 'driver.version', 'driver.date', 'driver.version']);
    expect(doc.summary.ignored).toBe(2);
    const quiet = await run(runDiff, [...args, '--ignore', 'driver.*'], { '.vmqlintrc.json': JSON.stringify({ diff: { ignore: ['*JumboPacket'] } }) });
    expect(quiet.code).toBe(0);
  });

  it('writes several formats at once, deterministically', async () => {
    const args = [pair('processor-set-changed', 'before'), pair('processor-set-changed', 'after'), '--no-config', '--format', 'json=out/diff.json', '--format', 'markdown=out/diff.md', '--format', 'sarif'];
    const a = await run(runDiff, args);
    const b = await run(runDiff, args);
    expect(a.code).toBe(1);
    expect(a.out).toBe(b.out);
    const json = readFileSync(join(a.cwd, 'out', 'diff.json'), 'utf8');
    expect(json).toBe(readFileSync(join(b.cwd, 'out', 'diff.json'), 'utf8'));
    const doc = JSON.parse(json) as DiffJson;
    expect(doc.schemaVersion).toBe(1);
    expect(doc.changes.find((c) => c.kind === 'processor-set-changed')?.introduces.map((f) => f.ruleId)).toEqual(['team-processor-overlap']);
    expect(readFileSync(join(a.cwd, 'out', 'diff.md'), 'utf8')).toContain('introduces `team-processor-overlap` on TEAM1');
    const sarif = JSON.parse(a.out) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string; help?: { text: string } }[] } } }[] };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs[0].results.map((x) => x.ruleId)).toEqual(['team-processor-overlap']);
    // The rule descriptors carry the catalog's docs, as lint's SARIF does.
    expect(sarif.runs[0].tool.driver.rules.find((x) => x.id === 'team-processor-overlap')?.help?.text.length).toBeGreaterThan(0);
  });

  it('without lint, reports changes with no findings', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config', '--no-lint', '--format', 'json']);
    const doc = JSON.parse(r.out) as DiffJson;
    expect(doc.changes.every((c) => c.introduces.length === 0 && c.severity === 'info')).toBe(true);
  });

  it('diffs fleets: a host added', async () => {
    const r = await run(runDiff, [pair('host-added', 'before'), pair('host-added', 'after'), '--no-config']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('+ host "HV02"');
  });

  it('adds the predicted impact per host with --traffic', async () => {
    const profile = JSON.stringify({ durationSeconds: 10, vnics: [{ vm: 'VM1', gbps: 6 }, { vm: 'VM2', gbps: 9 }] });
    const r = await run(runDiff, [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', 'traffic.json', '--format', 'json'], { 'traffic.json': profile });
    const doc = JSON.parse(r.out) as DiffJson;
    const impact = doc.hosts[0].impact!;
    expect(impact.profile).toBe('traffic.json');
    expect(impact.metrics.map((m) => m.name)).toContain('vNICs on the default queue');
    expect(impact.notes.join('\n')).toContain('VM2/Network Adapter loses its VM queue');
    const text = await run(runDiff, [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', 'traffic.json'], { 'traffic.json': profile });
    expect(text.out).toContain('predicted impact (traffic profile traffic.json)');
  });

  it('gives the predicted impact to changed hosts only', async () => {
    // HV01 is on both sides and unchanged; HV02 joins. VM1 runs on both, so the profile is valid.
    const profile = JSON.stringify({ durationSeconds: 5, vnics: [{ vm: 'VM1', gbps: 3 }] });
    const args = [pair('host-added', 'before'), pair('host-added', 'after'), '--no-config', '--traffic', 't.json'];
    const doc = JSON.parse((await run(runDiff, [...args, '--format', 'json'], { 't.json': profile })).out) as DiffJson;
    expect(doc.hosts.map((h) => [h.host, h.impact === undefined])).toEqual([
      ['HV01', true],
      ['HV02', true],
    ]);
    expect((await run(runDiff, args, { 't.json': profile })).out).not.toContain('predicted impact');
  });

  it('rejects a traffic profile naming a VM no host has', async () => {
    const profile = JSON.stringify({ vnics: [{ vm: 'VM9', gbps: 1 }] });
    const r = await run(runDiff, [pair('vmqweight-changed', 'before'), pair('vmqweight-changed', 'after'), '--no-config', '--traffic', 't.json'], { 't.json': profile });
    expect(r.code).toBe(2);
    expect(r.err).toContain("VM 'VM9' matches no vNIC on any host of the diff");
  });

  it('exits 2 on bad arguments and unreadable input', async () => {
    const ok = [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config'];
    expect((await run(runDiff, [...ok, '--fail-on', 'fatal'])).code).toBe(2);
    expect((await run(runDiff, [...ok, '--format', 'html'])).code).toBe(2);
    const missing = await run(runDiff, ['nowhere', pair('value-changed', 'after'), '--no-config']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^vmqlint: /);
    const broken = await run(runDiff, ['snap', pair('value-changed', 'after'), '--no-config'], { 'snap/Get-NetAdapter.json': '[{"Name": "NIC1", "InterfaceGuid": ' });
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('Get-NetAdapter.json:1:');
  });
});

describe('vmqlint diff on the sample fleet', () => {
  const SAMPLE = join(root, 'fixtures', 'sample-fleet');

  /** A copy of the sample fleet with three edits made by hand, as an administrator would. */
  function editedCopy(): string {
    const dir = tempDir();
    cpSync(SAMPLE, join(dir, 'after'), { recursive: true });
    // Windows PowerShell 5.1 CLIXML is UTF-16LE: a driver update put *JumboPacket back to 1514.
    const xml = join(dir, 'after', 'HV-SET-2019', 'Get-NetAdapterAdvancedProperty.xml');
    let text = readFileSync(xml).toString('utf16le');
    const at = text.indexOf('::*JumboPacket');
    const value = text.indexOf('<S>9014</S>', at);
    text = `${text.slice(0, value)}<S>1514</S>${text.slice(value + '<S>9014</S>'.length)}`;
    writeFileSync(xml, Buffer.from(text, 'utf16le'));
    // PowerShell 7 JSON: Set-VMNetworkAdapter -ManagementOS -VmqWeight 0.
    const json = join(dir, 'after', 'HV-2022', 'Get-VMNetworkAdapter.json');
    writeFileSync(json, readFileSync(json, 'utf8').replace('"VmqWeight": 100', '"VmqWeight": 0'));
    // Rename-NetAdapter NIC2 Uplink-B: the name changes in every export that carries it.
    const host = join(dir, 'after', 'HV-2022');
    for (const f of readdirSync(host)) writeFileSync(join(host, f), readFileSync(join(host, f), 'utf8').replace(/\bNIC2\b/g, 'Uplink-B'));
    return join(dir, 'after');
  }

  it('finds nothing between the fleet and itself, and exits 0', async () => {
    const r = await run(runDiff, [SAMPLE, SAMPLE, '--no-config']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('No changes.\n');
  });

  it('reports hand edits to a copy: a reset jumbo value, a VmqWeight and a rename', async () => {
    const after = editedCopy();
    const r = await run(runDiff, [SAMPLE, after, '--no-config']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      [
        'HV-2022',
        '  ~ adapter "Uplink-B" name: "NIC2" -> "Uplink-B" (renamed)',
        '  ~ vnic "vSwitch-Team" vmqWeight: 100 -> 0 (vmqweight changed)',
        '',
        'HV-SET-2019',
        '  ~ adapter "SLOT 3 Port 1" *JumboPacket: "9014" -> "1514" (reset to default) [warning]',
        '      introduces jumbo-mismatch on SETvSwitch (warning)',
      ].join('\n'),
    );
    expect(r.out).toContain('Plan: 3 changes on 2 hosts (0 errors, 1 warning, 2 info); introduces 1 finding, resolves 0.');
    const json = await run(runDiff, [SAMPLE, after, '--no-config', '--format', 'json']);
    const doc = JSON.parse(json.out) as DiffJson & { changes: { targetBefore?: { name: string } }[] };
    expect(doc.changes.map((c) => `${c.kind} ${c.property}`)).toEqual(['renamed name', 'vmqweight-changed vmqWeight', 'reset-to-default *JumboPacket']);
    expect(doc.changes[0].targetBefore?.name).toBe('NIC2');
    expect((await run(runDiff, [SAMPLE, after, '--no-config', '--format', 'json'])).out).toBe(json.out);
  });
});

describe('vmqlint drift', () => {
  it('reports each mismatch with its fix and exits 1', async () => {
    const r = await run(runDrift, ['--desired', DESIRED, FLEET, '--no-config', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as DiffJson;
    expect(doc.mode).toBe('drift');
    expect(doc.changes.map((c) => `${c.kind} ${c.property}`)).toEqual([
      'desired-mismatch loadBalancingAlgorithm',
      'desired-mismatch *JumboPacket',
      'desired-mismatch *JumboPacket',
      'desired-mismatch loadBalancingAlgorithm',
    ]);
    expect(doc.changes[1].fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*JumboPacket' -RegistryValue '9014'");
  });

  it('reads the desired state from the config, and exits 0 when it holds', async () => {
    const desired = { expect: [{ adapters: { role: 'vswitch-uplink' }, advanced: { '*JumboPacket': 9014 } }] };
    const r = await run(runDrift, [pair('value-changed', 'before')], { '.vmqlintrc.json': JSON.stringify({ desired }) });
    expect(r.code).toBe(0);
    expect(r.out).toBe('No drift: every expectation holds.\n');
    const bad = await run(runDrift, [join(FLEET, 'HV02')], { '.vmqlintrc.json': JSON.stringify({ desired }) });
    expect(bad.code).toBe(1);
  });

  it('fails the gate on an expectation that matched nothing, and does not claim every expectation holds', async () => {
    const desired = JSON.stringify({ expect: [{ adapters: { name: 'SLTO*' }, advanced: { '*JumboPacket': 9014 } }] });
    const r = await run(runDrift, ['--desired', 'd.json', FLEET, '--no-config'], { 'd.json': desired });
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('every expectation holds');
    expect(r.out).toContain('No drift in what was checked, but 1 expectation matched nothing (listed above).\n');
    expect(r.err).toBe('vmqlint: 1 expectation matched nothing, so checked nothing\n');
    const md = await run(runDrift, ['--desired', 'd.json', FLEET, '--no-config', '--format', 'markdown'], { 'd.json': desired });
    expect(md.out.startsWith('## :warning: vmqlint drift')).toBe(true);
    expect((await run(runDrift, ['--desired', 'd.json', FLEET, '--no-config', '--fail-on', 'none'], { 'd.json': desired })).code).toBe(0);
  });

  it('names the key and line of a bad desired-state file', async () => {
    const r = await run(runDrift, ['--desired', 'd.json', pair('value-changed', 'before'), '--no-config'], { 'd.json': '{\n  "expect": [\n    { "vnic": { "vmqWeight": 500 } }\n  ]\n}\n' });
    expect(r.code).toBe(2);
    expect(r.err).toBe('vmqlint: d.json:3:30: expect[0].vnic.vmqWeight: expected a value that must be <= 100\n');
  });

  it('exits 2 without a desired state', async () => {
    const r = await run(runDrift, [pair('value-changed', 'before'), '--no-config']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('drift needs --desired FILE');
  });

  it('writes SARIF with one result per mismatch, located in the export', async () => {
    const r = await run(runDrift, ['--desired', DESIRED, join(FLEET, 'HV02'), '--no-config', '--format', 'sarif']);
    const log = JSON.parse(r.out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0].results.length).toBe(3);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/Get-NetAdapterAdvancedProperty\.json$/);
  });
});

describe('vmqlint fleet', () => {
  it('names the hosts that deviate from the majority and exits 1', async () => {
    const r = await run(runFleet, [FLEET, '--no-config', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { rows: { property: string; deviating: string[] }[]; summary: { deviationsByHost: Record<string, number> } };
    expect(doc.rows.map((x) => `${x.property} ${x.deviating.join(',')}`)).toEqual([
      '*JumboPacket HV02',
      'driver.date HV02',
      'driver.version HV02',
      '*JumboPacket HV02',
      'driver.date HV02',
      'driver.version HV02',
      'loadBalancingAlgorithm HV03',
    ]);
    expect(doc.summary.deviationsByHost).toEqual({ HV01: 0, HV02: 6, HV03: 1 });
  });

  it('compares with a golden host', async () => {
    const r = await run(runFleet, [FLEET, '--no-config', '--golden', 'hv03']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('compared against golden host HV03');
    expect((await run(runFleet, [FLEET, '--no-config', '--golden', 'HV09'])).code).toBe(2);
  });

  it('exits 0 when all hosts agree, and 2 with a single host', async () => {
    const agree = await run(runFleet, [pair('host-added', 'after'), '--no-config']);
    expect(agree.code).toBe(0);
    expect(agree.out).toContain('all hosts agree');
    const one = await run(runFleet, [pair('value-changed', 'before'), '--no-config']);
    expect(one.code).toBe(2);
    expect(one.err).toContain('found only HV01');
  });

  it('writes markdown', async () => {
    const r = await run(runFleet, [FLEET, '--no-config', '--format', 'markdown']);
    expect(r.out).toContain('| team TEAM1 | `loadBalancingAlgorithm` | Dynamic | Dynamic | Dynamic | **HyperVPort** |');
  });
});
