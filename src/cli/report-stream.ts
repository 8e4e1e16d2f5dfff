/**
 * Reports written as they are made: a formatter's pieces (src/report/lint-formats.ts) go to stdout
 * or to a file in batches of about 64 KiB, so a report of 10,000 hosts (a SARIF log of hundreds of
 * MB) is never one string in memory. Files keep writeReport's contract (src/cli/io.ts): a path
 * that cannot be written is a usage error naming it, and a file left half-written is removed.
 */
import { closeSync, fstatSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import type { CommandIo } from './command-io.js';
import { why, type OutputSpec } from './io.js';

/** Characters gathered before each write: few system calls, little memory. */
export const BATCH_CHARS = 64 * 1024;

/** Gathers pieces into batches of at least `size` characters: `add` gives a batch once one is full. */
class Batcher {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  add(chunk: string): string | undefined {
    if (chunk === '') return undefined;
    this.parts.push(chunk);
    this.length += chunk.length;
    return this.length >= this.size ? this.take() : undefined;
  }

  /** What is gathered (the last, shorter batch), or undefined when nothing is. */
  take(): string | undefined {
    if (this.length === 0) return undefined;
    const batch = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return batch;
  }
}

/** Pieces gathered into batches of at least `size` characters (the last one may be shorter). */
export function* batches(chunks: Iterable<string>, size = BATCH_CHARS): Generator<string> {
  const b = new Batcher(size);
  for (const chunk of chunks) {
    const batch = b.add(chunk);
    if (batch !== undefined) yield batch;
  }
  const last = b.take();
  if (last !== undefined) yield last;
}

/** batches of pieces that may come asynchronously (hosts written on worker threads). */
export async function* batchesAsync(chunks: Iterable<string> | AsyncIterable<string>, size = BATCH_CHARS): AsyncGenerator<string> {
  // Pieces given at once are batched without an await each (a 10,000-host SARIF is a million pieces).
  if (Symbol.iterator in chunks) {
    yield* batches(chunks, size);
    return;
  }
  const b = new Batcher(size);
  for await (const chunk of chunks) {
    const batch = b.add(chunk);
    if (batch !== undefined) yield batch;
  }
  const last = b.take();
  if (last !== undefined) yield last;
}

/**
 * Write a report's pieces, as they come (at once, or late from worker threads), to its file
 * (relative to the working directory) or to stdout. Nothing is written, and no file is created or
 * truncated, when the formatter refuses before its first batch (the fix script's hosts that
 * cannot be told apart); a regular file is removed when a write or the pieces fail; stdout stops
 * when its reader has gone. Ending early stops the pieces' source (the worker threads).
 */
export async function writeOutputChunks(spec: OutputSpec, chunks: Iterable<string> | AsyncIterable<string>, io: CommandIo): Promise<void> {
  const parts = batchesAsync(chunks);
  try {
    const first = await parts.next();
    if (spec.path === undefined) {
      for (let r = first; !r.done; r = await parts.next()) {
        io.stdout(r.value);
        // A reader that closed the pipe has all it wanted: stop making the rest (exit code unchanged).
        if (io.drain && !(await io.drain())) return;
      }
      return;
    }
    const path = resolve(io.cwd, spec.path);
    const shown = spec.path;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new UsageError(`cannot write ${shown}: ${why(err)}`);
    }
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      throw new UsageError(`cannot write ${shown}: ${why(err)}`);
    }
    // Only a regular file is removed after a failure: `--format sarif=/dev/stdout` names a device.
    let regular = false;
    try {
      regular = fstatSync(fd).isFile();
      for (let r = first; !r.done; r = await parts.next()) writeAll(fd, r.value, shown);
    } catch (err) {
      closeQuietly(fd);
      if (regular) rmSync(path, { force: true });
      throw err;
    }
    try {
      closeSync(fd);
    } catch (err) {
      if (regular) rmSync(path, { force: true });
      throw new UsageError(`cannot write ${shown}: ${why(err)}`);
    }
  } finally {
    await parts.return(undefined);
  }
}

/** Write all of `text`: writeSync may take part of a buffer (a nearly full disk). */
function writeAll(fd: number, text: string, shown: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  } catch (err) {
    throw new UsageError(`cannot write ${shown}: ${why(err)}`);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The write already failed; that failure is the one to report.
  }
}
