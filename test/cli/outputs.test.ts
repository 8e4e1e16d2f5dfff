import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/cli/lint.js';
import { captureIo, tempDir } from './cli-helpers.js';

const fleet = join(import.meta.dirname, '..', '..', 'fixtures', 'sample-fleet');

async function lint(args: string[], cwd = tempDir()) {
  const io = captureIo(cwd, { SOURCE_DATE_EPOCH: '1700000000' });
  const code = await runLint(args, io);
  return { code, out: io.out.join(''), err: io.err.join(''), cwd };
}

describe('lint outputs and inputs that cannot work', () => {
  it('an output path that is a folder is a clear usage error, not an internal one', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'out'));
    const r = await lint([fleet, '--no-config', '--format', 'json=out', '--exit-zero'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toContain('vmqlint: cannot write out: it is a folder');
    expect(r.err).not.toContain('internal error');
  });

  it('two formats to one file are refused instead of one silently overwriting the other', async () => {
    const r = await lint([fleet, '--no-config', '--format', 'json=r.out', '--format', 'sarif=./r.out']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('vmqlint: --format json and --format sarif both write to ./r.out; give each its own file');
  });

  it('a key written twice in the config is a usage error at the second key', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.json'), '{\n  "rules": {\n    "vmq-on-slow-nic": "off",\n    "vmq-on-slow-nic": "error"\n  }\n}\n');
    const r = await lint([fleet, '--config', 'c.json'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toContain("c.json:4:5: duplicate key 'vmq-on-slow-nic'");
  });

  it('the same input path given twice is read once', async () => {
    const r = await lint([fleet, `${fleet}/`, '--no-config', '--format', 'json', '--exit-zero']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hosts).toHaveLength(3);
    expect(r.err).not.toContain('already read');
  });
});
