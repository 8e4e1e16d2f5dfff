/**
 * The loader's one entry into Get-NetView reading (src/ingest/load.ts calls these two functions
 * and nothing else here), and the process-wide default code page `--codepage` sets.
 */
import { InputError } from '../../model/errors.js';
import type { ParsedFile } from '../../model/records.js';
import { DEFAULT_CODEPAGE, resolveCodepage } from './text.js';
import { isNetViewFileList, isNetViewFolder, readNetViewTree } from './tree.js';

export { isNetViewFileList, isNetViewFolder };

let defaultCodepage = DEFAULT_CODEPAGE;

/**
 * Set the ANSI code page used for Windows PowerShell 5.1 text views when a load does not name
 * one (the CLI's `--codepage`); `undefined` restores Windows-1252. Throws UsageError on a name
 * Node.js cannot decode.
 */
export function setDefaultCodepage(name: string | undefined): void {
  defaultCodepage = name === undefined ? DEFAULT_CODEPAGE : resolveCodepage(name);
}

/** The code page in effect when a load names none. */
export function currentDefaultCodepage(): string {
  return defaultCodepage;
}

/**
 * Read a Get-NetView tree snapshot: its records, and the host name its command blocks give
 * (falling back to the folder's name). A broken file fails the snapshot, as for other formats.
 */
export function readNetViewSnapshot(
  files: { rel: string; bytes: () => Uint8Array; abs?: string }[],
  where: { root: string; codepage?: string },
  folderName: string,
): { name: string; parsed: ParsedFile[]; error?: InputError } {
  const prefix = where.root === '.' ? '' : `${where.root}/`;
  try {
    const tree = readNetViewTree(
      files.map((f) => ({ ...f, inTree: f.rel.startsWith(prefix) ? f.rel.slice(prefix.length) : f.rel })),
      where.codepage === undefined ? defaultCodepage : resolveCodepage(where.codepage),
    );
    const parsed = [...tree.parsed];
    if (tree.notRead.length > 0) {
      // One record-less entry carries the files the tree holds that vmqlint does not read.
      parsed.push({ file: where.root, format: 'netview', encoding: 'n/a', objects: [], regKeys: [], lossy: [], unknown: tree.notRead });
    }
    return { name: tree.host ?? folderName.replace(/^msdbg\./i, ''), parsed };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { name: folderName, parsed: [], error: err };
  }
}
