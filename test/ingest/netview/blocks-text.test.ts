import { describe, expect, it } from 'vitest';
import { cmdletOf, splitCommandBlocks, splitPrompt, viewOf } from '../../../src/ingest/netview/blocks.js';
import { cmdletInfo } from '../../../src/ingest/netview/cmdlets.js';
import { decodeTextFile, resolveCodepage, stripAnsi, toLines } from '../../../src/ingest/netview/text.js';

describe('command blocks', () => {
  it('splits a file at ExecCommand headers, with prompt, command and status', () => {
    const text = [
      'JürgenA @ HV01:',
      'PS C:\\Windows\\system32> Get-NetAdapterVmq -Name "SLOT 2 Port 1" -IncludeHidden',
      '',
      'Name : SLOT 2 Port 1',
      'JürgenA @ HV01:',
      'PS C:\\Windows\\system32> Get-NetAdapterSriov -Name "NIC3" -IncludeHidden',
      '[Failed]',
      "Get-NetAdapterSriov : No MSFT_NetAdapterSriovSettingData objects found with property 'Name' equal to 'NIC3'.",
    ].join('\r\n');
    const { blocks, preamble } = splitCommandBlocks(toLines(text));
    expect(preamble).toEqual([]);
    expect(blocks.map((b) => [b.user, b.host, b.command, b.status, b.line, b.body.length])).toEqual([
      ['JürgenA', 'HV01', 'Get-NetAdapterVmq -Name "SLOT 2 Port 1" -IncludeHidden', undefined, 1, 2],
      ['JürgenA', 'HV01', 'Get-NetAdapterSriov -Name "NIC3" -IncludeHidden', 'Failed', 5, 1],
    ]);
  });

  it('separates a custom prompt from the command', () => {
    expect(splitPrompt('PS C:\\> Get-VMSwitch')).toEqual({ prompt: 'PS C:\\> ', command: 'Get-VMSwitch' });
    expect(splitPrompt('[admin@HV01 ~]# Get-NetAdapter -Name "x"')).toEqual({ prompt: '[admin@HV01 ~]# ', command: 'Get-NetAdapter -Name "x"' });
    expect(splitPrompt('HV01 $ $(Get-VM -Id 1)')).toEqual({ prompt: 'HV01 $ ', command: '$(Get-VM -Id 1)' });
  });

  it('names the view and the cmdlet of a command', () => {
    expect(viewOf('Get-NetLbfoTeam -Name "T" | Format-List  -Property *')).toBe('list-all');
    expect(viewOf('Get-X | fl *')).toBe('list-all');
    expect(viewOf('Get-X | Sort-Object Name | Format-Table -AutoSize')).toBe('table');
    expect(viewOf('Get-X | Format-Table -Property * -AutoSize')).toBe('table-all');
    expect(viewOf('Get-X -Name "a|b"')).toBe('default');
    expect(cmdletOf('$(Get-VMSwitch -Id 1) | Format-List -Property *')).toBe('Get-VMSwitch');
    expect(cmdletInfo('$(Get-VMNetworkAdapter -VMName "a" -Name "b" | where {$_.Id -like "*x"})')?.typeName).toBe('Microsoft.HyperV.PowerShell.VMNetworkAdapter');
    expect(cmdletInfo('Get-CimInstance "Win32_Processor" | Format-List -Property *')?.className).toBe('Win32_Processor');
    expect(cmdletInfo('Get-NetAdapterBinding -Name "x"')).toBeUndefined();
  });
});

describe('text decoding', () => {
  const ansiBytes = Uint8Array.from([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]); // "Jürgen" in Windows-1252

  it('reads the ANSI code page, Windows-1252 unless told otherwise', () => {
    expect(decodeTextFile(ansiBytes)).toEqual({ text: 'Jürgen', encoding: 'windows-1252' });
    expect(decodeTextFile(ansiBytes, resolveCodepage('1251'))).toEqual({ text: 'Jьrgen', encoding: 'windows-1251' });
  });

  it('reads UTF-8 (7) and UTF-16LE with a BOM (5.1 redirection) whatever the code page', () => {
    expect(decodeTextFile(new TextEncoder().encode('Default Switc…'), 'windows-1251').text).toBe('Default Switc…');
    const u16 = Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0xfc, 0x00]);
    expect(decodeTextFile(u16, 'windows-1251')).toEqual({ text: 'Aü', encoding: 'utf-16le-bom' });
  });

  it('resolves code page names and refuses unknown ones', () => {
    expect(resolveCodepage('cp1250')).toBe('windows-1250');
    expect(resolveCodepage('windows-1253')).toBe('windows-1253');
    expect(resolveCodepage('866')).toBe('ibm866');
    expect(() => resolveCodepage('nope')).toThrow(/--codepage nope: not a code page/);
  });

  it('strips ANSI colour codes ($PSStyle in a pasted console)', () => {
    expect(stripAnsi('\u001b[32;1mName   : \u001b[0mHV01')).toBe('Name   : HV01');
    expect(toLines('\u001b[32;1mA\u001b[0m : 1\r\nB : 2\n')).toEqual([
      { text: 'A : 1', line: 1 },
      { text: 'B : 2', line: 2 },
    ]);
  });
});

describe('Get-NetView tree detection', () => {
  it('knows a tree by its folder name, its _Logs marker, or a root summary beside object folders', async () => {
    const { isNetViewFileList } = await import('../../../src/ingest/netview/load-hook.js');
    expect(isNetViewFileList('msdbg.HV01', [])).toBe(true);
    expect(isNetViewFileList('capture', ['_Logs/Get-NetView.log', 'Get-NetAdapter.txt'])).toBe(true);
    expect(isNetViewFileList('capture', ['Get-NetAdapter.txt', 'VMSwitch.1.External.vs/Get-VMSwitch.txt'])).toBe(true);
    expect(isNetViewFileList('capture', ['Get-NetAdapter.txt', 'notes/a.txt'])).toBe(false);
    expect(isNetViewFileList('HV01', ['Get-NetAdapterVmq.xml'])).toBe(false);
  });
});
