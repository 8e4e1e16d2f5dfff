/**
 * Hostile sizes (issue 10): inputs big enough to exhaust memory or the call stack, and counts big
 * enough to hang. Each case runs the CLI in a child process with a timeout and a heap cap and
 * checks its exit code, its message and its peak RSS, so a regression fails instead of hanging
 * or taking the runner down. Sizes are 1/100 of the by default (the limits are options,
 * so they are scaled with them); VMQLINT_HOSTILE_FULL=1 runs the full sizes.
 */
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselineInput } from '../../src/cli/baseline-input.js';
import { cli } from '../helpers/cli.js';
import { matchGlob } from '../../src/engine/glob.js';
import { DEFAULT_MAX_FILE_BYTES, oversizeError } from '../../src/ingest/size-limit.js';
import {
  FULL,
  REPO,
  caseTimeout,
  cliBundle,
  disposeCliBundle,
  removeDir,
  runCliChild,
  scaled,
  tempDir,
  writeBigBaseline,
  writeBigCsv,
  writeBigReg,
  writeManyUnknownProperties,
  note,
} from './helpers.js';

const SAMPLE_HOST = join(REPO, 'fixtures', 'sample-fleet', 'HV-2022');

let dir: string;

beforeAll(async () => {
  dir = tempDir();
  await cliBundle();
}, 60_000);

afterAll(() => {
  removeDir(dir);
  disposeCliBundle();
});

function copySampleHost(to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(SAMPLE_HOST)) copyFileSync(join(SAMPLE_HOST, f), join(to, f));
}

describe('exports read whole are refused above --max-file-mb', () => {
  it(
    'a 135 MB Export-Csv (1.35 MB against a 1 MiB limit) fails its host with file, size and limit; the rest of the fleet is reported',
    async () => {
      const fleet = join(dir, 'csv-fleet');
      // 1,400,000 rows of Get-NetAdapterAdvancedProperty are about 135 MB.
      writeBigCsv(join(fleet, 'HV01', 'Get-NetAdapterAdvancedProperty.csv'), scaled(1_400_000));
      copySampleHost(join(fleet, 'HV02'));
      const limit = FULL ? [] : ['--max-file-mb', '1'];
      const r = await runCliChild(['lint', 'csv-fleet', '--format', 'json', ...limit], { cwd: dir, timeoutMs: caseTimeout(20_000), heapMb: 1024 });
      note('Export-Csv refused', r);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/csv-fleet\/HV01\/Get-NetAdapterAdvancedProperty\.csv: file is [\d.]+ MiB, above the limit of (1\.0|32\.0) MiB/);
      expect(r.stderr).not.toMatch(/internal error/);
      const report = JSON.parse(r.stdout) as { hosts: { name: string; status: string }[] };
      expect(report.hosts.find((h) => h.name === 'HV-2022')?.status).toBe('ok');
      // Refused before a byte is decoded: the process stays at its baseline size.
      expect(r.peakRssMb).toBeLessThan(250);
    },
    caseTimeout(30_000),
  );

  it(
    'an Export-Csv within the limit is read',
    async () => {
      const file = join(dir, 'csv-ok', 'HV03', 'Get-NetAdapterAdvancedProperty.csv');
      writeBigCsv(file, scaled(200_000));
      const r = await runCliChild(['show', 'csv-ok/HV03'], { cwd: dir, timeoutMs: caseTimeout(20_000), heapMb: 2048 });
      note('Export-Csv read whole', r);
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/csv, utf-8: \d+ objects/);
    },
    caseTimeout(30_000),
  );

  it('the limit is the byte count: a file of exactly the limit is read, one byte more is refused', () => {
    const file = join(dir, 'edge.json');
    const head = '[{"Name":"NIC1","InterfaceDescription":"x"}]';
    writeFileSync(file, head + ' '.repeat(4096 - head.length));
    expect(oversizeError(file, 'edge.json', 4096)).toBeUndefined();
    expect(oversizeError(file, 'edge.json', 4095)?.message).toBe(
      'edge.json: file is 0.0 MiB, above the limit of 0.0 MiB for exports read whole (CLIXML, JSON, CSV, reg query text); raise it with --max-file-mb, or export fewer objects per file',
    );
    expect(DEFAULT_MAX_FILE_BYTES).toBe(32 * 1024 * 1024);
  });
});

