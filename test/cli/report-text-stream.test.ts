/**
 * `show` text, and the text, markdown, github and junit reports of diff, drift and fleet, are
 * written piece by piece through writeOutputChunks (issue 11): show reads every model once more
 * per report and drops each once written, any mix of text and json; the bytes are the whole-string
 * formatters' over every host loaded at once; a file is not created when the report fails before
 * its first batch, a half-written one is removed, and a closed stdout stops the report.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllPaths } from '../../src/cli/diff-common.js';
import { runDiff } from '../../src/cli/diff.js';
import { runFleet } from '../../src/cli/fleet.js';
import { BATCH_CHARS } from '../../src/cli/report-stream.js';
import { showStreamed } from '../../src/cli/show-stream.js';
import type { SnapshotSource } from '../../src/cli/side-stream.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/cli/version.js';
import { formatModelDocument } from '../../src/report/show-json.js';
import { formatShowText } from '../../src/report/show-text.js';
import { captureIo, tempDir } from './cli-helpers.js';
import { inMemory, joinedNamesFleet, watched } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');
const FLEET = join(root, 'fixtures', 'diff', 'fleet');

/** What show wrote before streaming: every host loaded, then the whole text or document. */
function whole(paths: string[], cwd: string, color: boolean) {
  const r = loadAllPaths(paths, { cwd });
  const failures = r.failures.map((f) => ({ host: f.host, file: f.file, message: f.error.message }));
  return {
    text: formatShowText({ hosts: r.hosts, failures, skipped: r.skipped, warnings: r.warnings }, color),
    json: formatModelDocument(r.hosts, { name: TOOL_NAME, version: TOOL_VERSION }),
    err: [...r.failures.map((f) => `vmqlint: ${f.error.message}\n`), ...(r.warnings ?? []).map((w) => `vmqlint: warning: ${w.message}\n`)].join(''),
    code: r.failures.length > 0 ? 2 : 0,
  };
}

describe('vmqlint show text streams the fleet', () => {
  it.each([false, true])('writes the bytes of the whole text (colour %s), each snapshot read once for names and once for the report', async (color) => {
    const w = watched();
    const io = captureIo(root);
    const code = await showStreamed([SAMPLE], [{ format: 'text' }], io, color, w.source);
    const want = whole([SAMPLE], root, color);
    expect({ code, out: io.out.join(''), err: io.err.join('') }).toEqual({ code: want.code, out: want.text, err: want.err });
    expect(w.reads.sort()).toEqual(['HV-2022', 'HV-2022', 'HV-LBFO-2012R2', 'HV-LBFO-2012R2', 'HV-SET-2019', 'HV-SET-2019']);
  });

  it('colours only stdout: a text file never gets escape sequences', async () => {
    const cwd = tempDir();
    const io = captureIo(cwd);
    await showStreamed([SAMPLE], [{ format: 'text', path: 'show.txt' }], io, true);
    expect(readFileSync(join(cwd, 'show.txt'), 'utf8')).toBe(whole([SAMPLE], cwd, false).text);
  });

  it('writes text and json together, both streamed, as loading every host once wrote them (the joined-names fleet and a skipped file)', async () => {
    const cwd = joinedNamesFleet();
    writeFileSync(join(cwd, 'fleet', 'notes.txt'), 'not an export\n');
    const w = watched();
    const io = captureIo(cwd);
    const code = await showStreamed(['fleet', 'model.json'], [{ format: 'text' }, { format: 'json', path: 'out/model.json' }], io, false, w.source);
    const want = whole(['fleet', 'model.json'], cwd, false);
    expect(code).toBe(2);
    expect(io.out.join('')).toBe(want.text);
    expect(want.text).toContain('skipped: ');
    expect(readFileSync(join(cwd, 'out', 'model.json'), 'utf8')).toBe(want.json);
    expect(io.err.join('')).toBe(want.err);
    // Once for the names, once a report: the first read is never kept for the reports.
    expect(w.reads.filter((r) => r === 'c')).toEqual(['c', 'c', 'c']);
  });

  it('json to stdout and text to a file', async () => {
    const cwd = tempDir();
    const io = captureIo(cwd);
    expect(await showStreamed([SAMPLE], [{ format: 'json' }, { format: 'text', path: 'show.txt' }], io, false)).toBe(0);
    const want = whole([SAMPLE], cwd, false);
    expect(io.out.join('')).toBe(want.json);
    expect(readFileSync(join(cwd, 'show.txt'), 'utf8')).toBe(want.text);
  });

  it('creates no file when a snapshot changes between its two reads, and says which', async () => {
    const cwd = tempDir();
    let reads = 0;
    // The second read of the first snapshot names another host: the files changed under us.
    const source: SnapshotSource = {
      discover: watched().source.discover,
      read: (ref, opts) => {
        const r = watched().source.read(ref, opts);
        if (ref.path.endsWith('HV-2022') && ++reads === 2) return { ...r, hosts: r.hosts.map((h) => ({ ...h, name: 'HV-OTHER' })) };
        return r;
      },
    };
    await expect(showStreamed([SAMPLE], [{ format: 'text', path: 'show.txt' }], captureIo(cwd), false, source)).rejects.toThrow(/changed while it was being read/);
    expect(existsSync(join(cwd, 'show.txt'))).toBe(false);
  });

  it('refuses a path that cannot be written, naming it', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'taken'));
    await expect(showStreamed([SAMPLE], [{ format: 'text', path: 'taken' }], captureIo(cwd), false)).rejects.toThrow(/cannot write taken/);
  });
});

describe('diff, drift and fleet text formats go through writeOutputChunks', () => {
  it('fleet text larger than a batch is written a batch at a time, and stops when stdout is gone', async () => {
    const argv = [SAMPLE, '--no-config', '--all', '--include-unique', '--format', 'text'];
    const io = captureIo(tempDir());
    await runFleet(argv, io, watched().deps);
    const all = io.out.join('');
    expect(all.length).toBeGreaterThan(BATCH_CHARS);
    expect(io.out.length).toBe(Math.ceil(all.length / BATCH_CHARS));
    const whole = captureIo(tempDir());
    await runFleet(argv, whole, inMemory);
    expect(all).toBe(whole.out.join(''));
    const gone = captureIo(tempDir());
    gone.drain = async () => false;
    // Exit 1: the fleet deviates; the closed pipe does not change it.
    expect(await runFleet(argv, gone, watched().deps)).toBe(1);
    expect(gone.out).toEqual([all.slice(0, gone.out[0].length)]);
  });

  it.each(['text', 'markdown', 'github', 'junit'])('diff --format %s=FILE writes the bytes stdout gets; an unwritable path is exit 2 and no file', async (format) => {
    const cwd = tempDir();
    const argv = [SAMPLE, FLEET, '--no-config'];
    const stdout = captureIo(cwd);
    await runDiff([...argv, '--format', format], stdout, inMemory);
    const file = captureIo(cwd);
    await runDiff([...argv, '--format', `${format}=reports/diff.out`], file, watched().deps);
    expect(readFileSync(join(cwd, 'reports', 'diff.out'), 'utf8')).toBe(stdout.out.join(''));
    mkdirSync(join(cwd, 'taken'));
    const bad = captureIo(cwd);
    expect(await runDiff([...argv, '--format', `${format}=taken`], bad, watched().deps)).toBe(2);
    expect(bad.err.join('')).toContain('cannot write taken');
  });
});
