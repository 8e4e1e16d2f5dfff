/**
 * Property tests for the registry parsers: what regedit writes reads back to what was written,
 * and no mangled input escapes as anything but an InputError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import { parseRegFile } from '../../src/ingest/registry.js';
import { parseRegQuery } from '../../src/ingest/regquery.js';
import { InputError } from '../../src/model/errors.js';
import { escapeRegString, hexLines } from '../../scripts/fixtures/reg-writer.js';
import { fixture } from './registry-helpers.js';

const HEADER = 'Windows Registry Editor Version 5.00';

const utf16 = (s: string): number[] => [...Buffer.from(s, 'utf16le')];

/** Bytes of a whole file as regedit writes it: UTF-16LE with a BOM, CRLF. */
function asRegeditBytes(lines: string[]): Uint8Array {
  const text = `${HEADER}\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Prop]\r\n${lines.join('\r\n')}\r\n\r\n`;
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

function parseBytes(bytes: Uint8Array) {
  const d = decodeBytes(bytes);
  return parseRegFile(d.text, 'p.reg', d.encoding);
}

/** Characters that matter to the syntax come often; any other code point now and then. */
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\\', '"', ' ', '=', ',', '@', '[', ']', ';', 'a', 'Z', '0', '\t') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const lineText = fc
  .array(char, { maxLength: 40 })
  .map((cs) => cs.join(''))
  .filter((s) => !/[\r\n\0]/.test(s));

describe('registry round trips', () => {
  it('REG_SZ names and data survive escaping, and as hex(2) with continuation lines', () => {
    fc.assert(
      fc.property(lineText, lineText, (name, data) => {
        fc.pre(name.toLowerCase() !== 'z' && name.toLowerCase() !== 'x2');
        const lines = [
          `"${escapeRegString(name)}"="${escapeRegString(data)}"`,
          hexLines('"x2"=hex(2):', [...utf16(data), 0, 0]),
          '"z"=dword:00000001',
        ];
        const v = parseBytes(asRegeditBytes(lines)).regKeys[0].values;
        expect(v[name.toLowerCase()]).toMatchObject({ name, type: 'REG_SZ', value: data, at: { line: 4 } });
        expect(v['x2']).toMatchObject({ type: 'REG_EXPAND_SZ', value: data });
        expect(v['z']).toMatchObject({ value: '1' });
      }),
      { numRuns: 300 },
    );
  });

  it('hex(7) item lists survive regedit wrapping', () => {
    const item = lineText.filter((s) => s !== '');
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.boolean(), (items, lf) => {
        const bytes = [...items.flatMap((s) => [...utf16(s), 0, 0]), 0, 0];
        let text = `${HEADER}\r\n\r\n[HKEY_CURRENT_USER\\M]\r\n${hexLines('"IncludedInfs"=hex(7):', bytes)}\r\n"after"="x"\r\n`;
        if (lf) text = text.replace(/\r\n/g, '\n');
        const v = parseRegFile(text, 'm.reg', 'utf-8').regKeys[0].values;
        expect(v['includedinfs'].items).toEqual(items);
        expect(v['includedinfs'].value).toBe(items.join('\n'));
        const continuations = text.split('\n').findIndex((l) => l.startsWith('"after"'));
        expect(v['after'].at.line).toBe(continuations + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('hex(N) bytes of any type code survive as lower-case hex', () => {
    const code = fc.integer({ min: 0x0c, max: 0xffffffff });
    fc.assert(
      fc.property(code, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }), (n, bytes) => {
        const text = `${HEADER}\r\n\r\n[HKEY_CURRENT_USER\\B]\r\n${hexLines(`"b"=hex(${n.toString(16)}):`, bytes)}\r\n`;
        const v = parseRegFile(text, 'b.reg', 'utf-8').regKeys[0].values['b'];
        expect(v.type).toBe(`REG_TYPE_0x${n.toString(16)}`);
        expect(v.value).toBe(Buffer.from(bytes).toString('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('reg query REG_SZ lines split on the type token whatever the name holds', () => {
    const name = lineText.filter(
      (s) =>
        s !== '' &&
        !s.includes('REG_') &&
        !/^\(.*\)$/.test(s) &&
        !/^\s/.test(s),
    );
    fc.assert(
      fc.property(name, lineText, (n, data) => {
        const text = `\r\nHKEY_CURRENT_USER\\Q\r\n    ${n}    REG_SZ    ${data}\r\n    x    REG_DWORD    0x10\r\n`;
        const v = parseRegQuery(text, 'q.txt', 'utf-8').regKeys[0].values;
        expect(v[n.toLowerCase()]).toMatchObject({ name: n, value: data });
        if (n.toLowerCase() !== 'x') expect(v['x'].value).toBe('16');
      }),
      { numRuns: 300 },
    );
  });
});

const pieces = ['[', ']', '"', '\\', '=', ',', '\r\n', '\n', '\\\r\n', 'hex', '(', ')', ':', '0', 'f', 'g', '-', '@', ';', ' ', '    ', 'dword:', 'hex(7):', 'REG_SZ', 'REG_DWORD', '0x', '\0', 'HKLM\\'];

/** Random edits: delete a span, insert a syntax piece, or cut the text short. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, edits: { kind: string; at: number; len?: number; piece?: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % (t.length + 1);
    if (e.kind === 'delete') t = t.slice(0, at) + t.slice(at + (e.len ?? 1));
    else if (e.kind === 'insert') t = t.slice(0, at) + (e.piece ?? '') + t.slice(at);
    else t = t.slice(0, at);
  }
  return t;
}

function onlyInputErrors(parse: (text: string) => unknown, text: string): void {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    const lines = text.split('\n');
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.line).toBeLessThanOrEqual(lines.length);
    expect(err.col).toBeGreaterThanOrEqual(1);
    expect(err.col).toBeLessThanOrEqual(lines[err.line - 1].length + 2);
    expect(err.detail).toMatch(/^expected /);
  }
}

describe('mangled input only ever throws InputError', () => {
  const sources: [string, (t: string) => unknown][] = [
    ['nic-class-v5-utf16.reg', (t) => parseRegFile(t, 'm.reg', 'utf-16le-bom')],
    ['tweak-utf8-lf.reg', (t) => parseRegFile(t, 'm.reg', 'utf-8')],
    ['multi-controlset.reg', (t) => parseRegFile(t, 'm.reg', 'utf-16le-bom')],
    ['regquery-utf16.txt', (t) => parseRegQuery(t, 'm.txt', 'utf-16le-bom')],
  ];
  for (const [name, parse] of sources) {
    it(name, () => {
      const text = fixture(name).text;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
          onlyInputErrors(parse, mutate(text, edits));
        }),
        { numRuns: 400 },
      );
    });
  }
});
