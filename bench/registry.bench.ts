/**
 * Registry parser throughput on a generated whole-HKLM-sized export: Get-NetView ships
 * `reg export HKLM` (hundreds of MB), so the .reg scanner has to stay linear.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseRegFile } from '../src/ingest/registry.js';
import { parseRegQuery } from '../src/ingest/regquery.js';
import { hexLines } from '../scripts/fixtures/reg-writer.js';

function regText(targetChars: number): string {
  const parts: string[] = ['Windows Registry Editor Version 5.00\r\n\r\n'];
  const multi = [...Buffer.from('pci.inf\0machine.inf\0netvmq.inf\0\0', 'utf16le')];
  let size = parts[0].length;
  for (let n = 0; size < targetChars; n++) {
    const key = `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Svc${n}\\Parameters\\Item${n % 97}`;
    const block =
      `[${key}]\r\n` +
      `"DisplayName"="Service number ${n} with a \\"quoted\\" C:\\\\path"\r\n` +
      `"Start"=dword:${(n % 5).toString(16).padStart(8, '0')}\r\n` +
      `"Stamp"=hex:e7,07,04,00,02,00,12,00,09,00,1e,00,2d,00,b0,00\r\n` +
      `${hexLines('"DependOnService"=hex(7):', multi)}\r\n` +
      `"Big"=hex(b):00,e4,0b,54,02,00,00,00\r\n\r\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function queryText(targetChars: number): string {
  const parts: string[] = ['\r\n'];
  let size = 2;
  for (let n = 0; size < targetChars; n++) {
    const block =
      `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Svc${n}\\Parameters\r\n` +
      `    DisplayName    REG_SZ    Service number ${n}\r\n` +
      `    Start    REG_DWORD    0x${(n % 5).toString(16)}\r\n` +
      `    Stamp    REG_BINARY    E7070400020012000900\r\n` +
      `    DependOnService    REG_MULTI_SZ    pci.inf\\0machine.inf\r\n\r\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function measure(label: string, chars: number, fn: () => unknown): string {
  fn(); // warm-up
  const runs = 3;
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  const mb = (chars * 2) / 1e6; // as UTF-16LE bytes on disk
  return `${label}: ${mb.toFixed(1)} MB (UTF-16LE) in ${best.toFixed(0)} ms = ${(mb / (best / 1000)).toFixed(1)} MB/s (best of ${runs})`;
}

/**
 * Write a whole-HKLM-like export of at least `bytes` bytes (UTF-16LE with BOM, CRLF) block by
 * block, never as one string: filler service keys with the Net class keys and VMSMP among them.
 */
export function writeBigReg(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Buffer.from([0xff, 0xfe]));
    let size = 2;
    let pending = 'Windows Registry Editor Version 5.00\r\n\r\n';
    for (let n = 0; size < bytes; n++) {
      const key = `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Svc${n}\\Parameters`;
      pending +=
        `[${key}]\r\n"DisplayName"="Service number ${n}"\r\n"Start"=dword:0000000${n % 5}\r\n` +
        `${hexLines('"Blob"=hex:', Array.from({ length: 96 }, (_, i) => (i * 7 + n) & 255))}\r\n\r\n`;
      if (n % 100_000 === 50_000) {
        const cls = `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}\\${String(n / 100_000).padStart(4, '0')}`;
        pending += `[${cls}]\r\n"DriverDesc"="NIC ${n}"\r\n"*VMQ"="1"\r\n\r\n[${cls}\\Ndi\\Params\\*VMQ]\r\n"ParamDesc"="VMQ"\r\n\r\n`;
        pending += `[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\VMSMP\\Parameters]\r\n"TenGigVmqEnabled"=dword:00000001\r\n\r\n`;
      }
      if (pending.length > 1 << 20) {
        size += writeSync(fd, Buffer.from(pending, 'utf16le'));
        pending = '';
      }
    }
    writeSync(fd, Buffer.from(pending, 'utf16le'));
  } finally {
    closeSync(fd);
  }
}

/** Parse a file in a child process; its time, keys kept and peak RSS. */
type ChildResult = { ms: number; keys: number; peakRssMb: number; error?: string };
function child(mode: 'stream' | 'whole', file: string): ChildResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'registry-child.js');
  return JSON.parse(execFileSync(process.execPath, [script, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildResult;
}

/** Streamed vs whole-text parsing of a 300 MB+ UTF-16LE export: MB/s and peak RSS of each. */
function bigFile(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vmqlint-regbench-'));
  try {
    const file = join(dir, 'hklm.reg');
    writeBigReg(file, 320 * 1024 * 1024);
    const mb = statSync(file).size / 1e6;
    const line = (label: string, r: ChildResult) =>
      r.error !== undefined
        ? `${label}: ${mb.toFixed(0)} MB UTF-16LE fails after ${r.ms.toFixed(0)} ms (${r.error}), peak RSS ${r.peakRssMb.toFixed(0)} MB`
        : `${label}: ${mb.toFixed(0)} MB UTF-16LE in ${r.ms.toFixed(0)} ms = ${(mb / (r.ms / 1000)).toFixed(1)} MB/s, ${r.keys} keys kept, peak RSS ${r.peakRssMb.toFixed(0)} MB`;
    return [line('parseRegFileAt (streamed), NIC class + VMSMP filter', child('stream', file)), line('decode whole + parseRegFile, same filter', child('whole', file))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines of the registry benchmark report. */
export function run(): string[] {
  const big = bigFile();
  const reg = regText(8_000_000);
  const query = queryText(8_000_000);
  const keepVmsmp = (path: string): boolean => /\\Services\\VMSMP(?:\\|$)/i.test(path);
  return [
    measure('parseRegFile, every key kept', reg.length, () => parseRegFile(reg, 'bench.reg', 'utf-16le-bom')),
    measure('parseRegFile, VMSMP filter', reg.length, () =>
      parseRegFile(reg, 'bench.reg', 'utf-16le-bom', { keep: keepVmsmp }),
    ),
    measure('parseRegQuery, every key kept', query.length, () => parseRegQuery(query, 'bench.txt', 'utf-16le-bom')),
    ...big,
  ];
}
