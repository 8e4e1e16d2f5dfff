/**
 * collect/Export-VmqlintSnapshot.ps1: parses under the tree-sitter PowerShell grammar, runs only
 * read-only allowlisted commands (no `&`, `.`, iex), and writes exactly the files the manifest
 * (src/ingest/export-manifest.ts) lists, with the switches the model needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CMDLET_EXPORTS, COLLECTOR_JSON_DEPTH, REGISTRY_EXPORTS, collectorFileNames } from '../../src/ingest/export-manifest.js';
import { commandsOf, methodCallsOf, powershellParser, syntaxErrors, type CommandUse } from './powershell-tree.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = readFileSync(join(ROOT, 'collect', 'Export-VmqlintSnapshot.ps1'), 'utf8');

/** Read-only commands beyond the Get-/Export-/ConvertTo- verbs, each with why it is safe. */
const ALLOWED = new Set(
  [
    'Out-File', // writes only under the output folders
    'Out-Null',
    'New-Item', // only -ItemType Directory, checked below
    'Invoke-Command', // only with a script block of this script's own functions, checked below
    'Join-Path',
    'Where-Object',
    'ForEach-Object',
    'Write-Verbose',
    'Write-Warning',
    'Set-StrictMode', // this script's own scope
    'Export-VmqlintHost', // the script's own functions
    'Get-VmqlintStagedFile',
  ].map((s) => s.toLowerCase()),
);
/** .NET methods the script may call: a staging folder name, nothing that changes state. */
const ALLOWED_METHODS = new Set(['newguid', 'tostring']);
const FORBIDDEN_NAMES = new Set(['iex', 'invoke-expression', 'invoke-item', 'start-process', 'add-type', 'new-object']);

/** Why a command is not allowed, or '' when it is. */
function violation(c: CommandUse): string {
  const name = c.name.toLowerCase();
  if (c.dynamic) return `line ${c.line}: dynamic invocation (& or .) of ${c.name}`;
  if (FORBIDDEN_NAMES.has(name)) return `line ${c.line}: ${c.name} is dynamic invocation`;
  if (name === 'reg.exe' || name === 'reg') return c.args[0]?.toLowerCase() === 'export' ? '' : `line ${c.line}: reg ${c.args[0]} is not reg export`;
  if (name === 'remove-item') {
    // The one exception: a remote node's own staging folder, removed after it was read back.
    return c.args.join(' ') === '-LiteralPath $Stage -Recurse -Force' ? '' : `line ${c.line}: Remove-Item outside the staging folder`;
  }
  if (name === 'new-item' && !(c.args.includes('-ItemType') && c.args.includes('Directory'))) return `line ${c.line}: New-Item of something not a folder`;
  if (name === 'invoke-command') {
    const i = c.args.indexOf('-ScriptBlock');
    const block = i >= 0 ? c.args[i + 1] : undefined;
    return block === '${function:Export-VmqlintHost}' || block === '${function:Get-VmqlintStagedFile}' ? '' : `line ${c.line}: Invoke-Command with ${block}`;
  }
  if (/^(get|export|convertto)-/.test(name) || ALLOWED.has(name)) return '';
  return `line ${c.line}: ${c.name} is not on the read-only allowlist`;
}

async function check(source: string): Promise<{ errors: string[]; violations: string[]; commands: CommandUse[] }> {
  const tree = (await powershellParser()).parse(source);
  if (!tree) throw new Error('no tree');
  const commands = commandsOf(tree.rootNode);
  // .NET methods would bypass the command allowlist ([IO.File]::WriteAllText, $key.DeleteValue()).
  const methods = methodCallsOf(tree.rootNode)
    .filter((m) => !ALLOWED_METHODS.has(m.member.toLowerCase()))
    .map((m) => `line ${m.line}: method call ${m.text}`);
  return { errors: syntaxErrors(tree.rootNode), violations: [...commands.map(violation).filter(Boolean), ...methods], commands };
}

describe('collector script', () => {
  it('parses without error under the PowerShell grammar', async () => {
    const { errors, commands } = await check(SCRIPT);
    expect(errors).toEqual([]);
    expect(commands.length).toBeGreaterThan(40);
  });

  it('runs only allowlisted read-only commands', async () => {
    expect((await check(SCRIPT)).violations).toEqual([]);
  });

  it('has comment-based help Get-Help reads (synopsis, description, parameters, example)', () => {
    const help = /^<#([\s\S]*?)#>/.exec(SCRIPT)?.[1] ?? '';
    for (const k of ['.SYNOPSIS', '.DESCRIPTION', '.EXAMPLE', '.PARAMETER OutputPath', '.PARAMETER ComputerName', '.PARAMETER CimSession', '.PARAMETER Cluster']) {
      expect(help, k).toContain(k);
    }
  });

  it('fails a script with iex, Invoke-Expression, & or dot-sourcing, a write or an unknown command', async () => {
    for (const bad of ['iex $code', 'Invoke-Expression "Get-VM"', '& $cmd', '& "Get-VM"', '. $file', 'Set-NetAdapterVmq -Name x -Enabled $false', 'reg.exe add HKLM\\X', 'Remove-Item C:\\', 'New-Item -Path x.txt', 'Invoke-Command -ComputerName a -ScriptBlock { Restart-Computer }', "[IO.File]::WriteAllText('x', 'y')", '$key.DeleteValue("x")', '$ExecutionContext.InvokeCommand.InvokeScript("x")']) {
      const { violations } = await check(`Get-VM\n${bad}\n`);
      expect(violations.length, bad).toBeGreaterThan(0);
    }
  });

  it('runs every manifest cmdlet with its switches into the manifest file name, and nothing else', async () => {
    const found = new Map<string, CommandUse>();
    for (const m of SCRIPT.matchAll(/^\s*\$lists\['([^']+)'\] = @\((.*)\)\s*$/gm)) {
      const inner = (await check(m[2]!)).commands[0]!;
      found.set(m[1]!, inner);
    }
    expect([...found.keys()].sort()).toEqual(CMDLET_EXPORTS.map((c) => c.base).sort());
    for (const e of CMDLET_EXPORTS) {
      const c = found.get(e.base)!;
      expect(c.name, e.base).toBe(e.command);
      for (const s of e.switches) expect(c.args, `${e.base} ${s}`).toContain(s);
      if (e.className) expect(c.args).toEqual(['-ClassName', e.className]);
    }
    expect(SCRIPT).toContain("Export-Clixml -LiteralPath (Join-Path $Folder ($name + '.xml'))");
    expect(SCRIPT).toContain(`-Depth ${COLLECTOR_JSON_DEPTH}`);
  });

  it('reg-exports exactly the manifest keys into the manifest file names', async () => {
    const regs = (await check(SCRIPT)).commands.filter((c) => c.name === 'reg.exe');
    expect(regs.map((c) => [c.args[1], c.args[2]])).toEqual(
      REGISTRY_EXPORTS.map((r) => [`'${r.key}'`, `(Join-Path $Folder '${r.file}')`]),
    );
  });

  it('is documented: docs/exports.md names every file the collector writes', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'exports.md'), 'utf8');
    for (const f of collectorFileNames()) expect(docs, f).toContain(`\`${f}\``);
  });

  it('ships in the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('collect');
  });
});
