/**
 * Globs in path arguments (`vmqlint lint hosts/HV*`). A POSIX shell expands them before vmqlint
 * runs; PowerShell and cmd.exe, where Hyper-V admins work, do not expand `*` for a native program,
 * so vmqlint does it itself, for arguments that name no existing path. Matching is the config's
 * case-insensitive glob (`*` and `?` within one path segment); matches are sorted, so output does
 * not depend on the order the file system lists a folder in.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ordinal } from '../engine/catalog.js';
import { matchGlob } from '../engine/glob.js';

const WILDCARD = /[*?]/;

/** Expand one argument's wildcards against the folders below `cwd`; [] when nothing matches. */
function expandOne(arg: string, cwd: string): string[] {
  const parts = arg.split(/[\\/]/);
  let found: string[] = [parts[0] === '' ? '/' : ''];
  for (let i = parts[0] === '' ? 1 : 0; i < parts.length; i++) {
    const seg = parts[i];
    if (seg === '' || seg === '.') continue;
    const next: string[] = [];
    for (const base of found) {
      const dir = resolve(cwd, base === '' ? '.' : base);
      if (!WILDCARD.test(seg)) {
        const p = base === '' ? seg : join(base, seg).split('\\').join('/');
        if (existsSync(resolve(cwd, p))) next.push(p);
        continue;
      }
      let names: string[];
      try {
        if (!statSync(dir).isDirectory()) continue;
        names = readdirSync(dir);
      } catch {
        continue;
      }
      // A leading dot is matched only by a pattern that starts with one, as shells do.
      for (const n of names.filter((x) => (seg.startsWith('.') || !x.startsWith('.')) && matchGlob(seg, x)).sort(ordinal)) {
        next.push(base === '' ? n : base === '/' ? `/${n}` : `${base}/${n}`);
      }
    }
    found = next;
  }
  return found;
}

/** Path arguments with wildcards expanded (in argument order); an argument that exists is kept as typed. */
export function expandPathArgs(args: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!WILDCARD.test(a) || existsSync(resolve(cwd, a))) {
      out.push(a);
      continue;
    }
    const matches = expandOne(a, cwd);
    // No match: keep the argument, so it is reported as typed ("no such file or folder").
    if (matches.length === 0) out.push(a);
    else for (const m of matches) out.push(m);
  }
  return out;
}
