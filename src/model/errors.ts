/** Errors the tool reports to the user as `file:line:col: message`, never as a stack trace. */

/** Input that could not be parsed or understood. Exit code 2. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    /** What was expected, e.g. "expected '>' after attribute value". */
    readonly detail: string,
  ) {
    // line 0: the error is about the path as a whole (a folder, an empty file), not a position.
    super(line > 0 ? `${file}:${line}:${col}: ${detail}` : `${file}: ${detail}`);
    this.name = 'InputError';
  }
}

/** Bad arguments, config or profile. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: end - last };
}
