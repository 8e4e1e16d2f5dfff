/**
 * The progress line of a long run on stderr: drawn in place (`\r`, then erase to the end of the
 * line) only when stderr is a terminal and the run is not --quiet, at most once per interval of
 * the injected clock, and erased at the end so later messages start on a clean line. When stderr
 * is a file or a pipe (CI logs) it writes nothing at all.
 */
import { formatProgressLine } from '../report/progress-line.js';
import type { CommandIo } from './command-io.js';

/** What the pipeline calls as hosts finish. */
export interface Progress {
  /** The run has `total` hosts; starts the clock and draws `0/total`. */
  start(total: number): void;
  /** `doneHosts` hosts are finished (a count, not an increment); redraws when the interval has passed. */
  tick(doneHosts: number): void;
  /** Write a message (whole lines) to stderr without tearing the progress line: erase, write, redraw. */
  message(text: string): void;
  /** The run is over: erase the line. Idempotent; nothing is drawn after it. */
  done(): void;
}

export interface ProgressOptions {
  /** --quiet: no progress line. */
  quiet?: boolean;
  /** Milliseconds, monotonic (performance.now in the CLI, a fake in tests). */
  clock: () => number;
  /** Least time between two redraws; default 100 ms (10 a second). */
  intervalMs?: number;
  /** What is counted; default `hosts`. */
  unit?: string;
}

const ERASE = '\r\x1b[K';

/** A progress line on `io.stderr` when `io.stderrIsTty()` says stderr is a terminal; a silent one otherwise. */
export function createProgress(io: Pick<CommandIo, 'stderr' | 'stderrIsTty'>, options: ProgressOptions): Progress {
  if (options.quiet || !io.stderrIsTty?.()) return silentProgress(io);
  const interval = options.intervalMs ?? 100;
  const unit = options.unit ?? 'hosts';
  let total = 0;
  let started = 0;
  let count = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let over = false;
  const draw = (): void => {
    const now = options.clock();
    io.stderr(`${ERASE}${formatProgressLine(count, total, now - started, unit)}`);
    lastDraw = now;
    drawn = true;
  };
  const erase = (): void => {
    if (drawn) io.stderr(ERASE);
    drawn = false;
  };
  return {
    start(n) {
      if (over) return;
      total = n;
      count = 0;
      started = options.clock();
      if (total > 0) draw();
    },
    tick(doneHosts) {
      if (over || total <= 0) return;
      count = doneHosts;
      if (options.clock() - lastDraw >= interval) draw();
    },
    message(text) {
      const was = drawn;
      erase();
      io.stderr(text);
      if (was && !over) draw();
    },
    done() {
      if (over) return;
      erase();
      over = true;
    },
  };
}

/** No line: messages pass straight through. */
function silentProgress(io: Pick<CommandIo, 'stderr'>): Progress {
  return { start() {}, tick() {}, message: (text) => io.stderr(text), done() {} };
}
