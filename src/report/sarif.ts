/**
 * `sarif`: SARIF 2.1.0 for GitHub code scanning and Azure DevOps. Rule descriptors carry the
 * rule docs as help; results carry file + line regions, a partial fingerprint, waivers as
 * suppressions and baselined results as baselineState. Nothing time- or machine-dependent is
 * written, so the same inputs give the same bytes.
 */
import { ordinal } from '../engine/catalog.js';
import type { Finding, LintResult, RuleMeta, Severity } from '../engine/types.js';
import { groupNotApplicable, housekeepingOf, summaryLine, targetLabel, waiverLabel } from './common.js';
import { DEFAULT_HELP_URI_BASE, type ReportContext } from './context.js';
import { explainMarkdown, explainText } from './explain.js';
import { jsonChunks, streamedArray } from './json-stream.js';
import { ruleDocUrl } from './rule-doc.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The schema URI SARIF producers conventionally write. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * Help link of a rule: its page, docs/rules/<id>.md of this vmqlint version's package. The full
 * docs also travel in each descriptor's `help`, public sources (the Microsoft pages the rule rests
 * on) under References.
 */
export function helpUri(tool: { name: string; version: string }, m: RuleMeta): string {
  return ruleDocUrl(tool.name, tool.version, m.id);
}

function descriptor(m: RuleMeta, tool: { name: string; version: string }): Record<string, unknown> {
  return {
    id: m.id,
    ...(m.aliases?.length ? { deprecatedIds: [...m.aliases] } : {}),
    shortDescription: { text: m.title },
    fullDescription: { text: m.docs.what },
    help: { text: explainText(m), markdown: explainMarkdown(m) },
    helpUri: helpUri(tool, m),
    defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
    properties: { category: m.category, tags: ['hyper-v', m.category] },
  };
}

function result(f: Finding, ruleIndex: Map<string, number>, baselineApplied: boolean): Record<string, unknown> {
  const locations = f.locations.map((l, i) => {
    const physical: Record<string, unknown> = {
      artifactLocation: { uri: pathToUri(l.file) },
      region: l.col !== undefined ? { startLine: l.line, startColumn: l.col } : { startLine: l.line },
    };
    if (l.pointer !== undefined) physical.properties = { pointer: l.pointer };
    const loc: Record<string, unknown> = { physicalLocation: physical };
    if (i === 0) {
      loc.logicalLocations = [{ name: f.target.name, fullyQualifiedName: `${f.host}/${f.target.kind}/${f.target.name}`, kind: 'resource' }];
    }
    return loc;
  });
  const r: Record<string, unknown> = { ruleId: f.ruleId };
  const index = ruleIndex.get(f.ruleId);
  if (index !== undefined) r.ruleIndex = index;
  r.level = LEVEL[f.severity];
  r.message = { text: `${f.message} (${f.host}, ${targetLabel(f.target)})` };
  r.locations = locations;
  r.partialFingerprints = { 'vmqlint/v1': f.fingerprint };
  if (f.suppressed?.kind === 'waiver') {
    r.suppressions = [{ kind: 'external', status: 'accepted', ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }];
  }
  // A waived finding the baseline also lists existed before: it is not 'new'.
  if (baselineApplied) r.baselineState = f.suppressed?.kind === 'baseline' || f.suppressed?.inBaseline === true ? 'unchanged' : 'new';
  const props: Record<string, unknown> = { host: f.host, target: f.target };
  if (f.property !== undefined) props.property = f.property;
  props.evidence = f.evidence;
  props.remediation = f.remediation;
  r.properties = props;
  return r;
}

/**
 * The SARIF 2.1.0 log of a lint result as JSON text in pieces: one a rule descriptor, a result, a
 * host, never the whole log at once.
 */
export function* sarifChunks(lint: LintResult, ctx: ReportContext): Generator<string> {
  const base = ctx.helpUriBase ?? DEFAULT_HELP_URI_BASE;
  const metas = new Map(ctx.rules.map((m) => [m.id, m]));
  const ids = [...new Set([...ctx.rules.map((m) => m.id), ...lint.findings.map((f) => f.ruleId)])].sort(ordinal);
  const rules = streamedArray(ids, (id) => {
    const m = metas.get(id);
    return m ? descriptor(m, lint.tool) : { id, shortDescription: { text: id } };
  });
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const hk = housekeepingOf(lint);
  const baselineApplied = hk.baselineFile !== undefined;

  const failed = lint.hosts.filter((h) => h.status === 'error');
  const execution = streamedArray(failed, (h) => ({ level: 'error', message: { text: `${h.name}: ${h.error ?? 'could not be read'}` } }));
  const configuration = [
    ...hk.expiredWaivers.map((w) => ({ level: 'warning', message: { text: `Expired waiver: ${waiverLabel(w)}` } })),
    ...hk.unusedWaivers.map((w) => ({ level: 'note', message: { text: `Unused waiver: ${waiverLabel(w)}` } })),
    ...hk.unmatchedBaseline.map((e) => ({ level: 'note', message: { text: `Baseline entry no longer matches: ${e.host} ${e.ruleId} ${e.target}: ${e.message}` } })),
  ];
  const invocation: Record<string, unknown> = { executionSuccessful: failed.length === 0 };
  if (failed.length) invocation.toolExecutionNotifications = execution;
  if (configuration.length) invocation.toolConfigurationNotifications = configuration;

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: lint.tool.name,
            version: lint.tool.version,
            semanticVersion: lint.tool.version,
            informationUri: base,
            rules,
          },
        },
        invocations: [invocation],
        results: streamedArray(lint.findings, (f) => result(f, ruleIndex, baselineApplied)),
        columnKind: 'utf16CodeUnits',
        properties: {
          summary: summaryLine(lint.summary),
          hosts: streamedArray(lint.hosts, (h) => ({ name: h.name, release: h.release, status: h.status })),
          // A rule that applies to no host of a fleet lists every host: a piece a name, not a group.
          notApplicable: streamedArray(groupNotApplicable(lint.notApplicable), (g) => ({ ruleId: g.ruleId, reason: g.reason, hosts: streamedArray(g.hosts) })),
        },
      },
    ],
  };
  yield* jsonChunks(log);
  yield '\n';
}

/** Format a lint result as a SARIF 2.1.0 log (JSON text). */
export function formatSarif(lint: LintResult, ctx: ReportContext): string {
  return [...sarifChunks(lint, ctx)].join('');
}
