import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, ignoredPath, runLint } from '../../src/cli/lint.js';
import { InputError } from '../../src/model/errors.js';
import { makeAdapter, makeHost } from '../engine/helpers.js';
import { captureIo, fakeDeps, tempDir } from './cli-helpers.js';
import { cli } from '../helpers/cli.js';

/** HV01 (2019): NIC1 with VMQ off (error) and a host info note; HV02 (2022): clean NIC, a host warning. */
const fleet = () => [
  makeHost('HV01', '2019', [makeAdapter('NIC1', 'guid-1', false, 'fleet/HV01/vmq.json')]),
  makeHost('HV02', '2022', [makeAdapter('NIC1', 'guid-2', true, 'fleet/HV02/vmq.json')]),
];
const cleanFleet = () => [makeHost('HV02', '2022', [makeAdapter('NIC1', 'guid-2', true)])];

async function lint(argv: string[], opts: { files?: Record<string, string>; env?: Record<string, string>; hosts?: typeof fleet; deps?: ReturnType<typeof fakeDeps> } = {}) {
  const cwd = tempDir(opts.files);
  const io = captureIo(cwd, opts.env);
  const deps = opts.deps ?? fakeDeps(opts.hosts ?? fleet);
  const code = await runLint(argv, io, deps);
  return { code, out: io.out.join(''), err: io.err.join(''), cwd, deps };
}

interface JsonDoc {
  findings: { ruleId: string; host: string; severity: string; suppressed: { kind: string; reason?: string } | null; target: { name: string } }[];
  summary: Record<string, number>;
  hosts: { name: string; status: string }[];
  housekeeping: { expiredWaivers: { reason: string }[]; unusedWaivers: unknown[]; unmatchedBaseline: unknown[] };
}

