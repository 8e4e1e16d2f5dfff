/**
 * What a failed write to stdout means: a reader that closed the pipe early (`vmqlint lint | head`)
 * has all it wanted, so the run ends quietly with the exit code it would have had; any other
 * failure (a full disk behind a redirect) is vmqlint unable to do its job: a clear message, exit 2.
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
