/**
 * Files that sit in a fleet folder but are no export: vmqlint's own JSON documents (traffic
 * profile, baseline, desired state, config, waivers, a lint result) and documentation. A traffic
 * profile is valid JSON and would otherwise be read as a ConvertTo-Json export, turning the
 * fleet folder into one phantom host; they are told apart by their top-level keys, which their
 * schemas (schemas/*.schema.json) close with `additionalProperties: false`.
 */
import { basename } from 'node:path';
import { sniff, type DecodedFile } from './parse.js';

/** One of vmqlint's own documents: its top-level keys (required, then allowed) as in its schema. */
interface OwnDocument {
  what: string;
  schema: string;
  required: readonly string[];
  allowed: readonly string[];
}

/** Kept in step with schemas/ by test/ingest/own-files.test.ts. Most specific first. */
export const OWN_DOCUMENTS: readonly OwnDocument[] = [
  { what: 'vmqlint traffic profile', schema: 'traffic', required: ['vnics'], allowed: ['$schema', 'durationSeconds', 'tickMs', 'vnics', 'background'] },
  { what: 'vmqlint baseline', schema: 'baseline', required: ['schemaVersion', 'entries'], allowed: ['$schema', 'schemaVersion', 'entries'] },
  { what: 'vmqlint desired state', schema: 'desired', required: ['expect'], allowed: ['$schema', 'schemaVersion', 'expect'] },
  { what: 'vmqlint waivers', schema: 'waivers', required: ['waivers'], allowed: ['$schema', 'waivers'] },
  {
    what: 'vmqlint lint result',
    schema: 'lint-result',
    required: ['schemaVersion', 'tool', 'hosts', 'findings', 'notApplicable', 'summary', 'housekeeping'],
    allowed: ['schemaVersion', 'tool', 'hosts', 'findings', 'notApplicable', 'summary', 'housekeeping'],
  },
  { what: 'vmqlint config', schema: 'vmqlintrc', required: [], allowed: ['$schema', 'rules', 'overrides', 'ignore', 'waivers', 'diff', 'desired'] },
];

/** `$schema` pointing at one of ours names the document outright. */
const SCHEMA_URL = /(?:^|\/)([a-z-]+)\.schema\.json$/i;

/**
 * Documentation by name. Plain `.txt` is not: `reg query` output and Get-NetView views are saved
 * as .txt, so only README / CHANGELOG / LICENSE are taken as documentation in that extension.
 */
const DOC_NAME = /^(?:readme|changelog|license)(?:\.(?:txt|md|markdown|rst))?$|\.(?:md|markdown|rst|adoc)$/i;

/** Every top-level key one of vmqlint's own documents may have. */
const OWN_KEYS = new Set(OWN_DOCUMENTS.flatMap((d) => d.allowed));

/** What a JSON text is when it is one of vmqlint's own documents, else undefined. */
export function ownDocumentKind(text: string): string | undefined {
  const t = text.replace(/^[\s\u0000\ufeff]+/, '');
  if (!t.startsWith('{')) return undefined;
  // An export (ConvertTo-Json of one object) starts with a property none of our documents has and
  // names no $schema: known without parsing it twice (this ran on every JSON export).
  const first = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(t)?.[1];
  if (first !== undefined && !first.includes('\\') && !OWN_KEYS.has(first) && !t.includes('$schema') && !/\\u0024/i.test(t)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const keys = Object.keys(doc);
  if (keys.length === 0) return undefined;
  const schemaRef = (doc as Record<string, unknown>).$schema;
  if (typeof schemaRef === 'string' && /vmqlint/i.test(schemaRef)) {
    const m = SCHEMA_URL.exec(schemaRef);
    const byUrl = m ? OWN_DOCUMENTS.find((d) => d.schema === m[1].toLowerCase()) : undefined;
    if (byUrl) return byUrl.what;
  }
  for (const d of OWN_DOCUMENTS) {
    if (d.required.every((k) => keys.includes(k)) && keys.every((k) => d.allowed.includes(k))) return d.what;
  }
  return undefined;
}

/**
 * Why a file is not an export although it may parse as one, or undefined when it may be one:
 * `.vmqlintrc*` and documentation by name, vmqlint's own JSON by its keys.
 */
export function notAnExport(path: string, text: string | undefined): string | undefined {
  const name = basename(path.split('\\').join('/'));
  if (/^\.vmqlintrc(?:\.json)?$/i.test(name)) return 'not an export: vmqlint config';
  if (DOC_NAME.test(name)) return 'not an export: documentation';
  if (text === undefined) return undefined;
  const own = ownDocumentKind(text);
  return own ? `not an export: ${own}` : undefined;
}

/** A sniffed file, with the reason it is not an export when it is one of ours or documentation. */
export interface SniffedInput extends DecodedFile {
  notExport?: string;
}

/**
 * Decode and detect a file as `sniff` does, except that vmqlint's own files and documentation
 * are never an export (format undefined, `notExport` says what they are).
 */
export function sniffInput(bytes: Uint8Array, path: string): SniffedInput {
  const byName = notAnExport(path, undefined);
  if (byName) return { text: '', encoding: '', format: undefined, notExport: byName };
  const d = sniff(bytes);
  // Only JSON-looking text can be one of ours; an export of another format is left alone.
  const own = d.format === 'json' || d.format === undefined ? notAnExport(path, d.text) : undefined;
  return own ? { ...d, format: undefined, notExport: own } : d;
}
