/**
 * Files, objects, properties, keywords and values read but not understood, and values the export
 * format lost, so users see what was not checked (house style 1: never silently dropped).
 */
import type { Host, LossyItem, UnknownItem } from '../src/model/host.js';
import type { Rule, RuleReport } from '../src/engine/types.js';
import { hostTarget } from '../src/engine/targets.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { locate } from './lib/locations.js';
import { ordinal } from './lib/topology.js';

/** How many names a message lists before "and N more"; evidence keeps them all. */
const LISTED = 8;

function example(withUnknown: boolean): Record<string, string> {
  const files = new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .files();
  if (withUnknown) files['notes.txt'] = 'Exported from HV01 before the driver update.\r\n';
  return files;
}

function names(items: { name: string; count: number }[]): string {
  const shown = items.slice(0, LISTED).map((i) => (i.count > 1 ? `${i.name} (x${i.count})` : i.name));
  return items.length > LISTED ? `${shown.join(', ')} and ${items.length - LISTED} more` : shown.join(', ');
}

function unknownFindings(host: Host): RuleReport[] {
  const groups = new Map<string, UnknownItem[]>();
  for (const u of host.unknown) {
    const key = `${u.kind}\u0000${u.context ?? ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(u);
  }
  const out: RuleReport[] = [];
  for (const key of [...groups.keys()].sort(ordinal)) {
    const items = [...groups.get(key)!].sort((a, b) => ordinal(a.name, b.name));
    const { kind, context } = items[0];
    const count = items.reduce((s, i) => s + i.count, 0);
    const plural = items.length === 1 ? kind : kind === 'property' ? 'properties' : `${kind}s`;
    out.push({
      target: hostTarget(host),
      property: context ? `${kind}:${context}` : kind,
      message: `${host.name}: ${items.length} ${plural}${context ? ` (${context})` : ''} read but not understood, so not checked: ${names(items)}`,
      evidence: { kind, context: context ?? null, items: items.map((i) => ({ name: i.name, count: i.count, file: i.at.file, line: i.at.line })), occurrences: count },
      remediation:
        'Nothing was checked for these. If they matter (a keyword or property vmqlint should know, a file in a format it should read), report them with the export; otherwise no action is needed.',
      fix: [],
      locations: locate(host, items.map((i) => i.at)),
    });
  }
  return out;
}

function lossyFindings(host: Host): RuleReport[] {
  if (host.lossy.length === 0) return [];
  const items: LossyItem[] = [...host.lossy].sort((a, b) => ordinal(a.what, b.what) || ordinal(a.reason, b.reason));
  // The same property lost the same way on several adapters is listed once, with a count.
  const listed = new Map<string, number>();
  for (const i of items) listed.set(`${i.what} (${i.reason})`, (listed.get(`${i.what} (${i.reason})`) ?? 0) + 1);
  return [
    {
      target: hostTarget(host),
      property: 'lossy',
      message: `${host.name}: ${items.length} value${items.length === 1 ? '' : 's'} lost by the export format, so not checked: ${names([...listed].map(([name, count]) => ({ name, count })))}`,
      evidence: { items: items.map((i) => ({ what: i.what, reason: i.reason, file: i.at.file, line: i.at.line })) },
      remediation: 'Re-export with a format that keeps nested values: ConvertTo-Json -Depth 4 (or more), or Export-Clixml.',
      fix: [],
      locations: locate(host, items.map((i) => i.at)),
    },
  ];
}

export const rule: Rule = {
  meta: {
    id: 'input-not-understood',
    title: 'Input read but not understood',
    category: 'coverage',
    defaultSeverity: 'info',
    docs: {
      what:
        'Lists, per host, the files, objects, properties, keywords and values that were read but not understood (grouped by kind and context), and the values the export format lost (JSON depth truncation, arrays flattened by Export-Csv).',
      why:
        'A linter that quietly skips what it cannot read gives a clean report for the wrong reason. These findings show exactly which inputs no rule looked at, so a clean result can be trusted or the export fixed.',
      severity:
        'Info: it describes the export, not the host; re-exporting is advice, and it never fails a gate at the default threshold.',
      example: { description: 'A snapshot folder with a notes.txt beside the exports.', files: example(true) },
      fixed: { description: 'The same snapshot with only recognised exports.', files: example(false) },
      fix: 'Re-export with ConvertTo-Json -Depth 4, or leave out files that are not exports.',
      references: ['Exported objects: depth truncation, names versus numbers [R1][W1]', 'ConvertTo-Json -Depth (values deeper than the depth are written as text): https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json'],
    },
  },
  check({ host }) {
    return [...unknownFindings(host), ...lossyFindings(host)];
  },
};
