/** writeOutputChunks with pieces that come late (from worker threads): the same contract as pieces given at once. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, writeOutputChunks } from '../../src/cli/report-stream.js';
import { InputError } from '../../src/model/errors.js';
import { captureIo, tempDir } from './cli-helpers.js';

/** `n` pieces of 1,000 characters, each after a turn of the event loop; `fail` throws at that piece instead. */
async function* late(n: number, fail?: number): AsyncGenerator<string> {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setImmediate(r));
    if (i === fail) throw new InputError('fleet/x/Get-NetAdapter.json', 0, 0, 'changed while it was being read');
    yield `${i}`.padEnd(999, '.') + '\n';
  }
}
const joined = async (n: number) => {
  let s = '';
  for await (const p of late(n)) s += p;
  return s;
};

describe('writeOutputChunks', () => {
  it('writes a file and stdout in batches, the bytes of the pieces joined', async () => {
    const cwd = tempDir();
    await writeOutputChunks({ format: 'json', path: 'out/r.json' }, late(200), captureIo(cwd));
    expect(readFileSync(join(cwd, 'out', 'r.json'), 'utf8')).toBe(await joined(200));
    const io = captureIo(cwd);
    await writeOutputChunks({ format: 'text' }, late(200), io);
    expect(io.out.join('')).toBe(await joined(200));
    expect(io.out.length).toBe(Math.ceil(200_000 / BATCH_CHARS));
  });

  it('creates and truncates no file when the pieces fail before the first batch, and removes a file a later failure left half-written', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'r.json');
    writeFileSync(path, 'before');
    await expect(writeOutputChunks({ format: 'json', path: 'r.json' }, late(10, 3), captureIo(cwd))).rejects.toThrow(/changed while/);
    expect(readFileSync(path, 'utf8')).toBe('before');
    await expect(writeOutputChunks({ format: 'json', path: 'new.json' }, late(10, 3), captureIo(cwd))).rejects.toThrow(/changed while/);
    expect(existsSync(join(cwd, 'new.json'))).toBe(false);
    await expect(writeOutputChunks({ format: 'json', path: 'r.json' }, late(200, 150), captureIo(cwd))).rejects.toThrow(/changed while/);
    expect(existsSync(path)).toBe(false);
  });

  it('stops taking pieces when the reader of stdout has gone, and ends their source', async () => {
    let taken = 0;
    let ended = false;
    async function* counted(): AsyncGenerator<string> {
      try {
        for await (const p of late(500)) {
          taken++;
          yield p;
        }
      } finally {
        ended = true;
      }
    }
    const io = { ...captureIo(tempDir()), drain: async () => false };
    await writeOutputChunks({ format: 'text' }, counted(), io);
    expect(io.out.length).toBe(1);
    expect(taken).toBeLessThan(100);
    expect(ended).toBe(true);
  });
});
