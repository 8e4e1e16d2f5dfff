/**
 * The shard result document: what one CI job of `lint --shard K/N` hands to `merge`. It holds the
 * job's snapshot outcomes (findings, per-host fleet summaries, failures) and enough about the run
 * (every snapshot's path and shard, digests of the fleet and of the settings) for merge to prove
 * that N documents are the N shards of one fleet linted one way. Deterministic: no timestamps, no
 * timings, no working directory; the same fleet and settings give the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateWith, type Locator } from '../engine/schema-errors.js';
import { SHARD_RESULT_SCHEMA } from '../engine/shard-schema.js';
import { decodeBytes } from '../ingest/decode.js';
import type { SkippedFile } from '../ingest/load.js';
import { createAjv, type ValidateFunction } from '../model/ajv.js';
import { InputError, UsageError, lineColAt } from '../model/errors.js';
import { displayPath, readJsonInput } from './json-input.js';
import type { LintSpec, SnapshotOutcome, WireFailure } from './lint-snapshot.js';
import type { Collected, Shard } from './lint-stream.js';

export const SHARD_RESULT_KIND = 'vmqlint-shard-result';

/** The settings a shard records: the LintSpec without the working directory and --timing, and the code page. */
export interface RecordedSpec {
  maxFileBytes?: number;
  config?: { value: unknown; file: string };
  ruleFlags: string[];
  traffic?: { text: string; file: string };
  codepage?: string;
  snapshotCount: number;
}

/** A snapshot outcome without its timings (they differ on every run). */
export type ShardOutcome = Omit<SnapshotOutcome, 'ms' | 'rules'>;

/** The document (schemas/shard-result.schema.json). */
export interface ShardResult {
  schemaVersion: 1;
  kind: typeof SHARD_RESULT_KIND;
  tool: { name: string; version: string };
  shard: Shard;
  fleet: {
    count: number;
    digest: string;
    snapshots: { path: string; shard: number }[];
    failures: WireFailure[];
    skipped: SkippedFile[];
  };
  settings: { digest: string; spec: RecordedSpec };
  outcomes: ShardOutcome[];
}

/** JSON with object keys sorted, so a digest does not depend on the order a file lists its keys in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of a fleet as discovery saw it: snapshot paths in order, failures, skipped files. */
export function fleetDigest(fleet: Pick<ShardResult['fleet'], 'snapshots' | 'failures' | 'skipped'>): string {
  return sha256(canonical({ snapshots: fleet.snapshots.map((s) => s.path), failures: fleet.failures, skipped: fleet.skipped }));
}

/** The digest of what changes how a host is linted (merge refuses shards that differ in it). */
export function settingsDigest(spec: Omit<RecordedSpec, 'snapshotCount'>): string {
  return sha256(
    canonical({
      config: spec.config?.value ?? null,
      ruleFlags: spec.ruleFlags,
      traffic: spec.traffic ?? null,
      maxFileBytes: spec.maxFileBytes ?? null,
      codepage: spec.codepage ?? null,
    }),
  );
}

/** The recorded settings of a run's LintSpec. */
export function recordedSpec(spec: LintSpec, codepage: string | undefined): RecordedSpec {
  return {
    ...(spec.maxFileBytes !== undefined ? { maxFileBytes: spec.maxFileBytes } : {}),
    ...(spec.config ? { config: spec.config } : {}),
    ruleFlags: spec.ruleFlags,
    ...(spec.traffic ? { traffic: spec.traffic } : {}),
    ...(codepage !== undefined ? { codepage } : {}),
    snapshotCount: spec.snapshotCount,
  };
}

