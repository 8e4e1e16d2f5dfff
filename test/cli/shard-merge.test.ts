/**
 * `lint FLEET --shard K/N` then `merge`: the merged run writes the bytes, the messages and the
 * exit code of one unsharded lint, for every format, the fix script and the baseline it writes,
 * whatever the split; a missing, duplicated or mismatched shard is refused (exit 2).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as liveMigration } from '../../rules/live-migration-vmq-fallback.js';
import { runLint } from '../../src/cli/lint.js';
import { runMerge } from '../../src/cli/merge.js';
import { shardOf } from '../../src/cli/lint-stream.js';
import { LINT_FORMAT_NAMES } from '../../src/report/lint-formats.js';
import { SHARD_RESULT_SCHEMA } from '../../src/engine/shard-schema.js';
import { createAjv } from '../../src/model/ajv.js';
import { captureIo, tempDir } from './cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const ENV = { SOURCE_DATE_EPOCH: '1700000000' };

interface Run {
  code: number;
  out: string;
  err: string;
  /** Every file under out/, by name. */
  files: Record<string, string>;
}

/** A folder name under which the live-migration pair HV01/HV02 falls in different shards for N = 2 and 3. */
function splitPairFolder(): string {
  for (let i = 0; i < 200; i++) {
    const dir = `fleet/lm${i}`;
    if ([2, 3].every((n) => shardOf(`${dir}/HV01`, n) !== shardOf(`${dir}/HV02`, n))) return dir;
  }
  throw new Error('no folder name splits the pair');
}

