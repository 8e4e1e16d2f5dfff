/** Reports written piece by piece: batches, files, stdout that pushes back or goes away, failures. */
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, batches, writeOutputChunks } from '../../src/cli/report-stream.js';
import { writeReport } from '../../src/cli/io.js';
import { drained } from '../../src/cli/stdout-errors.js';
import { UsageError } from '../../src/model/errors.js';
import { captureIo, tempDir } from './cli-helpers.js';

/** `n` pieces of `size` characters, each saying which it is. */
function* pieces(n: number, size = 1000): Generator<string> {
  for (let i = 0; i < n; i++) yield `${i}`.padEnd(size - 1, '.') + '\n';
}
const all = (n: number, size = 1000) => [...pieces(n, size)].join('');

describe('batches', () => {
  it('joins pieces into batches of at least the batch size, the last one shorter, losing nothing', () => {
    const out = [...batches(pieces(200))];
    expect(out.join('')).toBe(all(200));
    expect(out.length).toBe(Math.ceil(200_000 / BATCH_CHARS));
    for (const b of out.slice(0, -1)) {
      expect(b.length).toBeGreaterThanOrEqual(BATCH_CHARS);
      expect(b.length).toBeLessThan(BATCH_CHARS + 1000);
    }
    expect([...batches([])]).toEqual([]);
    expect([...batches(['', 'a', '', 'b'])]).toEqual(['ab']);
  });
});

describe('writeOutputChunks', () => {
  it('writes a file in batches, the bytes of the pieces joined (UTF-8, folders made)', async () => {
    const cwd = tempDir();
    const text = [...pieces(300)].concat(['naïve ✓ 名前\n']);
    await writeOutputChunks({ format: 'json', path: 'out/report.json' }, text, captureIo(cwd));
    expect(readFileSync(join(cwd, 'out', 'report.json'), 'utf8')).toBe(text.join(''));
  });

  it('writes stdout a batch at a time', async () => {
    const io = captureIo(tempDir());
    await writeOutputChunks({ format: 'json' }, pieces(300), io);
    expect(io.out.join('')).toBe(all(300));
    expect(io.out.length).toBe(Math.ceil(300_000 / BATCH_CHARS));
  });

  it('waits for stdout to drain, and stops making the report once stdout is gone', async () => {
    const io = captureIo(tempDir());
    let asked = 0;
    let made = 0;
    const counted = function* () {
      for (const p of pieces(1000)) {
        made++;
        yield p;
      }
    };
    io.drain = async () => ++asked < 3;
    await writeOutputChunks({ format: 'json' }, counted(), io);
    expect(io.out.length).toBe(3);
    expect(asked).toBe(3);
    // The rest of the report was never made.
    expect(made).toBeLessThan(3 * (BATCH_CHARS / 1000) + 2);
  });

  it('creates no file, and leaves an old one alone, when the report is refused before its first piece', async () => {
    const cwd = tempDir({ 'old.ps1': 'previous script' });
    const refused = function* (): Generator<string> {
      throw new UsageError('hosts cannot be told apart');
    };
    await expect(writeOutputChunks({ format: 'ps1', path: 'new.ps1' }, refused(), captureIo(cwd))).rejects.toThrow('hosts cannot be told apart');
    expect(existsSync(join(cwd, 'new.ps1'))).toBe(false);
    await expect(writeOutputChunks({ format: 'ps1', path: 'old.ps1' }, refused(), captureIo(cwd))).rejects.toThrow('hosts cannot be told apart');
    expect(readFileSync(join(cwd, 'old.ps1'), 'utf8')).toBe('previous script');
  });

  it('removes the partial file when the report fails after batches were written, and passes the error on', async () => {
    const cwd = tempDir();
    const failing = function* (): Generator<string> {
      yield* pieces(200);
      throw new Error('formatter bug');
    };
    await expect(writeOutputChunks({ format: 'json', path: 'r.json' }, failing(), captureIo(cwd))).rejects.toThrow('formatter bug');
    expect(existsSync(join(cwd, 'r.json'))).toBe(false);
  });

  it('a path that is a folder is a usage error naming it', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'out'));
    await expect(writeOutputChunks({ format: 'json', path: 'out' }, pieces(2), captureIo(cwd))).rejects.toThrow(new UsageError('cannot write out: it is a folder'));
    writeFileSync(join(cwd, 'file'), 'x');
    await expect(writeOutputChunks({ format: 'json', path: 'file/r.json' }, pieces(2), captureIo(cwd))).rejects.toThrow(/cannot write file\/r.json: a file stands where a folder of the path should be/);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk is a usage error naming the path; a device is never removed', async () => {
    // Through a link: were the device taken for a partial file, only the link would go.
    const cwd = tempDir();
    symlinkSync('/dev/full', join(cwd, 'full'));
    await expect(writeOutputChunks({ format: 'json', path: 'full' }, pieces(100), captureIo(cwd))).rejects.toThrow(/cannot write full: no space left on the device/);
    expect(lstatSync(join(cwd, 'full')).isSymbolicLink()).toBe(true);
  });
});

describe('writeReport (whole text)', () => {
  it.skipIf(!existsSync('/dev/full'))('a full disk is a usage error; a device is never removed', () => {
    const cwd = tempDir();
    symlinkSync('/dev/full', join(cwd, 'full'));
    expect(() => writeReport(join(cwd, 'full'), 'full', 'x'.repeat(100_000))).toThrow(/cannot write full: no space left on the device/);
    expect(lstatSync(join(cwd, 'full')).isSymbolicLink()).toBe(true);
  });
});

describe('drained', () => {
  it('is true at once for a stream with room, true after a full one drains, false for a stream that is gone', async () => {
    const s = new PassThrough({ highWaterMark: 16 });
    expect(await drained(s)).toBe(true);
    s.write('x'.repeat(64));
    expect(s.writableNeedDrain).toBe(true);
    const waiting = drained(s);
    s.read();
    expect(await waiting).toBe(true);
    s.write('x'.repeat(64));
    const gone = drained(s);
    s.destroy();
    expect(await gone).toBe(false);
    expect(await drained(s)).toBe(false);
  });
});
