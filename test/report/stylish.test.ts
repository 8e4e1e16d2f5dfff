/** Stylish layout: wrapping at a terminal's width, the fix line, not-applicable folding, rejected inputs. */
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { lintHosts } from '../../src/engine/run.js';
import { LINT_RESULT_SCHEMA } from '../../src/engine/schemas.js';
import { createAjv } from '../../src/model/ajv.js';
import { InputError } from '../../src/model/errors.js';
import { formatJson } from '../../src/report/json.js';
import { formatStylish } from '../../src/report/stylish.js';
import { words, wrapPieces } from '../../src/report/wrap.js';
import { captureIo, fakeDeps, tempDir } from '../cli/cli-helpers.js';
import { makeAdapter, makeHost } from '../engine/helpers.js';
import { catalog, ctx, sampleResult } from './fixture.js';
import { expectGolden } from './golden.js';

const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('wrapPieces', () => {
  it('wraps at the width under a hanging indent, keeping a long word whole', () => {
    expect(wrapPieces('> ', 4, words('aa bb cc dd'), 8)).toEqual(['> aa bb', '    cc', '    dd']);
    expect(wrapPieces('> ', 4, words('a-very-long-path/that/does/not/fit x'), 10)).toEqual(['> a-very-long-path/that/does/not/fit', '    x']);
    expect(wrapPieces('> ', 4, words('aa  bb'))).toEqual(['> aa  bb']);
  });
});

describe('stylish at a terminal width', () => {
  it('wraps every line to 60 columns (golden)', () => {
    const text = formatStylish(sampleResult(), { ...ctx, width: 60 });
    expectGolden('stylish-60.txt', text);
    // Only words longer than a line may overflow; the sample has none that long but paths.
    const over = text.split('\n').filter((l) => l.length > 60);
    expect(over.every((l) => /\S{25,}/.test(l)), over.join('\n')).toBe(true);
    expect(text).not.toBe(formatStylish(sampleResult(), ctx));
  });
  it('colour does not change where lines break', () => {
    expect(visible(formatStylish(sampleResult(), { ...ctx, width: 60, color: true }))).toBe(formatStylish(sampleResult(), { ...ctx, width: 60 }));
  });
  it('--verbose lists the not-applicable rules, --no-fix hides the fix (golden)', () => {
    const text = formatStylish(sampleResult(), { ...ctx, verbose: true, fix: false });
    expectGolden('stylish-verbose-nofix.txt', text);
    expect(text).not.toContain('fix:');
    expect(text).toContain('TEST-SIM        needs a traffic profile');
    expect(formatStylish(sampleResult(), ctx)).toContain("             fix: Enable-NetAdapterVmq -Name 'Slot 4 ''Port'' 1'");
  });
  it('shows one location and how many more', () => {
    const r = sampleResult();
    const f = r.findings.find((x) => x.suppressed === null && x.ruleId === 'TEST-VMQ-OFF')!;
    f.locations = [{ file: 'a.json', line: 3, col: 4 }, { file: 'b.json', line: 5 }, { file: 'c.json', line: 9 }];
    const text = formatStylish(r, ctx);
    expect(text).toContain('TEST-VMQ-OFF  a.json:3 +2 more\n');
    expect(text).not.toContain('b.json');
    // Wrapped, the location keeps its count on its line.
    expect(formatStylish(r, { ...ctx, width: 40 })).toMatch(/\n {13}a\.json:3 \+2 more\n/);
  });
});

describe('lint on a terminal and into a pipe or file', () => {
  const long = () => [makeHost('HV01', '2019', [makeAdapter('A network adapter with a rather long descriptive name', 'guid-1', false, 'fleet/HV01/vmq.json')])];
  async function run(argv: string[], width: number | undefined) {
    const cwd = tempDir();
    const io = { ...captureIo(cwd), width: () => width };
    const code = await runLint(argv, io, fakeDeps(long));
    return { code, out: io.out.join(''), cwd };
  }
  it('wraps stdout at the width the terminal reports, and only there', async () => {
    const tty = await run(['fleet', '--no-config', '--exit-zero'], 50);
    const pipe = await run(['fleet', '--no-config', '--exit-zero'], undefined);
    expect(tty.out).not.toBe(pipe.out);
    expect(pipe.out).toContain('VMQ is disabled on A network adapter with a rather long descriptive name (vmq.enabled)  TEST-VMQ-OFF');
    expect(tty.out.split('\n').filter((l) => l.length > 50 && !/\S{30,}/.test(l))).toEqual([]);
  });
  it('a file gets the same bytes whatever the terminal width', async () => {
    const { readFileSync } = await import('node:fs');
    const a = await run(['fleet', '--no-config', '--exit-zero', '--format', 'stylish=r.txt'], 40);
    const b = await run(['fleet', '--no-config', '--exit-zero', '--format', 'stylish=r.txt'], undefined);
    expect(readFileSync(`${a.cwd}/r.txt`, 'utf8')).toBe(readFileSync(`${b.cwd}/r.txt`, 'utf8'));
  });
  it('--no-fix and --verbose reach the report', async () => {
    const plain = await run(['fleet', '--no-config', '--exit-zero'], undefined);
    expect(plain.out).toContain('fix: ');
    expect(plain.out).toMatch(/Not applicable: \d+ rules? on 1 host \(--verbose lists them\)/);
    const quiet = await run(['fleet', '--no-config', '--exit-zero', '--no-fix', '--verbose'], undefined);
    expect(quiet.out).not.toContain('fix: ');
    expect(quiet.out).toContain('needs a traffic profile');
  });
});