/** Write the rule's two-host example (HV01 uses VMQ on vSwitch, HV02 does not) under `dir`. */
function writePair(cwd: string, dir: string): void {
  for (const [name, text] of Object.entries(liveMigration.meta.docs!.example!.files)) {
    const path = join(cwd, dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

function readOut(cwd: string): Record<string, string> {
  const dir = join(cwd, 'out');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

async function lint(cwd: string, args: string[]): Promise<Run> {
  rmSync(join(cwd, 'out'), { recursive: true, force: true });
  const io = captureIo(cwd, ENV);
  const code = await runLint(args, io);
  return { code, out: io.out.join(''), err: io.err.join(''), files: readOut(cwd) };
}

async function merge(cwd: string, args: string[]): Promise<Run> {
  rmSync(join(cwd, 'out'), { recursive: true, force: true });
  const io = captureIo(cwd, ENV);
  const code = await runMerge(args, io);
  return { code, out: io.out.join(''), err: io.err.join(''), files: readOut(cwd) };
}

/** Lint every shard of an N-way split into shards/TAG-N-K.json; returns the file names. */
async function shards(cwd: string, paths: string[], n: number, settings: string[], tag = 'run'): Promise<string[]> {
  const files: string[] = [];
  for (let k = 1; k <= n; k++) {
    const file = `shards/${tag}-${n}-${k}.json`;
    const io = captureIo(cwd, ENV);
    const code = await runLint([...paths, ...settings, '--shard', `${k}/${n}`, '--output-file', file], io);
    expect(io.err.join(''), `shard ${k}/${n}`).toBe(`vmqlint: wrote shard ${k}/${n} (${JSON.parse(readFileSync(join(cwd, file), 'utf8')).outcomes.length} of ${JSON.parse(readFileSync(join(cwd, file), 'utf8')).fleet.count} snapshots) to ${file}\n`);
    expect(code, `shard ${k}/${n}`).toBe(0);
    files.push(file);
  }
  return files;
}

/** Every lint format to its own file, plus the fix script. */
const ALL_FORMATS = [...LINT_FORMAT_NAMES.flatMap((f) => ['--format', `${f}=out/report.${f}`]), '--fix-script', 'out/fix.ps1'];

function expectSameRun(merged: Run, single: Run, what: string): void {
  expect(Object.keys(merged.files).sort(), what).toEqual(Object.keys(single.files).sort());
  for (const [name, text] of Object.entries(single.files)) expect(merged.files[name], `${what}: ${name}`).toBe(text);
  expect(merged.out, `${what}: stdout`).toBe(single.out);
  expect(merged.err, `${what}: stderr`).toBe(single.err);
  expect(merged.code, `${what}: exit code`).toBe(single.code);
}

const validateShard = createAjv().compile(SHARD_RESULT_SCHEMA);

describe('lint --shard K/N, then merge, on a fleet of 17 hosts', () => {
  let cwd: string;
  const paths = ['fleet'];
  const splits = new Map<number, string[]>();
  let pair: string;

  beforeAll(async () => {
    cwd = tempDir();
    cpSync(join(root, 'fixtures/sample-fleet'), join(cwd, 'fleet/sample'), { recursive: true });
    cpSync(join(root, 'fixtures/production'), join(cwd, 'fleet/production'), { recursive: true });
    pair = splitPairFolder();
    writePair(cwd, pair);
    for (const n of [1, 2, 3]) splits.set(n, await shards(cwd, paths, n, ['--no-config']));
    // Findings to accept in a baseline, and one that matches nothing any more (to be pruned).
    const json = JSON.parse((await lint(cwd, [...paths, '--no-config', '--format', 'json'])).out) as { findings: { fingerprint: string; ruleId: string; host: string; target: { kind: string; name: string }; message: string }[] };
    const entries = json.findings
      .filter((_, i) => i % 3 === 0)
      .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, host: f.host, target: `${f.target.kind} ${f.target.name}`, message: f.message }));
    entries.push({ fingerprint: 'a'.repeat(64), ruleId: 'jumbo-mismatch', host: 'HV-GONE', target: 'adapter X', message: 'gone' });
    writeFileSync(join(cwd, 'baseline.json'), JSON.stringify({ schemaVersion: 1, entries }, null, 2));
    writeFileSync(
      join(cwd, 'waivers.json'),
      JSON.stringify({
        waivers: [
          { rule: 'vmq-base-processor-zero', host: 'HV-*', reason: 'lab hosts' },
          { rule: 'jumbo-mismatch', host: 'NO-SUCH-HOST', reason: 'matches nothing' },
          { rule: 'vmq-coalescing-risk', reason: 'expired', expires: '2020-01-01' },
          { rule: 'live-migration-vmq-fallback', host: 'HV02', reason: 'migration domain under review' },
        ],
      }),
    );
  }, 300_000);

  it('splits the fleet by path: every snapshot in exactly one shard, the live-migration pair in different shards', () => {
    for (const [n, files] of splits) {
      const docs = files.map((f) => JSON.parse(readFileSync(join(cwd, f), 'utf8')) as { fleet: { count: number; snapshots: { path: string; shard: number }[] }; outcomes: { index: number; outline: { path: string } }[] });
      for (const d of docs) expect(validateShard(d), JSON.stringify(validateShard.errors)).toBe(true);
      const read = docs.flatMap((d) => d.outcomes.map((o) => o.outline.path)).sort();
      expect(read).toEqual(docs[0].fleet.snapshots.map((s) => s.path).sort());
      expect(docs[0].fleet.count).toBe(17);
      const shardOfPath = new Map(docs[0].fleet.snapshots.map((s) => [s.path, s.shard]));
      if (n > 1) expect(shardOfPath.get(`${pair}/HV01`)).not.toBe(shardOfPath.get(`${pair}/HV02`));
    }
  });

  it('merges to the bytes of one run: every format and the fix script, with the fleet rule firing across shards', async () => {
    const single = await lint(cwd, [...paths, '--no-config', ...ALL_FORMATS]);
    expect(single.code).toBe(1);
    // The fleet rule fires on HV02, judged against HV01 linted by another shard.
    expect(single.files['report.json']).toMatch(/"ruleId": ?"live-migration-vmq-fallback"/);
    for (const [n, files] of splits) expectSameRun(await merge(cwd, [...files, '--no-config', ...ALL_FORMATS]), single, `N=${n}`);
  });

  it('merges to the bytes of one run with waivers, a baseline and --max-warnings (the gate on warnings)', async () => {
    const flags = ['--no-config', '--waivers', 'waivers.json', '--baseline', 'baseline.json', '--fail-on', 'none', '--max-warnings', '3', ...ALL_FORMATS];
    const single = await lint(cwd, [...paths, ...flags]);
    expect(single.code).toBe(1);
    expect(single.err).toMatch(/waiver.* matched nothing/);
    expect(single.err).toMatch(/baseline entry no longer matches/);
    expect(single.err).toMatch(/gate failed: .*warnings/);
    for (const [n, files] of splits) expectSameRun(await merge(cwd, [...files, ...flags]), single, `N=${n}`);
  });

  it('merges to the bytes of one run with --write-baseline, --redact and --quiet, and writes the same baseline', async () => {
    const flags = ['--no-config', '--write-baseline', 'out/new-baseline.json', '--redact', '--quiet', '--format', 'json', '--format', 'stylish=out/stylish.txt'];
    const single = await lint(cwd, [...paths, ...flags]);
    expect(single.code).toBe(0);
    expect(single.files['new-baseline.json']).toMatch(/"entries"/);
    for (const [n, files] of splits) expectSameRun(await merge(cwd, [...files, ...flags]), single, `N=${n}`);
  });

  it('refuses a missing shard, a duplicated one, and shards of different splits (exit 2, naming the files)', async () => {
    const three = splits.get(3)!;
    const missing = await merge(cwd, [three[0], three[2], '--no-config']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`vmqlint: missing shard 2/3: merge needs all 3 (given 1 (${three[0]}), 3 (${three[2]}))\n`);
    expect(missing.out).toBe('');

    cpSync(join(cwd, three[1]), join(cwd, 'shards/copy.json'));
    const duplicated = await merge(cwd, [...three, 'shards/copy.json', '--no-config']);
    expect(duplicated.code).toBe(2);
    expect(duplicated.err).toBe(`vmqlint: ${three[1]} and shards/copy.json are both shard 2/3: give each shard once\n`);

    const two = splits.get(2)!;
    const mixed = await merge(cwd, [two[0], three[1], three[2], '--no-config']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toBe(`vmqlint: ${two[0]} is shard 1/2 but ${three[1]} is shard 2/3: merge the shards of one split\n`);
  });

  it('refuses a merge whose config is not the shards\' (waivers and rule settings must match what was linted)', async () => {
    writeFileSync(join(cwd, 'other.json'), JSON.stringify({ rules: { 'jumbo-mismatch': 'off' } }));
    const run = await merge(cwd, [...splits.get(2)!, '--config', 'other.json']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^vmqlint: the config of this merge \(found or given here\) is not the one the shards were linted with \(no config\): give merge the same --config \(or --no-config\)\n$/);
  });

  it('refuses corrupt JSON, a schema-invalid result, another JSON document, another version and a shard cut short', async () => {
    const [first, second] = splits.get(2)!;
    const text = readFileSync(join(cwd, first), 'utf8');

    const absent = await merge(cwd, ['shards/absent.json', second, '--no-config']);
    expect(absent.code).toBe(2);
    expect(absent.err).toBe('vmqlint: cannot read shard result shards/absent.json: no such file\n');

    writeFileSync(join(cwd, 'shards/cut.json'), text.slice(0, 500));
    const cut = await merge(cwd, ['shards/cut.json', second, '--no-config']);
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/^vmqlint: shards\/cut\.json:1:501: /);

    writeFileSync(join(cwd, 'shards/invalid.json'), text.replace('"shard":{"index":1,"count":2}', '"shard":{"index":"1","count":2}'));
    const invalid = await merge(cwd, ['shards/invalid.json', second, '--no-config']);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/^vmqlint: shards\/invalid\.json:1:\d+: shard\.index: expected integer\n$/);

    writeFileSync(join(cwd, 'shards/report.json'), (await lint(cwd, [...paths, '--no-config', '--format', 'json'])).out);
    const report = await merge(cwd, ['shards/report.json', second, '--no-config']);
    expect(report.code).toBe(2);
    expect(report.err).toBe('vmqlint: shards/report.json:1:1: not a shard result (expected "kind": "vmqlint-shard-result", written by vmqlint lint --shard K/N)\n');

    writeFileSync(join(cwd, 'shards/old.json'), text.replace('"version":"0.1.0"', '"version":"0.0.9"'));
    const old = await merge(cwd, ['shards/old.json', second, '--no-config']);
    expect(old.code).toBe(2);
    expect(old.err).toMatch(/^vmqlint: shards\/old\.json: written by vmqlint 0\.0\.9, this is vmqlint \d+\.\d+\.\d+.*: lint every shard and merge with one version\n$/);

    // One snapshot's outcome dropped: the shard no longer holds what it says it read.
    const dropped = JSON.parse(text) as { outcomes: unknown[] };
    dropped.outcomes.shift();
    writeFileSync(join(cwd, 'shards/short.json'), JSON.stringify(dropped));
    const short = await merge(cwd, ['shards/short.json', second, '--no-config']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/^vmqlint: shards\/short\.json: snapshot \S+ of this shard has no outcome; write it again with vmqlint lint --shard 1\/2\n$/);

    const moved = JSON.parse(text) as { fleet: { snapshots: { path: string }[] } };
    moved.fleet.snapshots[0].path = 'fleet/elsewhere';
    writeFileSync(join(cwd, 'shards/moved.json'), JSON.stringify(moved));
    const tampered = await merge(cwd, ['shards/moved.json', second, '--no-config']);
    expect(tampered.code).toBe(2);
    expect(tampered.err).toBe('vmqlint: shards/moved.json: fleet.digest does not match its snapshot list; write it again with vmqlint lint --shard 1/2\n');
  });

  it('writes the same shard result byte for byte: on every run, to stdout or a file, from the cache', async () => {
    const [, second] = splits.get(2)!;
    const expected = readFileSync(join(cwd, second), 'utf8');
    const again = await lint(cwd, [...paths, '--no-config', '--shard', '2/2']);
    expect(again.code).toBe(0);
    expect(again.out).toBe(expected);
    expect(again.err).toBe('');
    for (let i = 0; i < 2; i++) {
      const cached = await lint(cwd, [...paths, '--no-config', '--shard', '2/2', '--cache', '--cache-location', 'cache']);
      expect(cached.out, `cache run ${i}`).toBe(expected);
    }
    // No timings, no working directory in the document.
    expect(expected).not.toMatch(/"ms"|"cwd"|"timing"/);
    expect(expected).not.toContain(cwd);
  });
});

