/** The Get-NetView tree as the loader reads it: detection, identity, coverage, bad input, --codepage. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../../src/ingest/load.js';
import { cli } from '../../helpers/cli.js';

const repo = new URL('../../../', import.meta.url).pathname;
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A private copy of fixtures/netview/<ps> to break. */
function copy(ps: 'ps51' | 'ps7'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmqlint-netview-'));
  temps.push(dir);
  cpSync(join(repo, 'fixtures/netview', ps), join(dir, ps), { recursive: true });
  return dir;
}

const SWITCH_51 = 'ps51/msdbg.HV-LBFO-2012R2/VMSwitch.1.External.vSwitch-LBFO';

describe('Get-NetView trees in the loader', () => {
  it('reads a folder of msdbg trees as a fleet, one host per tree, named from the command blocks', () => {
    const r = loadPaths(['fixtures/netview/ps51'], { cwd: repo });
    expect(r.failures).toEqual([]);
    expect(r.hosts.map((h) => h.name)).toEqual(['HV-LBFO-2012R2', 'HV-SET-2019']);
    const src = r.hosts[0].sources.filter((s) => s.format === 'netview' && s.objects > 0);
    expect(new Set(src.map((s) => `${s.encoding} ${s.psVersion}`))).toEqual(new Set(['windows-1252 5.1']));
    const r7 = loadPaths(['fixtures/netview/ps7'], { cwd: repo });
    expect(new Set(r7.hosts[1].sources.filter((s) => s.objects > 0).map((s) => `${s.encoding} ${s.psVersion}`))).toEqual(new Set(['utf-8 7']));
  });

  it('lists what it does not read: files by name with a count, failed commands, commands without a reader', () => {
    const h = loadPaths(['fixtures/netview/ps51/msdbg.HV-LBFO-2012R2'], { cwd: repo }).hosts[0];
    const files = h.unknown.filter((u) => u.kind === 'file').map((u) => `${u.name} x${u.count}`);
    expect(files).toEqual(expect.arrayContaining(['Get-NetAdapterBinding.txt x5', 'Get-NetView.log x1', '_ipconfig.txt x1']));
    const failed = h.unknown.filter((u) => u.context?.startsWith('Get-NetView command status'));
    expect(failed.map((u) => u.context)).toEqual(['Get-NetView command status [Failed]', 'Get-NetView command status [Failed]', 'Get-NetView command status [Failed]']);
    expect(failed[0].name).toMatch(/^Get-NetAdapterSriov -Name "/);
    // The PSVersionTable block is read (it gives the PowerShell version), so it is not listed.
    expect(h.unknown.some((u) => u.name.startsWith('Get-Variable'))).toBe(false);
  });

  it('takes identity from contents: a renamed folder, found by its _Logs marker, keeps its host name', () => {
    const dir = copy('ps51');
    renameSync(join(dir, 'ps51/msdbg.HV-LBFO-2012R2'), join(dir, 'ps51/capture-from-ticket-4711'));
    const r = loadPaths(['ps51/capture-from-ticket-4711'], { cwd: dir });
    expect(r.failures).toEqual([]);
    expect(r.hosts.map((h) => h.name)).toEqual(['HV-LBFO-2012R2']);
    expect(r.hosts[0].adapters).toHaveLength(5);
  });

  it('fills an object no folder shows from the root summary table, and prefers the folder view', () => {
    const dir = copy('ps7');
    rmSync(join(dir, 'ps7/msdbg.HV-SET-2019/VMSwitch.1.External.SETvSwitch/pNIC.7.SLOT 6 Port 1.Mellanox ConnectX-4 Lx Ethernet Adapter #2'), { recursive: true });
    const h = loadPaths(['ps7/msdbg.HV-SET-2019'], { cwd: dir }).hosts[0];
    const a = h.adapters.find((x) => x.name === 'SLOT 6 Port 1')!;
    expect(a.interfaceDescription).toBe('Mellanox ConnectX-4 Lx Ethernet Adapter #2');
    expect(a.at.name?.file).toBe('ps7/msdbg.HV-SET-2019/Get-NetAdapter.txt');
    const b = h.adapters.find((x) => x.name === 'SLOT 3 Port 1')!;
    expect(b.at.name?.file).toMatch(/pNIC\.6\.SLOT 3 Port 1\..*\/Get-NetAdapter\.txt$/);
  });

  it('strips ANSI colour codes from a view', () => {
    const dir = copy('ps7');
    const f = join(dir, 'ps7/msdbg.HV-SET-2019/VMSwitch.1.External.SETvSwitch/Get-VMSwitch.txt');
    const text = readFileSync(f, 'utf8').replace(/^(EmbeddedTeamingEnabled\s+:) /m, '\u001b[32;1m$1\u001b[0m ');
    expect(text).toContain('\u001b[32;1m');
    writeFileSync(f, text);
    const h = loadPaths(['ps7/msdbg.HV-SET-2019'], { cwd: dir }).hosts[0];
    expect(h.switches[0].embeddedTeaming).toBe(true);
  });

  it('fails only the tree with a broken file; the other host of the fleet still loads', () => {
    const dir = copy('ps51');
    writeFileSync(join(dir, SWITCH_51, 'Get-VMSwitch.txt'), Buffer.from([0x41, 0x00, 0x00, 0x42, 0x0a]));
    const r = loadPaths(['ps51'], { cwd: dir });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV-SET-2019']);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].error.message).toMatch(/Get-VMSwitch\.txt:1:1: expected a text view \(Get-NetView \.txt\), found a NUL character/);
  });

  it('refuses a tree whose command blocks name two computers', () => {
    const dir = copy('ps51');
    const f = join(dir, SWITCH_51, 'Get-VMSwitch.txt');
    writeFileSync(f, Buffer.from(readFileSync(f, 'latin1').replace(/@ HV-LBFO-2012R2:/g, '@ OTHERHOST:'), 'latin1'));
    const r = loadPaths(['ps51/msdbg.HV-LBFO-2012R2'], { cwd: dir });
    expect(r.hosts).toEqual([]);
    expect(r.failures[0].error.message).toMatch(/names several computers \(HV-LBFO-2012R2, OTHERHOST\)/);
  });

  it('decodes 5.1 views in the code page given (--codepage), reading the same model from ASCII content', async () => {
    const a = loadPaths(['fixtures/netview/ps51/msdbg.HV-LBFO-2012R2'], { cwd: repo });
    const b = loadPaths(['fixtures/netview/ps51/msdbg.HV-LBFO-2012R2'], { cwd: repo, codepage: '1251' });
    expect(b.hosts[0].sources.find((s) => s.objects > 0)?.encoding).toBe('windows-1251');
    expect(b.hosts[0].adapters).toEqual(a.hosts[0].adapters);
    const ok = await cli(['show', 'fixtures/netview/ps51/msdbg.HV-LBFO-2012R2', '--codepage', '1251', '--no-color'], repo);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('netview (PowerShell 5.1), windows-1251');
    const bad = await cli(['lint', 'fixtures/netview/ps51', '--codepage', 'klingon'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--codepage klingon: not a code page/);
    // The option does not outlive its run.
    const again = await cli(['show', 'fixtures/netview/ps51/msdbg.HV-LBFO-2012R2', '--no-color'], repo);
    expect(again.stdout).toContain('netview (PowerShell 5.1), windows-1252');
  });
});

describe('Get-VM views in VM.* folders', () => {
  it('reads each VM’s power state and vCPUs from its Get-VM.txt', async () => {
    const { netViewTree } = await import('../../../scripts/fixtures/netview.js');
    const { hvSet2019 } = await import('../../../scripts/fixtures/hosts/hv-set-2019.js');
    const vms = [
      { name: 'DC01', state: 'Running' as const, processorCount: 2, memoryStartupMb: 4096, generation: 2 as const },
      { name: 'SQL01', state: 'Off' as const, processorCount: 8, memoryStartupMb: 32768, generation: 2 as const },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'vmqlint-netview-vm-'));
    temps.push(dir);
    for (const f of netViewTree({ ...hvSet2019, vms }, { ps: '5.1', user: 'Administrator', rss: false, hardwareInfo: false, numa: false, registry: false })) {
      const p = join(dir, 'msdbg.HV-SET-2019', f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.bytes);
    }
    const h = loadPaths(['msdbg.HV-SET-2019'], { cwd: dir }).hosts[0];
    expect(h.vms.map((v) => [v.name, v.state, v.processorCount]).sort()).toEqual([
      ['DC01', 'Running', 2],
      ['SQL01', 'Off', 8],
    ]);
    expect(h.vms[0].at.state?.file).toMatch(/^msdbg\.HV-SET-2019\/VMSwitch\.1\.External\.SETvSwitch\/VM\.\d\.(DC01|SQL01)\/Get-VM\.txt$/);
  });
});
