/**
 * Child process of report-stream.bench.ts: builds a lint result of `hosts` hosts from the sample
 * fleet's findings (each host's findings copied under new host names), then writes one report to a
 * file one way, alone in its own process, and prints JSON: time, bytes, the RSS before writing and
 * the peak RSS while writing.
 *   string: the report built as one string, then written (what lint did before issue 11)
 *   stream: the report's pieces written as they are made (writeOutputChunks)
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRules } from '../rules/index.js';
import { writeOutputChunks } from '../src/cli/report-stream.js';
import { RuleCatalog } from '../src/engine/catalog.js';
import { lintHosts } from '../src/engine/run.js';
import type { Finding, LintResult } from '../src/engine/types.js';
import { loadPaths } from '../src/ingest/load.js';
import { DEFAULT_HELP_URI_BASE, type ReportContext } from '../src/report/context.js';
import { LINT_CHUNKERS, LINT_FORMATTERS } from '../src/report/lint-formats.js';
import { projectRoot } from '../scripts/project-root.js';

const [mode, format, hostsArg, out] = process.argv.slice(2);
const want = Number(hostsArg);

/** `count` hosts cycling through the base result's hosts, each with its own name and copies of its findings. */
function scaled(base: LintResult, count: number): LintResult {
  const byHost = new Map<string, Finding[]>();
  for (const f of base.findings) byHost.set(f.host, [...(byHost.get(f.host) ?? []), f]);
  const hosts: LintResult['hosts'] = [];
  const findings: Finding[] = [];
  const notApplicable: LintResult['notApplicable'] = [];
  for (let i = 0; i < count; i++) {
    const h = base.hosts[i % base.hosts.length];
    const name = `${h.name}-${String(i).padStart(5, '0')}`;
    hosts.push({ ...h, name });
    for (const f of byHost.get(h.name) ?? []) {
      findings.push({
        ...f,
        host: name,
        message: f.message.split(h.name).join(name),
        locations: f.locations.map((l) => ({ ...l, file: l.file.split(h.name).join(name) })),
        fingerprint: `${f.fingerprint.slice(0, 56)}${i.toString(16).padStart(8, '0')}`,
      });
    }
    for (const n of base.notApplicable) if (n.host === h.name) notApplicable.push({ ...n, host: name });
  }
  const times = count / base.hosts.length;
  const s = base.summary;
  const summary = { error: Math.round(s.error * times), warning: Math.round(s.warning * times), info: Math.round(s.info * times), baselined: 0, waived: 0, notApplicable: notApplicable.length };
  return { ...base, hosts, findings, notApplicable, summary };
}

function rssMb(): number {
  return process.memoryUsage().rss / 1048576;
}

/** Peak RSS (VmHWM) of this process; reset before writing, so it is the peak while writing. */
function peakMb(): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : NaN;
}

const catalog = new RuleCatalog(await loadRules());
const loaded = loadPaths([join(projectRoot(), 'fixtures', 'sample-fleet')], { cwd: projectRoot() });
const base = lintHosts(loaded.hosts, [], { rules: catalog, tool: { name: 'vmqlint', version: '0.0.0-bench' } });
const result = scaled(base, want);
const ctx: ReportContext = { color: false, rules: catalog.rules.map((r) => r.meta), helpUriBase: DEFAULT_HELP_URI_BASE };
(globalThis as { gc?: () => void }).gc?.();
const before = rssMb();
// Linux: writing 5 to clear_refs resets VmHWM to the current RSS.
let reset = true;
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  reset = false;
}
const t0 = performance.now();
if (mode === 'string') {
  writeFileSync(out, LINT_FORMATTERS[format](result, ctx));
} else {
  const io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, color: () => false };
  await writeOutputChunks({ format, path: out }, LINT_CHUNKERS[format](result, ctx), io);
}
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ ms, bytes: statSync(out).size, hosts: result.hosts.length, findings: result.findings.length, rssBeforeMb: before, peakMb: peakMb(), peakReset: reset }),
);