describe('.reg is streamed in bounded memory and never refused for its size', () => {
  it(
    'a 600 MB UTF-8 .reg (6 MB at 1/100) is read',
    async () => {
      const file = join(dir, 'reg', 'hklm.reg');
      writeBigReg(file, scaled(600_000_000), 'utf8');
      const r = await runCliChild(['show', 'reg/hklm.reg'], { cwd: dir, timeoutMs: caseTimeout(20_000, 600_000), heapMb: 1024 });
      note('UTF-8 .reg streamed', r);
      expect(r.timedOut).toBe(false);
      expect(r.stderr).not.toMatch(/internal error|above the limit/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/hklm\.reg\s+reg, utf-8/);
      // Streamed: memory does not grow with the file (the whole text alone would be its size).
      expect(r.peakRssMb).toBeLessThan(FULL ? 400 : 200);
    },
    caseTimeout(30_000, 900_000),
  );

  it(
    'lint --max-file-mb does not refuse a .reg above it',
    async () => {
      const file = join(dir, 'reg2', 'HV04', 'hklm.reg');
      writeBigReg(file, scaled(200_000_000, 2_000_000), 'utf16le');
      expect(statSync(file).size).toBeGreaterThan(1024 * 1024);
      const r = await runCliChild(['lint', 'reg2/HV04', '--max-file-mb', '1', '--format', 'json', '--exit-zero'], { cwd: dir, timeoutMs: caseTimeout(20_000, 600_000), heapMb: 1024 });
      note('UTF-16LE .reg above --max-file-mb', r);
      expect(r.stderr).not.toMatch(/above the limit|internal error/);
      expect(r.code).toBe(0);
    },
    caseTimeout(30_000, 900_000),
  );
});

describe('baselines load in bounded memory, and are refused above --max-baseline-entries', () => {
  const entries = scaled(1_000_000);
  let baseline: string;
  beforeAll(() => {
    baseline = join(dir, 'baseline.json');
    writeBigBaseline(baseline, entries);
  }, caseTimeout(20_000, 300_000));

  it(
    `a ${entries}-entry baseline loads; its unmatched entries are counted`,
    async () => {
      const r = await runCliChild(['lint', SAMPLE_HOST, '--baseline', 'baseline.json', '--format', 'stylish', '--exit-zero'], { cwd: dir, timeoutMs: caseTimeout(20_000, 300_000), heapMb: FULL ? 3072 : 1024 });
      note('baseline loaded', r);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`${entries} baseline entries no longer match`);
      // 1,000,000 entries took 4.6 GB with a positional node per value; bench/limits.bench.ts.
      expect(r.peakRssMb).toBeLessThan(FULL ? 2200 : 300);
    },
    caseTimeout(30_000, 400_000),
  );

  it(
    'one entry above --max-baseline-entries is refused with the count and the limit',
    async () => {
      const r = await runCliChild(['lint', SAMPLE_HOST, '--baseline', 'baseline.json', '--max-baseline-entries', String(entries - 1)], { cwd: dir, timeoutMs: caseTimeout(20_000, 300_000), heapMb: FULL ? 3072 : 1024 });
      note('baseline refused', r);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`vmqlint: baseline.json: baseline file has ${entries} entries, above the limit of ${entries - 1} (raise it with --max-baseline-entries)\n`);
    },
    caseTimeout(30_000, 400_000),
  );

  it('the large-file path (no positions) reads the same entries as the positional path', () => {
    // In-process, so 10,000 entries at most in the full run too (positionally, 1M took 4.6 GB).
    const name = FULL ? 'baseline-10k.json' : 'baseline.json';
    if (FULL) writeBigBaseline(join(dir, name), 10_000);
    const positional = readBaselineInput(name, dir, { positionalBytes: Number.MAX_SAFE_INTEGER });
    const large = readBaselineInput(name, dir, { positionalBytes: 0 });
    expect(large.doc).toEqual(positional.doc);
    expect(large.doc.entries).toHaveLength(Math.min(entries, 10_000));
  }, 20_000);

  it('a baseline above the byte limit is refused before it is read', () => {
    expect(() => readBaselineInput('baseline.json', dir, { maxBytes: 1000 })).toThrow(/^baseline\.json: baseline file is [\d.]+ MiB, above the limit of 0\.0 MiB/);
  });

  it('a syntax error in a large baseline is an input error, at its line and column where JSON.parse names a position', () => {
    writeFileSync(join(dir, 'broken-baseline.json'), '{\n  "schemaVersion": 1,\n  "entries": [\n    {"fingerprint": }\n  ]\n}\n');
    expect(() => readBaselineInput('broken-baseline.json', dir, { positionalBytes: 0 })).toThrow(/^broken-baseline\.json: expected valid JSON: Unexpected token '}'/);
    writeFileSync(join(dir, 'trailing-baseline.json'), '{\n  "schemaVersion": 1,\n  "entries": []\n}\n x\n');
    expect(() => readBaselineInput('trailing-baseline.json', dir, { positionalBytes: 0 })).toThrow(/^trailing-baseline\.json:5:2: expected valid JSON: Unexpected non-whitespace character after JSON$/);
  });
});

