/**
 * Hostile input, numbers: a value that was exported but is no valid integer (1e400, 2^64+1, 8.5)
 * is unknown, not absent. It used to be dropped and then read as 0 ("base 0:0 includes core 0").
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const T = 20_000;
const GUID = '{11111111-1111-1111-1111-111111111111}';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-num-'));
  for (const [p, text] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text.replace(/\r?\n/g, '\r\n'));
  }
  return root;
}

const vmqJson = (base: string) => `[
  {
    "Name": "NIC1",
    "InterfaceDescription": "NIC one",
    "InterfaceGuid": "${GUID}",
    "Enabled": true,
    "BaseProcessorNumber": ${base},
    "MaxProcessors": 4,
    "NumberOfReceiveQueues": 8,
    "PSComputerName": "HV01"
  }
]
`;
const vmqCsv = (base: string) => `#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterVmqSettingData
"Name","InterfaceDescription","InterfaceGuid","Enabled","BaseProcessorNumber","MaxProcessors","NumberOfReceiveQueues","PSComputerName"
"NIC1","NIC one","${GUID}","True","${base}","4","8","HV01"
`;
const processors = JSON.stringify([{ NumberOfCores: 8, NumberOfLogicalProcessors: 16, PSComputerName: 'HV01', CimClass: 'root/cimv2:Win32_Processor' }]);

interface Case {
  name: string;
  file: string;
  text: string;
  value: string;
  reason: string;
  line: number;
}
const CASES: Case[] = [
  { name: 'JSON 1e400', file: 'Get-NetAdapterVmq.json', text: vmqJson('1e400'), value: '1e400', reason: 'out of range', line: 7 },
  { name: 'JSON 2^64+1', file: 'Get-NetAdapterVmq.json', text: vmqJson('18446744073709551617'), value: '18446744073709551617', reason: 'out of range', line: 7 },
  { name: 'JSON 8.5', file: 'Get-NetAdapterVmq.json', text: vmqJson('8.5'), value: '8.5', reason: 'not an integer', line: 7 },
  { name: 'CSV 8.5', file: 'Get-NetAdapterVmq.csv', text: vmqCsv('8.5'), value: '8.5', reason: 'not an integer', line: 3 },
  { name: 'CSV 1e400', file: 'Get-NetAdapterVmq.csv', text: vmqCsv('1e400'), value: '1e400', reason: 'out of range', line: 3 },
  { name: 'CSV text', file: 'Get-NetAdapterVmq.csv', text: vmqCsv('two'), value: 'two', reason: 'not a number', line: 3 },
];

describe('an exported BaseProcessorNumber that is not a valid integer', () => {
  for (const c of CASES) {
    it(`${c.name}: listed as not understood, no set computed, rule not applicable with the reason`, { timeout: T }, async () => {
      const root = tree({ [`HV01/${c.file}`]: c.text, 'HV01/Win32_Processor.json': processors });
      const lint = await cli(['lint', 'HV01', '--format', 'json'], root);
      expect(lint.stderr).not.toMatch(/internal error/);
      const doc = JSON.parse(lint.stdout);
      // Never read as 0: no "base 0:0 includes core 0".
      expect(doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'vmq-base-processor-zero')).toEqual([]);
      const listed = doc.findings.find((f: { ruleId: string; evidence: { kind?: string } }) => f.ruleId === 'input-not-understood' && f.evidence.kind === 'value');
      expect(listed.evidence.items).toEqual([{ name: `BaseProcessorNumber ${c.value} is not a valid value (${c.reason})`, count: 1, file: `HV01/${c.file}`, line: c.line }]);
      const na = doc.notApplicable.find((n: { ruleId: string }) => n.ruleId === 'vmq-base-processor-zero');
      expect(na.reason).toContain(`NIC1: BaseProcessorNumber ${c.value} is not a valid value, HV01/${c.file}:${c.line}`);
      const show = await cli(['show', 'HV01', '--format', 'json'], root);
      const vmq = JSON.parse(show.stdout).hosts[0].adapters[0].vmq;
      expect(vmq.baseProcessorNumber).toBeUndefined();
      expect(vmq.invalid.baseProcessorNumber).toMatchObject({ value: c.value, reason: c.reason, at: { file: `HV01/${c.file}`, line: c.line } });
      // The model document with `invalid` reads back (schema) and lints the same way.
      writeFileSync(join(root, 'model.json'), show.stdout);
      const again = await cli(['lint', 'model.json', '--format', 'json'], root);
      expect(again.stderr).toBe('');
      expect(JSON.parse(again.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'vmq-base-processor-zero')).toEqual([]);
    });
  }

  it('a processor keyword *RssBaseProcNumber of 8.5 gives no set either', { timeout: T }, async () => {
    const adv = JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', RegistryKeyword: '*RssBaseProcNumber', RegistryValue: ['8.5'], PSComputerName: 'HV01' }, { Name: 'NIC1', InterfaceDescription: 'NIC one', RegistryKeyword: '*MaxRssProcessors', RegistryValue: ['4'], PSComputerName: 'HV01' }], null, 2);
    const root = tree({ 'HV01/Get-NetAdapterAdvancedProperty.json': adv, 'HV01/Get-NetAdapter.json': JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: GUID, HardwareInterface: true, Virtual: false, PSComputerName: 'HV01' }]), 'HV01/Win32_Processor.json': processors });
    const lint = await cli(['lint', 'HV01', '--format', 'json'], root);
    const doc = JSON.parse(lint.stdout);
    expect(doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'vmq-base-processor-zero')).toEqual([]);
    const na = doc.notApplicable.find((n: { ruleId: string }) => n.ruleId === 'vmq-base-processor-zero');
    expect(na.reason).toMatch(/NIC1: \*RssBaseProcNumber 8\.5 is not a valid value, HV01\/Get-NetAdapterAdvancedProperty\.json:\d+/);
  });
});
