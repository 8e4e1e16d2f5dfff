/**
 * What the loader may read in a folder it was given, decided from `lstat` before anything is
 * opened (issue 10). A fleet comes from many hands: a symbolic link loop, a link to itself or to
 * nothing, a file that cannot be read, a FIFO or a device (a link to `/dev/zero`) is one
 * snapshot's problem, reported with its path as an InputError; it must never hang the load
 * (a FIFO blocks `open`, `/dev/zero` never ends) or crash it, and the rest of the fleet is read.
 *
 * Links: a link inside a folder is followed once, and only to a regular file inside one of the
 * folders the user gave. A link to a folder is not followed (it could lead back to an ancestor,
 * or read one host twice), nor is a link to a file outside the given folders: both are listed as
 * skipped with the reason. A path the user names on the command line is followed wherever it
 * leads (they chose it), but a FIFO or device there is refused all the same.
 *
 * Entries whose name starts with `.` (`.git`, `.DS_Store`, editor swap files) are not read, and
 * are listed as skipped rather than dropped without a word.
 */
import { closeSync, lstatSync, openSync, readdirSync, realpathSync, statSync, type Stats, constants } from 'node:fs';
import { join, sep } from 'node:path';
import { InputError } from '../model/errors.js';

/** What a path is, as far as the loader is concerned. */
export type EntryKind = 'file' | 'dir' | 'skip' | 'fail';

/** Why an entry is not read, as listed in `skipped`. */
export const HIDDEN_ENTRY = "hidden (name starts with '.'): not read";
export const LINK_TO_FOLDER = 'symbolic link to a folder: not followed (a link can lead back to an ancestor or read a host twice; give its target as a path)';
export const LINK_OUT_OF_TREE = 'symbolic link to a file outside the folders given: not followed (give its target as a path)';

/** Check that a regular file can be opened for reading; throws the fs error when not. */
export type ReadProbe = (abs: string) => void;

/** Opens and closes the file without reading (O_NONBLOCK: never blocks, whatever the file turned into). */
const defaultProbe: ReadProbe = (abs) => closeSync(openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)));

/** The file-type word for a special file, for messages. */
function special(st: Stats): string | undefined {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return undefined;
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** True when `abs` is a symbolic link (whether or not its target exists). */
export function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Classifies the entries of the folders one load reads, and keeps what it skipped and refused. */
export class TreeGuard {
  /** Entries not read, with the reason (merged into the load's `skipped`). */
  readonly skipped: { file: string; reason: string }[] = [];
  /** Real paths of the folders and files the user gave: links are followed only into these. */
  private readonly roots: string[] = [];
  private readonly kinds = new Map<string, { kind: EntryKind; error?: InputError }>();

  constructor(
    private readonly display: (abs: string) => string,
    private readonly ignored: (abs: string) => boolean,
    private readonly probe: ReadProbe = defaultProbe,
  ) {}

  /** Record a path the user gave (after it was found to exist) as a tree links may point into. */
  addRoot(abs: string): void {
    try {
      this.roots.push(realpathSync(abs));
    } catch {
      // A given path that does not resolve is reported by inspect(); it is no root.
    }
  }

  /** The entries of a folder, in ordinal order, without hidden ones (listed as skipped). */
  children(dir: string): string[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      this.refuse(dir, `cannot list this folder (${errCode(err) ?? String(err)})`);
      return [];
    }
    const out: string[] = [];
    for (const name of names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const p = join(dir, name);
      if (!name.startsWith('.')) out.push(p);
      else if (!this.ignored(p)) this.skipped.push({ file: this.display(p), reason: HIDDEN_ENTRY });
    }
    return out;
  }

  /**
   * What `abs` is: a file to read, a folder to walk, an entry to skip (listed), or one that fails
   * its snapshot (error()). `given`: the user named this path, so a link there is followed.
   */
  inspect(abs: string, given = false): EntryKind {
    const known = this.kinds.get(abs);
    if (known) return known.kind;
    const kind = this.classify(abs, given);
    if (!this.kinds.has(abs)) this.kinds.set(abs, { kind });
    return kind;
  }

  /** The error of an entry inspect() called 'fail' (or a folder that could not be listed). */
  error(abs: string): InputError | undefined {
    return this.kinds.get(abs)?.error;
  }

  private refuse(abs: string, detail: string): 'fail' {
    this.kinds.set(abs, { kind: 'fail', error: new InputError(this.display(abs), 0, 0, detail) });
    return 'fail';
  }

  private classify(abs: string, given: boolean): EntryKind {
    let st: Stats;
    try {
      st = lstatSync(abs);
    } catch (err) {
      return this.refuse(abs, `cannot be read (${errCode(err) ?? String(err)})`);
    }
    let link = false;
    if (st.isSymbolicLink()) {
      link = true;
      let target: string;
      try {
        target = realpathSync(abs);
        st = statSync(target);
      } catch (err) {
        const code = errCode(err);
        if (code === 'ELOOP') return this.refuse(abs, 'symbolic link loop (the link leads back to itself): expected a file or folder');
        if (code === 'ENOENT' || code === 'ENOTDIR') return this.refuse(abs, 'dangling symbolic link (its target does not exist): expected a file or folder');
        return this.refuse(abs, `symbolic link that cannot be followed (${code ?? String(err)})`);
      }
      const what = special(st);
      if (what) return this.refuse(abs, `symbolic link to ${what} (${target}): not read; expected a file or folder`);
      if (!given) {
        if (st.isDirectory()) return this.skip(abs, LINK_TO_FOLDER);
        if (!this.inside(target)) return this.skip(abs, LINK_OUT_OF_TREE);
      }
    }
    const what = special(st);
    if (what) return this.refuse(abs, `${what}: not read; expected a file or folder`);
    if (st.isDirectory()) return 'dir';
    if (!st.isFile()) return this.refuse(abs, 'not a file or folder');
    try {
      this.probe(abs);
    } catch (err) {
      const code = errCode(err);
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'a folder where a file was expected' : (code ?? String(err));
      return this.refuse(abs, `cannot be read (${why})${link ? ' (through a symbolic link)' : ''}`);
    }
    return 'file';
  }

  private skip(abs: string, reason: string): 'skip' {
    if (!this.ignored(abs)) this.skipped.push({ file: this.display(abs), reason });
    return 'skip';
  }

  private inside(target: string): boolean {
    return this.roots.some((r) => target === r || target.startsWith(r.endsWith(sep) ? r : r + sep));
  }
}