describe('lint --shard on small fleets: traffic, config, an empty shard, a broken host', () => {
  let cwd: string;
  let pair: string;

  beforeAll(() => {
    cwd = tempDir();
    cpSync(join(root, 'fixtures/sample-fleet/HV-LBFO-2012R2'), join(cwd, 'fleet/sample/HV-LBFO-2012R2'), { recursive: true });
    cpSync(join(root, 'fixtures/sample-fleet/HV-SET-2019'), join(cwd, 'fleet/sample/HV-SET-2019'), { recursive: true });
    cpSync(join(root, 'fixtures/broken-fleet'), join(cwd, 'broken'), { recursive: true });
    // Six captures of one host: the first in discovery order stands, the others fail, across shards.
    cpSync(join(root, 'fixtures/same-host'), join(cwd, 'broken/same-host'), { recursive: true });
    cpSync(join(root, 'fixtures/traffic/hv-lbfo-2012r2.json'), join(cwd, 'traffic.json'));
    pair = splitPairFolder();
    writePair(cwd, pair);
    writeFileSync(
      join(cwd, 'cfg.json'),
      JSON.stringify({ rules: { 'vmq-base-processor-zero': 'error', 'live-migration-vmq-fallback': 'warning' }, waivers: [{ rule: 'jumbo-mismatch', reason: 'known', host: 'HV-LBFO-*' }] }),
    );
  });

  it('merges to the bytes of one run under a traffic profile and a config (rule settings, waivers)', async () => {
    const settings = ['--config', 'cfg.json', '--traffic', 'traffic.json'];
    const single = await lint(cwd, ['fleet', ...settings, ...ALL_FORMATS]);
    expect(single.code).toBe(1);
    expect(single.files['report.json']).toMatch(/"ruleId": ?"default-queue-bottleneck"/);
    expect(single.files['report.json']).toMatch(/"ruleId": ?"live-migration-vmq-fallback",\s*"severity": ?"warning"/);
    for (const n of [2, 3]) {
      const files = await shards(cwd, ['fleet'], n, settings);
      expectSameRun(await merge(cwd, [...files, '--config', 'cfg.json', ...ALL_FORMATS]), single, `N=${n}`);
      const noConfig = await merge(cwd, [...files, '--no-config']);
      expect(noConfig.code).toBe(2);
      expect(noConfig.err).toMatch(/is not the one the shards were linted with \(the config cfg\.json\)/);
    }
  });

  it('refuses shards linted with different settings, or of different fleets', async () => {
    const a = await shards(cwd, ['fleet'], 2, ['--no-config'], 'a');
    const b = await shards(cwd, ['fleet'], 2, ['--no-config', '--rule', 'jumbo-mismatch=off'], 'b');
    const settings = await merge(cwd, [a[0], b[1], '--no-config']);
    expect(settings.code).toBe(2);
    expect(settings.err).toBe(`vmqlint: ${a[0]} and ${b[1]} were linted with different settings (config, --rule, --traffic, --max-file-mb or --codepage): lint every shard with the same ones\n`);
    const c = await shards(cwd, [pair], 2, ['--no-config'], 'c');
    const fleets = await merge(cwd, [a[0], c[1], '--no-config']);
    expect(fleets.code).toBe(2);
    expect(fleets.err).toMatch(new RegExp(`^vmqlint: ${a[0]} and ${c[1]} saw different fleets \\(4 and 2 snapshots, digests [0-9a-f]{12} and [0-9a-f]{12}\\): lint every shard on one checkout of the fleet\\n$`));
  });

  it('merges a split with an empty shard (two hosts, three shards) to the bytes of one run', async () => {
    const single = await lint(cwd, [pair, '--no-config', ...ALL_FORMATS]);
    expect(single.files['report.json']).toMatch(/"ruleId": ?"live-migration-vmq-fallback"/);
    const files = await shards(cwd, [pair], 3, ['--no-config']);
    const empty = files.filter((f) => (JSON.parse(readFileSync(join(cwd, f), 'utf8')) as { outcomes: unknown[] }).outcomes.length === 0);
    expect(empty).toHaveLength(1);
    expectSameRun(await merge(cwd, [...files, '--no-config', ...ALL_FORMATS]), single, 'N=3 with an empty shard');
  });

  it('records a host that fails to read in its shard (exit 0); merge exits 2 for it and for one host read twice in different shards, as one run does', async () => {
    const single = await lint(cwd, ['broken', pair, '--no-config', ...ALL_FORMATS]);
    expect(single.code).toBe(2);
    expect(single.err).toMatch(/HV-BROKEN-01/);
    expect(single.err).toMatch(/was already read from broken\/same-host\//);
    for (const n of [2, 3]) expectSameRun(await merge(cwd, [...(await shards(cwd, ['broken', pair], n, ['--no-config'])), '--no-config', ...ALL_FORMATS]), single, `N=${n}`);
  });

  it('checks --shard K/N and refuses the flags that belong to merge (exit 2)', async () => {
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '3', '1/2/3', ' 1/2']) {
      const run = await lint(cwd, ['fleet', '--no-config', '--shard', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.err, bad).toBe(`vmqlint: --shard ${bad}: expected K/N with 1 <= K <= N <= 999999 (e.g. --shard 2/4)\n`);
      expect(run.out, bad).toBe('');
    }
    for (const [flag, ...value] of [['--format', 'json'], ['--write-baseline', 'b.json'], ['--fix-script', 'f.ps1'], ['--baseline', 'b.json'], ['--waivers', 'w.json'], ['--max-warnings', '0'], ['--exit-zero'], ['--redact']]) {
      const run = await lint(cwd, ['fleet', '--no-config', '--shard', '1/2', flag, ...value]);
      expect(run.code, flag).toBe(2);
      expect(run.err, flag).toBe(`vmqlint: ${flag} belongs to vmqlint merge: a shard writes only its shard result (to --output-file or stdout); give ${flag} to merge\n`);
    }
    const gate = await lint(cwd, ['fleet', '--no-config', '--shard', '1/2', '--fail-on', 'warning']);
    expect(gate.code).toBe(2);
    expect(gate.err).toBe('vmqlint: --fail-on belongs to vmqlint merge: the gate is applied to the whole fleet there\n');
  });
});

