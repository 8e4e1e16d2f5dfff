/**
 * The published JSON Schemas (draft-07), kept as TypeScript objects so the code that validates
 * and the files editors read cannot drift: `scripts/write-schemas.ts` writes `schemas/*.json` from
 * these, `scripts/write-validators.ts` compiles them ahead of time (validators.generated.ts), and
 * tests assert both are up to date (`npm run schemas` rewrites them).
 */

const DRAFT = 'http://json-schema.org/draft-07/schema#';

const severity = {
  description: "A rule's severity, 'off', or 'default' (the rule's own default, which may depend on the OS release and the situation).",
  enum: ['off', 'info', 'warning', 'error', 'default'],
};

const ruleSetting = {
  description: "'off' | 'info' | 'warning' | 'error' | 'default', or [severity, { options }]",
  anyOf: [
    { $ref: '#/definitions/severity' },
    { type: 'array', minItems: 1, maxItems: 1, items: [{ $ref: '#/definitions/severity' }], additionalItems: false },
    {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: [{ $ref: '#/definitions/severity' }, { type: 'object' }],
      additionalItems: false,
    },
  ],
};

const ruleSettings = {
  description: 'Rule id (or a retired alias) -> severity, or [severity, { options }].',
  type: 'object',
  additionalProperties: { $ref: '#/definitions/ruleSetting' },
};

const globList = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
};

const waiver = {
  description: 'Accept one rule on matching hosts/targets/properties, with a reason and an optional expiry.',
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'reason'],
  properties: {
    rule: { description: 'Rule id or retired alias.', type: 'string', minLength: 1 },
    host: { description: 'Glob over the host name.', type: 'string', minLength: 1 },
    target: { description: "Glob over the target's name or id (adapter, team, switch, vNIC).", type: 'string', minLength: 1 },
    property: { description: 'Glob over the property the finding names.', type: 'string', minLength: 1 },
    reason: { description: 'Why the deviation is accepted.', type: 'string', minLength: 1 },
    owner: { description: 'Who answers for it.', type: 'string', minLength: 1 },
    expires: { description: 'Last day the waiver applies (YYYY-MM-DD, UTC, inclusive).', type: 'string', format: 'date' },
  },
};

/** `.vmqlintrc.json`. */
export const VMQLINTRC_SCHEMA = {
  $schema: DRAFT,
  title: 'vmqlint configuration (.vmqlintrc.json)',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: { $ref: '#/definitions/ruleSettings' },
    overrides: {
      description: 'Rule settings for hosts matching a glob; later overrides win.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['hosts', 'rules'],
        properties: {
          hosts: { ...globList, minItems: 1, description: 'Globs over host names.' },
          rules: { $ref: '#/definitions/ruleSettings' },
        },
      },
    },
    ignore: { ...globList, description: 'Globs over input paths (relative, `/`-separated) that are not read.' },
    waivers: { type: 'array', items: { $ref: '#/definitions/waiver' } },
    diff: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ignore: { ...globList, description: 'Globs over property paths that diff and drift do not report.' },
      },
    },
    desired: { description: 'Desired state for `vmqlint drift`.', type: 'object' },
  },
  definitions: { severity, ruleSetting, ruleSettings, waiver },
};

/** A waivers file (`--waivers FILE`). */
export const WAIVERS_SCHEMA = {
  $schema: DRAFT,
  title: 'vmqlint waivers',
  type: 'object',
  additionalProperties: false,
  required: ['waivers'],
  properties: {
    $schema: { type: 'string' },
    waivers: { type: 'array', items: { $ref: '#/definitions/waiver' } },
  },
  definitions: { waiver },
};

const baselineEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['fingerprint', 'ruleId', 'host', 'target', 'message'],
  properties: {
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    ruleId: { type: 'string', minLength: 1 },
    host: { type: 'string' },
    target: { type: 'string' },
    message: { type: 'string' },
  },
};

/** A baseline file (`--baseline`, `--write-baseline`). */
export const BASELINE_SCHEMA = {
  $schema: DRAFT,
  title: 'vmqlint baseline',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'entries'],
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { const: 1 },
    entries: { type: 'array', items: baselineEntry },
  },
};

const loc = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    col: { type: 'integer', minimum: 1 },
    pointer: { type: 'string' },
  },
};

const target = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'id'],
  properties: {
    kind: { enum: ['host', 'adapter', 'team', 'switch', 'vnic'] },
    name: { type: 'string' },
    id: { type: 'string' },
  },
};

const fixCommand = {
  type: 'object',
  additionalProperties: false,
  required: ['command', 'disruption', 'phase'],
  properties: {
    command: { type: 'string' },
    disruption: { type: 'string' },
    phase: { type: 'integer' },
  },
};

const waiverNote = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'reason', 'source'],
  properties: {
    ...waiver.properties,
    expires: { type: 'string' },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'line'],
      properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 0 } },
    },
  },
};

const count = { type: 'integer', minimum: 0 };

/** `vmqlint lint --format json` (schemaVersion 1). */
export const LINT_RESULT_SCHEMA = {
  $schema: DRAFT,
  title: 'vmqlint lint result',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'hosts', 'findings', 'notApplicable', 'summary', 'housekeeping'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { type: 'string' }, version: { type: 'string' } },
    },
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'release', 'status'],
        properties: {
          name: { type: 'string' },
          release: { enum: ['2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025', 'unknown'] },
          build: { type: 'integer' },
          status: { enum: ['ok', 'error'] },
          error: { type: 'string', description: "The first failure's message, with a count of the others." },
          failures: {
            type: 'array',
            description: 'One entry per rejected snapshot or file under this host name (status "error").',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['file', 'message'],
              properties: { file: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'severity', 'host', 'target', 'message', 'evidence', 'remediation', 'locations', 'fingerprint', 'suppressed'],
        properties: {
          ruleId: { type: 'string' },
          severity: { enum: ['error', 'warning', 'info'] },
          host: { type: 'string' },
          target,
          property: { type: 'string' },
          message: { type: 'string' },
          evidence: { type: 'object' },
          remediation: { type: 'string' },
          fix: { type: 'array', items: fixCommand },
          locations: { type: 'array', minItems: 1, items: loc },
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          suppressed: {
            anyOf: [
              { type: 'null' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind'],
                properties: { kind: { enum: ['baseline', 'waiver'] }, reason: { type: 'string' } },
              },
            ],
          },
        },
      },
    },
    notApplicable: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'host', 'reason'],
        properties: { ruleId: { type: 'string' }, host: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['error', 'warning', 'info', 'baselined', 'waived', 'notApplicable'],
      properties: { error: count, warning: count, info: count, baselined: count, waived: count, notApplicable: count },
    },
    housekeeping: {
      type: 'object',
      additionalProperties: false,
      required: ['expiredWaivers', 'unusedWaivers', 'unmatchedBaseline'],
      properties: {
        baselineFile: { type: 'string' },
        expiredWaivers: { type: 'array', items: waiverNote },
        unusedWaivers: { type: 'array', items: waiverNote },
        unmatchedBaseline: { type: 'array', items: baselineEntry },
      },
    },
  },
};

/** Every published schema by its file name under `schemas/`. */
export const PUBLISHED_SCHEMAS: Record<string, object> = {
  'vmqlintrc.schema.json': VMQLINTRC_SCHEMA,
  'waivers.schema.json': WAIVERS_SCHEMA,
  'baseline.schema.json': BASELINE_SCHEMA,
  'lint-result.schema.json': LINT_RESULT_SCHEMA,
};
