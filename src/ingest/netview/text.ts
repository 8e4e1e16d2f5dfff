/**
 * Get-NetView text files to lines: decoding (`Out-File -Encoding default` is the
 * ANSI code page on Windows PowerShell 5.1 and UTF-8 without a BOM on 7; `>` in 5.1 is UTF-16LE
 * with a BOM), ANSI colour codes stripped, lines numbered from 1.
 */
import { InputError, UsageError } from '../../model/errors.js';
import { decodeBytes } from '../decode.js';

/** The ANSI code page Windows PowerShell 5.1 uses on a Western-European/US system. */
export const DEFAULT_CODEPAGE = 'windows-1252';

/** One line of a text view with its 1-based line number in the file. */
export interface TextLine {
  text: string;
  line: number;
}

/**
 * A code page name as `--codepage` accepts it (`1251`, `cp1250`, `windows-1253`, `shift_jis`,
 * `ibm866`), as the name TextDecoder knows, or a UsageError naming what was given.
 */
export function resolveCodepage(name: string): string {
  const t = name.trim().toLowerCase();
  const candidates = /^\d+$/.test(t) ? [`windows-${t}`, `ibm${t}`, t] : /^cp\d+$/.test(t) ? [`windows-${t.slice(2)}`, `ibm${t.slice(2)}`] : [t];
  for (const c of candidates) {
    try {
      return new TextDecoder(c).encoding;
    } catch {
      // not a label this runtime knows; try the next spelling
    }
  }
  throw new UsageError(`--codepage ${name}: not a code page this Node.js can decode (expected e.g. 1252, 1251, windows-1250, shift_jis)`);
}

/**
 * Decode a text file: a BOM or valid UTF-8 wins; anything else is the ANSI code page. Pure ASCII
 * reads the same in every one of them.
 */
export function decodeTextFile(bytes: Uint8Array, codepage: string = DEFAULT_CODEPAGE): { text: string; encoding: string } {
  const d = decodeBytes(bytes);
  if (d.encoding !== 'windows-1252') return d;
  const cp = new TextDecoder(codepage).encoding;
  return { text: new TextDecoder(cp).decode(bytes), encoding: cp };
}

// ECMA-48 CSI sequences (SGR colours `ESC[32;1m` and friends) and the OSC hyperlinks of 7.4+.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Text without ANSI escape sequences ($PSStyle output pasted from a console). */
export function stripAnsi(s: string): string {
  return s.includes('\u001b') ? s.replace(ANSI, '') : s;
}

/** Numbered lines (CRLF, LF or CR), colour codes stripped, trailing spaces kept. */
export function toLines(text: string): TextLine[] {
  const parts = stripAnsi(text).split(/\r\n|\n|\r/);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ text: t, line: i + 1 }));
}

/** A NUL in a decoded text view means the decoding guessed wrong or the file is not text. */
export function assertText(text: string, file: string): void {
  const i = text.indexOf('\u0000');
  if (i >= 0) {
    const line = text.slice(0, i).split('\n').length;
    throw new InputError(file, line, 1, 'expected a text view (Get-NetView .txt), found a NUL character (binary data or a wrong encoding)');
  }
}
