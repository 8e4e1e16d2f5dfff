/** Streamed-command tests: a snapshot source that records each snapshot it reads, and the in-memory deps to compare with. */
import { loadRules } from '../../rules/index.js';
import { loadAllPaths, type DiffDeps } from '../../src/cli/diff-common.js';
import { defaultSnapshotSource, type SnapshotSource } from '../../src/cli/side-stream.js';

/** Deps that load every host at once (the path injected hosts take), to compare streamed output with. */
export const inMemory: DiffDeps = { loadRules, loadPaths: loadAllPaths };

/** The real snapshot source, recording each read as the last `segments` parts of the snapshot's path. */
export function watched(segments = 1): { deps: DiffDeps; source: SnapshotSource; reads: string[] } {
  const reads: string[] = [];
  const source: SnapshotSource = {
    discover: defaultSnapshotSource.discover,
    read: (ref, opts) => {
      reads.push(ref.path.split('/').slice(-segments).join('/'));
      return defaultSnapshotSource.read(ref, opts);
    },
  };
  return { deps: { loadRules, snapshots: source }, source, reads };
}
