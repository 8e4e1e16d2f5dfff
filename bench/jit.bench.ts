/**
 * `npm run bench jit [--hosts N]`: how much of a fleet lint V8's optimizing compiler does, and
 * does again. `lint --jobs 1` on the bench fleet (1,000 hosts by default, see fleet-gen.ts) runs
 * under `--trace-opt --trace-deopt`, and this counts TurboFan compilations, the functions
 * compiled more than once, the compile time, and the eager deopts by reason.
 *
 * Why it matters: with one job, V8 compiles on the otherwise idle second core; with `--jobs 2`
 * every worker compiles the same code again, on cores the work needs. Two patterns made the same
 * functions compile again and again (measured at 1,000 hosts: 1,000 compilations of 527
 * functions): a closure created per call (`items.map((x) => ...)` inside a hot function) loses
 * its optimized code at each major GC, since V8 holds that code weakly from the closures' shared
 * feedback and a new closure finds none; and objects of one kind built with different property
 * sets deoptimize the code that reads them ("wrong map"). Run this after changing hot code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFleet, hostsArg } from './fleet-gen.js';
import { projectRoot } from '../scripts/project-root.js';

/** What one traced run compiled and deoptimized. */
export interface JitFigures {
  compilations: number;
  functions: number;
  /** Compilations of a function compiled before (by its SharedFunctionInfo). */
  again: number;
  compileMs: number;
  againMs: number;
  eagerDeopts: Map<string, number>;
  /** Functions compiled more than once: name (or "(anonymous)"), times, total ms. */
  repeated: { name: string; times: number; ms: number }[];
}

const COMPILED = /^\[completed compiling 0x[0-9a-f]+ <JSFunction ?([^ >]*)(?: \(sfi = (0x[0-9a-f]+)\))?>.* - took ([\d.]+), ([\d.]+), ([\d.]+) ms\]/;
const DEOPT = /^\[bailout \(kind: deopt-eager, reason: ([^)]*)\)/;

/** Count the `--trace-opt --trace-deopt` lines of a run. */
export function jitFigures(trace: string): JitFigures {
  const bySfi = new Map<string, { name: string; times: number; ms: number }>();
  const eagerDeopts = new Map<string, number>();
  let compilations = 0;
  let compileMs = 0;
  let again = 0;
  let againMs = 0;
  for (const line of trace.split('\n')) {
    const c = COMPILED.exec(line);
    if (c) {
      const ms = Number(c[3]) + Number(c[4]) + Number(c[5]);
      const key = c[2] ?? c[1];
      const seen = bySfi.get(key);
      compilations++;
      compileMs += ms;
      if (seen) {
        again++;
        againMs += ms;
        seen.times++;
        seen.ms += ms;
      } else bySfi.set(key, { name: c[1] || '(anonymous)', times: 1, ms });
      continue;
    }
    const d = DEOPT.exec(line);
    if (d) eagerDeopts.set(d[1], (eagerDeopts.get(d[1]) ?? 0) + 1);
  }
  const repeated = [...bySfi.values()].filter((f) => f.times > 1).sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
  return { compilations, functions: bySfi.size, again, compileMs, againMs, eagerDeopts, repeated };
}

/** Lines of the report (argv: `--hosts N`). */
export function run(argv: readonly string[] = process.argv.slice(2)): string[] {
  const hosts = hostsArg(argv, 1000);
  const cli = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`jit bench: ${cli} not found; run 'npm run build' first`);
  const fleet = ensureFleet({ hosts });
  const scratch = mkdtempSync(join(tmpdir(), 'vmqlint-jitbench-'));
  try {
    const args = ['--trace-opt', '--trace-deopt', cli, 'lint', fleet.dir, '--jobs', '1', '--format', `json=${join(scratch, 'out.json')}`, '--exit-zero', '--quiet'];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`jit bench: lint exited ${r.status}: ${(r.stderr ?? '').slice(-1000)}`);
    const f = jitFigures(r.stdout);
    const lines = [
      `lint ${hosts} hosts --jobs 1: ${f.compilations} TurboFan compilations of ${f.functions} functions, ${f.compileMs.toFixed(0)} ms; ` +
        `${f.again} of them (${f.againMs.toFixed(0)} ms) compile a function again`,
      `eager deopts: ${[...f.eagerDeopts.values()].reduce((a, b) => a + b, 0)} (${[...f.eagerDeopts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      'compiled again most (name, times, ms):',
    ];
    for (const x of f.repeated.slice(0, 15)) lines.push(`  ${x.name} ${x.times} ${x.ms.toFixed(0)}`);
    return lines;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