/** The shard result of a collected shard. */
export function shardResult(collected: Collected, shard: Shard, tool: { name: string; version: string }, codepage: string | undefined): ShardResult {
  const snapshots = collected.snapshots.map((s) => ({ path: s.path, shard: s.shard ?? 1 }));
  const fleet = { snapshots, failures: collected.failures, skipped: collected.skipped };
  const spec = recordedSpec(collected.spec, codepage);
  return {
    schemaVersion: 1,
    kind: SHARD_RESULT_KIND,
    tool,
    shard: { index: shard.index, count: shard.count },
    fleet: { count: snapshots.length, digest: fleetDigest(fleet), ...fleet },
    settings: { digest: settingsDigest(spec), spec },
    outcomes: collected.outcomes.map(({ ms: _ms, rules: _rules, ...o }) => o),
  };
}

/**
 * The document's text in pieces: the envelope, then one outcome a line, so a large shard is never
 * one string and the file diffs by snapshot.
 */
export function* shardResultChunks(doc: ShardResult): Generator<string> {
  const { outcomes, ...head } = doc;
  const open = JSON.stringify({ ...head, outcomes: [] });
  yield open.slice(0, -2);
  for (let i = 0; i < outcomes.length; i++) yield `${i === 0 ? '' : ','}\n${JSON.stringify(outcomes[i])}`;
  yield `${outcomes.length > 0 ? '\n' : ''}]}\n`;
}

/** Size bounds of a shard result file read by merge. */
export interface ShardLimits {
  /** Above this many bytes the file is parsed without positions (schema errors then name the key without a line). */
  positionalBytes: number;
  /** Above this many bytes the file is refused (V8 cannot hold a string much above 512 MiB). */
  maxBytes: number;
}

export const DEFAULT_SHARD_LIMITS: ShardLimits = { positionalBytes: 8 * 1024 * 1024, maxBytes: 384 * 1024 * 1024 };

let validator: ValidateFunction | undefined;

/** Check a parsed shard result against its schema; errors name the key (and its line, when known). */
export function validateShardResult(value: unknown, file: string, locate?: Locator): ShardResult {
  validator ??= createAjv().compile(SHARD_RESULT_SCHEMA);
  return validateWith<ShardResult>(validator, value, file, locate);
}

/** Read, parse and validate a shard result file; InputError (exit 2) when it is not one. */
export function readShardResult(path: string, cwd: string, limits: Partial<ShardLimits> = {}): { file: string; doc: ShardResult } {
  const lim = { ...DEFAULT_SHARD_LIMITS, ...limits };
  const abs = resolve(cwd, path);
  const file = displayPath(cwd, abs);
  let size = 0;
  try {
    size = statSync(abs).size;
  } catch {
    // readJsonInput words the usual errors (no such file, a folder).
  }
  if (size > lim.maxBytes) throw new InputError(file, 0, 0, `shard result is ${(size / 1048576).toFixed(0)} MiB, above the limit of ${lim.maxBytes / 1048576} MiB; use more shards`);
  if (size <= lim.positionalBytes) {
    const input = readJsonInput(path, cwd, 'shard result');
    checkKind(input.value, file);
    return { file, doc: validateShardResult(input.value, file, input.locate) };
  }
  let text: string;
  try {
    text = decodeBytes(readFileSync(abs)).text;
  } catch (err) {
    throw new UsageError(`cannot read shard result ${file}: ${String((err as Error).message)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const { line, col } = at ? lineColAt(text, Number(at[1])) : { line: 0, col: 0 };
    throw new InputError(file, line, col, `expected valid JSON: ${message.replace(/ (?:in JSON )?at position \d+.*$/s, '')}`);
  }
  checkKind(value, file);
  return { file, doc: validateShardResult(value, file) };
}

/** Another JSON document (a lint report, a baseline) given to merge is named for what it is not. */
function checkKind(value: unknown, file: string): void {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (value === null || typeof value !== 'object' || kind !== SHARD_RESULT_KIND) {
    throw new InputError(file, 1, 1, `not a shard result (expected "kind": "${SHARD_RESULT_KIND}", written by vmqlint lint --shard K/N)`);
  }
}
