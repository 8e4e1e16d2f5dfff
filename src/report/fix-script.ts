/**
 * `lint --fix-script out.ps1`: one reviewable PowerShell script with the fixes rules proposed,
 * grouped per host, in a safe order (host registry, processor sets, advanced properties, teams,
 * switches, vNICs), each command annotated with what it disrupts. vmqlint never runs it.
 *
 * The text is UTF-8 with a BOM and CRLF line ends: Windows PowerShell 5.1 reads a BOM-less script
 * in the ANSI code page and would garble any non-ASCII name. The script declares
 * SupportsShouldProcess and hands `-WhatIf:$WhatIfPreference -ErrorAction Stop` to every command
 * explicitly: the NetAdapter and NetLbfo cmdlets are CDXML functions in modules, and a module
 * function does not see the calling script's $WhatIfPreference or $ErrorActionPreference
 * (PowerShell issues #4568, #6556), so `.\out.ps1 -WhatIf` would otherwise change the adapters.
 * Each host's section runs only on that host.
 */

/** What every command of the script is given, so -WhatIf and stop-on-error reach module cmdlets too. */
export const COMMON_PARAMETERS = '-ErrorAction Stop -WhatIf:$WhatIfPreference';
import { ordinal } from '../engine/catalog.js';
import { UsageError } from '../model/errors.js';
import { quotePs } from '../engine/targets.js';
import { buildHostPlan } from '../engine/fix-plan.js';
import type { Finding, LintResult } from '../engine/types.js';
import { plural, targetLabel } from './common.js';

const PHASES: Record<number, string> = {
  10: 'host registry and VMSMP parameters',
  20: 'processor sets',
  30: 'advanced properties',
  40: 'teams',
  50: 'switches',
  60: 'vNICs',
};

