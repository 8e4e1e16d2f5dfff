/** `diff` and `drift` write github and junit from the command line, with the usual gate. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiff } from '../../src/cli/diff.js';
import { runDrift } from '../../src/cli/drift.js';
import { captureIo, tempDir } from './cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const pair = (kind: string, side: 'before' | 'after'): string => join(root, 'fixtures', 'diff', kind, side);

async function run(runner: typeof runDiff, argv: string[]) {
  const io = captureIo(tempDir({}));
  const code = await runner(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('diff and drift CI formats', () => {
  it('diff --format github annotates each change and fails the gate', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config', '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::(error|warning|notice) title=vmqlint change /m);
    expect(r.out).toMatch(/^vmqlint: Plan: /m);
  });

  it('diff --format junit is a testsuite per host with a failure per change', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'after'), '--no-config', '--format', 'junit']);
    expect(r.out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="vmqlint diff" tests="\d+" failures="[1-9]\d*"/);
  });

  it('a snapshot against itself: one passing testcase per host', async () => {
    const r = await run(runDiff, [pair('value-changed', 'before'), pair('value-changed', 'before'), '--no-config', '--format', 'junit']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('failures="0"');
    expect(r.out).toMatch(/<testcase classname="[^"]+" name="unchanged"\/>/);
  });

  it('drift --format github places each mismatch at a file', async () => {
    const r = await run(runDrift, ['--desired', join(root, 'fixtures', 'diff', 'desired', 'desired.json'), join(root, 'fixtures', 'diff', 'fleet'), '--no-config', '--format', 'github']);
    expect(r.out).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+/m);
    expect(r.out).toMatch(/^vmqlint: Drift: /m);
  });
});
