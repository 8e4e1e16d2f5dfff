/**
 * Preloaded (`node --import`) into a process the fleet bench measures: at exit the main thread
 * writes the process's peak RSS (getrusage maxRSS, which counts every worker thread) to
 * `$VMQLINT_BENCH_RSS_DIR/<pid>.json`. Worker threads inherit the preload and write nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.VMQLINT_BENCH_RSS_DIR;
if (dir !== undefined && isMainThread) {
  process.on('exit', () => {
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
