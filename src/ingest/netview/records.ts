/**
 * One Get-NetView text file to format-neutral records: split it into command blocks, keep the
 * blocks of cmdlets vmqlint reads, take each one's best view (`fl *` first: it shows every
 * property untruncated) and turn its objects into ObjectRecords the shared mappers read.
 */
import type { LossyItem, UnknownItem } from '../../model/host.js';
import type { ObjectRecord, PsField, PsLossy, PsValue } from '../../model/records.js';
import { splitCommandBlocks, viewOf, type CommandBlock, type ViewKind } from './blocks.js';
import { cmdletInfo, type CmdletInfo } from './cmdlets.js';
import { parseFormatList, type ListObject } from './format-list.js';
import { parseFormatTables } from './format-table.js';
import type { TextLine } from './text.js';
import { COLUMN_CUT, listValue } from './values.js';
import { keyedTable, ownEntry } from '../../model/keyed.js';
import { pushAll } from '../../model/bulk.js';

/** Records of one file, with the host its command blocks name. */
export interface FileRecords {
  objects: { record: ObjectRecord; info: CmdletInfo; view: 'list' | 'table' }[];
  hosts: string[];
  lossy: LossyItem[];
  unknown: UnknownItem[];
  /** `5.1` or `7` when the file tells (the `…` marker of 7, `...` of 5.1, a PSVersionTable). */
  psVersion?: string;
}

/** Get-NetView's `Out-File -Width 4096`: a line this long that continues was cut by the width. */
const OUT_FILE_WIDTH = { width: 4096 };

const RANK: Record<ViewKind, number> = { 'list-all': 0, list: 1, default: 2, 'table-all': 3, table: 4 };

/** Labels of the default Get-NetAdapterRss list view that carry what `fl *` cuts to four items. */
const RSS_DEFAULT_LABELS: Readonly<Record<string, string>> = {
  'rssprocessorarray: [group:number/numa distance]': 'RssProcessorArray',
  'indirectiontable: [group:number]': 'IndirectionTable',
};

function isList(block: CommandBlock): boolean {
  return block.body.some((l) => /^\S(?:.*?\S)? +:(?: |$)/.test(l.text)) && !block.body.some((l) => /^ *-+(?: +-+)+ *$/.test(l.text) || /^-{2,} *$/.test(l.text));
}

function setField(fields: Record<string, PsField>, field: PsField): void {
  const key = field.name.toLowerCase();
  if (key === '__proto__') Object.defineProperty(fields, key, { value: field, enumerable: true, writable: true, configurable: true });
  else fields[key] = field;
}

function classOf(fields: Record<string, PsField>, info: CmdletInfo): { className?: string; typeNames: string[] } {
  const cim = fields.cimclass?.value;
  if (typeof cim === 'string' && /:/.test(cim)) {
    const [ns, cls] = [cim.slice(0, cim.lastIndexOf(':')), cim.slice(cim.lastIndexOf(':') + 1)];
    return { className: cls, typeNames: [`Microsoft.Management.Infrastructure.CimInstance#${ns}/${cls}`] };
  }
  if (info.className) return { className: info.className, typeNames: [] };
  return { typeNames: info.typeName ? [info.typeName] : [] };
}

/** Processor entries of the RSS default view (`0:0/0  0:2/0`, or TAB-separated `0:0	0:2`). */
function processorList(text: string): PsValue {
  const items = text.split(/\s+/).filter((s) => s !== '');
  if (items.some((s) => s === '...' || s === '\u2026')) return { $lossy: 'cut by the Get-NetAdapterRss default view', text } satisfies PsLossy;
  return items;
}

function listRecords(objects: ListObject[], info: CmdletInfo, file: string): ObjectRecord[] {
  return objects.map((o) => {
    const fields = keyedTable<PsField>();
    for (const f of o.fields) {
      const alias = RSS_DEFAULT_LABELS[f.label.toLowerCase()];
      const name = alias ?? f.label;
      const value = alias ? processorList(f.value) : listValue(f.label, f.value);
      // Format-List repeats nothing; a repeated label keeps its first value.
      if (!Object.hasOwn(fields, name.toLowerCase())) setField(fields, { name, value, at: { file, line: f.line, col: f.col } });
    }
    return { ...classOf(fields, info), fields, at: { file, line: o.line } };
  });
}

