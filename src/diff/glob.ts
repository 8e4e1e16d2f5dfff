/** Case-insensitive globs over property names: `*` matches any run of characters, `?` one. */

/** Compile a glob into a test. Every other character is literal. */
export function globMatcher(glob: string): (text: string) => boolean {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, (c) => `\\${c}`);
  }
  const re = new RegExp(`^${source}$`, 'is');
  return (text) => re.test(text);
}
