/**
 * Child process of report-stream.bench.ts: builds a lint result of `hosts` hosts from the sample
 * fleet's findings (each host's findings copied under new host names), then writes one report to a
 * file one way, alone in its own process, and prints JSON: time, bytes, the RSS before writing and
 * the peak RSS while writing.
 *   string: the report built as one string, then written (what lint did before issue 11)
 *   stream: the report's pieces written as they are made (writeOutputChunks)
 * Formats: a lint format by name (sarif, json, ...), or diff-text, diff-markdown, diff-github,
 * diff-junit, fleet-text, fleet-markdown: the diff and fleet scenarios of the tests
 * (test/diff/large-scenario.ts) with every host copied until there are `hosts` (a fleet of
 * `hosts` columns, every property a row).
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
import { LINT_CHUNKERS } from '../src/report/lint-formats.js';
import { diffGithubChunks, diffJunitChunks } from '../src/report/diff-ci.js';
import { diffMarkdownChunks } from '../src/report/diff-markdown.js';
import { diffTextChunks } from '../src/report/diff-text.js';
import { fleetMarkdownChunks } from '../src/report/fleet-markdown.js';
import { fleetTextChunks } from '../src/report/fleet-text.js';
import { largeDiff, largeFleet } from '../test/diff/large-scenario.js';
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

/** A report to write: its size, and its pieces (joined, the one string). */
interface Report {
  hosts: number;
  findings: number;
  chunks: () => Iterable<string>;
}

/** The diff and fleet reports: each scenario's hosts copied until there are `count`. */
function diffOrFleet(name: string, count: number): Report {
  if (name.startsWith('fleet-')) {
    // Three nodes a copy.
    const r = largeFleet(Math.ceil(count / 3));
    const chunks = name === 'fleet-text' ? () => fleetTextChunks(r, { color: false }) : () => fleetMarkdownChunks(r);
    return { hosts: r.hosts.length, findings: r.rows.length, chunks };
  }
  // Four host names a copy: HV01 to HV03 before, HV03 gone and HV04 added after.
  const r = largeDiff(Math.ceil(count / 4));
  const by: Record<string, () => Iterable<string>> = {
    'diff-text': () => diffTextChunks(r, { color: false }),
    'diff-markdown': () => diffMarkdownChunks(r),
    'diff-github': () => diffGithubChunks(r),
    'diff-junit': () => diffJunitChunks(r),
  };
  return { hosts: r.hosts.length, findings: r.changes.length, chunks: by[name] };
}

/** A lint report of `count` hosts (the sample fleet's findings under new names). */
async function lintReport(name: string, count: number): Promise<Report> {
  const catalog = new RuleCatalog(await loadRules());
  const loaded = loadPaths([join(projectRoot(), 'fixtures', 'sample-fleet')], { cwd: projectRoot() });
  const base = lintHosts(loaded.hosts, [], { rules: catalog, tool: { name: 'vmqlint', version: '0.0.0-bench' } });
  const result = scaled(base, count);
  const ctx: ReportContext = { color: false, rules: catalog.rules.map((r) => r.meta), helpUriBase: DEFAULT_HELP_URI_BASE };
  return { hosts: result.hosts.length, findings: result.findings.length, chunks: () => LINT_CHUNKERS[name](result, ctx) };
}

const report = format.startsWith('diff-') || format.startsWith('fleet-') ? diffOrFleet(format, want) : await lintReport(format, want);
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
  // The formatX functions: the same bytes as one string, as the commands wrote them before.
  writeFileSync(out, [...report.chunks()].join(''));
} else {
  const io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, color: () => false };
  await writeOutputChunks({ format, path: out }, report.chunks(), io);
}
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ ms, bytes: statSync(out).size, hosts: report.hosts, findings: report.findings, rssBeforeMb: before, peakMb: peakMb(), peakReset: reset }),
);
