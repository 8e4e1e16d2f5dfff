/**
 * The package and the CI script as a user meets them: `npm pack` gives a tarball that installs
 * into a clean project and runs as `npx vmqlint`, and the GitHub Action's steps
 * (ci/vmqlint-ci.sh, which action.yml and the Azure template call) lint the sample fleet, write
 * SARIF, the job summary and annotations, and fail on the gate. Skipped only when npm is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fleet = join(root, 'fixtures', 'sample-fleet');
const hasNpm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(join(tmpdir(), 'vmqlint-pkg-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasNpm)('npm pack, installed into a clean project', () => {
  let project = '';
  beforeAll(() => {
    // npm pack runs `prepare` (the build), so dist/ is fresh for the action tests below too.
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    project = join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed)], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  }, 180_000);

  it('npx vmqlint lints the sample fleet from the installed package', () => {
    const r = run('npx', ['--no-install', 'vmqlint', 'lint', fleet, '--no-config', '--format', 'json'], project);
    expect(r.code, r.stderr).toBe(1); // the sample fleet has errors: the gate fails
    const report = JSON.parse(r.stdout) as { hosts: { name: string; status: string }[]; summary: { error: number } };
    expect(report.hosts.map((h) => h.status)).toEqual(['ok', 'ok', 'ok']);
    expect(report.summary.error).toBeGreaterThan(0);
  });

  it('the package carries the rule docs and not the tests or sources', () => {
    const pkg = join(project, 'node_modules', 'vmqlint');
    expect(existsSync(join(pkg, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'docs', 'rules'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'dist', 'test'))).toBe(false);
    const r = run('npx', ['--no-install', 'vmqlint', '--version'], project);
    expect(r.stdout.trim()).toContain(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});

describe.skipIf(!hasNpm)('the action script (ci/vmqlint-ci.sh)', () => {
  const script = join(root, 'ci', 'vmqlint-ci.sh');
  function lintThenGate(name: string, env: NodeJS.ProcessEnv) {
    const dir = join(work, name);
    const summary = join(work, `${name}-summary.md`);
    const output = join(work, `${name}-output.txt`);
    const all = { VMQLINT_HOME: root, VMQLINT_OUTPUT_DIR: dir, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ...env };
    const lint = run('bash', [script, 'lint'], root, all);
    const gate = run('bash', [script, 'gate'], root, all);
    return { dir, lint, gate, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '', output: existsSync(output) ? readFileSync(output, 'utf8') : '' };
  }

  it('lints the sample fleet: SARIF, annotations, a summary with errors first, and a failed gate', () => {
    const r = lintThenGate('default', { VMQLINT_PATH: 'fixtures/sample-fleet', VMQLINT_ARGS: '--no-config', VMQLINT_FORMATS: 'json, junit' });
    expect(r.lint.code, r.lint.stderr).toBe(0); // the lint step never fails: SARIF must still upload
    expect(r.gate.code).toBe(1);
    expect(r.gate.stderr).toContain('the gate failed');
    const sarif = JSON.parse(readFileSync(join(r.dir, 'vmqlint.sarif'), 'utf8')) as { runs: { results: { level: string }[] }[] };
    expect(sarif.runs[0].results.some((x) => x.level === 'error')).toBe(true);
    expect(readdirSync(r.dir).sort()).toEqual(['exit-code', 'vmqlint.json', 'vmqlint.junit.xml', 'vmqlint.md', 'vmqlint.sarif']);
    expect(r.lint.stdout).toMatch(/^::error file=fixtures\/sample-fleet\//m);
    expect(r.output).toContain('exit-code=1');
    // The job summary is the markdown report: findings ordered errors, then warnings, then info.
    const rows = r.summary.split('\n').filter((l) => /^\| :(x|warning|information_source): /.test(l));
    expect(rows.length).toBeGreaterThan(3);
    const rank = rows.map((l) => (l.startsWith('| :x:') ? 0 : l.startsWith('| :warning:') ? 1 : 2));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(rank[0]).toBe(0);
  });

  it('passes the gate when fail-on is none, and fails with 2 on a path that does not exist', () => {
    expect(lintThenGate('none', { VMQLINT_PATH: 'fixtures/sample-fleet', VMQLINT_ARGS: '--no-config', VMQLINT_FAIL_ON: 'none' }).gate.code).toBe(0);
    const missing = lintThenGate('missing', { VMQLINT_PATH: 'fixtures/no-such-fleet', VMQLINT_ARGS: '--no-config' });
    expect(missing.lint.code).toBe(0);
    expect(missing.gate.code).toBe(2);
    expect(missing.summary).toMatch(/vmqlint could not lint|could not be read/);
  });

  it('rejects an unknown extra format with exit 2 at the gate', () => {
    const r = lintThenGate('badformat', { VMQLINT_PATH: 'fixtures/sample-fleet', VMQLINT_FORMATS: 'pdf' });
    expect(r.lint.stderr).toContain("unknown format 'pdf'");
    expect(r.gate.code).toBe(2);
  });

  it('action.yml and the Azure template call the script steps, in order, and upload SARIF', () => {
    const action = readFileSync(join(root, 'action.yml'), 'utf8');
    const steps = [...action.matchAll(/vmqlint-ci\.sh" (\w+)/g)].map((m) => m[1]);
    expect(steps).toEqual(['install', 'lint', 'gate']);
    expect(action).toContain('using: composite');
    expect(action).toMatch(/uses: github\/codeql-action\/upload-sarif@v\d/);
    expect(action.indexOf('upload-sarif@')).toBeLessThan(action.indexOf('ci.sh" gate'));
    for (const input of ['path', 'formats', 'fail-on', 'baseline', 'config', 'args']) expect(action).toMatch(new RegExp(`^  ${input}:$`, 'm'));
    // Each input reaches the script as the variable it reads.
    const env: Record<string, string> = { path: 'PATH', formats: 'FORMATS', 'fail-on': 'FAIL_ON', baseline: 'BASELINE', config: 'CONFIG', args: 'ARGS', 'output-dir': 'OUTPUT_DIR' };
    for (const [input, name] of Object.entries(env)) expect(action).toContain(`VMQLINT_${name}: \${{ inputs.${input} }}`);
    const azure = readFileSync(join(root, 'ci', 'azure-pipelines-vmqlint.yml'), 'utf8');
    expect([...azure.matchAll(/vmqlint-ci\.sh" (\w+)/g)].map((m) => m[1])).toEqual(['install', 'lint', 'gate']);
    const hooks = readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toContain('pass_filenames: false');
    expect(hooks).toMatch(/^  entry: vmqlint lint$/m);
  });
});