describe('the limit flags', () => {
  it.each([
    ['--max-file-mb', '0'],
    ['--max-file-mb', '1.5'],
    ['--max-baseline-entries', '-1'],
    ['--max-baseline-entries', '1e9'],
  ])('%s %s is a usage error (exit 2)', async (flag, value) => {
    const r = await cli(['lint', SAMPLE_HOST, flag, value, '--baseline', join(dir, 'baseline.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`vmqlint: ${flag} ${value}: expected a whole number from 1 to 999999999\n`);
  });
});

describe('counts that once crashed or hung', () => {
  it(
    '130,000 not-understood properties in one file are listed, not a call-stack overflow (13,000 on a tenth of the stack at 1/100)',
    async () => {
      // push(...array) overflows at about 120,000 items on Node's default stack, 13,000 on 100 KB.
      const count = FULL ? 130_000 : 13_000;
      writeManyUnknownProperties(join(dir, 'unknown', 'HV05', 'Get-NetAdapterRss.json'), count);
      const r = await runCliChild(['show', 'unknown/HV05'], { cwd: dir, timeoutMs: caseTimeout(20_000, 60_000), heapMb: 1024, nodeArgs: FULL ? [] : ['--stack-size=100'] });
      note('130,000 unknown properties', r);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Get-NetAdapterRss\\.json\\s+json[^:\\n]*: 3 objects, \\d+ properties mapped, ${count} not understood`));
    },
    caseTimeout(30_000, 90_000),
  );

  it('a 40-character name against a glob of twelve *a*b is answered at once (linear glob)', () => {
    const t0 = performance.now();
    expect(matchGlob('*a*b'.repeat(12), 'a'.repeat(40))).toBe(false);
    expect(matchGlob('*a*b'.repeat(12), 'ab'.repeat(20))).toBe(true);
    expect(performance.now() - t0).toBeLessThan(500);
  }, 2_000);

  it(
    'simulate --vms 100000 is refused with the bound, not run',
    async () => {
      const r = await runCliChild(['simulate', SAMPLE_HOST, '--vms', '100000', '--gbps', '10'], { cwd: dir, timeoutMs: caseTimeout(10_000, 60_000), heapMb: 512 });
      note('simulate --vms 100000', r);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--vms: expected a whole number of VMs from 1 to \d+/);
    },
    caseTimeout(15_000, 90_000),
  );
});
