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
import { quotePs } from '../engine/targets.js';
import type { Finding, FixCommand, LintResult } from '../engine/types.js';
import { plural, targetLabel } from './common.js';

const PHASES: Record<number, string> = {
  10: 'host registry and VMSMP parameters',
  20: 'processor sets',
  30: 'advanced properties',
  40: 'teams',
  50: 'switches',
  60: 'vNICs',
};

interface Step {
  fix: FixCommand;
  findings: Finding[];
  /** Position of the finding that first asked for it, and of the command in that finding's fix. */
  order: [number, number];
  /** Parameters each finding asked for, when the command merges (FixCommand.merge). */
  claims?: Claim[];
}

/** One finding's parameters for a merged command, and how many parameters of the subject it sets. */
interface Claim {
  finding: number;
  weight: number;
  parameters: [string, string][];
}

/**
 * A merged command's parameters: every parameter any finding asked for; where findings disagree,
 * the finding that sets more of the subject wins (then the earlier one), so a whole new set is
 * not undone by a one-value change. The winner's parameters come first, in its order.
 */
function mergedCommand(head: string, claims: readonly Claim[]): string {
  const ranked = [...claims].sort((a, b) => b.weight - a.weight || a.finding - b.finding);
  const values = new Map<string, string>();
  for (const c of ranked) for (const [name, value] of c.parameters) if (!values.has(name)) values.set(name, value);
  return [head, ...[...values].map(([name, value]) => `${name} ${value}`)].join(' ');
}

/** A comment line: PowerShell comments end at a line break, so breaks become spaces. */
function comment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`.trimEnd();
}

function phaseName(phase: number): string {
  return PHASES[phase] ?? `phase ${phase}`;
}

/**
 * Steps of one host, in safe order: commands de-duplicated (two findings may need the same
 * change), and commands that set parameters of one object merged into one, so no finding's fix
 * undoes another's (FixCommand.merge).
 */
function steps(findings: readonly Finding[]): Step[] {
  const byCommand = new Map<string, Step>();
  findings.forEach((f, i) => {
    const weight = new Map<string, number>();
    for (const fix of f.fix ?? []) {
      if (!fix.merge) continue;
      const k = `${fix.phase}\0${fix.merge.subject}`;
      weight.set(k, (weight.get(k) ?? 0) + fix.merge.parameters.length);
    }
    (f.fix ?? []).forEach((fix, j) => {
      const key = fix.merge ? `${fix.phase}\0merge\0${fix.merge.head}` : `${fix.phase}\0${fix.command}`;
      const claim = fix.merge ? { finding: i, weight: weight.get(`${fix.phase}\0${fix.merge.subject}`) ?? 0, parameters: fix.merge.parameters } : undefined;
      const step = byCommand.get(key);
      if (step) {
        if (!step.findings.includes(f)) step.findings.push(f);
        if (claim) step.claims?.push(claim);
      } else {
        byCommand.set(key, { fix, findings: [f], order: [i, j], ...(claim ? { claims: [claim] } : {}) });
      }
    });
  });
  for (const step of byCommand.values()) {
    if (step.claims && step.claims.length > 1 && step.fix.merge) step.fix = { ...step.fix, command: mergedCommand(step.fix.merge.head, step.claims) };
  }
  // Phase first (the safe order); within a phase, findings in result order and each finding's
  // commands in the order the rule gave them (remove a switch before re-creating it).
  return [...byCommand.values()].sort((a, b) => a.fix.phase - b.fix.phase || a.order[0] - b.order[0] || a.order[1] - b.order[1]);
}

/** A NIC whose VMQ processor-set tuning is left out, the findings that asked for it, and who turns VMQ off. */
interface Dropped {
  adapter: string;
  tuning: Finding[];
  off: Finding[];
}

/**
 * Leave out the VMQ processor-set commands of a NIC whose VMQ another command turns off: tuning a
 * set and then disabling VMQ is an adapter restart for nothing, and reads as a contradiction.
 */
function withoutTuningOfDisabledVmq(list: Step[]): { kept: Step[]; dropped: Dropped[] } {
  const off = new Map<string, Finding[]>();
  for (const s of list) if (s.fix.vmq?.change === 'off') off.set(s.fix.vmq.adapter, [...(off.get(s.fix.vmq.adapter) ?? []), ...s.findings]);
  const dropped = new Map<string, Dropped>();
  const kept = list.filter((s) => {
    const nic = s.fix.vmq?.change === 'processors' ? s.fix.vmq.adapter : undefined;
    if (nic === undefined || !off.has(nic)) return true;
    const d = dropped.get(nic) ?? { adapter: nic, tuning: [], off: off.get(nic) ?? [] };
    for (const f of s.findings) if (!d.tuning.includes(f)) d.tuning.push(f);
    dropped.set(nic, d);
    return false;
  });
  return { kept, dropped: [...dropped.values()].sort((a, b) => ordinal(a.adapter, b.adapter)) };
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
  for (const host of hosts) {
    const { kept: list, dropped } = withoutTuningOfDisabledVmq(steps(withFix.filter((f) => f.host === host)));
    const disruptions = [...new Set(list.map((s) => s.fix.disruption).filter((d) => d !== 'none'))].sort(ordinal);
    const shortName = host.split('.')[0];
    out.push(comment(`==== Host ${host}: ${plural(list.length, 'command')} ====`));
    if (disruptions.length > 0) out.push(comment(`Disruption on this host: ${disruptions.join('; ')}. Drain or live-migrate VMs first.`));
    for (const w of [...new Set(list.flatMap((s) => (s.fix.warning !== undefined ? [s.fix.warning] : [])))]) out.push(comment(`WARNING: ${w}`));
    out.push(`if ($env:COMPUTERNAME -ieq ${quotePs(shortName)}) {`);
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
      out.push(...(cmd.length === 1 ? [`    ${cmd[0]}`] : cmd));
    }
    out.push('}', '');
  }
  return `\uFEFF${out.join('\r\n').replace(/(\r\n)+$/, '')}\r\n`;
}
