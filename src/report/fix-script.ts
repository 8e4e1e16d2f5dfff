/**
 * `lint --fix-script out.ps1`: one reviewable PowerShell script with the fixes rules proposed,
 * grouped per host, in a safe order (host registry, processor sets, advanced properties, teams,
 * switches, vNICs), each command annotated with what it disrupts. vmqlint never runs it.
 *
 * The script is written to be run by an admin, more than once: each host's section runs only on
 * that host (and says so, exit 3, when no section matches); each adapter change first checks that
 * the adapter of that name is the one linted (its InterfaceGuid); each change reads the current
 * value and skips what is already right (src/report/fix-checks.ts), so a second run changes
 * nothing; each change goes through $PSCmdlet.ShouldProcess, so -WhatIf and -Confirm reach it;
 * switch re-creation and team removal run only with -AllowDisruptive.
 *
 * The text is UTF-8 with a BOM and CRLF line ends: Windows PowerShell 5.1 reads a BOM-less script
 * in the ANSI code page and would garble any non-ASCII name.
 */

/**
 * What every command of the script is given. -WhatIf is not handed on: the command runs only
 * inside `if ($PSCmdlet.ShouldProcess(...))`, which is false under -WhatIf, so the module cmdlets
 * (CDXML functions that do not see the script's $WhatIfPreference, PowerShell issues #4568, #6556)
 * never run then. -Confirm:$false because ShouldProcess has just asked; -ErrorAction Stop because
 * module functions do not see the script's $ErrorActionPreference either.
 */
export const COMMON_PARAMETERS = '-ErrorAction Stop -Confirm:$false';
import { ordinal } from '../engine/catalog.js';
import { UsageError } from '../model/errors.js';
import { quotePs } from '../engine/targets.js';
import { buildHostPlan, type PlanStep } from '../engine/fix-plan.js';
import type { Finding, FixEffect, LintResult } from '../engine/types.js';
import { checkOf, mergeSwitchCreates, type StepCheck } from './fix-checks.js';
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
  // Each host's findings and domain counts once, not once per host of its group (a group can be
  // thousands of hosts whose names are cut to the same 15 NetBIOS characters).
  const findingsOf = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = findingsOf.get(f.host);
    if (!list) findingsOf.set(f.host, (list = []));
    list.push(f);
  }
  for (const [name, group] of byName) {
    const base = `$env:COMPUTERNAME -ieq ${quotePs(name)}`;
    if (group.length === 1) {
      out.set(group[0], base);
      continue;
    }
    const domainOf = (x: string) => (x.includes('.') ? x.slice(x.indexOf('.') + 1).toLowerCase() : undefined);
    const domains = new Map<string, number>();
    for (const x of group) {
      const d = domainOf(x);
      if (d !== undefined) domains.set(d, (domains.get(d) ?? 0) + 1);
    }
    const guids = new Map<string, number>();
    const guidOf = new Map(group.map((x) => [x, adapterGuidOf(findingsOf.get(x) ?? [])]));
    for (const g of guidOf.values()) if (g !== undefined) guids.set(g, (guids.get(g) ?? 0) + 1);
    for (const h of group) {
      const domain = domainOf(h);
      if (domain !== undefined && domains.get(domain) === 1) {
        out.set(h, `${base} -and (Get-CimInstance -ClassName Win32_ComputerSystem).Domain -ieq ${quotePs(h.slice(h.indexOf('.') + 1))}`);
        continue;
      }
      const guid = guidOf.get(h);
      if (guid !== undefined && guids.get(guid) === 1) {
        const braced = guid.startsWith('{') ? guid : `{${guid}}`;
        out.set(h, `${base} -and @(Get-NetAdapter -IncludeHidden -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceGuid -eq ${quotePs(braced.toUpperCase())} }).Count -gt 0`);
        continue;
      }
      const shown = group.slice(0, 10).map((x) => `'${x}'`);
      const more = group.length > 10 ? ` and ${group.length - 10} more` : '';
      throw new UsageError(
        `--fix-script: hosts ${shown.join(' and ')}${more} all report the computer name '${name}' and nothing in the export tells them apart (a DNS domain or an adapter InterfaceGuid); write a fix script per host`,
      );
    }
  }
  return out;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** The InterfaceGuid linted for each adapter name of a host (finding targets of kind 'adapter'). */
