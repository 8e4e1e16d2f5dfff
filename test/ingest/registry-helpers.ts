/** Shared by the registry parser tests: load a fixture through the real byte decoder. */
import { readFileSync } from 'node:fs';
import { decodeBytes } from '../../src/ingest/decode.js';

export const FIXTURES = new URL('../../fixtures/parsers/registry/', import.meta.url);

/** Decoded text and encoding of a fixture file. */
export function fixture(name: string): { text: string; encoding: string; path: string } {
  const path = new URL(name, FIXTURES).pathname;
  const { text, encoding } = decodeBytes(new Uint8Array(readFileSync(path)));
  return { text, encoding, path: name };
}

/** The `file:line:col: detail` message of the error `fn` throws, or 'no error'. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}
