/**
 * The fleet bench's generator (bench/fleet-gen.ts): every host is renamed inside its files, so
 * the linter tells the copies apart by content; the cache is reused only when complete; a fleet
 * that would not fit on disk is refused before anything is written.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanFleets, ensureFleet, hostName, hostsArg, loadTemplates, markerPath } from '../../bench/fleet-gen.js';
import { loadRules } from '../../rules/index.js';
import { lintHosts } from '../../src/engine/run.js';
import { loadPaths } from '../../src/ingest/load.js';
import { removeDir, tempDir } from '../hostile/helpers.js';

let cache: string;
beforeEach(() => {
  cache = tempDir('vmqlint-fleetgen-');
});
afterEach(() => removeDir(cache));

describe('fleet generator', () => {
  it('gives every host its own name inside its files, so lint sees distinct hosts', async () => {
    // 4 hosts over 3 templates: hosts 1 and 4 are copies of the same sample host.
    const fleet = ensureFleet({ hosts: 4, cacheRoot: cache });
    const templates = loadTemplates().map((t) => t.name);
    const expected = [0, 1, 2, 3].map((i) => hostName(templates[i % templates.length], i));
    expect(new Set(expected).size).toBe(4);
    expect(readdirSync(fleet.dir).sort()).toEqual([...expected].sort());
    const loaded = loadPaths([fleet.dir], { cwd: cache });
    expect(loaded.failures).toEqual([]);
    const result = lintHosts(loaded.hosts, loaded.failures, { rules: await loadRules(), tool: { name: 'vmqlint', version: 'test' } });
    expect(result.hosts.map((h) => h.name).sort()).toEqual([...expected].sort());
    // The template's name is gone from every copy (files name the host, never the sample).
    const utf16 = readFileSync(join(fleet.dir, expected[2], 'Get-NetAdapter.xml'));
    expect(utf16.includes(Buffer.from(templates[2], 'utf16le'))).toBe(true); // the new name starts with it
    expect(utf16.includes(Buffer.from(`${templates[2]}<`, 'utf16le'))).toBe(false);
    expect(utf16.includes(Buffer.from(`${expected[2]}<`, 'utf16le'))).toBe(true);
  });

  it('names each host in its files: a folder named otherwise still reads as the host', () => {
    const fleet = ensureFleet({ hosts: 3, cacheRoot: cache });
    const names = loadTemplates().map((t, i) => hostName(t.name, i));
    for (const [i, name] of names.entries()) renameSync(join(fleet.dir, name), join(fleet.dir, `snapshot-${i}`));
    const loaded = loadPaths([fleet.dir], { cwd: cache });
    expect(loaded.hosts.map((h) => h.name).sort()).toEqual([...names].sort());
  });

  it('reuses a complete fleet, rewrites one without its marker, and deletes on request', () => {
    const first = ensureFleet({ hosts: 3, cacheRoot: cache });
    expect(first.reused).toBe(false);
    expect(first.files).toBe(loadTemplates().reduce((s, t) => s + t.files.length, 0));
    expect(first.bytes / first.hosts).toBeGreaterThan(600_000);
    expect(ensureFleet({ hosts: 3, cacheRoot: cache }).reused).toBe(true);
    rmSync(markerPath(first.dir));
    const again = ensureFleet({ hosts: 3, cacheRoot: cache });
    expect(again.reused).toBe(false);
    expect(again.digest).toBe(first.digest);
    expect(cleanFleets(3, cache)).toEqual([first.dir]);
    expect(existsSync(first.dir) || existsSync(markerPath(first.dir))).toBe(false);
  });

  it('refuses a fleet that would not fit, before writing anything', () => {
    expect(() => ensureFleet({ hosts: 10, cacheRoot: cache, free: 5_000_000 })).toThrow(/needs about 0\.0\d GB under .*fleet-10 but only 0\.01 GB is free/);
    expect(existsSync(join(cache, 'fleet-10'))).toBe(false);
  });

  it('reads --hosts N and refuses a value that is not a count', () => {
    expect(hostsArg(['fleet', '--hosts', '5000'], 1000)).toBe(5000);
    expect(hostsArg(['--hosts=10_000'], 1000)).toBe(10000);
    expect(hostsArg([], 1000)).toBe(1000);
    expect(() => hostsArg(['--hosts', 'many'], 1000)).toThrow(/--hosts: expected a whole number/);
  });
});
