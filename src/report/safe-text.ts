/**
 * Text reports print names that come from exports (hosts, adapters, VMs, files), which anyone who
 * can write a host name or an adapter description controls. Printed raw they can drive the
 * reader: terminal escape sequences (cursor moves, window titles, hyperlinks), carriage returns that
 * overwrite a line, bidirectional overrides that reorder what a reviewer sees, and, where stdout
 * is a CI log, a line starting `::error file=...::` (a GitHub Actions workflow command) or
 * `##vso[` (an Azure Pipelines logging command). Every text format passes its output through here.
 */

// C0 and C1 controls (but line feed), DEL, the Unicode line/paragraph separators and the
// bidirectional embedding, override and isolate controls.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The colour (SGR) sequences formatters add themselves, kept as they are.
const SGR = /\u001b\[[0-9;]*m/y;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Escape control characters other than line feeds and colour sequences, as `\x1B`-style text. */
function escapeControls(text: string): string {
  return text.replace(UNSAFE, (ch, offset: number) => {
    if (ch === '\u001b') {
      SGR.lastIndex = offset;
      if (SGR.test(text)) return ch;
    }
    return visible(ch);
  });
}

/**
 * Neutralise a line a CI runner would take as a command: one that starts (after blanks) with `::`
 * (GitHub Actions) or with `##[` or `##vso[` (Azure Pipelines); and `##vso[` anywhere in a line,
 * which the Azure Pipelines agent also scans for. Markdown headings (`## Title`) are left alone.
 */
function guardLine(line: string): string {
  const out = line.replace(/##vso\[/gi, '##vso\\[');
  return /^\s*(::|##\[|##vso\\?\[)/i.test(out) ? `\\${out}` : out;
}

/** Every control, separator and bidi character of `text` as visible `\x1B`-style text (data fields). */
export function visibleControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A text report made safe to print to a terminal or a CI log; unchanged when the data was harmless. */
export function safeText(text: string): string {
  return escapeControls(text).split('\n').map(guardLine).join('\n');
}

/**
 * A report's pieces, each made safe as safeText makes the whole; empty pieces dropped. Every piece
 * must be whole lines (ending in a line feed), so escaping piece by piece gives the bytes escaping
 * the joined text would.
 */
export function* safeChunks(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) if (chunk !== '') yield safeText(chunk);
}