describe('merge under --traffic when one host stands in a fleet of several snapshots', () => {
  it('re-reads that host from the checkout as one run does, and says so when the checkout is not there', async () => {
    const cwd = tempDir();
    // Two captures of one host: the second fails, the first stands alone and simulates every entry.
    for (const dir of ['a', 'b']) cpSync(join(root, 'fixtures/sample-fleet/HV-LBFO-2012R2'), join(cwd, dir, 'HV-LBFO-2012R2'), { recursive: true });
    cpSync(join(root, 'fixtures/traffic/hv-lbfo-2012r2.json'), join(cwd, 'traffic.json'));
    const settings = ['--no-config', '--traffic', 'traffic.json'];
    const single = await lint(cwd, ['a', 'b', ...settings, ...ALL_FORMATS]);
    expect(single.code).toBe(2);
    expect(single.files['report.json']).toMatch(/"ruleId": ?"default-queue-bottleneck"/);
    const files = await shards(cwd, ['a', 'b'], 2, settings);
    expectSameRun(await merge(cwd, [...files, '--no-config', ...ALL_FORMATS]), single, 'N=2');
    // An entry naming no VM of the host: skipped on a host of a fleet, an error on a lone host.
    const profile = JSON.parse(readFileSync(join(cwd, 'traffic.json'), 'utf8')) as { vnics: unknown[] };
    profile.vnics.push({ vm: 'NO-SUCH-VM', gbps: 1 });
    writeFileSync(join(cwd, 'typo.json'), JSON.stringify(profile, null, 2));
    const typo = ['--no-config', '--traffic', 'typo.json'];
    const lone = await lint(cwd, ['a', 'b', ...typo, ...ALL_FORMATS]);
    expect(lone.code).toBe(2);
    expect(lone.err).toMatch(/^vmqlint: typo\.json:\d+:\d+: unknown VM 'NO-SUCH-VM'/);
    expectSameRun(await merge(cwd, [...(await shards(cwd, ['a', 'b'], 2, typo, 'typo')), '--no-config', ...ALL_FORMATS]), lone, 'N=2, an entry no host has');
    rmSync(join(cwd, 'a'), { recursive: true });
    rmSync(join(cwd, 'b'), { recursive: true });
    const gone = await merge(cwd, [...files, '--no-config', ...ALL_FORMATS]);
    expect(gone.code).toBe(2);
    expect(gone.err).toBe('vmqlint: a/HV-LBFO-2012R2: one host stands in this fleet, and under --traffic it is simulated as a lone host, which reads its snapshot again: run merge in the folder the shards ran in, with the fleet checked out\n');
  });
});
