/**
 * Damaged exports fail the gate (issue 10): a file that looks like an export, by its name
 * (`Get-NetAdapterVmq.xml`) or its first bytes (`<Objs`, `[`/`{`, `#TYPE`, a `.reg` header), and
 * does not parse as a whole is an input error with `file:line:col` (exit 2), not "not a
 * recognised export" with the host linted without its data. The rest of the fleet is still read.
 * The damaged files are cut from a byte-faithful fixture (UTF-16LE with BOM, CRLF: PowerShell 5.1).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/ingest/load.js';
import { cli } from '../helpers/cli.js';

const SOURCE = 'fixtures/identity/HV-ID-01/Get-NetAdapterVmq.xml';
const whole = readFileSync(SOURCE);
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf16le')]);
const bodyText = whole.subarray(2).toString('utf16le');

/** A good JSON export of host HV01. */
const hv01 = JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: 'HV01' }]);

/** A temp folder with fleet/HV01 (good) and fleet/HV02 (the fixture's host). */
function twoHosts(): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-damaged-'));
  mkdirSync(join(root, 'fleet/HV01'), { recursive: true });
  mkdirSync(join(root, 'fleet/HV02'), { recursive: true });
  writeFileSync(join(root, 'fleet/HV01/Get-NetAdapterVmq.json'), hv01);
  return root;
}

/** fleet/HV01 (good) and fleet/HV02 with a good export beside `name` holding `bytes`. */
function fleet(name: string, bytes: Uint8Array | string): string {
  const root = twoHosts();
  copyFileSync(SOURCE, join(root, 'fleet/HV02/Get-NetAdapterVmq.xml'));
  writeFileSync(join(root, 'fleet/HV02', name), bytes);
  return root;
}

function failureOf(root: string, path = 'fleet') {
  const r = loadPaths([path], { cwd: root });
  return { r, messages: r.failures.map((f) => f.error.message) };
}

describe('hostile input: damaged exports are input errors', () => {
  it('an empty file named as an export', () => {
    const root = fleet('Get-NetAdapterRss.xml', '');
    const { r, messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/Get-NetAdapterRss\.xml:1:1: expected a CLIXML export .*found an empty file/)]);
    expect(r.failures[0].host).toBe('HV02');
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
  }, 10_000);

  it('an empty file named as an export alone in its folder fails that host (not skipped)', () => {
    const root = twoHosts();
    writeFileSync(join(root, 'fleet/HV02/Get-NetAdapterVmq.xml'), utf16(''));
    const { r, messages } = failureOf(root);
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/Get-NetAdapterVmq\.xml:1:1: /)]);
  }, 10_000);

  it('an export cut after 60 bytes', () => {
    const root = fleet('Get-NetAdapterRss.xml', whole.subarray(0, 60));
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/Get-NetAdapterRss\.xml:1:\d+: expected/)]);
  }, 10_000);

  it('an export cut after 60 bytes, found by its first bytes whatever its name', () => {
    const root = fleet('vmq-copy.xml', whole.subarray(0, 60));
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/vmq-copy\.xml:1:\d+: expected/)]);
  }, 10_000);

  it('an export led by a DOCTYPE', () => {
    const root = fleet('Get-NetAdapterRss.xml', utf16(`<!DOCTYPE Objs [<!ENTITY x "y">]>\n${bodyText}`));
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/Get-NetAdapterRss\.xml:1:\d+: /)]);
  }, 10_000);

  it('JSON that starts like an export and is not one', () => {
    const root = fleet('adapters.json', '{ Name: NIC1 }');
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/adapters\.json:1:\d+: /)]);
  }, 10_000);

  it('an Export-Csv named as one that holds no CSV', () => {
    const root = fleet('Get-NetAdapter.csv', 'Name : NIC1\r\nStatus : Up\r\n');
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/Get-NetAdapter\.csv:1:1: expected an Export-Csv export/)]);
  }, 10_000);

  it('a .reg whose header is damaged', () => {
    const root = fleet('nic-class.reg', utf16('Windows Registry Editor Version 5.0\n\n[HKEY_LOCAL_MACHINE\\SYSTEM]\n'));
    const { messages } = failureOf(root);
    expect(messages).toEqual([expect.stringMatching(/^fleet\/HV02\/nic-class\.reg:1:1: expected a registry export/)]);
  }, 10_000);

  it('files that do not look like an export are still only listed', () => {
    const root = fleet('notes.txt', 'collected on Monday');
    writeFileSync(join(root, 'fleet/HV02/app.config.xml'), '<configuration><appSettings/></configuration>');
    const { r } = failureOf(root);
    expect(r.failures).toEqual([]);
    expect(r.hosts).toHaveLength(2);
    expect(r.skipped.map((s) => s.file)).toEqual(['fleet/HV02/app.config.xml', 'fleet/HV02/notes.txt']);
  }, 10_000);

  it('the CLI exits 2, names file:line:col, and still reports the good host', async () => {
    const root = fleet('Get-NetAdapterRss.xml', whole.subarray(0, 60));
    const run = await cli(['lint', 'fleet', '--format', 'json'], root);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/fleet\/HV02\/Get-NetAdapterRss\.xml:1:\d+/);
    const hosts = JSON.parse(run.stdout).hosts as { name: string; status: string; error?: string }[];
    expect(hosts.map((h) => [h.name, h.status])).toEqual([
      ['HV01', 'ok'],
      ['HV02', 'error'],
    ]);
    expect(hosts[1].error).toMatch(/^fleet\/HV02\/Get-NetAdapterRss\.xml:1:30: expected '=' after attribute name 'xmlns', found end of input$/);
  }, 20_000);
});
