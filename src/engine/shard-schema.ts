/**
 * The shard result (`vmqlint lint FLEET --shard K/N`, read by `vmqlint merge`), published as
 * schemas/shard-result.schema.json. The envelope is exact; a host's lint keeps the shape of the
 * engine's HostLint, with rule-specific parts (evidence, fleet summaries) left open.
 */

const DRAFT = 'http://json-schema.org/draft-07/schema#';

const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const whole = { type: 'integer', minimum: 0 };
const text = { type: 'string' };
const texts = { type: 'array', items: text };
const wholes = { type: 'array', items: whole };

const wireFailure = {
  description: 'An input that could not be read: the file, and the error at its line and column (0 when unknown).',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'error'],
  properties: {
    host: text,
    file: text,
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'line', 'col', 'detail'],
      properties: { file: text, line: whole, col: whole, detail: text },
    },
  },
};

const skipped = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'reason'],
  properties: { file: text, reason: text },
};

const warning = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'message'],
  properties: { file: text, message: text },
};

const severity = { enum: ['error', 'warning', 'info'] };

const finding = {
  description: "A finding as the engine keeps it before waivers and the baseline (the lint result's finding, with the fix's internal fields).",
  type: 'object',
  required: ['ruleId', 'severity', 'host', 'target', 'message', 'locations', 'fingerprint', 'suppressed'],
  properties: {
    ruleId: text,
    severity,
    host: text,
    target: {
      type: 'object',
      required: ['kind', 'name', 'id'],
      properties: { kind: text, name: text, id: text },
    },
    message: text,
    locations: { type: 'array', items: { type: 'object' } },
    fingerprint: sha256,
    suppressed: { type: ['object', 'null'] },
  },
};

const hostStatus = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'release', 'status'],
  properties: {
    name: text,
    release: text,
    build: { type: 'integer' },
    status: { enum: ['ok', 'error'] },
    error: text,
    failures: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['file', 'message'], properties: { file: text, message: text } } },
    rules: texts,
  },
};

const hostLint = {
  description: 'One host linted by the rules that need only the host; fleet rules as per-host summaries and pending checks, judged at merge.',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'findings', 'notApplicable', 'defaultFile', 'summaries', 'pending'],
  properties: {
    status: hostStatus,
    findings: { type: 'array', items: finding },
    notApplicable: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['ruleId', 'host', 'reason'], properties: { ruleId: text, host: text, reason: text } },
    },
    defaultFile: text,
    summaries: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['ruleId'], properties: { ruleId: text, summary: {} } },
    },
    pending: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'severity', 'userSet'],
        properties: { ruleId: text, severity, userSet: { type: 'boolean' }, prepared: {} },
      },
    },
  },
};

const outcome = {
  description: 'What one snapshot of this shard gave.',
  type: 'object',
  additionalProperties: false,
  required: ['index', 'outline', 'hosts', 'failures', 'skipped', 'warnings'],
  properties: {
    index: { ...whole, description: "The snapshot's place in fleet.snapshots." },
    outline: {
      type: 'object',
      additionalProperties: false,
      required: ['claims', 'broken', 'name', 'path'],
      properties: { claims: texts, broken: { type: 'boolean' }, name: text, path: text },
    },
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['lint', 'model'],
        properties: {
          lint: hostLint,
          model: { type: 'boolean' },
          traffic: { type: 'object', additionalProperties: false, required: ['unmatched', 'vmHere'], properties: { unmatched: wholes, vmHere: wholes } },
        },
      },
    },
    failures: { type: 'array', items: wireFailure },
    skipped: { type: 'array', items: skipped },
    warnings: { type: 'array', items: warning },
  },
};

/** `vmqlint lint FLEET --shard K/N` writes this; `vmqlint merge` reads it. */
export const SHARD_RESULT_SCHEMA = {
  $schema: DRAFT,
  title: 'vmqlint shard result',
  description: 'One CI job\'s share of a fleet lint (vmqlint lint FLEET --shard K/N); vmqlint merge joins all N into one result.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'kind', 'tool', 'shard', 'fleet', 'settings', 'outcomes'],
  properties: {
    schemaVersion: { const: 1 },
    kind: { const: 'vmqlint-shard-result' },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: text, version: text },
    },
    shard: {
      type: 'object',
      additionalProperties: false,
      required: ['index', 'count'],
      properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 } },
    },
    fleet: {
      description: 'Every snapshot found (in discovery order, with its shard) and what discovery could not read: the same in every shard of one run.',
      type: 'object',
      additionalProperties: false,
      required: ['count', 'digest', 'snapshots', 'failures', 'skipped'],
      properties: {
        count: whole,
        digest: { ...sha256, description: 'sha256 of the snapshot paths, discovery failures and skipped files.' },
        snapshots: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'shard'],
            properties: { path: text, shard: { type: 'integer', minimum: 1 } },
          },
        },
        failures: { type: 'array', items: wireFailure },
        skipped: { type: 'array', items: skipped },
      },
    },
    settings: {
      description: 'What changes how a host is linted: the config, --rule, --traffic, --max-file-mb, the code page.',
      type: 'object',
      additionalProperties: false,
      required: ['digest', 'spec'],
      properties: {
        digest: { ...sha256, description: 'sha256 of the canonical JSON of the settings (config value, rule flags, traffic profile, file size limit, code page).' },
        spec: {
          type: 'object',
          additionalProperties: false,
          required: ['ruleFlags', 'snapshotCount'],
          properties: {
            maxFileBytes: { type: 'integer', minimum: 1 },
            config: {
              type: 'object',
              additionalProperties: false,
              required: ['value', 'file'],
              properties: { value: { type: 'object' }, file: text },
            },
            ruleFlags: texts,
            traffic: {
              type: 'object',
              additionalProperties: false,
              required: ['text', 'file'],
              properties: { text, file: text },
            },
            codepage: text,
            snapshotCount: whole,
          },
        },
      },
    },
    outcomes: { description: "This shard's snapshots, in discovery order.", type: 'array', items: outcome },
  },
};
