/**
 * A diff worker thread (`diff --jobs N`). In the first pass it reads the snapshots of one side the
 * pool sends, one at a time, and sends back of each host only what the first pass keeps
 * (diff-digest.ts: its fingerprint and lint); the models stay and die here. In the second pass
 * (started with `pairs`) it diffs the pairs that may differ, a task of pairs at a time
 * (diff-pairs.ts), and sends back each pair's entry. The rules, their settings and the traffic
 * profile are built here from the same inputs the main thread built its linter from.
 */
import { workerData } from 'node:worker_threads';
import { loadRules } from '../../rules/index.js';
import { RuleCatalog } from '../engine/catalog.js';
import { RuleSettings, type VmqlintConfig } from '../engine/config.js';
import { lintHost } from '../engine/host-lint.js';
import { lintHosts } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { WaiverSet } from '../engine/waivers.js';
import { ignoreFilter } from '../diff/noise.js';
import { readSnapshot } from '../ingest/load.js';
import type { Host } from '../model/host.js';
import { parseProfile } from '../sim/profile.js';
import { simulateHost } from '../sim/run.js';
import type { IgnoreSpec } from './diff-common.js';
import { pairDigest } from './diff-digest.js';
import { runPairTask, type WirePairTask } from './diff-pairs.js';
import { ImpactCollector } from './impact.js';
import { sideSnapshot } from './side-stream.js';
import { refFromWire } from './snapshot-wire.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { serveSnapshots, serveTasks } from './worker-serve.js';

/** What a diff worker is started with. */
export interface DiffWorkerData {
  cwd: string;
  /** The before side keeps slimmed findings (diff-digest.ts). */
  slim: boolean;
  /**
   * Lint each host (not with --no-lint): the config and its path, as the main thread read them,
   * and the day waivers expire against (the second pass lints hosts alone with the waivers).
   */
  lint?: { config: VmqlintConfig; file?: string; today?: string };
  /** `--traffic`: the profile's text and display name. */
  traffic?: { text: string; name: string };
  /** The second pass: diff pairs (diff-pairs.ts) with this ignore test; with `impact`, each pair's impact too. */
  pairs?: { ignore: IgnoreSpec; impact: boolean };
}

const data = workerData as DiffWorkerData;

interface Linters {
  host: (host: Host) => ReturnType<typeof lintHost>;
  alone: (host: Host) => Finding[];
}

async function linters(): Promise<Linters | undefined> {
  if (!data.lint) return undefined;
  const lint = data.lint;
  const catalog = new RuleCatalog(await loadRules());
  const settings = lint.file ? RuleSettings.fromConfig(catalog, lint.config, lint.file) : new RuleSettings(catalog);
  const profile = data.traffic ? parseProfile(data.traffic.text, data.traffic.name) : undefined;
  // As diff.ts simulates: every entry under the same profile on both sides.
  const simulate = profile ? (host: Host) => simulateHost(host, profile.profile, {}, profile.source, () => true) : undefined;
  // As linterFor lints a host alone. The waivers' lines (for their notes) are not known here; a
  // trial reads only which findings are not suppressed.
  const sources = lint.config.waivers && lint.file ? [{ file: lint.file, pointer: '/waivers', waivers: lint.config.waivers }] : [];
  const tool = { name: TOOL_NAME, version: TOOL_VERSION };
  const today = lint.today ?? '';
  return {
    host: (host) => lintHost(host, { rules: catalog, settings, ...(simulate ? { simulate } : {}) }),
    alone: (host) => lintHosts([host], [], { rules: catalog, tool, settings, waivers: new WaiverSet(catalog, sources, today), simulate }).findings,
  };
}

const pairs = data.pairs;
if (pairs) {
  serveTasks<WirePairTask>(
    linters().then((l) => {
      const profile = data.traffic && pairs.impact ? parseProfile(data.traffic.text, data.traffic.name) : undefined;
      const ctx = {
        read: (ref: Parameters<typeof readSnapshot>[0]) => readSnapshot(ref, { cwd: data.cwd }),
        ignore: ignoreFilter(pairs.ignore),
        ...(l ? { alone: l.alone } : {}),
        ...(profile && data.traffic ? { impact: new ImpactCollector(profile.profile, profile.source, data.traffic.name) } : {}),
      };
      return (task: WirePairTask) => runPairTask(task, ctx, refFromWire);
    }),
  );
} else {
  serveSnapshots(linters().then((l) => (ref, task) => sideSnapshot(readSnapshot(ref, { cwd: data.cwd }), task.index, (h) => pairDigest(h, l?.host, data.slim))));
}
