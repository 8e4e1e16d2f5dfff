/**
 * A SnapshotRef as plain data, to hand it to a worker thread: an InputError (a file that cannot be
 * read) loses its class and fields in structuredClone, so it travels as its four fields.
 */
import type { LoadFailure, SnapshotFile, SnapshotRef } from '../ingest/load.js';
import { InputError, UsageError } from '../model/errors.js';
import { hostNamesOf, withHostNames } from './host-names-error.js';

export interface WireSnapshotFile {
  rel: string;
  abs?: string;
  problem?: { file: string; line: number; col: number; detail: string };
}

export interface WireSnapshotRef {
  name: string;
  path: string;
  files: WireSnapshotFile[];
  netview?: { root: string; codepage?: string };
}

/** A snapshot on disk as plain data; one held in memory (loadFiles) cannot cross threads. */
export function refToWire(ref: SnapshotRef): WireSnapshotRef {
  const files = ref.files.map((f) => {
    if (f.abs === undefined) throw new Error(`snapshot file ${f.rel} is held in memory and cannot be sent to a worker`);
    const w: WireSnapshotFile = { rel: f.rel, abs: f.abs };
    if (f.problem) w.problem = { file: f.problem.file, line: f.problem.line, col: f.problem.col, detail: f.problem.detail };
    return w;
  });
  const w: WireSnapshotRef = { name: ref.name, path: ref.path, files };
  if (ref.netview) w.netview = { ...ref.netview };
  return w;
}

/** The plain data back to a snapshot. */
export function refFromWire(w: WireSnapshotRef): SnapshotRef {
  const files = w.files.map((f) => {
    const file: SnapshotFile = { rel: f.rel };
    if (f.abs !== undefined) file.abs = f.abs;
    if (f.problem) file.problem = new InputError(f.problem.file, f.problem.line, f.problem.col, f.problem.detail);
    return file;
  });
  const ref: SnapshotRef = { name: w.name, path: w.path, files };
  if (w.netview) ref.netview = { ...w.netview };
  return ref;
}

/** An input failure as plain data (an InputError does not survive structuredClone as one). */
export interface WireFailure {
  host?: string;
  file: string;
  error: { file: string; line: number; col: number; detail: string };
}

/** An InputError as plain data. */
export function toWire(f: LoadFailure): WireFailure {
  const w: WireFailure = { file: f.file, error: { file: f.error.file, line: f.error.line, col: f.error.col, detail: f.error.detail } };
  if (f.host !== undefined) w.host = f.host;
  return w;
}

/** Plain data back to a failure with its InputError. */
export function fromWire(w: WireFailure): LoadFailure {
  const f: LoadFailure = { file: w.file, error: new InputError(w.error.file, w.error.line, w.error.col, w.error.detail) };
  if (w.host !== undefined) f.host = w.host;
  return f;
}

/** An error as plain data, to cross threads: input and usage errors keep their class and host names. */
export type WireError =
  | { kind: 'input'; file: string; line: number; col: number; detail: string; hostNames: string[] }
  | { kind: 'usage'; message: string; hostNames: string[] }
  | { kind: 'internal'; message: string; stack?: string };

/** An error as plain data. */
export function errorToWire(err: unknown): WireError {
  if (err instanceof InputError) return { kind: 'input', file: err.file, line: err.line, col: err.col, detail: err.detail, hostNames: hostNamesOf(err) };
  if (err instanceof UsageError) return { kind: 'usage', message: err.message, hostNames: hostNamesOf(err) };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'internal', message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
}

/** The error as the thread that raised it would have thrown it. */
export function errorFromWire(e: WireError): Error {
  if (e.kind === 'input') return withHostNames(new InputError(e.file, e.line, e.col, e.detail), e.hostNames);
  if (e.kind === 'usage') return withHostNames(new UsageError(e.message), e.hostNames);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}
