/** Shared by the export parser tests: fixtures through the real decoder, errors, fields by name. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import { InputError } from '../../src/model/errors.js';
import type { ParsedFile, PsField } from '../../src/model/records.js';

/** A loader of the fixtures in `dir`, each parsed with its path as the file name. */
export function fixtureLoader(dir: string, parse: (text: string, file: string, encoding: string) => ParsedFile): (name: string) => ParsedFile {
  return (name) => {
    const { text, encoding } = decodeBytes(readFileSync(`${dir}/${name}`));
    return parse(text, `${dir}/${name}`, encoding);
  };
}

/** The message of the InputError `fn` throws (fails the test when nothing or something else is thrown). */
export function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** Field `name` (any case) of record `record`; fails the test when the record lacks it. */
export function field(p: ParsedFile, record: number, name: string): PsField {
  const f = p.objects[record].fields[name.toLowerCase()];
  expect(f, name).toBeDefined();
  return f;
}

/** One of `sources` truncated at a random place, or with a few characters cut and `alphabet` characters spliced in there. */
export function mutatedExport(sources: readonly string[], alphabet: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      at: fc.nat(),
      cut: fc.integer({ min: 0, max: 8 }),
      insert: fc.string({ maxLength: 4, unit: fc.constantFrom(...alphabet) }),
      truncate: fc.boolean(),
    })
    .map((m) => {
      const src = sources[m.source];
      const at = m.at % (src.length + 1);
      return m.truncate ? src.slice(0, at) : src.slice(0, at) + m.insert + src.slice(at + m.cut);
    });
}
