/**
 * The bundled fleets through the real loader, catalog, simulator and formatters, run from the
 * repository root as CI would: what `npm start` shows, and what a broken host does to a run.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { LINT_RESULT_SCHEMA } from '../../src/engine/schemas.js';
import { createAjv } from '../../src/model/ajv.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { COMMON_PARAMETERS } from '../../src/report/fix-script.js';
import { commandsOf, powershellParser, syntaxErrors } from '../collect/powershell-tree.js';

const root = join(import.meta.dirname, '..', '..');
const FLEET = 'fixtures/sample-fleet';

interface JsonFinding {
  ruleId: string;
  severity: string;
  host: string;
  target: { kind: string; name: string; id: string };
  property?: string;
  message: string;
  locations: { file: string; line: number; col?: number }[];
  fingerprint: string;
  suppressed: null | { kind: string };
}

interface JsonResult {
  hosts: { name: string; status: string; error?: string }[];
  findings: JsonFinding[];
  notApplicable: { ruleId: string; host: string; reason: string }[];
  summary: Record<string, number>;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every finding the sample fleet must give, in JSON order, each problem once (fixtures/sample-fleet
 * README): [host, rule, severity, target, property]. HV-SET-2019 is the healthy host: an info only.
 */
const EXPECTED: [string, string, string, string, string][] = [
  ['HV-2022', 'jumbo-mismatch', 'warning', 'adapter SMB1', '*NetworkDirectRoCEFrameSize'],
  ['HV-2022', 'lbfo-vswitch-unsupported', 'error', 'switch vSwitch-Team', 'teamId'],
  ['HV-2022', 'sriov-misconfigured', 'warning', 'switch vSwitch-Team', 'iovEnabled'],
  ['HV-2022', 'vmq-base-processor-zero', 'warning', 'adapter NIC1', 'vmq.baseProcessorNumber'],
  ['HV-LBFO-2012R2', 'jumbo-mismatch', 'warning', 'team Team1', '*JumboPacket'],
  ['HV-LBFO-2012R2', 'registry-type-drift', 'warning', 'adapter Ethernet 4', '*VMQ'],
  ['HV-LBFO-2012R2', 'registry-value-invalid', 'error', 'adapter Ethernet 3', '*NumRssQueues'],
  ['HV-LBFO-2012R2', 'team-processor-overlap', 'error', 'team Team1', 'vmq.processorSets'],
  ['HV-LBFO-2012R2', 'vlan-on-vswitch-member', 'warning', 'adapter Ethernet 4', 'VlanID'],
  ['HV-LBFO-2012R2', 'vmq-base-processor-zero', 'warning', 'adapter Ethernet 4', 'vmq.baseProcessorNumber'],
  ['HV-LBFO-2012R2', 'vmq-base-processor-zero', 'warning', 'adapter Ethernet 3', 'vmq.baseProcessorNumber'],
  ['HV-LBFO-2012R2', 'vmq-base-processor-zero', 'warning', 'adapter NIC3', 'vmq.baseProcessorNumber'],
  ['HV-LBFO-2012R2', 'vmq-coalescing-risk', 'warning', 'adapter Ethernet 4', 'vmq.dynamicProcessorAffinityChangeSupported'],
  ['HV-LBFO-2012R2', 'vmq-coalescing-risk', 'warning', 'adapter NIC3', 'vmq.interruptVectorCoalescingSupported'],
  ['HV-LBFO-2012R2', 'vmq-on-slow-nic', 'warning', 'adapter NIC3', 'vmq.enabled'],
  ['HV-LBFO-2012R2', 'vmq-queues-exhausted', 'warning', 'switch vSwitch-LBFO', 'vmq.queues'],
  ['HV-LBFO-2012R2', 'vswitch-processor-overlap', 'warning', 'host HV-LBFO-2012R2', 'vmq.processorSets'],
  ['HV-SET-2019', 'input-not-understood', 'info', 'host HV-SET-2019', 'lossy'],
];

const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
const sarifAjv = new Ajv2020Module.default({ allErrors: true, strict: false });
formatsModule.default(sarifAjv);
const validateSarif = sarifAjv.compile(JSON.parse(readFileSync(join(dirname(multitool), 'sarif-2.1.0.json'), 'utf8')) as object);
const validateResult = createAjv().compile(LINT_RESULT_SCHEMA);

