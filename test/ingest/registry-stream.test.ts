import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import { parseDetected, registryOptions, sniff } from '../../src/ingest/parse.js';
import { parseRegFile } from '../../src/ingest/registry.js';
import { bytesSource, parseRegStream, startsLikeRegFile } from '../../src/ingest/registry-stream.js';

const dir = 'fixtures/parsers/registry';

function whole(bytes: Uint8Array, file: string): unknown {
  try {
    const d = decodeBytes(bytes);
    return parseRegFile(d.text, file, d.encoding, registryOptions);
  } catch (err) {
    return String(err);
  }
}
function streamed(bytes: Uint8Array, file: string, size: number): unknown {
  try {
    return parseRegStream(bytesSource(bytes, size), file, registryOptions);
  } catch (err) {
    return String(err);
  }
}

describe('streamed .reg parsing', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.reg')).sort();
  it('has fixtures to compare', () => expect(files.length).toBeGreaterThan(8));
  for (const f of files) {
    it(`gives the same records, errors and line numbers as the whole-text parser: ${f}`, () => {
      const bytes = readFileSync(join(dir, f));
      const expected = whole(bytes, f);
      // Piece sizes that cut inside UTF-16 code units, CRLF pairs and hex continuations.
      for (const size of [1, 3, 7, 64, 1 << 20]) expect(streamed(bytes, f, size)).toEqual(expected);
    });
  }

  it('keeps only what the filter wants, with the same line numbers, in a generated UTF-16LE export', () => {
    const lines = ['Windows Registry Editor Version 5.00', ''];
    for (let n = 0; n < 300; n++) {
      lines.push(`[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Svc${n}]`, `"Start"=dword:0000000${n % 5}`);
      lines.push('"Blob"=hex:' + Array.from({ length: 60 }, (_, i) => (i % 256).toString(16).padStart(2, '0')).join(',').replace(/(.{75},)/g, '$1\\\r\n  '));
      lines.push('');
      if (n % 50 === 7) {
        lines.push('[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters]', `"TenGigVmqEnabled"=dword:00000001`, '');
        lines.push(`[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}\\000${n % 10}]`, `"*RssBaseProcNumber"="${n}"`, '');
      }
    }
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
    const expected = parseDetected(sniff(bytes), 'gen.reg');
    expect(expected.regKeys.map((k) => k.path)).toHaveLength(2);
    expect(expected.regKeys[0].at.line).toBeGreaterThan(40);
    expect(streamed(bytes, 'gen.reg', 4093)).toEqual(expected);
    expect(streamed(bytes, 'gen.reg', 65536)).toEqual(expected);
  });

  it('restarts as Windows-1252 when text without a BOM is not UTF-8 part-way', () => {
    const text = 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\T]\r\n"a"="caf\xe9"\r\n';
    const bytes = Buffer.from(text, 'latin1');
    const r = parseRegStream(bytesSource(bytes, 5), 'a.reg') as ReturnType<typeof parseRegFile>;
    expect(r.encoding).toBe('windows-1252');
    expect(r.regKeys[0].values.a.value).toBe('café');
  });

  it('sniffs the header from the first bytes only', () => {
    expect(startsLikeRegFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n[HKEY_LOC', 'utf16le')]))).toBe(true);
    expect(startsLikeRegFile(Buffer.from('regedit4\n'))).toBe(true);
    expect(startsLikeRegFile(Buffer.from('<Objs Version="1.1.0.1"'))).toBe(false);
  });
});

describe('.reg stray lines', () => {
  it('lists a stray body line as not understood and reads the rest of the file', () => {
    const r = parseRegFile('REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\T]\r\n"a"="1"\r\nthis is not registry syntax\r\n"b"=dword:00000002\r\n', 'x.reg', 'ansi');
    expect(Object.keys(r.regKeys[0].values)).toEqual(['a', 'b']);
    expect(r.unknown).toHaveLength(1);
    expect(r.unknown[0]).toMatchObject({ kind: 'value', name: 'this is not registry syntax', at: { file: 'x.reg', line: 5, col: 1 } });
  });
  it('still fails a file whose body has no key line at all', () => {
    expect(() => parseRegFile('REGEDIT4\r\nHello\r\nWorld\r\n', 'x.reg', 'ansi')).toThrow(
      `x.reg:2:1: expected '[' to start a key, '"' or '@' to start a value, or ';' to start a comment`,
    );
  });
});

describe('.reg malformed values outside the filter', () => {
  const keep = { keep: (p: string) => /\\Services\\VMSMP(\\|$)/i.test(p) };
  const text = [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Other]',
    '"Bad"=dword:xyz',
    '"Blob"=hex:01,zz,\\',
    '  02,03',
    '"Fine"="1"',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters]',
    '"TenGigVmqEnabled"=dword:00000001',
    '',
  ].join('\r\n');
  it('skips and lists a malformed value in a key the filter drops, and reads the rest', () => {
    const r = parseRegFile(text, 'h.reg', 'utf-8', keep);
    expect(r.regKeys.map((k) => Object.keys(k.values))).toEqual([['tengigvmqenabled']]);
    expect(r.unknown.map((u) => [u.name, u.at.line, u.at.col])).toEqual([
      ['"Bad"=dword:xyz', 4, 13],
      ['"Blob"=hex:01,zz,\\', 5, 15],
    ]);
    expect(r.unknown[0].context).toBe("malformed value in a key vmqlint does not read (regedit skips it): expected 1 to 8 hex digits after 'dword:'");
    expect(parseRegStream(bytesSource(Buffer.from(text), 5), 'h.reg', keep)).toEqual(r);
  });
  it('still fails on a malformed value in a key it reads', () => {
    expect(() => parseRegFile(text.replace('dword:00000001', 'dword:xyz'), 'h.reg', 'utf-8', keep)).toThrow("h.reg:10:26: expected 1 to 8 hex digits after 'dword:'");
  });
});

describe('.reg UTF-16 replaced characters', () => {
  // Lone surrogates (each decoded as one U+FFFD) at a line's start, twice on one line, and later on.
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters]',
    '"\uD800First"="1"',
    '"Name"="a\uDC00b\uD800c"',
    '"TenGigVmqEnabled"=dword:00000001',
    '"Last"="x\uDBFF"',
    '',
  ];
  const text = lines.join('\r\n');
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  // Where each U+FFFD lands: its line, and its column counted in UTF-16 units from the line's start.
  const expected: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    expected.push([text.slice(0, i).split('\n').length, i - text.lastIndexOf('\n', i - 1)]);
  }
  for (const size of [3, 16, 1 << 20]) {
    it(`lists each with its line and column (pieces of ${size} bytes)`, () => {
      const r = parseRegStream(bytesSource(bytes, size), 'h.reg', registryOptions);
      const replaced = r.lossy.filter((l) => /lone UTF-16 surrogate/.test(l.reason));
      expect(expected).toHaveLength(4);
      expect(replaced.map((l) => [l.at.line, l.at.col])).toEqual(expected);
      expect(replaced.map((l) => l.what)).toEqual(expected.map(([line]) => `character in line ${line}`));
    });
  }
});