function adapterGuids(findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  const sorted = [...findings].sort((a, b) => ordinal(a.target.id, b.target.id));
  for (const f of sorted) {
    if (f.target.kind !== 'adapter' || !GUID.test(f.target.id) || out.has(f.target.name)) continue;
    const braced = f.target.id.startsWith('{') ? f.target.id : `{${f.target.id}}`;
    out.set(f.target.name, braced.toUpperCase());
  }
  return out;
}

/** The modules the script's commands come from, for `#Requires -Modules`. */
function modulesFor(commands: readonly string[]): string[] {
  const out = ['NetAdapter'];
  if (commands.some((c) => /^[A-Za-z]+-VM/.test(c))) out.push('Hyper-V');
  if (commands.some((c) => /^[A-Za-z]+-NetLbfo/.test(c))) out.push('NetLbfo');
  return out;
}

/** The helper functions every section uses: the adapter guard and the three outcomes of a step. */
const HELPERS = [
  'function Test-LintedAdapter {',
  '    # True when the adapter of this name is the one linted (same InterfaceGuid): a renamed or',
  '    # replaced NIC that took the name is never changed. Warns and returns false otherwise.',
  '    param([string] $Name, [string] $InterfaceGuid)',
  '    $nic = Get-NetAdapter -Name $Name -IncludeHidden -ErrorAction SilentlyContinue',
  '    if (-not $nic) {',
  '        Write-Warning "Skipped: no adapter named \'$Name\' on this host."',
  '        $script:skipped++',
  '        return $false',
  '    }',
  '    if ($InterfaceGuid -and $nic.InterfaceGuid -ne $InterfaceGuid) {',
  '        Write-Warning "Skipped: adapter \'$Name\' has InterfaceGuid $($nic.InterfaceGuid), not $InterfaceGuid as linted."',
  '        $script:skipped++',
  '        return $false',
  '    }',
  '    return $true',
  '}',
  '',
  'function Write-Unchanged {',
  '    param([string] $What)',
  '    Write-Host "Unchanged, already right: $What"',
  '    $script:unchanged++',
  '}',
  '',
  'function Write-Skipped {',
  '    param([string] $What)',
  '    Write-Warning "Skipped: $What"',
  '    $script:skipped++',
  '}',
];

/** One planned command as script lines (indented one level): guard, read, skip checks, ShouldProcess. */
function stepLines(s: PlanStep, check: StepCheck, guids: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const guard = check.adapters.map((a) => {
    const g = guids.get(a);
    return `(Test-LintedAdapter -Name ${quotePs(a)}${g !== undefined ? ` -InterfaceGuid ${quotePs(g)}` : ''})`;
  });
  if (s.fix.effect === undefined) out.push(comment('No current-state check: this command carries no model effect.'));
  const unknown = check.adapters.filter((a) => !guids.has(a));
  if (unknown.length > 0) out.push(comment(`No InterfaceGuid exported for ${unknown.map(quotePs).join(', ')}: checked by name only.`));
  const body: string[] = [...check.read];
  let opener = 'if';
  for (const k of check.skips) {
    body.push(`${opener} (${k.condition}) {`, `    ${k.why === 'done' ? 'Write-Unchanged' : 'Write-Skipped'} ${k.say}`);
    opener = '} elseif';
  }
  if (check.disruptive) {
    body.push(`${opener} (-not $AllowDisruptive) {`, `    Write-Skipped ${quotePs(`${unquote(check.target)}: ${unquote(check.action)}. Disruptive (${s.fix.disruption}): run with -AllowDisruptive to do it`)}`);
    opener = '} elseif';
  }
  body.push(`${opener} ($PSCmdlet.ShouldProcess(${check.target}, ${check.action})) {`);
  // A multi-line command may hold a here-string, whose closing quote must start its line; the
  // common parameters go after it, on that last line.
  const cmd = check.command.replace(/ -Confirm:\$false\b/g, '').split(/\r?\n/);
  cmd[cmd.length - 1] = `${cmd[cmd.length - 1]} ${COMMON_PARAMETERS}`;
  // Lines of a multi-line command stay as they are (a here-string's closing quote starts its line).
  const RAW = '\0';
  const command = cmd.length > 1 ? cmd.map((l) => RAW + l) : cmd;
  const lines =
    guard.length === 0
      ? [...body, ...command.map((l) => (l.startsWith(RAW) ? l : `    ${l}`)), '    $script:changed++', '}']
      : [`if (${guard.join(' -and ')}) {`, ...body.map((l) => `    ${l}`), ...command.map((l) => (l.startsWith(RAW) ? l : `        ${l}`)), '        $script:changed++', '    }', '}'];
  return [...out, ...lines].map((l) => (l.startsWith(RAW) ? l.slice(1) : `    ${l}`));
}

