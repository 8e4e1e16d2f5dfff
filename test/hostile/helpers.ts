/**
 * Shared helpers of the hostile-input suite (test/hostile/*.test.ts): generators that write big
 * inputs to a temp folder piece by piece (never as one string, so the generator itself stays
 * small), and a runner that starts the CLI in a child process with a timeout and reports its
 * peak RSS (VmHWM from /proc), so a blow-up or a hang fails the case instead of the test runner.
 *
 * Sizes scale: `scaled(full)` is 1/100 of the full size by default and the full size when
 * VMQLINT_HOSTILE_FULL=1 (the opt-in run that reproduces the sizes of issue 10).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above this file). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True in the opt-in full-size run. */
export const FULL = process.env.VMQLINT_HOSTILE_FULL === '1';

/** `full` at full size, else 1/100 of it (at least `min`). */
export function scaled(full: number, min = 1): number {
  return FULL ? full : Math.max(min, Math.round(full / 100));
}

/** A vitest timeout for a case: `ms` at 1/100 scale, `fullMs` in the full run. */
export function caseTimeout(ms: number, fullMs = ms * 20): number {
  return FULL ? fullMs : ms;
}

/** A fresh temp folder; remove it with `rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = 'vmqlint-hostile-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Remove a temp folder made by tempDir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes text to a file in 1 MiB pieces in the given encoding (UTF-16LE gets a BOM). */
class PieceWriter {
  private readonly fd: number;
  private pending = '';
  private pendingBytes = 0;
  bytes = 0;
  constructor(
    path: string,
    private readonly encoding: 'utf8' | 'utf16le',
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
    if (encoding === 'utf16le') this.bytes += writeSync(this.fd, Buffer.from([0xff, 0xfe]));
  }
  /** Bytes written so far plus those pending. */
  get size(): number {
    return this.bytes + this.pendingBytes;
  }
  write(text: string): void {
    this.pending += text;
    this.pendingBytes += this.encoding === 'utf16le' ? text.length * 2 : Buffer.byteLength(text);
    if (this.pending.length > 1 << 20) this.flush();
  }
  private flush(): void {
    this.bytes += writeSync(this.fd, Buffer.from(this.pending, this.encoding));
    this.pending = '';
    this.pendingBytes = 0;
  }
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

const ADVPROP_COLUMNS = ['ValueName', 'ValueData', 'ifAlias', 'InterfaceAlias', 'ifDesc', 'DisplayName', 'DisplayValue', 'RegistryKeyword', 'RegistryValue', 'Name', 'PSComputerName'];

/**
 * A Get-NetAdapterAdvancedProperty Export-Csv (PowerShell 7: UTF-8, no #TYPE) of `rows` rows,
 * quoted as Export-Csv writes; every 97th value holds a doubled quote and every 89th a line feed
 * inside its quotes, so the streamed reader meets both across its piece boundaries.
 */
export function writeBigCsv(path: string, rows: number): number {
  const w = new PieceWriter(path, 'utf8');
  w.write(`${ADVPROP_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
  for (let r = 0; r < rows; r++) {
    const nic = `NIC${r % 64}`;
    const kw = `*Kw${r % 1000}`;
    const display = r % 97 === 0 ? `Value ""${r}""` : r % 89 === 0 ? `Line one\nline ${r}` : `Value ${r}`;
    w.write(`"${kw}","${r % 7}","${nic}","${nic}","Adapter ${r % 64}","Keyword ${r % 1000}","${display}","${kw}","${r % 7}","${nic}","HV01"\r\n`);
  }
  return w.close();
}

/** A `.reg` export header and filler keys up to `bytes`, with a NIC class key and VMSMP now and then. */
export function writeBigReg(path: string, bytes: number, encoding: 'utf8' | 'utf16le' = 'utf8'): number {
  const w = new PieceWriter(path, encoding);
  w.write('Windows Registry Editor Version 5.00\r\n\r\n');
  for (let n = 0; w.size < bytes; n++) {
    w.write(`[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Svc${n}\\Parameters]\r\n"DisplayName"="Service ${n}"\r\n"Start"=dword:0000000${n % 5}\r\n"Blob"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,\\\r\n  10,11,12,13,14,15,16,17\r\n\r\n`);
    if (n % 50_000 === 25_000) {
      const cls = `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\${String(n / 50_000 | 0).padStart(4, '0')}`;
      w.write(`[${cls}]\r\n"DriverDesc"="NIC ${n}"\r\n"*VMQ"="1"\r\n\r\n`);
    }
  }
  return w.close();
}

/** A 64-hex-digit fingerprint for entry `i` (distinct, deterministic). */
export function fakeFingerprint(i: number): string {
  return (i.toString(16).padStart(16, '0') + 'a5').repeat(4).slice(0, 64);
}

/** A baseline file of `entries` entries, written as `--write-baseline` writes it. */
export function writeBigBaseline(path: string, entries: number): number {
  const w = new PieceWriter(path, 'utf8');
  w.write('{\n  "schemaVersion": 1,\n  "entries": [\n');
  for (let i = 0; i < entries; i++) {
    const entry = { fingerprint: fakeFingerprint(i), ruleId: `VMQ${String(i % 40).padStart(3, '0')}`, host: `HV${i % 500}`, target: `adapter NIC${i % 8}`, message: `Synthetic finding ${i} accepted when the baseline was written` };
    w.write(`    ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')}${i + 1 < entries ? ',' : ''}\n`);
  }
  w.write('  ]\n}\n');
  return w.close();
}

/**
 * The sample fleet's ConvertTo-Json Get-NetAdapterRss export with `count` properties vmqlint does
 * not know added to its first object: each is listed as not understood, which once overflowed
 * the call stack (`push(...array)` on 130,000 items).
 */
export function writeManyUnknownProperties(path: string, count: number): number {
  const text = readFileSync(join(REPO, 'fixtures', 'sample-fleet', 'HV-2022', 'Get-NetAdapterRss.json'), 'utf8');
  const open = text.indexOf('{');
  const w = new PieceWriter(path, 'utf8');
  w.write(text.slice(0, open + 1) + '\r\n');
  for (let i = 0; i < count; i++) w.write(`    "UnknownProperty${i}": ${i},\r\n`);
  w.write(text.slice(open + 1).replace(/^\s+/, '    '));
  return w.close();
}

/** The CLI bundled to one file, so children start as plain Node (no TypeScript loader in the RSS). */
let bundled: Promise<string> | undefined;

/** Bundles left by test processes that are gone (a killed worker never runs its exit hook). */
function removeStaleBundles(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const pid = Number(/^cli-(\d+)\.mjs$/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(folder, name), { force: true });
    }
  }
}

