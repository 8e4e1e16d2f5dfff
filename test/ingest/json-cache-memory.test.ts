/**
 * The process-wide cache of lower-cased member names (json.ts) must not keep the texts the names
 * were cut from alive: a fleet run parses thousands of files, and a cached name that is a view
 * into its file would pin the whole file. (nested.ts detaches its cached type names the same way.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseJsonExport } from '../../src/ingest/json.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

describe('JSON name caches', () => {
  it('keep no parsed text alive', () => {
    const filler = 'x'.repeat(2_000_000);
    const before = heapMB();
    for (let i = 0; i < 20; i++) {
      // Names seen nowhere else, so the caches take them from this text.
      const text = `{"UniqueLongPropertyName${i}": {"CimSystemProperties": {"ClassName": "MSFT_UniqueNestedClass${i}"}}, "Pad": "${filler}${i}"}`;
      expect(parseJsonExport(text, 'f.json', 'utf-8').objects.length).toBe(1);
    }
    // 20 texts of 2 MB: pinned, they would add 40 MB.
    expect(heapMB() - before).toBeLessThan(10);
  });
});