/** The text of a single-quoted PowerShell literal (a double-quoted one is kept as written). */
function unquote(literal: string): string {
  return literal.startsWith("'") ? literal.slice(1, -1).replace(/''/g, "'") : literal;
}

/** Lines as script text: CRLF after each line. */
function crlf(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/**
 * The fix script (BOM + CRLF included), from the unsuppressed findings that carry fixes, in
 * pieces: the header and helpers, one piece a host, the closing check. Everything that can refuse
 * the script (hosts that cannot be told apart) is decided before the first piece, so a refused
 * script writes nothing.
 */
export function* fixScriptChunks(result: LintResult): Generator<string> {
  const withFix = result.findings.filter((f) => f.suppressed === null && (f.fix?.length ?? 0) > 0);
  const skipped = result.findings.filter((f) => f.suppressed !== null && (f.fix?.length ?? 0) > 0).length;
  // Grouped once: filtering the whole list per host is quadratic, minutes at 10,000 hosts.
  const byHost = new Map<string, Finding[]>();
  for (const f of withFix) {
    const list = byHost.get(f.host);
    if (list) list.push(f);
    else byHost.set(f.host, [f]);
  }
  const hosts = [...byHost.keys()].sort(ordinal);
  const plans = new Map(hosts.map((h) => [h, buildHostPlan(byHost.get(h)!)]));
  const allCommands = [...plans.values()].flatMap((p) => p.steps.map((s) => s.fix.command));
  const out: string[] = [
    comment(`Fix script generated by ${result.tool.name} ${result.tool.version}: ${plural(withFix.length, 'finding')} on ${plural(hosts.length, 'host')}.`),
    comment(`${result.tool.name} never runs this script. Review every command, then run it on each host, first with -WhatIf:`),
    comment('  .\\this-script.ps1 -WhatIf'),
    comment('Each section runs only on the host it names (exit 3 when none does); commands run in a safe order'),
    comment('(registry, processors, advanced properties, teams, switches, vNICs) and each one says what it disrupts.'),
    comment('Each change checks the adapter is the one linted (InterfaceGuid) and reads the current value first:'),
    comment('what is already right is left alone, so running the script again changes nothing.'),
    comment('Each change asks for confirmation (ConfirmImpact High); -Confirm:$false runs them all unasked.'),
    comment('Switch re-creation and team removal cut traffic: they run only with -AllowDisruptive.'),
    comment(`Commands run only inside $PSCmdlet.ShouldProcess(), which is false under -WhatIf, so they need no -WhatIf;`),
    comment(`they get ${COMMON_PARAMETERS} themselves: NetAdapter cmdlets are module functions and do not`),
    comment("inherit this script's error preference, and ShouldProcess has already asked for confirmation."),
  ];
  if (skipped > 0) out.push(comment(`${plural(skipped, 'baselined or waived finding')} with fixes ${skipped === 1 ? 'is' : 'are'} left out.`));
  if (hosts.length > 0) out.push('#Requires -RunAsAdministrator', `#Requires -Modules ${modulesFor(allCommands).join(', ')}`);
  out.push(
    "[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]",
    'param(',
    '    # Also run the disruptive changes (vSwitch re-creation, team removal): every vNIC on the switch loses its link.',
    '    [switch] $AllowDisruptive',
    ')',
    "$ErrorActionPreference = 'Stop'",
    '',
  );

  if (hosts.length === 0) {
    out.push(comment('Nothing to fix.'));
    yield `\uFEFF${crlf(out)}`;
    return;
  }
  out.push(...HELPERS, '', '$matched = $false', '$changed = 0', '$unchanged = 0', '$skipped = 0', '');
  const guards = hostGuards(hosts, withFix);
  yield `\uFEFF${crlf(out)}`;
  for (const host of hosts) {
    out.length = 0;
    const { steps: list, dropped } = plans.get(host)!;
    const guids = adapterGuids(byHost.get(host)!);
    // One New-VMSwitch per switch, with what every finding asks of it.
    const createsBySwitch = new Map<string, Extract<FixEffect, { kind: 'switch-create' }>[]>();
    for (const s of list) if (s.fix.effect?.kind === 'switch-create') createsBySwitch.set(s.fix.effect.switch, [...(createsBySwitch.get(s.fix.effect.switch) ?? []), s.fix.effect]);
    const creates = new Map([...createsBySwitch].map(([id, es]) => [id, mergeSwitchCreates(es)]));
    const steps: PlanStep[] = [];
    for (const s of list) {
      const e = s.fix.effect;
      const first = e?.kind === 'switch-create' ? steps.find((x) => x.fix.effect?.kind === 'switch-create' && x.fix.effect.switch === e.switch) : undefined;
      if (first) first.findings = [...new Set([...first.findings, ...s.findings])];
      else steps.push({ ...s });
    }
    const disruptions = [...new Set(steps.map((s) => s.fix.disruption).filter((d) => d !== 'none'))].sort(ordinal);
    out.push(comment(`==== Host ${host}: ${plural(steps.length, 'command')} ====`));
    if (disruptions.length > 0) out.push(comment(`Disruption on this host: ${disruptions.join('; ')}. Drain or live-migrate VMs first.`));
    for (const w of [...new Set(steps.flatMap((s) => (s.fix.warning !== undefined ? [s.fix.warning] : [])))]) out.push(comment(`WARNING: ${w}`));
    out.push(`if (${guards.get(host)}) {`, '    $matched = $true');
    for (const d of dropped) {
      const ids = (fs: Finding[]) => [...new Set(fs.map((f) => f.ruleId))].sort(ordinal).join(', ');
      out.push(`    ${comment(`No VMQ processor-set change for ${quotePs(d.adapter)} (${ids(d.tuning)}): ${ids(d.off)} turns VMQ off on it below.`)}`);
    }
    let phase = -1;
    let lastReasons = '';
    const planFixes = steps.map((s) => s.fix);
    for (const s of steps) {
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
      out.push(...stepLines(s, checkOf(s.fix, planFixes, creates), guids));
    }
    out.push('}', '');
    yield crlf(out);
  }
  yield 'if (-not $matched) {\r\n    Write-Warning ("No section of this script is for this computer ({0}); it has sections for {1}. Nothing was changed." -f $env:COMPUTERNAME, ';
  yield* quotedList(hosts);
  out.length = 0;
  out.push(
    ')',
    '    exit 3',
    '}',
    'if ($changed -eq 0) {',
    "    Write-Host ('Nothing changed: {0} already right, {1} skipped.' -f $unchanged, $skipped)",
    '} else {',
    "    Write-Host ('{0} changed, {1} already right, {2} skipped.' -f $changed, $unchanged, $skipped)",
    '}',
  );
  yield crlf(out);
}

/**
 * `quotePs(names.join(', '))` a name a piece: the script's closing line lists every host of the
 * fleet. A name with a control character makes quotePs switch the whole literal to double quotes,
 * so then the literal is one piece, as quotePs writes it.
 */
function* quotedList(names: readonly string[]): Generator<string> {
  if (names.some((n) => quotePs(n).startsWith('"'))) {
    yield quotePs(names.join(', '));
    return;
  }
  // Single-quoted, each character is escaped on its own, so the names can be quoted one by one.
  for (let i = 0; i < names.length; i++) yield `${i === 0 ? "'" : ', '}${quotePs(names[i]).slice(1, -1)}${i === names.length - 1 ? "'" : ''}`;
}

/** The fix script text (fixScriptChunks, joined). */
export function formatFixScript(result: LintResult): string {
  return [...fixScriptChunks(result)].join('');
}
