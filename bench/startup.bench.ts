/**
 * Cold start-up: `vmqlint --version`, `--help`, `lint --help` and `diff --help`, each in a fresh
 * child process (nothing cached in memory), median of 5 wall times; `node -e 0` is the floor no
 * change of ours can go below. Issue 11 asks for 150 ms or less.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const RUNS = 5;

/** Median wall milliseconds of `node ...args` over RUNS cold child processes. */
function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

/** Lines of the start-up benchmark report. */
export function run(): string[] {
  const cases: [string, string[]][] = [
    ['node -e 0 (floor)', ['-e', '0']],
    ['vmqlint --version', [main, '--version']],
    ['vmqlint --help', [main, '--help']],
    ['vmqlint lint --help', [main, 'lint', '--help']],
    ['vmqlint diff --help', [main, 'diff', '--help']],
  ];
  return cases.map(([label, args], i) => `${label}: ${medianMs(args).toFixed(0)} ms (median of ${RUNS} cold runs${i === 0 ? '' : '; target 150 ms'})`);
}
