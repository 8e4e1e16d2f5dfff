/**
 * What a failed write to stdout means: a reader that closed the pipe early (`vmqlint lint | head`)
 * has all it wanted, so the run ends quietly with the exit code it would have had; any other
 * failure (a full disk behind a redirect) is vmqlint unable to do its job: a clear message, exit 2.
 * And when stdout can take more of a report written in pieces (src/cli/report-stream.ts).
 */

/** Watch a stream for write errors; `onFatal` gets the message of a failure that is not EPIPE. */
export function watchStdout(stream: NodeJS.WriteStream, onFatal: (message: string) => void): void {
  let reported = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    if (reported) return;
    reported = true;
    onFatal(`vmqlint: cannot write to standard output: ${err.message}`);
  });
}

/**
 * Resolves when `stream` has flushed what it holds (true), or at once when it is gone (false).
 * A pipe on Windows (and a terminal) is written asynchronously: without waiting, every piece of
 * a large report would queue in memory behind a slow reader.
 */
export function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean }): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  if (!stream.writableNeedDrain) return Promise.resolve(true);
  return new Promise((done) => {
    const finish = (ok: boolean) => () => {
      stream.off('drain', onDrain);
      stream.off('error', onGone);
      stream.off('close', onGone);
      done(ok);
    };
    const onDrain = finish(true);
    const onGone = finish(false);
    stream.on('drain', onDrain);
    stream.on('error', onGone);
    stream.on('close', onGone);
  });
}