function tableRecords(lines: TextLine[], info: CmdletInfo, file: string): ObjectRecord[] {
  const out: ObjectRecord[] = [];
  for (const t of parseFormatTables(lines).tables) {
    for (const row of t.rows) {
      const fields = keyedTable<PsField>();
      for (const [header, cell] of Object.entries(row.cells)) {
        const value: PsValue = cell.truncated ? ({ $lossy: COLUMN_CUT, text: cell.text } satisfies PsLossy) : listValue(header, cell.text);
        setField(fields, { name: header, value, at: { file, line: row.line, col: cell.col } });
      }
      out.push({ ...classOf(fields, info), fields, at: { file, line: row.line } });
    }
  }
  return out;
}

function keyOf(rec: ObjectRecord, info: CmdletInfo): string {
  return info.key.map((k) => {
    const v = rec.fields[k.toLowerCase()]?.value;
    return typeof v === 'string' ? v.toLowerCase() : '';
  }).join('|');
}

/** Lossy items for the lossy values of a record (each reported once, where it was read). */
function lossyOf(rec: ObjectRecord): LossyItem[] {
  const out: LossyItem[] = [];
  for (const f of Object.values(rec.fields)) {
    const v = f.value;
    if (v && typeof v === 'object' && !Array.isArray(v) && '$lossy' in v) out.push({ what: `${rec.className ?? rec.typeNames[0] ?? 'object'}.${f.name}`, reason: v.$lossy, at: f.at });
  }
  return out;
}

/** Read one decoded Get-NetView text file. */
export function fileRecords(lines: TextLine[], file: string): FileRecords {
  const { blocks } = splitCommandBlocks(lines);
  const res: FileRecords = { objects: [], hosts: [], lossy: [], unknown: [] };
  const byCmd = new Map<string, { info: CmdletInfo; blocks: CommandBlock[] }>();
  for (const b of blocks) {
    if (!res.hosts.includes(b.host)) res.hosts.push(b.host);
    if (/^Get-Variable\s+-Name\s+"?PSVersionTable/i.test(b.command)) {
      const v = b.body.map((l) => /^PSVersion\s+(\d+)\.(\d+)/.exec(l.text)).find((m) => m);
      if (v) {
        // Read for the PowerShell version of the run, which no other view states.
        res.psVersion = v[1] === '5' ? '5.1' : v[1];
        continue;
      }
    }
    const info = cmdletInfo(b.command);
    if (!info) {
      res.unknown.push({ kind: 'object', name: b.command, context: 'Get-NetView command whose output vmqlint does not read', count: 1, at: { file, line: b.line } });
      continue;
    }
    if (b.status !== undefined) {
      // `[Failed]` and friends: the command gave no objects, only its error text.
      res.unknown.push({ kind: 'object', name: b.command, context: `Get-NetView command status [${b.status}]`, count: 1, at: { file, line: b.line } });
      continue;
    }
    const k = info.className ?? info.typeName ?? '';
    if (!byCmd.has(k)) byCmd.set(k, { info, blocks: [] });
    byCmd.get(k)!.blocks.push(b);
  }
  for (const { info, blocks: bs } of byCmd.values()) {
    const ranked = [...bs].sort((a, b) => RANK[viewOf(a.command)] - RANK[viewOf(b.command)]);
    const best = ranked[0];
    const view = isList(best) ? 'list' : 'table';
    let recs = view === 'list' ? listRecords(parseFormatList(best.body, OUT_FILE_WIDTH).objects, info, file) : tableRecords(best.body, info, file);
    // Fill what the chosen view cut from another list view of the same objects (the RSS default
    // view lists every processor that `fl *` cuts to four).
    for (const other of ranked.slice(1)) {
      if (!isList(other)) continue;
      const extra = new Map(listRecords(parseFormatList(other.body, OUT_FILE_WIDTH).objects, info, file).map((r) => [keyOf(r, info), r]));
      recs = recs.map((r) => {
        const e = extra.get(keyOf(r, info));
        if (!e) return r;
        const fields = Object.assign(keyedTable<PsField>(), r.fields);
        for (const [k, f] of Object.entries(e.fields)) {
          const mine = ownEntry(fields, k)?.value;
          const lost = mine === undefined || (mine !== null && typeof mine === 'object' && !Array.isArray(mine) && '$lossy' in mine);
          const theirs = f.value;
          const better = theirs !== null && !(typeof theirs === 'object' && !Array.isArray(theirs) && '$lossy' in theirs);
          if (lost && better && mine !== undefined) setField(fields, { ...f, name: ownEntry(fields, k)!.name });
        }
        return { ...r, fields };
      });
    }
    for (const r of recs) {
      res.objects.push({ record: r, info, view });
      pushAll(res.lossy, lossyOf(r));
    }
  }
  if (res.psVersion === undefined) {
    const anyText = lines.some((l) => l.text.includes('\u2026'));
    if (anyText) res.psVersion = '7';
  }
  return res;
}

export { keyOf as recordKey };