describe('many snapshots of few hosts', () => {
  // 30 folders that all hold captures of HV01..HV03: 3 load, 27 are rejected as duplicates.
  function duplicates() {
    const hosts = ['HV01', 'HV02', 'HV03'].map((n) => makeHost(n, '2019', [makeAdapter('NIC1', `guid-${n}`, true)]));
    const failures = Array.from({ length: 27 }, (_, i) => {
      const name = `HV0${(i % 3) + 1}`;
      const dir = `fleet/copy${String(i + 4).padStart(2, '0')}`;
      return { host: name, file: dir, error: new InputError(dir, 0, 0, `host '${name}' was already read from fleet/copy0${(i % 3) + 1}; two snapshots of one host are not merged`) };
    });
    return lintHosts(hosts, failures, { rules: catalog, tool: { name: 'vmqlint', version: '1.2.3' } });
  }
  it('counts hosts by name and every rejected snapshot apart, one line each (golden)', () => {
    const text = formatStylish(duplicates(), ctx);
    expectGolden('stylish-duplicates.txt', text);
    expect(text).toMatch(/; 3 hosts, 27 inputs rejected\n$/);
    expect(text.split('\n').filter((l) => l.includes('rejected: fleet/copy'))).toHaveLength(27);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
  });
  it('JSON keeps one status per name, a short error and every failure, valid against the schema', () => {
    const doc = JSON.parse(formatJson(duplicates()));
    expect(createAjv().compile(LINT_RESULT_SCHEMA)(doc)).toBe(true);
    const hv01 = doc.hosts.filter((h: { name: string }) => h.name === 'HV01');
    expect(hv01.map((h: { status: string }) => h.status)).toEqual(['ok', 'error']);
    expect(hv01[1].failures).toHaveLength(9);
    expect(hv01[1].failures[0]).toEqual({ file: 'fleet/copy04', message: expect.stringContaining("host 'HV01' was already read") });
    expect(hv01[1].error).toMatch(/; and 8 more \(listed in failures\)$/);
  });
  it('a host none of whose inputs loaded is unreadable, with each failure listed', () => {
    const r = lintHosts([], [
      { host: 'HV09', file: 'f/HV09/a.json', error: new InputError('f/HV09/a.json', 1, 1, 'bad a') },
      { host: 'HV09', file: 'f/HV09/b.json', error: new InputError('f/HV09/b.json', 2, 1, 'bad b') },
    ], { rules: catalog, tool: { name: 'vmqlint', version: '1' } });
    const text = formatStylish(r, ctx);
    expect(text).toContain('HV09\n  error  could not be read: f/HV09/a.json:1:1: bad a\n  error  could not be read: f/HV09/b.json:2:1: bad b\n');
    expect(text).toMatch(/; 1 host, 1 unreadable, 2 inputs rejected\n$/);
  });
});

describe('duplicate captures through the real loader', () => {
  it('five copies of one host folder: one host linted, four snapshots rejected, one line each', async () => {
    const { cpSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cwd = mkdtempSync(join(tmpdir(), 'vmqlint-dup-'));
    const src = join(import.meta.dirname, '..', '..', 'fixtures', 'sample-fleet', 'HV-SET-2019');
    for (let i = 1; i <= 5; i++) cpSync(src, join(cwd, 'fleet', `copy${i}`), { recursive: true });
    const io = captureIo(cwd);
    const code = await runLint(['fleet', '--no-config', '--exit-zero', '--format', 'stylish', '--format', 'json=r.json'], io);
    expect(code).toBe(2);
    const out = io.out.join('');
    expect(out).toMatch(/; 1 host, 4 inputs rejected\n$/);
    const rejected = out.split('\n').filter((l) => /^ {2}error {2}rejected: fleet\/copy[2-5]: host 'HV-SET-2019' was already read from fleet\/copy1/.test(l));
    expect(rejected).toHaveLength(4);
    const { readFileSync } = await import('node:fs');
    const doc = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(doc.hosts.map((h: { name: string; status: string; failures?: unknown[] }) => [h.name, h.status, h.failures?.length])).toEqual([
      ['HV-SET-2019', 'ok', undefined],
      ['HV-SET-2019', 'error', 4],
    ]);
  });
});

describe('did-you-mean from a config file', () => {
  it('names the close rule id at the key', async () => {
    const cwd = tempDir({ '.vmqlintrc.json': '{\n  "rules": { "TEST-VMQ-OF": "off" }\n}\n' });
    const io = captureIo(cwd);
    expect(await runLint(['fleet'], io, fakeDeps(() => [makeHost('HV01')]))).toBe(2);
    expect(io.err.join('')).toMatch(/\.vmqlintrc\.json:2:\d+: rules\.TEST-VMQ-OF: unknown rule id 'TEST-VMQ-OF'; did you mean 'TEST-VMQ-OFF'\?/);
  });
});
