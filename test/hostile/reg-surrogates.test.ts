/** A raw lone UTF-16 surrogate in a streamed .reg is listed with its line, never silently replaced. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';

const tmp = mkdtempSync(join(tmpdir(), 'vmqlint-reg-surrogate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('streamed .reg with a lone surrogate', () => {
  it('lists the replaced character with its line', { timeout: 20_000 }, () => {
    const src = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'parsers', 'registry', 'nic-class-v5-utf16.reg'));
    const text = new TextDecoder('utf-16le').decode(src.subarray(2));
    const at = text.indexOf('"DriverDesc"="') + '"DriverDesc"="'.length;
    expect(at).toBeGreaterThan(20);
    const bytes = Buffer.from(src);
    // The first character of the DriverDesc value becomes a lone high surrogate (0xD800).
    const off = 2 + at * 2;
    bytes[off] = 0x00;
    bytes[off + 1] = 0xd8;
    const dir = join(tmp, 'HV01');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'nic-class.reg'), bytes);
    const line = text.slice(0, at).split('\n').length;
    const r = loadPaths([dir]);
    expect(r.failures).toEqual([]);
    const lossy = r.hosts.flatMap((h) => h.lossy).filter((l) => /lone UTF-16 surrogate/.test(l.reason));
    expect(lossy.map((l) => l.at.line)).toEqual([line]);
  });
});
