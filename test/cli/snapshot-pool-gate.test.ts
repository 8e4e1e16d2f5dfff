/** runTasksOnWorkers with a gate (show --jobs N's second pass): a task goes out only once the gate has opened to it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTasksOnWorkers } from '../../src/cli/snapshot-pool.js';
import { tempDir } from './cli-helpers.js';

describe('runTasksOnWorkers with a gate', () => {
  it('sends each task only while its position is below open(), fills the workers again when woken, and ends', async () => {
    const script = join(tempDir(), 'echo-worker.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (t) => parentPort.postMessage({ index: t.index, outcome: t.index * 10 }));\n");
    const tasks = Array.from({ length: 40 }, (_, i) => ({ index: i }));
    let taken = 0;
    const AHEAD = 3;
    let wake: (() => void) | undefined;
    const sentBeyond: number[] = [];
    const outcomes = new Map<number, number>();
    await runTasksOnWorkers(
      pathToFileURL(script),
      {},
      2,
      tasks,
      (t) => {
        if (t.index >= taken + AHEAD) sentBeyond.push(t.index);
        return t;
      },
      (i, o: number) => {
        outcomes.set(i, o);
        // The consumer takes one outcome a turn later, as a writer would, and opens the gate by one.
        setImmediate(() => {
          taken++;
          wake?.();
        });
      },
      () => {
        throw new Error('no task runs in-process here');
      },
      undefined,
      { open: () => taken + AHEAD, onOpen: (w) => (wake = w) },
    );
    expect(sentBeyond).toEqual([]);
    expect([...outcomes.keys()].sort((a, b) => a - b)).toEqual(tasks.map((t) => t.index));
    expect(outcomes.get(7)).toBe(70);
  });
});