async function lint(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(root, { SOURCE_DATE_EPOCH: '1700000000', ...env });
  const code = await runLint(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('lint path arguments', () => {
  it('reports a path that does not exist as a usage error, as typed, not as a host', async () => {
    const run = await lint(['/nonexistent-vmqlint-path', '--no-config', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.err).toBe('vmqlint: /nonexistent-vmqlint-path: no such file or folder\n');
    expect(run.out).toBe('');
  });
});

describe('lint --traffic over a fleet', () => {
  // VM-APP01 (2022: vRSS on by default, two vCPUs assumed) spreads over two LPs, so it takes more
  // than one core's 5-6 Gbps to saturate one of them.
  const profile = (third: string) =>
    `{\n  "durationSeconds": 20,\n  "vnics": [\n    { "vm": "VM-APP01", "gbps": 9 },\n    { "vm": "VM09", "gbps": 4 },\n    { "vm": "${third}", "gbps": 4 }\n  ]\n}\n`;

  it('simulates each host with the entries that name its own VMs', async () => {
    const file = join(tempDir({ 'traffic.json': profile('VM10') }), 'traffic.json');
    const run = await lint([FLEET, '--no-config', '--format', 'json', '--traffic', file]);
    expect(run.err).not.toMatch(/internal error/);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as { findings: JsonFinding[]; notApplicable: { ruleId: string }[] };
    const simulated = doc.findings.filter((f) => f.ruleId === 'default-queue-bottleneck' || f.ruleId === 'predicted-core-saturation');
    expect([...new Set(simulated.map((f) => f.host))].sort()).toEqual(['HV-2022', 'HV-LBFO-2012R2']);
    // HV-SET-2019 has none of the profile's VMs: not simulated as an idle host that passes, but
    // not applicable for every rule that needs the simulation.
    const sims = ['default-queue-bottleneck', 'predicted-core-saturation', 'vmq-queue-waste'];
    const na = (doc.notApplicable as { ruleId: string; host: string; reason: string }[]).filter((n) => sims.includes(n.ruleId));
    expect(na).toEqual(sims.map((ruleId) => ({ ruleId, host: 'HV-SET-2019', reason: 'the traffic profile names no vNIC of this host' })));
  });

  it('reports an entry no host of the run matches at its line and column (exit 2), not as an internal error', async () => {
    const file = join(tempDir({ 'traffic.json': profile('VM10X') }), 'traffic.json');
    const run = await lint([FLEET, '--no-config', '--traffic', file]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/traffic\.json:6:\d+: unknown VM 'VM10X'.*no host of this run matches the entry/);
    expect(run.err).not.toMatch(/internal error/);
    const redacted = await lint([FLEET, '--no-config', '--redact', '--traffic', file]);
    expect(redacted.code).toBe(2);
    expect(redacted.err).toMatch(/traffic\.json:6:\d+: unknown VM 'VM10X'.*\(on host-[0-9a-f]{8};/);
    expect(redacted.err).not.toMatch(/HV-2022|HV-LBFO|HV-SET/);
  });

  it('reports an entry whose VM one host has but whose adapter none has on that host, not as an unknown VM', async () => {
    const file = join(tempDir({ 'traffic.json': '{\n  "vnics": [\n    { "vm": "VM01", "adapter": "Storage", "gbps": 1 }\n  ]\n}\n' }), 'traffic.json');
    const run = await lint([FLEET, '--no-config', '--traffic', file]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/traffic\.json:3:\d+: VM 'VM01' has no adapter 'Storage'; it has: Network Adapter \(on HV-LBFO-2012R2; no host of this run matches the entry\)/);
  });

  it('applies one rule to one host and to a fleet: an entry is an error only when no host of the run has its VM', async () => {
    // SQL01 is a VM of HV-SET-2019 only.
    const file = join(tempDir({ 'traffic.json': '{ "vnics": [ { "vm": "SQL01", "gbps": 1 } ] }' }), 'traffic.json');
    expect((await lint([`${FLEET}/HV-LBFO-2012R2`, '--no-config', '--exit-zero', '--traffic', file])).code).toBe(2);
    expect((await lint([`${FLEET}/HV-SET-2019`, '--no-config', '--exit-zero', '--traffic', file])).code).toBe(0);
    expect((await lint([FLEET, '--no-config', '--exit-zero', '--traffic', file])).code).toBe(0);
  });
});

describe('lint on the sample fleet (npm start)', async () => {
  const run = await lint([FLEET, '--no-config', '--format', 'json']);
  const doc = JSON.parse(run.out) as JsonResult;

  it('npm start lints the sample fleet with --exit-zero and exits 0; without it the gate fails (1)', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const args = pkg.scripts.start.split(' ').slice(pkg.scripts.start.split(' ').indexOf('lint') + 1);
    expect(args).toEqual([FLEET, '--exit-zero']);
    expect((await lint([...args, '--no-config'])).code).toBe(0);
    expect(run.code).toBe(1);
  });

  it('gives every expected finding once, and nothing else (one problem, one finding)', () => {
    expect(doc.findings.map((f) => [f.host, f.ruleId, f.severity, `${f.target.kind} ${f.target.name}`, f.property ?? ''])).toEqual(EXPECTED);
    expect(doc.hosts.map((h) => [h.name, h.status])).toEqual([
      ['HV-2022', 'ok'],
      ['HV-LBFO-2012R2', 'ok'],
      ['HV-SET-2019', 'ok'],
    ]);
  });

  it('matches the published lint-result schema; summary counts the unsuppressed findings', () => {
    expect(validateResult(doc), JSON.stringify(validateResult.errors)).toBe(true);
    const count = (sev: string) => doc.findings.filter((f) => f.suppressed === null && f.severity === sev).length;
    expect(doc.summary).toEqual({ error: count('error'), warning: count('warning'), info: count('info'), baselined: 0, waived: 0, notApplicable: doc.notApplicable.length });
  });

  it('sorts findings by host, rule id, target id and property (ordinal), and not-applicable notes by host and rule', () => {
    const key = (f: JsonFinding) => [f.host, f.ruleId, f.target.id, f.property ?? ''];
    const sorted = [...doc.findings].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return ordinal(x[0], y[0]) || ordinal(x[1], y[1]) || ordinal(x[2], y[2]) || ordinal(x[3], y[3]);
    });
    expect(doc.findings).toEqual(sorted);
    const na = [...doc.notApplicable].sort((a, b) => ordinal(a.host, b.host) || ordinal(a.ruleId, b.ruleId) || ordinal(a.reason, b.reason));
    expect(doc.notApplicable).toEqual(na);
  });

  it('points every location at a real file, relative to the working directory with / separators, at a 1-based line', () => {
    for (const f of doc.findings) {
      expect(f.locations.length).toBeGreaterThan(0);
      for (const l of f.locations) {
        expect(l.file, JSON.stringify(l)).toMatch(/^fixtures\/sample-fleet\/[^\\]+$/);
        expect(Number.isInteger(l.line) && l.line >= 1, JSON.stringify(l)).toBe(true);
        expect(existsSync(join(root, l.file))).toBe(true);
        expect(readFileSync(join(root, l.file), 'latin1').split('\n').length).toBeGreaterThanOrEqual(l.line);
      }
    }
  });

  it('writes SARIF that the official SARIF 2.1.0 schema accepts, with a start line and fingerprint on every result', async () => {
    const sarif = await lint([FLEET, '--no-config', '--format', 'sarif']);
    const log = JSON.parse(sarif.out) as { runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[] }[] };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const results = log.runs[0].results;
    expect(results).toHaveLength(EXPECTED.length);
    expect(results.map((r) => r.partialFingerprints['vmqlint/v1'])).toEqual(doc.findings.map((f) => f.fingerprint));
    expect(results.every((r) => r.locations.every((l) => l.physicalLocation.region.startLine >= 1))).toBe(true);
    expect(results.filter((r) => r.level === 'note')).toHaveLength(1);
  });

  it('gives byte-identical reports, fix script included, on every run', async () => {
    const outputs = async () => {
      const dir = tempDir();
      const formats = ['json', 'sarif', 'junit', 'github', 'markdown'].map((f) => `${f}=${join(dir, f)}`);
      const r = await lint([FLEET, '--no-config', '--exit-zero', '--fix-script', join(dir, 'fix.ps1'), ...formats.flatMap((f) => ['--format', f]), '--format', 'stylish']);
      expect(r.code).toBe(0);
      return { stylish: r.out, ...Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'latin1')])) };
    };
    const first = await outputs();
    expect(Object.keys(first).sort()).toEqual(['fix.ps1', 'github', 'json', 'junit', 'markdown', 'sarif', 'stylish']);
    expect(await outputs()).toEqual(first);
  });

  it('writes a fix script in which no command undoes another: one processor-set command per NIC', async () => {
    const dir = tempDir();
    await lint([FLEET, '--no-config', '--exit-zero', '--fix-script', join(dir, 'fix.ps1')]);
    const lines = readFileSync(join(dir, 'fix.ps1'), 'utf8').split('\r\n').map((l) => l.trim());
    const vmq = lines.filter((l) => l.startsWith('Set-NetAdapterVmq')).map((l) => l.replace(` ${COMMON_PARAMETERS}`, ''));
    expect(vmq).toEqual([
      "Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2",
      "Set-NetAdapterVmq -Name 'Ethernet 4' -BaseProcessorNumber 2 -MaxProcessorNumber 10 -MaxProcessors 5",
      "Set-NetAdapterVmq -Name 'Ethernet 3' -BaseProcessorNumber 12 -MaxProcessorNumber 20 -MaxProcessors 5",
    ]);
    // NIC3's set is not tuned: vmq-on-slow-nic turns its VMQ off in the same script.
    expect(lines).toContain("# No VMQ processor-set change for 'NIC3' (vmq-base-processor-zero, vmq-coalescing-risk, vswitch-processor-overlap): vmq-on-slow-nic turns VMQ off on it below.");
    expect(lines.some((l) => l.startsWith("Disable-NetAdapterVmq -Name 'NIC3'"))).toBe(true);
  });

  it('puts every change behind ShouldProcess, a current-state check and -ErrorAction Stop; disruptive ones behind -AllowDisruptive', async () => {
    const dir = tempDir();
    await lint([FLEET, '--no-config', '--exit-zero', '--fix-script', join(dir, 'fix.ps1')]);
    const text = readFileSync(join(dir, 'fix.ps1'), 'utf8');
    expect(text).toContain("[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]");
    expect(text).toContain('#Requires -RunAsAdministrator\r\n#Requires -Modules NetAdapter, Hyper-V, NetLbfo\r\n');
    const lines = text.split('\r\n').map((l) => l.trim());
    const changes = lines.map((l, i) => [l, i] as const).filter(([l]) => /^[A-Z][a-z]+-[A-Za-z]+ /.test(l) && !l.startsWith('Write-'));
    expect(changes.length).toBeGreaterThan(10);
    for (const [c, i] of changes) {
      expect(c).toMatch(new RegExp(` ${COMMON_PARAMETERS.replace(/\$/g, '\\$')}$`));
      expect(lines[i - 1], c).toMatch(/^(?:\} else)?if \(\$PSCmdlet\.ShouldProcess\(/);
      // Every change is preceded by a read of the current state and a skip when it is already right.
      expect(lines.slice(Math.max(0, i - 12), i).some((l) => l.startsWith('if (') && /\$current/.test(l)), c).toBe(true);
    }
    for (const [c, i] of changes.filter(([c]) => /^(Remove-VMSwitch|New-VMSwitch|Remove-NetLbfoTeam) /.test(c))) {
      expect(lines.slice(i - 4, i).some((l) => l === '} elseif (-not $AllowDisruptive) {'), c).toBe(true);
    }
    // Names are single-quoted with '' escaping, never double-quoted (no expansion).
    expect(changes.some(([c]) => c.includes('"'))).toBe(false);
  });

  it('writes a fix script that parses under the PowerShell grammar', async () => {
    const dir = tempDir();
    await lint([FLEET, '--no-config', '--exit-zero', '--fix-script', join(dir, 'fix.ps1')]);
    const text = readFileSync(join(dir, 'fix.ps1'), 'utf8').replace(/^\uFEFF/, '');
    const tree = (await powershellParser()).parse(text)!;
    expect(syntaxErrors(tree.rootNode)).toEqual([]);
    // The check can fail: a broken script is reported.
    expect(syntaxErrors((await powershellParser()).parse(text.replace('$matched = $true', 'if ($matched = {'))!.rootNode).length).toBeGreaterThan(0);
    const names = new Set(commandsOf(tree.rootNode).map((c) => c.name));
    for (const n of ['Test-LintedAdapter', 'Get-NetAdapterVmq', 'Set-NetAdapterVmq', 'Get-VMSwitch', 'New-VMSwitch']) expect(names).toContain(n);
  });

  it('keeps the fingerprints findings had before the precision changes (baselines and waivers stay valid)', () => {
    // Recorded from vmqlint before the scope and severity changes of CHANGELOG "Unreleased".
    const before: [string, string, string, string][] = [
      ["jumbo-mismatch", "HV-2022", "SMB1", "692d9062d554537cddce3e76b9ab70f6078dee79c18e838e57d6cde2c23933d7"],
      ["lbfo-vswitch-unsupported", "HV-2022", "vSwitch-Team", "a951ac12ac92f723dcdfd1459cb77ed2b8359a8c4ad18fff20f3e2271a4e1d44"],
      ["sriov-misconfigured", "HV-2022", "vSwitch-Team", "8d9b3e1818ab038e5c10ddf491bdb38bf1462421aa7308f6bdd862cdcfa75fb7"],
      ["vmq-base-processor-zero", "HV-2022", "NIC1", "d966ee767351a74059ed3f7f20585ddea13e729944d83550de22567dea87874a"],
      ["jumbo-mismatch", "HV-LBFO-2012R2", "Team1", "dcf0b8968a663b1cd7b20af360378ee04be9fe35b81d9fc3e43115093d2727fb"],
      ["registry-type-drift", "HV-LBFO-2012R2", "Ethernet 4", "1b528f6463bc0053ceddb6e8a46ff826475a3a155c11bfc24afc71df8965fd29"],
      ["registry-value-invalid", "HV-LBFO-2012R2", "Ethernet 3", "35249f6141bfa3eb20cd5f4e4761f819d808e2dbaaf6385f59d53269611c65d5"],
      ["team-processor-overlap", "HV-LBFO-2012R2", "Team1", "f6825437fc0ec3b3cf66b5d1bb9bfe159441a2d129548627cfd6e1247e5e2ef6"],
      ["vlan-on-vswitch-member", "HV-LBFO-2012R2", "Ethernet 4", "28b05748e5efb6b08bfefe21504c0f8ea374a8229585a50304bea4f1698d0aab"],
      ["vmq-base-processor-zero", "HV-LBFO-2012R2", "Ethernet 4", "6752c3c2b6d2eebfb67a44875495512fac0e97bc56cf8934a7276a40ebd7c6f7"],
      ["vmq-base-processor-zero", "HV-LBFO-2012R2", "Ethernet 3", "d320ae2cd9aa29815a4afc614fa72a40cfc2578e2a5d96d44ddc1f442f7e666b"],
      ["vmq-base-processor-zero", "HV-LBFO-2012R2", "NIC3", "a930dc59a5d8ec9f3e886575166d8df2e452aa9854acb48ed1c2a7adec84216f"],
      ["vmq-coalescing-risk", "HV-LBFO-2012R2", "Ethernet 4", "c7f0457b5befb8dd24983877c884541d018e46fef33cd70c7e2233d04fbd62cd"],
      ["vmq-coalescing-risk", "HV-LBFO-2012R2", "NIC3", "e01384d227bd7fceac131140aacfb34a5c10a5bb32c055881c514cefa2c5e06d"],
      ["vmq-on-slow-nic", "HV-LBFO-2012R2", "NIC3", "314b21492ded13fe00dc951e72b417a7b8833007c34334775765707deed67186"],
      ["vmq-queues-exhausted", "HV-LBFO-2012R2", "vSwitch-LBFO", "8e15573e3d89eba343e92f257f10ea62e5c1535e1df4896a14c14c2fd3ae66b7"],
      ["input-not-understood", "HV-SET-2019", "HV-SET-2019", "104ba3ab80762e03cbc97494f2a177876c31742d8640365401b86b3a344c6a74"],
    ];
    const now = new Map(doc.findings.map((f) => [`${f.ruleId}|${f.host}|${f.target.name}`, f.fingerprint]));
    for (const [rule, host, target, fp] of before) expect(now.get(`${rule}|${host}|${target}`), `${rule} ${host} ${target}`).toBe(fp);
  });

  it('keeps fingerprints when adapters are renamed', async () => {
    // HV-2022 is exported by PowerShell 7 (UTF-8), so its files can be edited as text.
    const dir = tempDir();
    cpSync(join(root, FLEET, 'HV-2022'), join(dir, 'HV-2022'), { recursive: true });
    for (const name of readdirSync(join(dir, 'HV-2022'))) {
      const path = join(dir, 'HV-2022', name);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\bNIC1\b/g, 'Uplink A').replace(/\bSMB1\b/g, 'Storage B'));
    }
    const io = captureIo(dir, { SOURCE_DATE_EPOCH: '1700000000' });
    await runLint(['HV-2022', '--no-config', '--format', 'json'], io);
    const renamed = (JSON.parse(io.out.join('')) as JsonResult).findings;
    const before = doc.findings.filter((f) => f.host === 'HV-2022');
    expect(renamed.map((f) => f.target.name)).toEqual(before.map((f) => f.target.name.replace('NIC1', 'Uplink A').replace('SMB1', 'Storage B')));
    expect(renamed.map((f) => f.target.name)).toContain('Uplink A');
    expect(renamed.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });
});

