/**
 * `show --format json` streams (issue 11): names first, then the document written host by host,
 * each snapshot read again and dropped; the bytes are formatModelDocument's over every host at once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllPaths } from '../../src/cli/diff-common.js';
import { showJsonStreamed } from '../../src/cli/show-stream.js';
import type { SnapshotSource } from '../../src/cli/side-stream.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/cli/version.js';
import { formatModelDocument } from '../../src/report/show-json.js';
import { BATCH_CHARS } from '../../src/cli/report-stream.js';
import { captureIo } from './cli-helpers.js';
import { joinedNamesFleet, watched } from './stream-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE = join(root, 'fixtures', 'sample-fleet');


/** What show printed before streaming: every host loaded, then one document. */
function whole(paths: string[], cwd: string): { code: number; out: string; err: string } {
  const r = loadAllPaths(paths, { cwd });
  const err = [...r.failures.map((f) => `vmqlint: ${f.error.message}\n`), ...(r.warnings ?? []).map((w) => `vmqlint: warning: ${w.message}\n`)].join('');
  return { code: r.failures.length > 0 ? 2 : 0, out: formatModelDocument(r.hosts, { name: TOOL_NAME, version: TOOL_VERSION }), err };
}

async function streamed(paths: string[], cwd: string, source: SnapshotSource) {
  const io = captureIo(cwd);
  const code = await showJsonStreamed(paths, [{ format: 'json' }], io, source);
  return { code, out: io.out.join(''), err: io.err.join(''), writes: io.out.length };
}

describe('vmqlint show --format json streams the fleet', () => {
  it('writes the bytes of the whole document, host by host, reading each snapshot twice', async () => {
    const w = watched();
    const r = await streamed([SAMPLE], root, w.source);
    const { writes, ...rest } = r;
    expect(rest).toEqual(whole([SAMPLE], root));
    // Several hundred KB of model a host: written in 64 KiB batches, never one string.
    expect(r.out.length).toBeGreaterThan(3 * BATCH_CHARS);
    expect(writes).toBeGreaterThan(3);
    expect(w.reads.sort()).toEqual(['HV-2022', 'HV-2022', 'HV-LBFO-2012R2', 'HV-LBFO-2012R2', 'HV-SET-2019', 'HV-SET-2019']);
  });

  it('reads a lone snapshot once', async () => {
    const w = watched();
    const { writes: _, ...rest } = await streamed([join(SAMPLE, 'HV-2022')], root, w.source);
    expect(rest).toEqual(whole([join(SAMPLE, 'HV-2022')], root));
    expect(w.reads).toEqual(['HV-2022']);
  });

  it('agrees with the whole document on a failed snapshot, a second capture of a host and a model document', async () => {
    const cwd = joinedNamesFleet();
    const { writes: _, ...rest } = await streamed(['fleet', 'model.json'], cwd, watched().source);
    expect(rest.code).toBe(2);
    expect(rest).toEqual(whole(['fleet', 'model.json'], cwd));
    expect(JSON.parse(rest.out).hosts.map((h: { name: string }) => h.name)).toEqual(['HV-2022', 'HV-LBFO-2012R2', 'HV-SET-2019']);
  });
});