/** A comment line: PowerShell comments end at a line break, so breaks become spaces. */
function comment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`.trimEnd();
}

function phaseName(phase: number): string {
  return PHASES[phase] ?? `phase ${phase}`;
}

/** The name `$env:COMPUTERNAME` reports for a host: its NetBIOS name (first label, at most 15 characters, upper case). */
export function netbiosName(host: string): string {
  return host.split('.')[0].slice(0, 15).toUpperCase();
}

/** An adapter id that is an InterfaceGuid, from the host's findings (the adapter ids the model gives). */
function adapterGuidOf(findings: readonly Finding[]): string | undefined {
  const ids = findings.filter((f) => f.target.kind === 'adapter').map((f) => f.target.id);
  return ids.sort(ordinal).find((id) => /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(id));
}

/**
 * The condition that runs a host's section only on that host: `$env:COMPUTERNAME` against its
 * NetBIOS name. Where two hosts of the script share that name (`HVX.a.local`, `HVX.b.local`), each
 * section adds a check that tells them apart: the DNS domain Win32_ComputerSystem reports, or an
 * adapter only that host has (its InterfaceGuid). When nothing does, the script is refused: one
 * script would otherwise apply both hosts' changes to either.
 */
function hostGuards(hosts: readonly string[], findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const h of hosts) byName.set(netbiosName(h), [...(byName.get(netbiosName(h)) ?? []), h]);
  for (const [name, group] of byName) {
    const base = `$env:COMPUTERNAME -ieq ${quotePs(name)}`;
    if (group.length === 1) {
      out.set(group[0], base);
      continue;
    }
    for (const h of group) {
      const domain = h.includes('.') ? h.slice(h.indexOf('.') + 1) : undefined;
      const domainUnique = domain !== undefined && group.filter((x) => x.includes('.') && x.slice(x.indexOf('.') + 1).toLowerCase() === domain.toLowerCase()).length === 1;
      if (domainUnique) {
        out.set(h, `${base} -and (Get-CimInstance -ClassName Win32_ComputerSystem).Domain -ieq ${quotePs(domain!)}`);
        continue;
      }
      const guid = adapterGuidOf(findings.filter((f) => f.host === h));
      const others = group.filter((x) => x !== h).map((x) => adapterGuidOf(findings.filter((f) => f.host === x)));
      if (guid !== undefined && !others.includes(guid)) {
        const braced = guid.startsWith('{') ? guid : `{${guid}}`;
        out.set(h, `${base} -and @(Get-NetAdapter -IncludeHidden -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceGuid -eq ${quotePs(braced.toUpperCase())} }).Count -gt 0`);
        continue;
      }
      throw new UsageError(
        `--fix-script: hosts ${group.map((x) => `'${x}'`).join(' and ')} all report the computer name '${name}' and nothing in the export tells them apart (a DNS domain or an adapter InterfaceGuid); write a fix script per host`,
      );
    }
  }
  return out;
}

/** The fix script text (BOM + CRLF included), from the unsuppressed findings that carry fixes. */
export function formatFixScript(result: LintResult): string {
  const withFix = result.findings.filter((f) => f.suppressed === null && (f.fix?.length ?? 0) > 0);
  const skipped = result.findings.filter((f) => f.suppressed !== null && (f.fix?.length ?? 0) > 0).length;
  const hosts = [...new Set(withFix.map((f) => f.host))].sort(ordinal);
  const out: string[] = [
    comment(`Fix script generated by ${result.tool.name} ${result.tool.version}: ${plural(withFix.length, 'finding')} on ${plural(hosts.length, 'host')}.`),
    comment(`${result.tool.name} never runs this script. Review every command, then run it on each host, first with -WhatIf:`),
    comment('  .\\this-script.ps1 -WhatIf'),
    comment('Each section runs only on the host it names; commands run in a safe order (registry, processors,'),
    comment('advanced properties, teams, switches, vNICs) and each one says what it disrupts.'),
    comment(`Each command gets ${COMMON_PARAMETERS} itself: NetAdapter cmdlets are`),
    comment("module functions and do not inherit this script's -WhatIf or error preference."),
  ];
  if (skipped > 0) out.push(comment(`${plural(skipped, 'baselined or waived finding')} with fixes ${skipped === 1 ? 'is' : 'are'} left out.`));
  out.push('[CmdletBinding(SupportsShouldProcess = $true)]', 'param()', "$ErrorActionPreference = 'Stop'", '');

  if (hosts.length === 0) out.push(comment('Nothing to fix.'));
  const guards = hostGuards(hosts, withFix);
  for (const host of hosts) {
    const { steps: list, dropped } = buildHostPlan(withFix.filter((f) => f.host === host));
    const disruptions = [...new Set(list.map((s) => s.fix.disruption).filter((d) => d !== 'none'))].sort(ordinal);
    out.push(comment(`==== Host ${host}: ${plural(list.length, 'command')} ====`));
    if (disruptions.length > 0) out.push(comment(`Disruption on this host: ${disruptions.join('; ')}. Drain or live-migrate VMs first.`));
    for (const w of [...new Set(list.flatMap((s) => (s.fix.warning !== undefined ? [s.fix.warning] : [])))]) out.push(comment(`WARNING: ${w}`));
    out.push(`if (${guards.get(host)}) {`);
    for (const d of dropped) {
      const ids = (fs: Finding[]) => [...new Set(fs.map((f) => f.ruleId))].sort(ordinal).join(', ');
      out.push(`    ${comment(`No VMQ processor-set change for ${quotePs(d.adapter)} (${ids(d.tuning)}): ${ids(d.off)} turns VMQ off on it below.`)}`);
    }
    let phase = -1;
    let lastReasons = '';
    for (const s of list) {
      if (s.fix.phase !== phase) {
        phase = s.fix.phase;
        lastReasons = '';
        out.push(`    ${comment(`-- ${phaseName(phase)} --`)}`);
      }
      // A finding's consecutive commands share one explanation.
      const reasons = [...new Set(s.findings.map((f) => `${f.ruleId} ${targetLabel(f.target)}: ${f.message}`))];
      if (reasons.join('\n') !== lastReasons) for (const r of reasons) out.push(`    ${comment(r)}`);
      lastReasons = reasons.join('\n');
      if (s.fix.warning !== undefined) out.push(`    ${comment(`WARNING: ${s.fix.warning}`)}`);
      out.push(`    ${comment(`Disruption: ${s.fix.disruption}`)}`);
      // A multi-line command may hold a here-string, whose closing quote must start its line; the
      // common parameters go after it, on that last line.
      const cmd = s.fix.command.split(/\r?\n/);
      cmd[cmd.length - 1] = `${cmd[cmd.length - 1]} ${COMMON_PARAMETERS}`;
      for (const item of (cmd.length === 1 ? [`    ${cmd[0]}`] : cmd)) out.push(item);
    }
    out.push('}', '');
  }
  return `\uFEFF${out.join('\r\n').replace(/(\r\n)+$/, '')}\r\n`;
}
