/**
 * File-system hazards in a fleet (issue 10): a symbolic link loop, a self-link, a dangling link,
 * an unreadable file, a FIFO and a link to /dev/zero are each one snapshot's problem, reported with
 * its path (a LoadFailure: exit 2); the rest of the fleet is still read. Nothing is opened before
 * its type is known, so a FIFO never blocks and /dev/zero is never read. Hidden entries are listed.
 *
 * Tests run as root here, so chmod 000 does not make a file unreadable: unreadability is injected
 * through LoadOptions.readProbe (the check made before any file is opened), with the error code
 * (EACCES) the real open would give.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths, type LoadResult } from '../../src/ingest/load.js';
import { cli } from '../helpers/cli.js';

const vmq = (host: string) =>
  JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, NumberOfReceiveQueues: 8, PSComputerName: host }], null, 2).replace(/\n/g, '\r\n');

/** A fleet folder with a good host HV01 and a host folder HV02 holding its export and `hazard`. */
function fleet(hazard: (hv02: string, root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'vmqlint-hostile-files-'));
  mkdirSync(join(root, 'fleet/HV01'), { recursive: true });
  mkdirSync(join(root, 'fleet/HV02'), { recursive: true });
  writeFileSync(join(root, 'fleet/HV01/Get-NetAdapterVmq.json'), vmq('HV01'));
  writeFileSync(join(root, 'fleet/HV02/Get-NetAdapterVmq.json'), vmq('HV02'));
  hazard(join(root, 'fleet/HV02'), root);
  return root;
}

function expectOneFailure(r: LoadResult, file: string, detail: RegExp): void {
  expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
  expect(r.failures.map((f) => f.file)).toEqual([file]);
  expect(r.failures[0].error.message).toMatch(detail);
}

const canFifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('hostile file system: one bad entry fails its own snapshot only', () => {
  it('a symbolic link loop (a -> b -> a)', () => {
    const root = fleet((d) => {
      symlinkSync('b.json', join(d, 'a.json'));
      symlinkSync('a.json', join(d, 'b.json'));
    });
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01']);
    expect(r.failures.map((f) => f.file)).toEqual(['fleet/HV02/a.json', 'fleet/HV02/b.json']);
    expect(r.failures[0].error.message).toMatch(/^fleet\/HV02\/a\.json: symbolic link loop/);
    expect(r.failures[0].host).toBe('HV02');
  }, 10_000);

  it('a link to itself', () => {
    const root = fleet((d) => symlinkSync('self.xml', join(d, 'self.xml')));
    expectOneFailure(loadPaths(['fleet'], { cwd: root }), 'fleet/HV02/self.xml', /symbolic link loop/);
  }, 10_000);

  it('a dangling link', () => {
    const root = fleet((d) => symlinkSync('gone.xml', join(d, 'Get-NetAdapter.xml')));
    expectOneFailure(loadPaths(['fleet'], { cwd: root }), 'fleet/HV02/Get-NetAdapter.xml', /dangling symbolic link/);
  }, 10_000);

  it('a dangling link as a fleet entry of its own (not inside a host folder)', () => {
    const root = fleet(() => {});
    symlinkSync('nowhere', join(root, 'fleet/HV03'));
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.failures.map((f) => [f.file, f.error.detail])).toEqual([['fleet/HV03', expect.stringMatching(/dangling symbolic link/)]]);
  }, 10_000);

  it('a link to a folder that leads back to an ancestor is listed, not followed', () => {
    const root = fleet((d) => symlinkSync('..', join(d, 'up')));
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.failures).toEqual([]);
    expect(r.skipped).toContainEqual({ file: 'fleet/HV02/up', reason: expect.stringMatching(/^symbolic link to a folder: not followed/) });
  }, 10_000);

  it('a link to a file inside the tree is followed once; one out of the tree is listed, not followed', () => {
    const root = fleet((d, r) => {
      writeFileSync(join(r, 'outside.json'), vmq('HV02'));
      symlinkSync(join(r, 'outside.json'), join(d, 'out.json'));
    });
    mkdirSync(join(root, 'fleet/HV02/sub'));
    writeFileSync(join(root, 'fleet/HV02/sub/adapter.json'), JSON.stringify([{ Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: '{11111111-1111-1111-1111-111111111111}', MacAddress: '00-15-5D-00-00-01', PSComputerName: 'HV02' }]));
    symlinkSync('sub/adapter.json', join(root, 'fleet/HV02/Get-NetAdapter-link.json'));
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.failures).toEqual([]);
    expect(r.hosts.find((h) => h.name === 'HV02')!.sources.map((s) => s.file)).toContain('fleet/HV02/Get-NetAdapter-link.json');
    expect(r.skipped).toContainEqual({ file: 'fleet/HV02/out.json', reason: expect.stringMatching(/outside the folders given/) });
  }, 10_000);

  it('an unreadable file (EACCES injected: tests run as root)', () => {
    const root = fleet((d) => writeFileSync(join(d, 'Get-NetAdapter.json'), '[]'));
    const readProbe = (abs: string) => {
      if (abs.endsWith(join('HV02', 'Get-NetAdapter.json'))) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    expectOneFailure(loadPaths(['fleet'], { cwd: root, readProbe }), 'fleet/HV02/Get-NetAdapter.json', /cannot be read \(permission denied\)/);
  }, 10_000);

  it.runIf(canFifo)('a FIFO, which is never opened (opening it would block)', () => {
    const root = fleet((d) => execFileSync('mkfifo', [join(d, 'Get-NetAdapter.xml')]));
    expectOneFailure(loadPaths(['fleet'], { cwd: root }), 'fleet/HV02/Get-NetAdapter.xml', /a FIFO \(named pipe\): not read/);
  }, 10_000);

  it.runIf(existsSync('/dev/zero'))('a link to /dev/zero, which is never read', () => {
    const root = fleet((d) => symlinkSync('/dev/zero', join(d, 'Get-NetAdapterVmq.xml')));
    expectOneFailure(loadPaths(['fleet'], { cwd: root }), 'fleet/HV02/Get-NetAdapterVmq.xml', /symbolic link to a character device/);
  }, 10_000);

  it.runIf(existsSync('/dev/zero'))('a link to /dev/zero named on the command line', () => {
    const root = fleet(() => {});
    symlinkSync('/dev/zero', join(root, 'zero.xml'));
    const r = loadPaths(['zero.xml', 'fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.failures.map((f) => f.file)).toEqual(['zero.xml']);
  }, 10_000);

  it('a link loop named on the command line', () => {
    const root = fleet(() => {});
    symlinkSync('loop', join(root, 'loop'));
    const r = loadPaths(['loop', 'fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.failures.map((f) => [f.file, f.error.detail])).toEqual([['loop', expect.stringMatching(/symbolic link loop/)]]);
  }, 10_000);

  it('a dangling link named on the command line says so (not just "no such file")', () => {
    const root = fleet(() => {});
    symlinkSync('gone', join(root, 'HV09'));
    const r = loadPaths(['HV09', 'fleet', 'missing'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.failures.map((f) => [f.file, f.error.detail])).toEqual([
      ['HV09', expect.stringMatching(/^dangling symbolic link/)],
      ['missing', 'no such file or folder'],
    ]);
  }, 10_000);

  it('hidden (dot-prefixed) folders and files are listed as skipped', () => {
    const root = fleet((d) => writeFileSync(join(d, '.Get-NetAdapter.json'), '[]'));
    mkdirSync(join(root, 'fleet/.git'));
    writeFileSync(join(root, 'fleet/.git/HEAD'), 'ref: refs/heads/main\n');
    const r = loadPaths(['fleet'], { cwd: root });
    expect(r.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { file: 'fleet/.git', reason: "hidden (name starts with '.'): not read" },
        { file: 'fleet/HV02/.Get-NetAdapter.json', reason: "hidden (name starts with '.'): not read" },
      ]),
    );
  }, 10_000);

  it.runIf(canFifo)('the CLI lints and reports the good host, exit 2, naming the bad path', async () => {
    const root = fleet((d) => {
      execFileSync('mkfifo', [join(d, 'pipe.xml')]);
      symlinkSync('loop.xml', join(d, 'loop.xml'));
    });
    const run = await cli(['lint', 'fleet', '--format', 'json'], root);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/fleet\/HV02\/pipe\.xml/);
    expect(run.stderr + run.stdout).toMatch(/fleet\/HV02\/loop\.xml/);
    expect(run.stdout).toMatch(/HV01/);
    expect(run.stderr).not.toMatch(/internal error/i);
  }, 20_000);
});
