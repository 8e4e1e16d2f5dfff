/**
 * Preloaded (`node --import`) into a process the fleet bench measures: at exit the main thread
 * writes the process's peak RSS (getrusage maxRSS, which counts every worker thread) and its CPU
 * time (all threads) to `$VMQLINT_BENCH_RSS_DIR/<pid>.json`. Worker threads inherit the preload
 * and write nothing; child processes started by node inherit it too and write their own file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.VMQLINT_BENCH_RSS_DIR;
if (dir !== undefined && isMainThread) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
  });
}
