/**
 * Write failures on stdout, through the built CLI (npm ci builds dist/; the tests read it as CI does).
 * A reader that closes the pipe early ends the run quietly with its own exit code; a full disk is exit 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

/** Run the CLI, read `bytes` of stdout, then close the pipe; resolve with the exit code and stderr. */
function runAndClose(args: string[], bytes: number): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let err = '';
    let seen = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      seen += d.length;
      if (seen >= bytes) child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe.skipIf(!existsSync(cli))('stdout write failures (built CLI)', () => {
  it('a closed pipe (| head) ends quietly with the exit code the run would have had', async () => {
    const big = ['lint', 'fixtures/sample-fleet', 'fixtures/production', '--no-config', '--format', 'json'];
    const failing = await runAndClose(big, 64);
    expect(failing.err).not.toMatch(/EPIPE|at .*\(node:|Error:/);
    expect(failing.code).toBe(1);
    const passing = await runAndClose([...big, '--exit-zero'], 64);
    expect(passing.err).not.toMatch(/EPIPE/);
    expect(passing.code).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('a failed write (a full disk) is exit 2 with a clear message', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" rules > /dev/full`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('vmqlint: cannot write to standard output: ENOSPC: no space left on device');
    expect(r.stderr).not.toMatch(/at .*\(node:/);
  });
});
