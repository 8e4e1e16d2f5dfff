/**
 * Registry parser throughput on a generated whole-HKLM-sized export: Get-NetView ships
 * `reg export HKLM` (hundreds of MB), so the .reg scanner has to stay linear.
 */
import { performance } from 'node:perf_hooks';
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

/** Lines of the registry benchmark report. */
export function run(): string[] {
  const reg = regText(8_000_000);
  const query = queryText(8_000_000);
  const keepVmsmp = (path: string): boolean => /\\Services\\VMSMP(?:\\|$)/i.test(path);
  return [
    measure('parseRegFile, every key kept', reg.length, () => parseRegFile(reg, 'bench.reg', 'utf-16le-bom')),
    measure('parseRegFile, VMSMP filter', reg.length, () =>
      parseRegFile(reg, 'bench.reg', 'utf-16le-bom', { keep: keepVmsmp }),
    ),
    measure('parseRegQuery, every key kept', query.length, () => parseRegQuery(query, 'bench.txt', 'utf-16le-bom')),
  ];
}
