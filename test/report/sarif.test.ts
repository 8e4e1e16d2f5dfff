/**
 * SARIF output is checked two ways: against the SARIF 2.1.0 JSON Schema that Microsoft's SARIF
 * Multitool ships (node_modules/@microsoft/sarif-multitool-<platform>/sarif-2.1.0.json, draft
 * 2020-12, compiled with ajv + ajv-formats), and with the Multitool's own `validate` command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { sourceOf } from '../../src/engine/sources.js';
import { formatSarif, pathToUri } from '../../src/report/sarif.js';
import { ctx, sampleResult } from './fixture.js';
import { expectGolden } from './golden.js';

const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
const schema = JSON.parse(readFileSync(join(dirname(multitool), 'sarif-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
formatsModule.default(ajv);
const validateSarif = ajv.compile(schema);

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string; help: { text: string; markdown: string }; deprecatedIds?: string[] }[] } };
    results: Record<string, unknown>[];
    invocations: Record<string, unknown>[];
  }[];
}

describe('sarif', () => {
  const text = formatSarif(sampleResult(), ctx);
  const log = JSON.parse(text) as SarifLog;

  it('matches its golden file', () => expectGolden('lint.sarif', text));

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
  });

  it("passes the SARIF Multitool's validate command with no errors", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmqlint-sarif-'));
    writeFileSync(join(dir, 'lint.sarif'), text);
    const run = spawnSync(multitool, ['validate', join(dir, 'lint.sarif'), '--output', join(dir, 'out.sarif'), '--log', 'ForceOverwrite', '--level', 'Error;Warning'], {
      encoding: 'utf8',
      // A single-file .NET app unpacks itself; keep that in the temp folder and off ICU.
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_BUNDLE_EXTRACT_BASE_DIR: dir, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { runs: { results?: { level?: string; message: unknown }[] }[] };
    expect((out.runs[0].results ?? []).filter((r) => r.level === 'error')).toEqual([]);
  });

  it('marks a waived finding that the baseline also lists as unchanged, not new', () => {
    const r = sampleResult();
    const i = r.findings.findIndex((f) => f.suppressed?.kind === 'waiver');
    r.findings[i] = { ...r.findings[i], suppressed: { ...r.findings[i].suppressed!, inBaseline: true } };
    const results = (JSON.parse(formatSarif(r, ctx)) as SarifLog).runs[0].results;
    expect(results[i].baselineState).toBe('unchanged');
    expect(results[i].suppressions).toHaveLength(1);
  });

  it('maps severities, fingerprints, waivers and baselines', () => {
    const results = log.runs[0].results;
    expect(results.map((r) => r.level)).toEqual(['note', 'error', 'warning', 'error', 'error']);
    expect(results.every((r) => /^[0-9a-f]{64}$/.test((r.partialFingerprints as Record<string, string>)['vmqlint/v1']))).toBe(true);
    expect(results[1].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'NIC firmware bug, case 123' }]);
    expect(results.map((r) => r.baselineState)).toEqual(['new', 'new', 'new', 'unchanged', 'new']);
    const region = ((results[4].locations as Record<string, Record<string, unknown>>[])[0].physicalLocation.region) as Record<string, number>;
    expect(region).toEqual({ startLine: 12, startColumn: 5 });
  });

  it('describes every rule with help text and a help link', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['TEST-HOST-INFO', 'TEST-SIM', 'TEST-VMQ-OFF']);
    // The help link is the rule's page in this version's package; the public sources are in help.
    expect(rules[2].helpUri).toBe('https://unpkg.com/vmqlint@1.2.3/docs/rules/TEST-VMQ-OFF.md');
    expect(rules[2].help.text).toContain(`MSFT_NetAdapterVmqSettingData class: ${sourceOf('W4')!.url}`);
    expect(rules[2].help.markdown).toContain(`[MSFT_NetAdapterVmqSettingData class](${sourceOf('W4')!.url})`);
    expect(rules[2].deprecatedIds).toEqual(['OLD-VMQ']);
    expect(rules[2].help.markdown).toContain('### Why is this bad?');
  });

  it('links the rule page even for a rule that cites no public source', () => {
    const m = { ...ctx.rules[2], docs: { ...ctx.rules[2].docs, references: ['vmqlint design'] } };
    const rules = (JSON.parse(formatSarif(sampleResult(), { ...ctx, rules: [m] })) as SarifLog).runs[0].tool.driver.rules;
    expect(rules.find((r) => r.id === m.id)!.helpUri).toBe('https://unpkg.com/vmqlint@1.2.3/docs/rules/TEST-VMQ-OFF.md');
  });

  it("carries every real rule's public sources as help, valid against the schema, and none of the notes", async () => {
    const metas = (await loadRules()).map((r) => r.meta);
    const real = JSON.parse(formatSarif({ ...sampleResult(), findings: [] }, { ...ctx, rules: metas })) as SarifLog;
    expect(validateSarif(real)).toBe(true);
    const rules = real.runs[0].tool.driver.rules;
    expect(rules.length).toBe(metas.length);
    for (const r of rules) {
      expect(r.helpUri, r.id).toMatch(/^https:\/\//);
      expect(r.helpUri, r.id).toMatch(new RegExp(`/docs/rules/${r.id}\\.md$`));
      expect(r.help.text, r.id).toMatch(/: https:\/\/learn\.microsoft\.com\//);
      expect(r.help.markdown, r.id).toMatch(/\]\(https:\/\/learn\.microsoft\.com\//);
      expect(`${r.help.text}${r.help.markdown}`, r.id).not.toMatch(/\b(?:domain|simulator|style|architecture)\.md\b/);
    }
  });

  it('reports unreadable inputs as execution notifications', () => {
    expect(log.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false });
  });

  it('encodes paths as URI references', () => {
    expect(pathToUri('fleet/HV 01/a#b.json')).toBe('fleet/HV%2001/a%23b.json');
  });
});