describe('lint exit codes', () => {
  it('exits 1 when an error remains, and --exit-zero turns that into 0', async () => {
    const r = await lint(['fleet', '--no-config']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("vmqlint: gate failed: 1 finding at or above 'error'");
    expect((await lint(['fleet', '--no-config', '--exit-zero'])).code).toBe(0);
  });
  it('exits 0 when nothing reaches the gate; --fail-on and --max-warnings tighten it', async () => {
    expect((await lint(['fleet', '--no-config'], { hosts: cleanFleet })).code).toBe(0);
    expect((await lint(['fleet', '--no-config', '--fail-on', 'warning'], { hosts: cleanFleet })).code).toBe(1);
    expect((await lint(['fleet', '--no-config', '--max-warnings', '0'], { hosts: cleanFleet })).code).toBe(1);
    expect((await lint(['fleet', '--no-config', '--max-warnings', '1'], { hosts: cleanFleet })).code).toBe(0);
  });
  it('--fail-on none lets no severity fail the run; --max-warnings still can', async () => {
    const r = await lint(['fleet', '--no-config', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/gate failed/);
    const w = await lint(['fleet', '--no-config', '--fail-on', 'none', '--max-warnings', '0']);
    expect(w.code).toBe(1);
    expect(w.err).toContain('vmqlint: gate failed: 1 warning, more than --max-warnings 0');
  });
  it('--help lists the exit codes, and so does the top-level help', async () => {
    const lintHelp = await cli(['lint', '--help']);
    expect(lintHelp.code).toBe(0);
    expect(lintHelp.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 {2}the gate failed\n {2}2 {2}vmqlint could not do its job/);
    expect(lintHelp.stdout.replace(/\s+/g, ' ')).toContain('error, warning, info, or none');
    expect((await cli(['--help'])).stdout).toMatch(/Exit codes: 0 success; 1 a gate failed .*; 2 vmqlint could not do its job/);
  });
  it('exits 2 when an input failed to parse, even with --exit-zero, and still reports the rest', async () => {
    const deps = fakeDeps(cleanFleet, { failures: [{ host: 'HV09', file: 'fleet/HV09/a.json', error: new InputError('fleet/HV09/a.json', 2, 3, 'expected value') }] });
    const r = await lint(['fleet', '--no-config', '--exit-zero', '--format', 'json'], { deps });
    expect(r.code).toBe(2);
    expect(r.err).toContain('vmqlint: fleet/HV09/a.json:2:3: expected value');
    expect((JSON.parse(r.out) as JsonDoc).hosts).toEqual([
      { name: 'HV02', release: '2022', status: 'ok' },
      { name: 'HV09', release: 'unknown', status: 'error', error: 'fleet/HV09/a.json:2:3: expected value', failures: [{ file: 'fleet/HV09/a.json', message: 'fleet/HV09/a.json:2:3: expected value' }] },
    ]);
  });
  it('exits 2 when no host is found', async () => {
    const r = await lint(['empty', '--no-config'], { hosts: () => [] });
    expect(r.code).toBe(2);
    expect(r.err).toBe('vmqlint: no host found in empty\n');
  });
  it('exits 2 on bad arguments', async () => {
    for (const argv of [
      ['x', '--fail-on', 'fatal'],
      ['x', '--max-warnings', '-1'],
      ['x', '--format', 'xml'],
      ['x', '--format', 'json', '--format', 'sarif'],
      ['x', '--rule', 'NOPE=off'],
      ['x', '--now', 'tomorrow'],
      ['x', '--unknown-flag'],
      [],
    ]) {
      const r = await lint([...argv, '--no-config']);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });
});

/** A report without its location paths (`fleet/HV01/vmq.json:7`), which --redact keeps so readers can open them. */
function withoutLocations(text: string): string {
  return text.replace(/[\w./-]*fleet\/[\w-]+\/[\w.-]+\.(?:json|xml|csv|reg)(?::\d+){0,2}/g, '');
}

describe('lint outputs', () => {
  it('writes several formats: one to stdout, the others to files', async () => {
    const r = await lint(['fleet', '--no-config', '--format', 'json=out/r.json', '--format', 'sarif=out/r.sarif', '--format', 'stylish']);
    expect(r.out).toMatch(/^HV01 \(Windows Server 2019, build 17763\)/);
    expect((JSON.parse(readFileSync(join(r.cwd, 'out/r.json'), 'utf8')) as JsonDoc).summary).toMatchObject({ error: 1, warning: 1, info: 1 });
    expect(JSON.parse(readFileSync(join(r.cwd, 'out/r.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });
  it('--output-file writes the single format to a file', async () => {
    const r = await lint(['fleet', '--no-config', '--format', 'junit', '--output-file', 'j.xml']);
    expect(r.out).toBe('');
    expect(readFileSync(join(r.cwd, 'j.xml'), 'utf8')).toMatch(/^<\?xml/);
  });
  it('colours stdout only with --color', async () => {
    expect((await lint(['fleet', '--no-config'])).out).not.toMatch(/\u001b\[/);
    expect((await lint(['fleet', '--no-config', '--color'])).out).toMatch(/\u001b\[/);
  });
  it('--quiet shows errors only but the gate still counts warnings', async () => {
    const r = await lint(['fleet', '--no-config', '--quiet', '--fail-on', 'warning', '--format', 'json']);
    const doc = JSON.parse(r.out) as JsonDoc;
    expect(doc.findings.map((f) => f.severity)).toEqual(['error']);
    expect(r.code).toBe(1);
    const q = await lint(['fleet', '--no-config', '--quiet', '--fail-on', 'warning'], { hosts: cleanFleet });
    expect(q.code).toBe(1);
    // The summary counts what the gate counts; the warning is only not listed.
    expect(q.out).toMatch(/^⚠ 1 problem \(0 errors, 1 warning, 0 info\); 0 baselined, 0 waived, 1 not applicable; 1 host \(not listed: 1 finding below 'error', 1 not applicable\)$/m);
    expect(q.out).not.toMatch(/0 problems/);
  });
  it('--redact hashes host names in every output, stderr included', async () => {
    const r = await lint(['fleet', '--no-config', '--redact', '--format', 'json', '--format', 'markdown=pr.md'], {
      deps: fakeDeps(fleet, { failures: [{ host: 'HV01', file: 'fleet/HV01/x.json', error: new InputError('fleet/HV01/x.json', 1, 1, 'expected value') }] }),
    });
    expect(r.err).toMatch(/^vmqlint: fleet\/host-[0-9a-f]{8}\/x\.json:1:1: expected value$/m);
    expect(r.err).not.toMatch(/HV0[12]/);
    expect(withoutLocations(r.out)).not.toMatch(/HV0[12]/);
    expect(r.out).toMatch(/host-[0-9a-f]{8}/);
    expect(withoutLocations(readFileSync(join(r.cwd, 'pr.md'), 'utf8'))).not.toMatch(/HV0[12]/);
    // Locations keep the paths a reader (or code scanning) must open.
    expect(JSON.parse(r.out).findings[0].locations[0].file).toMatch(/^fleet\/HV0[12]\//);
  });
  it('--redact leaves the fix script with real names: it is run on the hosts, not read', async () => {
    const r = await lint(['fleet', '--no-config', '--redact', '--exit-zero', '--fix-script', 'fix.ps1']);
    expect(withoutLocations(r.out)).not.toMatch(/HV0[12]/);
    const script = readFileSync(join(r.cwd, 'fix.ps1'), 'utf8');
    expect(script).toContain("if ($env:COMPUTERNAME -ieq 'HV01') {");
    expect(script).not.toMatch(/host-[0-9a-f]{8}/);
  });
  it('--timing prints per-rule time to stderr', async () => {
    const r = await lint(['fleet', '--no-config', '--timing', '--exit-zero']);
    expect(r.err).toMatch(/Rule +\| Time \(ms\) \| Per host \(ms\) \| Relative/);
    expect(r.err).toMatch(/TEST-VMQ-OFF +\| +4\.000 \| +2\.0000 \| +50\.0%/);
  });
  it('--fix-script writes a BOM + CRLF PowerShell script', async () => {
    const r = await lint(['fleet', '--no-config', '--fix-script', 'fix/out.ps1']);
    const bytes = readFileSync(join(r.cwd, 'fix/out.ps1'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain("        Enable-NetAdapterVmq -Name 'NIC1' -ErrorAction Stop -Confirm:$false\r\n");
  });
  it('--fix-script marks each host section it enters and exits 3 with a message when none is for this machine', async () => {
    const r = await lint(['fleet', '--no-config', '--exit-zero', '--fix-script', 'fix.ps1']);
    const lines = readFileSync(join(r.cwd, 'fix.ps1'), 'utf8').split('\r\n');
    const at = lines.indexOf("if ($env:COMPUTERNAME -ieq 'HV01') {");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('    $matched = $true');
    const end = lines.indexOf('if (-not $matched) {');
    expect(end).toBeGreaterThan(at);
    expect(lines[end + 1]).toContain("No section of this script is for this computer ({0}); it has sections for {1}. Nothing was changed.\" -f $env:COMPUTERNAME, 'HV01')");
    expect(lines[end + 2]).toBe('    exit 3');
    // The opt-in for disruptive changes is a parameter of the script.
    expect(lines.slice(0, lines.indexOf(')') + 1).join('\n')).toMatch(/\[CmdletBinding\(SupportsShouldProcess, ConfirmImpact = 'High'\)\]\nparam\(\n.*\n    \[switch\] \$AllowDisruptive\n\)$/);
  });
  it('--traffic runs the rules that need a simulation', async () => {
    const r = await lint(['fleet', '--no-config', '--traffic', 'p.json', '--format', 'json', '--exit-zero'], { files: { 'p.json': '{}' } });
    const doc = JSON.parse(r.out) as { findings: { ruleId: string; message: string }[] };
    expect(doc.findings.filter((f) => f.ruleId === 'TEST-SIM').map((f) => f.message)).toEqual(['simulated sim of HV01', 'simulated sim of HV02']);
    expect((await lint(['fleet', '--no-config', '--traffic', 'missing.json'])).code).toBe(2);
  });
});

describe('lint config, waivers and baselines', () => {
  it('finds .vmqlintrc.json upward and applies rules and overrides; --rule wins', async () => {
    const files = { '.vmqlintrc.json': JSON.stringify({ rules: { 'OLD-VMQ': 'warning' }, overrides: [{ hosts: ['hv02'], rules: { 'TEST-HOST-INFO': 'off' } }], ignore: ['**/old/**'] }), 'sub/x': '' };
    const cwd = tempDir(files);
    expect(findConfig(join(cwd, 'sub'))).toBe(join(cwd, '.vmqlintrc.json'));
    const io = captureIo(join(cwd, 'sub'));
    const deps = fakeDeps(fleet);
    expect(await runLint(['fleet', '--format', 'json'], io, deps)).toBe(0);
    const doc = JSON.parse(io.out.join('')) as JsonDoc;
    expect(doc.findings.map((f) => `${f.host} ${f.ruleId} ${f.severity}`)).toEqual(['HV01 TEST-HOST-INFO info', 'HV01 TEST-VMQ-OFF warning']);
    expect(deps.calls[0].opts.ignore?.('fleet/old/a.json')).toBe(true);
    expect(deps.calls[0].opts.ignore?.('fleet/new/a.json')).toBe(false);
    // A glob that names a folder leaves out everything under it, as .gitignore does.
    expect(ignoredPath(['fleet/HV09'], 'fleet/HV09/Get-NetAdapter.xml')).toBe(true);
    expect(ignoredPath(['*/HV0?'], 'fleet/HV09/sub/a.json')).toBe(true);
    expect(ignoredPath(['fleet/HV09'], 'fleet/HV090/a.json')).toBe(false);
    const io2 = captureIo(join(cwd, 'sub'));
    expect(await runLint(['fleet', '--rule', 'TEST-VMQ-OFF=error'], io2, fakeDeps(fleet))).toBe(1);
  });
  it('reads a config saved as UTF-16LE with a BOM (Notepad "Unicode")', async () => {
    const text = '\uFEFF{ "rules": { "TEST-VMQ-OFF": "off" } }';
    const cwd = tempDir();
    writeFileSync(join(cwd, '.vmqlintrc.json'), Buffer.from(text, 'utf16le'));
    const io = captureIo(cwd);
    expect(await runLint(['fleet'], io, fakeDeps(fleet))).toBe(0);
  });
  it('reports an invalid config with file, line, column and key (exit 2)', async () => {
    const text = '{\n  "rules": {\n    "TEST-VMQ-OFF": "fatal"\n  }\n}\n';
    const r = await lint(['fleet', '--config', 'cfg/my.json'], { files: { 'cfg/my.json': text } });
    expect(r.code).toBe(2);
    expect(r.err).toBe("vmqlint: cfg/my.json:3:21: rules.TEST-VMQ-OFF: expected 'off' | 'info' | 'warning' | 'error' | 'default', or [severity, { options }]\n");
    const bad = await lint(['fleet', '--config', 'c.json'], { files: { 'c.json': '{ "rules": { } ' } });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^vmqlint: c\.json:1:\d+: /);
    expect((await lint(['fleet', '--config', 'nope.json'])).err).toBe('vmqlint: cannot read config file nope.json: no such file\n');
  });
  it('applies waivers until they expire (today from --now or SOURCE_DATE_EPOCH), and reports expired and unused ones', async () => {
    const waivers = JSON.stringify({ waivers: [{ rule: 'TEST-VMQ-OFF', host: 'hv*', target: 'NIC?', reason: 'firmware', expires: '2025-03-31' }, { rule: 'TEST-HOST-INFO', host: 'nohost', reason: 'unused' }] }, null, 2);
    const live = await lint(['fleet', '--no-config', '--waivers', 'w.json', '--now', '2025-03-31', '--format', 'json'], { files: { 'w.json': waivers } });
    expect(live.code).toBe(0);
    const doc = JSON.parse(live.out) as JsonDoc;
    expect(doc.findings.find((f) => f.ruleId === 'TEST-VMQ-OFF')?.suppressed).toEqual({ kind: 'waiver', reason: 'firmware' });
    expect(doc.housekeeping.unusedWaivers).toHaveLength(1);
    expect(live.err).toContain('vmqlint: 1 waiver matched nothing (listed in the report)');
    const expired = await lint(['fleet', '--no-config', '--waivers', 'w.json', '--format', 'json'], { files: { 'w.json': waivers }, env: { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000) } });
    expect(expired.code).toBe(1);
    expect((JSON.parse(expired.out) as JsonDoc).housekeeping.expiredWaivers.map((w) => w.reason)).toEqual(['firmware']);
  });
  it('rejects a waiver file with a bad key, naming it', async () => {
    const r = await lint(['fleet', '--no-config', '--waivers', 'w.json'], { files: { 'w.json': '{"waivers":[{"rule":"TEST-VMQ-OFF"}]}' } });
    expect(r.code).toBe(2);
    expect(r.err).toBe("vmqlint: w.json:1:13: waivers[0]: missing required key 'reason'\n");
  });
  it('--write-baseline accepts current findings; --baseline keeps them visible and reports stale entries', async () => {
    const first = await lint(['fleet', '--no-config', '--write-baseline', 'baseline.json', '--format', 'json']);
    expect(first.code).toBe(0);
    expect(first.err).toContain('vmqlint: wrote 3 baseline entries to baseline.json');
    const text = readFileSync(join(first.cwd, 'baseline.json'), 'utf8');
    expect((JSON.parse(first.out) as JsonDoc).summary).toMatchObject({ error: 0, baselined: 3 });

    const cwd = tempDir({ 'baseline.json': text });
    const io = captureIo(cwd);
    expect(await runLint(['fleet', '--no-config', '--baseline', 'baseline.json', '--format', 'json'], io, fakeDeps(cleanFleet))).toBe(0);
    const doc = JSON.parse(io.out.join('')) as JsonDoc;
    expect(doc.findings.map((f) => f.suppressed?.kind)).toEqual(['baseline']);
    expect(doc.housekeeping.unmatchedBaseline).toHaveLength(2);
    expect(io.err.join('')).toContain('2 baseline entries no longer match');
  });
  it('a new finding not in the baseline still fails', async () => {
    const cwd = tempDir({ 'b.json': '{"schemaVersion":1,"entries":[]}' });
    const io = captureIo(cwd);
    expect(await runLint(['fleet', '--no-config', '--baseline', 'b.json'], io, fakeDeps(fleet))).toBe(1);
    expect(existsSync(join(cwd, 'b.json'))).toBe(true);
  });
});