/** Path of the bundled CLI (built once per test process with rolldown, which vitest ships). */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const folder = join(REPO, 'node_modules', '.cache', 'vmqlint-hostile');
    removeStaleBundles(folder);
    // Inside node_modules, so the bare imports left external resolve as from the repository.
    const out = join(folder, `cli-${process.pid}.mjs`);
    const { build } = (await import('rolldown')) as typeof import('rolldown');
    await build({
      input: join(REPO, 'src', 'cli', 'main.ts'),
      platform: 'node',
      external: (id: string) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
      // One file: the CLI imports its commands lazily, which would otherwise split the bundle.
      output: { file: out, format: 'esm', codeSplitting: false },
      logLevel: 'silent',
    });
    process.once('exit', () => rmSync(out, { force: true }));
    return out;
  })();
  return bundled;
}

/** Remove this process's bundle (call from afterAll: vitest workers may end without 'exit'). */
export function disposeCliBundle(): void {
  if (bundled === undefined) return;
  rmSync(join(REPO, 'node_modules', '.cache', 'vmqlint-hostile', `cli-${process.pid}.mjs`), { force: true });
  bundled = undefined;
}

export interface ChildRun {
  /** Exit code; null when killed by a signal (a timeout or an abort). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MB (VmHWM at exit), or undefined when the child died first. */
  peakRssMb?: number;
  timedOut: boolean;
  ms: number;
}

/** Preload that records the child's VmHWM at exit into the file named by VMQLINT_HWM_FILE. */
const HWM_PRELOAD = `
const fs = require('node:fs');
process.on('exit', () => {
  const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (m && process.env.VMQLINT_HWM_FILE) fs.writeFileSync(process.env.VMQLINT_HWM_FILE, m[1]);
});
`;

/**
 * Run `vmqlint <args>` in a child Node process in `cwd`, killed after `timeoutMs`; `heapMb` caps
 * the V8 heap (--max-old-space-size) so a blow-up fails fast rather than swapping the machine;
 * `nodeArgs` go to Node (a smaller --stack-size makes a stack overflow show at 1/10 of the count).
 */
export async function runCliChild(args: string[], opts: { cwd: string; timeoutMs: number; heapMb?: number; nodeArgs?: string[] }): Promise<ChildRun> {
  const cli = await cliBundle();
  const dir = tempDir('vmqlint-child-');
  const preload = join(dir, 'hwm.cjs');
  const hwmFile = join(dir, 'hwm');
  writeFileSync(preload, HWM_PRELOAD);
  const nodeArgs = ['--require', preload, ...(opts.heapMb ? [`--max-old-space-size=${opts.heapMb}`] : []), ...(opts.nodeArgs ?? []), cli, ...args];
  const t0 = Date.now();
  try {
    return await new Promise<ChildRun>((done, fail) => {
      const child = spawn(process.execPath, nodeArgs, { cwd: opts.cwd, env: { ...process.env, VMQLINT_HWM_FILE: hwmFile, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (c: Buffer) => (stdout.length < 1 << 20 ? (stdout += c.toString('utf8')) : undefined));
      child.stderr.on('data', (c: Buffer) => (stderr.length < 1 << 20 ? (stderr += c.toString('utf8')) : undefined));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs);
      child.on('error', fail);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const kb = existsSync(hwmFile) ? Number(readFileSync(hwmFile, 'utf8')) : NaN;
        done({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0, peakRssMb: Number.isFinite(kb) ? kb / 1024 : undefined });
      });
    });
  } finally {
    removeDir(dir);
  }
}

/** In the full run, print a case's time and peak RSS (the figures docs/exports.md quotes). */
export function note(label: string, r: ChildRun): void {
  if (FULL) console.info(`${label}: exit ${String(r.code)}, ${r.ms} ms, peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MB`);
}

/** Size of a file in MB (10^6 bytes), for messages. */
export function sizeMb(path: string): number {
  return statSync(path).size / 1e6;
}
