/**
 * Greedy word wrap of styled pieces for terminal text: widths are measured on the plain text,
 * colour is applied after, and a word longer than the line (a path) is left whole, never split.
 */

/** A word to lay out: its text, the separator before it, and how to colour it. */
export interface Piece {
  text: string;
  /** Spaces before the piece when it follows another on the same line. */
  sep: string;
  style?: (s: string) => string;
}

/** Words of a plain sentence as pieces, each keeping the spaces that preceded it. */
export function words(text: string, style?: (s: string) => string): Piece[] {
  const parts = text.split(/( +)/);
  const out: Piece[] = [];
  let sep = ' ';
  for (const part of parts) {
    if (part === '') continue;
    if (part.startsWith(' ')) sep = part;
    else out.push({ text: part, sep, style });
  }
  return out;
}

/**
 * Lay pieces out after `first` (the first line's prefix); continuation lines start with `indent`
 * spaces. Without a width everything stays on one line.
 */
export function wrapPieces(first: string, indent: number, pieces: readonly Piece[], width?: number): string[] {
  const lines: string[] = [];
  let line = first;
  let plainLength = first.replace(/\u001b\[[0-9;]*m/g, '').length;
  let empty = true;
  for (const p of pieces) {
    const styled = p.style ? p.style(p.text) : p.text;
    if (empty) {
      line += styled;
      plainLength += p.text.length;
      empty = false;
      continue;
    }
    if (width !== undefined && plainLength + p.sep.length + p.text.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + styled;
      plainLength = indent + p.text.length;
      continue;
    }
    line += p.sep + styled;
    plainLength += p.sep.length + p.text.length;
  }
  lines.push(line);
  return lines;
}