describe('config ignore on a real fleet', () => {
  it('leaves out a host folder named in ignore, and files matched by a glob', async () => {
    const cwd = tempDir({ '.vmqlintrc.json': JSON.stringify({ ignore: ['fleet/HV-SET-2019', '**/README.md'] }) });
    cpSync(join(root, FLEET), join(cwd, 'fleet'), { recursive: true });
    const io = captureIo(cwd);
    await runLint(['fleet', '--format', 'json'], io);
    expect((JSON.parse(io.out.join('')) as JsonResult).hosts.map((h) => h.name)).toEqual(['HV-2022', 'HV-LBFO-2012R2']);
    expect(io.err.join('')).not.toMatch(/README/);
  });
});

describe('lint on the broken fleet', async () => {
  const BROKEN = 'fixtures/broken-fleet';

  it('exits 2, even with --exit-zero, and still lints the readable host', async () => {
    for (const extra of [[], ['--exit-zero']]) {
      const run = await lint([BROKEN, '--no-config', '--format', 'json', ...extra]);
      expect(run.code).toBe(2);
      const doc = JSON.parse(run.out) as JsonResult;
      expect(doc.hosts.map((h) => [h.name, h.status])).toEqual([
        ['HV-BROKEN-01', 'error'],
        ['HV-GOOD-02', 'ok'],
      ]);
      expect(doc.hosts[0].error).toMatch(/^fixtures\/broken-fleet\/HV-BROKEN-01\/Get-NetAdapterVmq\.xml:\d+:\d+: /);
      expect(run.err).toMatch(/^vmqlint: fixtures\/broken-fleet\/HV-BROKEN-01\/Get-NetAdapterVmq\.xml:\d+:\d+: /m);
      expect(doc.findings.every((f) => f.host === 'HV-GOOD-02')).toBe(true);
    }
  });

  it('--redact hides the unreadable host too, in every output and on stderr', async () => {
    for (const format of ['json', 'sarif', 'junit', 'github', 'markdown', 'stylish']) {
      const run = await lint([BROKEN, '--no-config', '--redact', '--format', format]);
      expect(run.code).toBe(2);
      // Locations keep their paths (--redact never breaks a SARIF or annotation link); nothing else names a host.
      const text = (run.out + run.err).replace(/fixtures\/broken-fleet\/HV-GOOD-02\/[\w.-]+\.(?:json|xml|csv|reg|txt)(?::\d+){0,2}/g, '');
      expect(text, format).not.toMatch(/HV-BROKEN-01|HV-GOOD-02/i);
    }
  });
});
