/**
 * A diff worker thread (`diff --jobs N`): reads the snapshots of one side the pool sends, one at
 * a time, and sends back of each host only what the first pass keeps (diff-digest.ts: its
 * fingerprint and lint); the models stay and die here. The rules, their settings and the traffic
 * profile are built here from the same inputs the main thread built its linter from.
 */
import { workerData } from 'node:worker_threads';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../engine/catalog.js';
import { RuleSettings, type VmqlintConfig } from '../engine/config.js';
import { lintHost } from '../engine/host-lint.js';
import { readSnapshot } from '../ingest/load.js';
import type { Host } from '../model/host.js';
import { parseProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import { pairDigest } from './diff-digest.js';
import { sideSnapshot } from './side-stream.js';
import { serveSnapshots } from './worker-serve.js';

/** What a diff worker is started with. */
export interface DiffWorkerData {
  cwd: string;
  /** The before side keeps slimmed findings (diff-digest.ts). */
  slim: boolean;
  /** Lint each host (not with --no-lint): the config and its path, as the main thread read them. */
  lint?: { config: VmqlintConfig; file?: string };
  /** `--traffic`: the profile's text and display name. */
  traffic?: { text: string; name: string };
}

const data = workerData as DiffWorkerData;

async function hostLinter(): Promise<((host: Host) => ReturnType<typeof lintHost>) | undefined> {
  if (!data.lint) return undefined;
  const catalog = new RuleCatalog(await loadRules());
  const settings = data.lint.file ? RuleSettings.fromConfig(catalog, data.lint.config, data.lint.file) : new RuleSettings(catalog);
  const profile = data.traffic ? parseProfile(data.traffic.text, data.traffic.name) : undefined;
  // As diff.ts simulates: every entry under the same profile on both sides.
  const simulate = profile ? (host: Host) => simulateHost(host, profile.profile, {}, profile.source, () => true) : undefined;
  return (host) => lintHost(host, { rules: catalog, settings, ...(simulate ? { simulate } : {}) });
}

serveSnapshots(hostLinter().then((hostLint) => (ref, task) => sideSnapshot(readSnapshot(ref, { cwd: data.cwd }), task.index, (h) => pairDigest(h, hostLint, data.slim))));
