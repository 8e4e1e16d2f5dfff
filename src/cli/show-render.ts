/**
 * The second pass of `show --jobs N`: one snapshot read again and the pieces of its hosts written
 * (a text summary's host piece, or a model document's host element), on a worker thread
 * (show-worker.ts) or, for a snapshot a worker ran out of heap on, on the main thread. Each piece
 * is the very text the one-thread writer makes of that host (showHostText, jsonElement).
 */
import { readSnapshot, type SnapshotRead } from '../ingest/load.js';
import { jsonElement } from '../report/json-stream.js';
import { showHostText } from '../report/show-text.js';
import { hostAt, type SideEntry } from './side-stream.js';
import { errorToWire, refFromWire, type WireError, type WireSnapshotRef } from './snapshot-wire.js';

/** Depth of the hosts array in the model document (`{ "hosts": [ ... ] }`): its elements are indented for it. */
export const DOCUMENT_HOSTS_DEPTH = 1;

/** A host to write: where the first pass saw it. */
export type RenderSlot = Pick<SideEntry<unknown>, 'name' | 'model' | 'slot'>;

/** How the hosts are written: text (with or without colour) or the model document's elements. */
export type RenderFormat = { format: 'text'; color: boolean } | { format: 'json' };

/** What the pool sends a worker: one snapshot (index in discovery order) and its hosts to write, in name order. */
export interface RenderTask {
  index: number;
  ref: WireSnapshotRef;
  slots: RenderSlot[];
  how: RenderFormat;
}

/** One host's piece, or the error its turn raises (the snapshot changed or cannot be read); none follow an error. */
export type RenderedHost = { text: string } | { error: WireError };

/** The pieces of `slots` of a snapshot read again; the first host that is no longer where it was, or a read that fails, ends them with its error. */
export function renderSlots(read: () => SnapshotRead, slots: readonly RenderSlot[], how: RenderFormat): RenderedHost[] {
  const out: RenderedHost[] = [];
  try {
    const r = read();
    for (const s of slots) {
      const host = hostAt(r, s);
      out.push({ text: how.format === 'text' ? showHostText(host, how.color) : jsonElement(host, DOCUMENT_HOSTS_DEPTH) });
    }
  } catch (err) {
    // Raised when this host's turn comes, as reading the hosts in name order on one thread raises it.
    out.push({ error: errorToWire(err) });
  }
  return out;
}

/** renderSlots of a task as the pool sends it, reading with the loader from `cwd`. */
export function renderTask(task: RenderTask, cwd: string): RenderedHost[] {
  return renderSlots(() => readSnapshot(refFromWire(task.ref), { cwd }), task.slots, task.how);
}
