/** Run the CLI in-process (no build needed) and capture what it writes. */
import { vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `vmqlint <args>` with the working directory `cwd`, capturing stdout and stderr. */
export async function cli(args: string[], cwd?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const before = process.cwd();
  try {
    if (cwd) process.chdir(cwd);
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    if (cwd) process.chdir(before);
    out.mockRestore();
    err.mockRestore();
  }
}
