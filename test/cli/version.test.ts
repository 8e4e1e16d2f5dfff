import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

describe('vmqlint --version', () => {
  it("prints the package's version and exits 0 (answered before any command is loaded)", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const out: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
        out.push(String(s));
        return true;
      });
      try {
        expect(await runCli([flag])).toBe(0);
      } finally {
        spy.mockRestore();
      }
      expect(out.join('')).toBe(`${pkg.version}\n`);
    }
  });
});
