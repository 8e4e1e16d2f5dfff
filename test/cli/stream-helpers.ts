/** Streamed-command tests: a snapshot source that records each snapshot it reads, and the in-memory deps to compare with. */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../rules/index.js';
import { loadAllPaths, type DiffDeps } from '../../src/cli/diff-common.js';
import { defaultSnapshotSource, type SnapshotSource } from '../../src/cli/side-stream.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/cli/version.js';
import { formatModelDocument } from '../../src/report/show-json.js';
import { tempDir } from './cli-helpers.js';

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

/**
 * A folder (returned) holding `fleet/` with a failed snapshot (d), two captures of one host (a, b)
 * and another host (c), and `model.json`, a model document of a third host: every way names join.
 */
export function joinedNamesFleet(): string {
  const sample = join(import.meta.dirname, '..', '..', 'fixtures', 'sample-fleet');
  const cwd = tempDir();
  cpSync(join(sample, 'HV-2022'), join(cwd, 'fleet', 'a'), { recursive: true });
  cpSync(join(sample, 'HV-2022'), join(cwd, 'fleet', 'b'), { recursive: true });
  cpSync(join(sample, 'HV-SET-2019'), join(cwd, 'fleet', 'c'), { recursive: true });
  mkdirSync(join(cwd, 'fleet', 'd'));
  writeFileSync(join(cwd, 'fleet', 'd', 'Get-NetAdapter.json'), '[{"Name": "NIC1", "InterfaceGuid": ');
  const model = loadAllPaths([join(sample, 'HV-LBFO-2012R2')], { cwd });
  writeFileSync(join(cwd, 'model.json'), formatModelDocument(model.hosts, { name: TOOL_NAME, version: TOOL_VERSION }));
  return cwd;
}
