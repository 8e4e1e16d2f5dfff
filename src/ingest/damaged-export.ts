/**
 * A file that looks like an export but is not one as a whole is an input error, never "not a
 * recognised export" (issue 10). `Get-NetAdapterVmq.xml` that is empty, cut after 60 bytes or led
 * by a DOCTYPE used to be skipped, and the host linted without its VMQ data (exit 0 or 1): a
 * damaged export must fail the gate (exit 2) with `file:line:col`, as a file cut at half its
 * length already does.
 *
 * "Looks like an export" is decided two ways, after the format detector said no:
 * - by name: a cmdlet's export file name (docs/exports.md: `Get-NetAdapterVmq.xml`, the SDDC
 *   spelling `GetNetAdapterVmq.xml`, `Win32_Processor.json`) with an export extension;
 * - by first bytes: a CLIXML `<Objs` (after an optional XML declaration, comments or DOCTYPE),
 *   JSON `[` or `{`, a CSV `#TYPE` line, or the start of a `.reg` header.
 * Such a file is run through the parser its name or bytes point to, so the error says where and
 * what was expected; one the parser somehow accepts is refused at 1:1 all the same.
 */
import { CMDLET_EXPORTS, REGISTRY_EXPORTS } from './export-manifest.js';
import { basename } from 'node:path';
import { InputError } from '../model/errors.js';
import { parseClixml } from './clixml.js';
import { parseCsvExport } from './csv.js';
import { parseJsonExport } from './json.js';
import { sniffInput, type SniffedInput } from './own-files.js';

/** A sniffed file, with the error that makes it a damaged export when it is one. */
export interface SniffedExport extends SniffedInput {
  damaged?: InputError;
}

type Shape = 'clixml' | 'json' | 'csv' | 'reg';

const WHAT: Record<Shape, string> = {
  clixml: 'a CLIXML export (Export-Clixml: <Objs ...>)',
  json: 'a ConvertTo-Json export',
  csv: 'an Export-Csv export',
  reg: "a registry export (header 'Windows Registry Editor Version 5.00' or 'REGEDIT4')",
};

/** Cmdlets and classes whose exports vmqlint reads (docs/exports.md), lower-cased, without dashes. */
const EXPORT_NAMES = new Set(
  [
    // The collector's files (export-manifest.ts) and the other names the docs give for exports.
    ...CMDLET_EXPORTS.map((e) => e.base),
    'Win32_OperatingSystem',
    'Win32_NetworkAdapter',
  ].map((n) => n.replace(/-/g, '').toLowerCase()),
);

/** The `.reg` files the collector writes: by name, they promise a registry export. */
const REG_NAMES = new Set(REGISTRY_EXPORTS.map((r) => r.file.toLowerCase()));

const EXTENSION_SHAPE = new Map<string, Shape>([
  ['xml', 'clixml'],
  ['clixml', 'clixml'],
  ['json', 'json'],
  ['csv', 'csv'],
]);

/** The export shape a file name promises (`Get-NetAdapterVmq.xml` -> clixml), if any. */
export function shapeByName(path: string): Shape | undefined {
  const name = basename(path.split('\\').join('/'));
  if (REG_NAMES.has(name.toLowerCase())) return 'reg';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const shape = EXTENSION_SHAPE.get(name.slice(dot + 1).toLowerCase());
  if (!shape) return undefined;
  return EXPORT_NAMES.has(name.slice(0, dot).replace(/-/g, '').toLowerCase()) ? shape : undefined;
}

/** The export shape a text's first bytes promise, if any. */
export function shapeByContent(text: string): Shape | undefined {
  const t = text.replace(/^[\s\u0000\ufeff]+/, '').slice(0, 1024);
  if (/^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<Objs\b/i.test(t) || /^<Objs\b/.test(t)) return 'clixml';
  if (/^<\?xml\b/i.test(t) && /<Objs\b/.test(t)) return 'clixml';
  if (t.startsWith('[') || t.startsWith('{')) return 'json';
  if (/^#TYPE\b/i.test(t)) return 'csv';
  if (/^(?:Windows Registry Editor|REGEDIT)/i.test(t)) return 'reg';
  return undefined;
}

/**
 * Why a file that looks like an export is no export as a whole, or undefined when it does not
 * look like one. `path` is where it is (its name is asked), `file` how messages show it.
 */
export function damagedExport(d: SniffedInput, path: string, file: string = path): InputError | undefined {
  if (d.format !== undefined || d.notExport !== undefined) return undefined;
  const byName = shapeByName(path);
  const shape = shapeByContent(d.text) ?? byName;
  if (!shape) return undefined;
  const named = byName ? ` (its name, ${basename(file)}, says it is one)` : '';
  if (d.text.replace(/^[\s\u0000\ufeff]+/, '') === '') return new InputError(file, 1, 1, `expected ${WHAT[shape]}${named}, found an empty file`);
  try {
    if (shape === 'clixml') parseClixml(d.text, file, d.encoding);
    else if (shape === 'json') parseJsonExport(d.text, file, d.encoding);
    else if (shape === 'csv') parseCsvExport(d.text, file, d.encoding);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  const first = d.text.replace(/^[\s\u0000\ufeff]+/, '').split(/\r?\n/)[0].slice(0, 40);
  return new InputError(file, 1, 1, `expected ${WHAT[shape]}${named}, found '${first}'`);
}

/** sniffInput, plus the error of a damaged export (one that looks like an export and is not). */
export function sniffExport(bytes: Uint8Array, path: string, file: string = path): SniffedExport {
  const d = sniffInput(bytes, path);
  const damaged = damagedExport(d, path, file);
  return damaged ? { ...d, damaged } : d;
}
