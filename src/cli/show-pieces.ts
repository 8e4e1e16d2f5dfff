/**
 * The second pass of `show --jobs N` on worker threads: the hosts' pieces written by the workers
 * (show-render.ts), a task a snapshot, and given back strictly in name order. Tasks go out in the
 * name order of their first host and only a few ahead of the host being written (TASKS_AHEAD a
 * worker), so the pieces that wait for an earlier one stay few when each snapshot is one host; a
 * model document's later hosts come with its first and wait for their turn.
 */
import type { Discovery } from '../ingest/load.js';
import { renderSlots, type RenderedHost, type RenderFormat, type RenderSlot, type RenderTask } from './show-render.js';
import { defaultSnapshotSource, type SideEntry } from './side-stream.js';
import { runTasksOnWorkers } from './snapshot-pool.js';
import { errorFromWire, refToWire } from './snapshot-wire.js';
import type { ShowWorkerData } from './show-worker.js';

/** Tasks sent past the one holding the next host to write, a worker (2 in flight each, and as many ready behind). */
export const TASKS_AHEAD = 4;

/** The worker threads of the second pass. */
export interface RenderPool {
  jobs: number;
  script: URL;
  cwd: string;
}

/** A snapshot's hosts to write, with their places in the name order. */
interface PlannedTask {
  index: number;
  slots: RenderSlot[];
  positions: number[];
}

/** Stops the pool when the pieces are no longer wanted (the reader left, or a host's error ended the report). */
class Abandoned extends Error {}

/** Each host of `hosts` (name order) written as `how` says on the pool's workers, given back in that order; a host's error is thrown at its turn. */
export async function* workerPieces(found: Discovery, hosts: readonly SideEntry<unknown>[], pool: RenderPool, how: RenderFormat): AsyncGenerator<string> {
  const tasks: PlannedTask[] = [];
  /** A snapshot's task's place in `tasks`. */
  const bySnapshot = new Map<number, number>();
  /** Each host's task's place in `tasks` (a model document's later hosts belong to an earlier task). */
  const taskOf: number[] = [];
  hosts.forEach((e, position) => {
    let at = bySnapshot.get(e.snapshot);
    if (at === undefined) {
      at = tasks.length;
      bySnapshot.set(e.snapshot, at);
      tasks.push({ index: e.snapshot, slots: [], positions: [] });
    }
    const t = tasks[at];
    t.slots.push({ name: e.name, model: e.model, slot: e.slot });
    t.positions.push(position);
    taskOf.push(at);
  });
  const byIndex = new Map(tasks.map((t) => [t.index, t]));
  const ready = new Map<number, RenderedHost>();
  let nextHost = 0;
  let abandoned = false;
  let failure: unknown;
  let settled = false;
  let wakeReader: (() => void) | undefined;
  let wakePool: (() => void) | undefined;
  const wake = () => {
    const w = wakeReader;
    wakeReader = undefined;
    w?.();
  };
  const workerData: ShowWorkerData = { cwd: pool.cwd, render: true };
  const running = runTasksOnWorkers(
    pool.script,
    workerData,
    pool.jobs,
    tasks,
    (t): RenderTask => ({ index: t.index, ref: refToWire(found.snapshots[t.index]), slots: t.slots, how }),
    (index, pieces: RenderedHost[]) => {
      if (abandoned) throw new Abandoned();
      const t = byIndex.get(index)!;
      pieces.forEach((p, k) => ready.set(t.positions[k], p));
      wake();
    },
    (t) => renderSlots(() => defaultSnapshotSource.read(found.snapshots[t.index], { cwd: pool.cwd }), t.slots, how),
    undefined,
    {
      open: () => (abandoned ? tasks.length : nextHost < hosts.length ? taskOf[nextHost] + 1 + TASKS_AHEAD * pool.jobs : tasks.length),
      onOpen: (w) => (wakePool = w),
    },
  ).then(
    () => {
      settled = true;
      wake();
    },
    (err: unknown) => {
      settled = true;
      failure = err;
      wake();
    },
  );
  try {
    for (; nextHost < hosts.length; ) {
      while (!ready.has(nextHost)) {
        if (failure !== undefined) throw failure;
        // Settled with this host missing: its snapshot's task ended at an earlier host's error, which was thrown.
        if (settled) throw new Error(`no piece for host '${hosts[nextHost].name}'`);
        await new Promise<void>((r) => (wakeReader = r));
      }
      const piece = ready.get(nextHost)!;
      ready.delete(nextHost);
      nextHost++;
      wakePool?.();
      if ('error' in piece) throw errorFromWire(piece.error);
      yield piece.text;
    }
  } finally {
    if (!settled) {
      abandoned = true;
      wakePool?.();
      await running;
    }
  }
}
