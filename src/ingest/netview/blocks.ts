/**
 * Get-NetView command blocks (https://github.com/microsoft/Get-NetView). ExecCommand writes, per command:
 *   `<USERNAME> @ <COMPUTERNAME>:`
 *   `<prompt><command>`           (whatever `prompt` returns; usually `PS C:\Windows\system32> `)
 *   `[Failed]`                    (only when the status is not Success)
 *   <formatted output, or the error record text>
 */
import type { TextLine } from './text.js';

export interface CommandBlock {
  user: string;
  /** The computer name the header line gives: the host identity of everything in the block. */
  host: string;
  prompt: string;
  command: string;
  /** `Failed`, `Unavailable`, `NotRun`... when the block says the command did not succeed. */
  status?: string;
  /** Line of the `user @ HOST:` header. */
  line: number;
  body: TextLine[];
}

const HEADER = /^(.+?) @ ([^\s@:]+):\s*$/;
const STATUS = /^\[(\w+)\]\s*$/;
/** The default prompt (`PS C:\Windows\system32> `) and the PSReadLine-free variants of it. */
const PS_PROMPT = /^(PS [^>]*> ?)(.*)$/;
/** Where a command starts after a custom prompt: a cmdlet, `$(`, `&`, or a known executable. */
const COMMAND_START = /(?:[A-Z][a-z]+-[A-Za-z]+\b|\$\(|&"|&'|\b(?:ipconfig|netsh|arp|netstat|reg|pktmon|verifier|powercfg|systeminfo|date|nmbind|vfpctrl|nvspinfo|nmscrub)\b)/;

/** Split a prompt line into the prompt and the command; a prompt the tool does not know is kept whole. */
export function splitPrompt(text: string): { prompt: string; command: string } {
  const m = PS_PROMPT.exec(text);
  if (m) return { prompt: m[1], command: m[2] };
  const c = COMMAND_START.exec(text);
  if (c && c.index > 0) return { prompt: text.slice(0, c.index), command: text.slice(c.index) };
  return { prompt: '', command: text };
}

/**
 * Split a file into command blocks. Lines before the first header (a file written by something
 * other than ExecCommand) are returned as `preamble`.
 */
export function splitCommandBlocks(lines: TextLine[]): { blocks: CommandBlock[]; preamble: TextLine[] } {
  const blocks: CommandBlock[] = [];
  const preamble: TextLine[] = [];
  let cur: CommandBlock | undefined;
  for (let i = 0; i < lines.length; i++) {
    const h = HEADER.exec(lines[i].text);
    if (h && i + 1 < lines.length && lines[i + 1].text.trim() !== '') {
      const { prompt, command } = splitPrompt(lines[i + 1].text);
      cur = { user: h[1], host: h[2], prompt, command: command.trim(), line: lines[i].line, body: [] };
      blocks.push(cur);
      i++;
      const s = i + 1 < lines.length ? STATUS.exec(lines[i + 1].text) : null;
      if (s) {
        cur.status = s[1];
        i++;
      }
      continue;
    }
    if (cur) cur.body.push(lines[i]);
    else preamble.push(lines[i]);
  }
  return { blocks, preamble };
}

/** Which view a command asked for. */
export type ViewKind = 'list-all' | 'list' | 'table-all' | 'table' | 'default';

/** The view a command's last pipeline stage asks for (`| Format-List -Property *`, `| ft`, ...). */
export function viewOf(command: string): ViewKind {
  const stages = command.split('|');
  const last = stages[stages.length - 1].trim();
  const m = /^(Format-List|fl|Format-Table|ft)\b(.*)$/i.exec(last);
  if (!m) return 'default';
  const list = /^(Format-List|fl)$/i.test(m[1]);
  const all = /(^|\s)(-Property\s+)?\*(\s|$)/i.test(m[2]);
  return list ? (all ? 'list-all' : 'list') : all ? 'table-all' : 'table';
}

/** The cmdlet a command runs: `Get-NetAdapterVmq`, or the one inside `$(Get-VM -Id ...)`. */
export function cmdletOf(command: string): string | undefined {
  const first = command.split('|')[0].trim();
  const m = /^(?:\$\()?([A-Za-z]+-[A-Za-z0-9]+)\b/.exec(first);
  if (m) return m[1];
  // `Get-CimInstance "Win32_Processor" | ...`: the class decides.
  return undefined;
}
