import { describe, expect, it } from 'vitest';
import type { FixCommand } from '../../src/engine/types.js';
import { retypeAdvancedProperty } from '../../src/engine/advanced-fix.js';
import { redactResult } from '../../src/engine/redact.js';
import { COMMON_PARAMETERS, formatFixScript } from '../../src/report/fix-script.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { cell, formatMarkdown } from '../../src/report/markdown.js';
import { formatStylish } from '../../src/report/stylish.js';
import { LINT_FORMATTERS, LINT_FORMAT_NAMES } from '../../src/report/lint-formats.js';
import { ctx, sampleResult } from './fixture.js';
import { expectGolden } from './golden.js';

describe('lint formatters (golden files)', () => {
  const result = sampleResult();
  it('stylish', () => expectGolden('stylish.txt', formatStylish(result, ctx)));
  it('json', () => expectGolden('lint.json', formatJson(result)));
  it('junit', () => expectGolden('junit.xml', formatJunit(result, ctx)));
  it('github', () => expectGolden('github.txt', formatGithub(result)));
  it('markdown', () => expectGolden('markdown.md', formatMarkdown(result, ctx)));
  it('fix script (compared with LF line ends; bytes checked below)', () => {
    expectGolden('fix.ps1.txt', formatFixScript(result).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
  });
  it('redacted stylish', () => expectGolden('stylish-redacted.txt', formatStylish(redactResult(result), ctx)));

  it('every format is registered and deterministic', () => {
    expect(Object.keys(LINT_FORMATTERS).sort()).toEqual([...LINT_FORMAT_NAMES].sort());
    for (const name of LINT_FORMAT_NAMES) expect(LINT_FORMATTERS[name](sampleResult(), ctx)).toBe(LINT_FORMATTERS[name](result, ctx));
  });
});

describe('stylish', () => {
  it('colours only when asked', () => {
    const plain = formatStylish(sampleResult(), ctx);
    const coloured = formatStylish(sampleResult(), { ...ctx, color: true });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(coloured).toMatch(/\u001b\[31merror/);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });
  it('says so when there is nothing to report', () => {
    const r = sampleResult();
    const clean = { ...r, hosts: r.hosts.filter((h) => h.status === 'ok'), findings: [], notApplicable: [], summary: { error: 0, warning: 0, info: 0, baselined: 0, waived: 0, notApplicable: 0 }, housekeeping: undefined };
    expect(formatStylish(clean, ctx)).toBe('✔ 0 problems (0 errors, 0 warnings, 0 info); 0 baselined, 0 waived, 0 not applicable; 3 hosts\n');
  });
});

describe('housekeeping in reports', () => {
  it('lists the expired and the unused waiver and the stale baseline entry in every report but JUnit, as the README says', () => {
    const result = sampleResult();
    for (const name of LINT_FORMAT_NAMES.filter((n) => n !== 'junit')) {
      const text = LINT_FORMATTERS[name](result, ctx);
      expect(text, name).toContain('old exception');
      expect(text, name).toContain('retired hosts');
      expect(text, name).toContain('VMQ is disabled on NIC9');
    }
  });
});

describe('fix script bytes', () => {
  const text = formatFixScript(sampleResult());
  it('starts with a BOM and uses CRLF only', () => {
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.endsWith('}\r\n')).toBe(true);
  });
  it("quotes names with '' escaping and guards each host section", () => {
    expect(text).toContain("Enable-NetAdapterVmq -Name 'Slot 4 ''Port'' 1'");
    expect(text).toContain("if ($env:COMPUTERNAME -ieq 'HV02') {");
    expect(text).toContain("[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]");
  });
  it('leaves out suppressed findings and orders commands by phase', () => {
    expect(text).not.toContain("-Name 'NIC1'\r\n}\r\n\r\n# ==== Host HV01");
    expect(text).toMatch(/2 baselined or waived findings with fixes are left out/);
  });
  it("keeps a finding's commands in the rule's order within a phase, and explains them once", () => {
    const r = sampleResult();
    const f = r.findings.find((x) => x.suppressed === null && x.fix)!;
    f.fix = [
      { command: "Remove-VMSwitch -Name 'vSwitch' -Force", disruption: 'vSwitch re-creation', phase: 50 },
      { command: "Remove-NetLbfoTeam -Name 'Team1' -Confirm:$false", disruption: 'vSwitch re-creation', phase: 50 },
      { command: "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'A','B' -EnableEmbeddedTeaming $true", disruption: 'vSwitch re-creation', phase: 50 },
      { command: "Set-NetAdapterRss -Name 'A' -BaseProcessorNumber 2", disruption: 'adapter restart', phase: 20 },
    ];
    const lines = formatFixScript(r).split('\r\n').map((l) => l.trim());
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at('Set-NetAdapterRss')).toBeLessThan(at('Remove-VMSwitch'));
    expect(at('Remove-VMSwitch')).toBeLessThan(at('Remove-NetLbfoTeam'));
    expect(at('Remove-NetLbfoTeam')).toBeLessThan(at('New-VMSwitch'));
    expect(lines.filter((l) => l.startsWith(`# ${f.ruleId} `))).toHaveLength(2);
  });
  const FIELD: Record<string, string> = { '-BaseProcessorNumber': 'baseNumber', '-MaxProcessorNumber': 'maxNumber', '-MaxProcessors': 'maxProcessors' };
  it("merges two findings' changes to one NIC's processor set into one command; the fuller plan wins a conflict", () => {
    const r = sampleResult();
    const [a, b, c] = r.findings;
    const vmq = (findingParams: [string, string][]): FixCommand => ({
      command: ["Set-NetAdapterVmq -Name 'NIC1'", ...findingParams.map(([n, v]) => `${n} ${v}`)].join(' '),
      disruption: 'adapter restart',
      phase: 20,
      merge: { head: "Set-NetAdapterVmq -Name 'NIC1'", parameters: findingParams, subject: "VMQ processor set of 'NIC1'" },
      effect: { kind: 'processors', adapter: 'NIC1', via: 'vmq', values: Object.fromEntries(findingParams.map(([n, v]) => [FIELD[n], Number(v)])) },
    });
    for (const f of [a, b, c]) {
      f.host = 'HV05';
      f.suppressed = null;
    }
    // A one-value nudge (base 2), a whole disjoint plan (base 12), and a cap on the processor count.
    a.fix = [vmq([['-BaseProcessorNumber', '2']])];
    b.fix = [vmq([['-BaseProcessorNumber', '12'], ['-MaxProcessorNumber', '20'], ['-MaxProcessors', '5']])];
    c.fix = [vmq([['-MaxProcessors', '4']])];
    const commands = formatFixScript({ ...r, findings: [a, b, c] })
      .split('\r\n')
      .map((l) => l.trim().replace(` ${COMMON_PARAMETERS}`, ''))
      .filter((l) => l.startsWith('Set-NetAdapterVmq'));
    expect(commands).toEqual(["Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 12 -MaxProcessorNumber 20 -MaxProcessors 5"]);
    b.fix = [];
    const nudges = formatFixScript({ ...r, findings: [a, c] })
      .split('\r\n')
      .map((l) => l.trim().replace(` ${COMMON_PARAMETERS}`, ''));
    expect(nudges.filter((l) => l.startsWith('Set-NetAdapterVmq'))).toEqual(["Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessors 4"]);
    // Both findings are named above the one command.
    expect(nudges.filter((l) => l.startsWith(`# ${a.ruleId} `) || l.startsWith(`# ${c.ruleId} `))).toHaveLength(2);
  });
  it("leaves out a NIC's VMQ processor-set change when another fix turns its VMQ off, and says so", () => {
    const r = sampleResult();
    const [a, b, c] = r.findings;
    for (const f of [a, b, c]) {
      f.host = 'HV05';
      f.suppressed = null;
    }
    const head = "Set-NetAdapterVmq -Name 'NIC3'";
    const base = (adapter: string, via: 'vmq' | 'rss', n: number) => ({ kind: 'processors' as const, adapter, via, values: { baseNumber: n } });
    a.fix = [
      {
        command: `${head} -BaseProcessorNumber 2`,
        disruption: 'adapter restart',
        phase: 20,
        merge: { head, parameters: [['-BaseProcessorNumber', '2']], subject: "VMQ processor set of 'NIC3'" },
        vmq: { adapter: 'NIC3', change: 'processors' },
        effect: base('NIC3', 'vmq', 2),
      },
    ];
    b.fix = [
      { command: "Set-NetAdapterVmq -Name 'NIC4' -BaseProcessorNumber 2", disruption: 'adapter restart', phase: 20, vmq: { adapter: 'NIC4', change: 'processors' }, effect: base('NIC4', 'vmq', 2) },
      { command: "Set-NetAdapterRss -Name 'NIC3' -BaseProcessorNumber 4", disruption: 'adapter restart', phase: 20, effect: base('NIC3', 'rss', 4) },
    ];
    c.fix = [
      {
        command: "Disable-NetAdapterVmq -Name 'NIC3'",
        disruption: 'adapter restart',
        phase: 30,
        vmq: { adapter: 'NIC3', change: 'off' },
        effect: { kind: 'offload', adapter: 'NIC3', feature: 'vmq', enabled: false },
      },
    ];
    const lines = formatFixScript({ ...r, findings: [a, b, c] })
      .split('\r\n')
      .map((l) => l.trim().replace(` ${COMMON_PARAMETERS}`, ''));
    expect(lines.filter((l) => /^(Set|Disable)-NetAdapter/.test(l))).toEqual([
      "Set-NetAdapterVmq -Name 'NIC4' -BaseProcessorNumber 2",
      "Set-NetAdapterRss -Name 'NIC3' -BaseProcessorNumber 4",
      "Disable-NetAdapterVmq -Name 'NIC3'",
    ]);
    expect(lines).toContain(`# No VMQ processor-set change for 'NIC3' (${a.ruleId}): ${c.ruleId} turns VMQ off on it below.`);
    expect(lines).toContain('# ==== Host HV05: 3 commands ====');
  });
  it("prints a command's warning above it and at the top of the host's section", () => {
    const r = sampleResult();
    const [a] = r.findings;
    a.host = 'HV05';
    a.suppressed = null;
    a.fix = [{ command: "Remove-VMSwitch -Name 'S' -Force", disruption: 'vSwitch re-creation', phase: 50, warning: 'the session drops here' }];
    const lines = formatFixScript({ ...r, findings: [a] }).split('\r\n');
    const header = lines.indexOf("if ($env:COMPUTERNAME -ieq 'HV05') {");
    expect(lines[header - 1]).toBe('# WARNING: the session drops here');
    const cmd = lines.findIndex((l) => l.trim().startsWith('Remove-VMSwitch'));
    expect(lines.slice(cmd - 4, cmd - 1).map((l) => l.trim())).toEqual(['# WARNING: the session drops here', '# Disruption: vSwitch re-creation', '# No current-state check: this command carries no model effect.']);
  });
  it('has nothing to fix when no finding carries a fix', () => {
    const r = sampleResult();
    expect(formatFixScript({ ...r, findings: [] })).toContain('# Nothing to fix.');
  });
});

describe('fix script checks (golden file)', () => {
  // One host whose findings ask for every kind of change: the golden file shows the adapter guard,
  // the current-state check before each change, the -AllowDisruptive opt-in and the merged New-VMSwitch.
  const result = () => {
    const r = sampleResult();
    const [a, b, c] = r.findings;
    for (const f of [a, b, c]) {
      f.host = 'HV05';
      f.suppressed = null;
    }
    a.target = { kind: 'adapter', name: 'NIC1', id: '6a1d3c2b-0000-4a7b-9c8d-000000000001' };
    b.target = { kind: 'switch', name: 'vSwitch', id: 'sw-1' };
    c.target = { kind: 'switch', name: 'vSwitch', id: 'sw-1' };
    const restart = 'adapter restart: link drops for a few seconds';
    const recreate = 'vSwitch re-creation: every vNIC on the switch disconnects until it is reconnected';
    a.fix = [
      { command: "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' -Name 'BelowTenGigVmqEnabled' -Value 1 -Type DWord", disruption: 'host restart', phase: 10, effect: { kind: 'vmsmp', name: 'belowTenGigVmqEnabled', value: 1 } },
      { command: "Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2 -MaxProcessors 4", disruption: restart, phase: 20, effect: { kind: 'processors', adapter: 'NIC1', via: 'vmq', values: { baseNumber: 2, maxProcessors: 4 } } },
      { command: "Set-NetAdapterAdvancedProperty -Name 'NIC2' -RegistryKeyword '*RssBaseProcNumber' -RegistryValue 4", disruption: restart, phase: 20, effect: { kind: 'processors', adapter: 'NIC2', via: 'keywords', values: { baseNumber: 4 } } },
      ...retypeAdvancedProperty('NIC1', '*JumboPacket', '9014', 'REG_SZ'),
      { command: "Disable-NetAdapterRss -Name 'NIC2'", disruption: restart, phase: 30, effect: { kind: 'offload', adapter: 'NIC2', feature: 'rss', enabled: false } },
      { command: "Set-VMNetworkAdapter -ManagementOS -Name 'Mgmt' -VmqWeight 100", disruption: 'none', phase: 60, effect: { kind: 'vmq-weight', vnic: 'vnic-mgmt', value: 100 } },
    ];
    // lbfo-vswitch-unsupported and sriov-misconfigured both re-create 'vSwitch': one New-VMSwitch with SET and IOV.
    b.fix = [
      { command: "Remove-VMSwitch -Name 'vSwitch' -Force", disruption: recreate, phase: 50, warning: 'the session drops here', effect: { kind: 'switch-remove', switch: 'sw-1' } },
      { command: "Remove-NetLbfoTeam -Name 'Team1' -Confirm:$false", disruption: recreate, phase: 50, effect: { kind: 'team-remove', team: 'team-1' } },
      { command: "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'NIC1','NIC2' -EnableEmbeddedTeaming $true -AllowManagementOS $true", disruption: recreate, phase: 50, effect: { kind: 'switch-create', switch: 'sw-1', name: 'vSwitch', uplinks: ['NIC1', 'NIC2'], embeddedTeaming: true, allowManagementOS: true } },
      { command: "Connect-VMNetworkAdapter -VMName 'VM1' -Name 'Network Adapter' -SwitchName 'vSwitch'", disruption: 'none', phase: 60, effect: { kind: 'vnic-connect', vnic: 'vnic-1', switch: 'sw-1' } },
    ];
    c.fix = [
      { command: "Remove-VMSwitch -Name 'vSwitch' -Force", disruption: recreate, phase: 50, warning: 'the session drops here', effect: { kind: 'switch-remove', switch: 'sw-1' } },
      { command: "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'NIC1','NIC2' -EnableEmbeddedTeaming $true -AllowManagementOS $true -EnableIov $true", disruption: recreate, phase: 50, effect: { kind: 'switch-create', switch: 'sw-1', name: 'vSwitch', uplinks: ['NIC1', 'NIC2'], embeddedTeaming: true, iovEnabled: true, allowManagementOS: true } },
      { command: "Set-VMSwitch -Name 'vSwitch' -DefaultQueueVmmqEnabled $true -DefaultQueueVmmqQueuePairs 4", disruption: 'none', phase: 50, effect: { kind: 'switch-settings', switch: 'sw-1', defaultQueueVmmqEnabled: true, defaultQueueVmmqQueuePairs: 4 } },
    ];
    return { ...r, findings: [a, b, c] };
  };
  const text = formatFixScript(result());
  it('guard, idempotence checks and opt-in', () => expectGolden('fix-checks.ps1.txt', text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')));
  it('needs Hyper-V and NetLbfo when it has their commands', () => {
    expect(text).toContain('#Requires -RunAsAdministrator\r\n#Requires -Modules NetAdapter, Hyper-V, NetLbfo\r\n');
    expect(formatFixScript(sampleResult())).toContain('#Requires -Modules NetAdapter\r\n');
  });
  it('writes one New-VMSwitch with everything both findings ask for, behind -AllowDisruptive', () => {
    const lines = text.split('\r\n').map((l) => l.trim());
    const creates = lines.filter((l) => l.startsWith('New-VMSwitch'));
    expect(creates).toEqual([`New-VMSwitch -Name 'vSwitch' -NetAdapterName 'NIC1','NIC2' -EnableEmbeddedTeaming $true -AllowManagementOS $true -EnableIov $true ${COMMON_PARAMETERS}`]);
    expect(lines.filter((l) => l.startsWith('Remove-VMSwitch'))).toHaveLength(1);
    // -Confirm:$false is not given twice to Remove-NetLbfoTeam.
    expect(lines.filter((l) => l.startsWith('Remove-NetLbfoTeam'))).toEqual([`Remove-NetLbfoTeam -Name 'Team1' ${COMMON_PARAMETERS}`]);
    expect(lines.filter((l) => l === '} elseif (-not $AllowDisruptive) {')).toHaveLength(3);
    // The switch and the team go only when the uplinks of the new switch are the NICs linted.
    for (const cmd of ['Remove-VMSwitch', 'Remove-NetLbfoTeam']) {
      const at = lines.findIndex((l) => l.startsWith(cmd));
      expect(lines.slice(at - 12, at), cmd).toContain("if ((Test-LintedAdapter -Name 'NIC1' -InterfaceGuid '{6A1D3C2B-0000-4A7B-9C8D-000000000001}') -and (Test-LintedAdapter -Name 'NIC2')) {");
    }
  });
  it('guards an adapter change by the InterfaceGuid linted, and says when only the name is known', () => {
    expect(text).toContain("if ((Test-LintedAdapter -Name 'NIC1' -InterfaceGuid '{6A1D3C2B-0000-4A7B-9C8D-000000000001}')) {");
    expect(text).toContain("# No InterfaceGuid exported for 'NIC2': checked by name only.");
  });
  it('skips a keyword removal (retype) when the keyword already has the wanted value and type', () => {
    expect(text).toContain("} elseif ($current -and (@($current.RegistryValue) -join ',') -eq '9014' -and [int]$current.RegistryDataType -eq 1) {");
  });
  it('parses under the PowerShell grammar', async () => {
    const { powershellParser, syntaxErrors } = await import('../collect/powershell-tree.js');
    expect(syntaxErrors((await powershellParser()).parse(text.replace(/^\uFEFF/, ''))!.rootNode)).toEqual([]);
  });
});

describe('escaping', () => {
  it('escapes workflow commands', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
  it('escapes markdown table cells', () => {
    expect(cell('a|b *c* <d>\nnext')).toBe('a\\|b \\*c\\* \\<d\\><br>next');
  });
});

describe('fix script host guards', () => {
  const tool = { name: 'vmqlint', version: '1.2.3' };
  const lint = async (hosts: ReturnType<typeof import('../engine/helpers.js').makeHost>[]) => {
    const { lintHosts } = await import('../../src/engine/run.js');
    const { testRules } = await import('../engine/helpers.js');
    return lintHosts(hosts, [], { rules: testRules, tool });
  };

  it('compares the NetBIOS name $env:COMPUTERNAME reports: first label, at most 15 characters, upper case', async () => {
    const { makeAdapter, makeHost } = await import('../engine/helpers.js');
    const text = formatFixScript(await lint([makeHost('hyperv-cluster-node-07.corp.example', '2022', [makeAdapter('NIC1', '{6a1d3c2b-0000-4a7b-9c8d-000000000001}', false)])]));
    expect(text).toContain("if ($env:COMPUTERNAME -ieq 'HYPERV-CLUSTER-') {");
  });

  it('tells apart hosts that share a NetBIOS name by DNS domain, else by an adapter InterfaceGuid, else refuses', async () => {
    const { makeAdapter, makeHost } = await import('../engine/helpers.js');
    const a = makeHost('HVX.a.local', '2022', [makeAdapter('NIC1', '{6a1d3c2b-0000-4a7b-9c8d-00000000000a}', false)]);
    const b = makeHost('HVX.b.local', '2022', [makeAdapter('NIC1', '{6a1d3c2b-0000-4a7b-9c8d-00000000000b}', false)]);
    const byDomain = formatFixScript(await lint([a, b]));
    expect(byDomain).toContain("if ($env:COMPUTERNAME -ieq 'HVX' -and (Get-CimInstance -ClassName Win32_ComputerSystem).Domain -ieq 'a.local') {");
    expect(byDomain).toContain("if ($env:COMPUTERNAME -ieq 'HVX' -and (Get-CimInstance -ClassName Win32_ComputerSystem).Domain -ieq 'b.local') {");
    const short = makeHost('HVX', '2022', [makeAdapter('NIC1', '{6a1d3c2b-0000-4a7b-9c8d-00000000000c}', false)]);
    const byGuid = formatFixScript(await lint([short, b]));
    expect(byGuid).toContain(
      "if ($env:COMPUTERNAME -ieq 'HVX' -and @(Get-NetAdapter -IncludeHidden -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceGuid -eq '{6A1D3C2B-0000-4A7B-9C8D-00000000000C}' }).Count -gt 0) {",
    );
    const noGuid = makeHost('HVX', '2022', [makeAdapter('NIC1', 'aa-bb-cc-dd-ee-ff', false)]);
    const noGuid2 = makeHost('hvx', '2022', [makeAdapter('NIC2', '11-22-33-44-55-66', false)]);
    await expect(async () => formatFixScript(await lint([noGuid, noGuid2]))).rejects.toThrow(
      "--fix-script: hosts 'HVX' and 'hvx' all report the computer name 'HVX' and nothing in the export tells them apart",
    );
  });

  it('names ten of a large group it cannot tell apart and counts the rest (3,000 long names cut to one NetBIOS name)', async () => {
    const { makeAdapter, makeHost } = await import('../engine/helpers.js');
    const hosts = Array.from({ length: 12 }, (_, i) => makeHost(`HV-LBFO-2012R2-${String(i).padStart(5, '0')}`, '2022', [makeAdapter('NIC1', `aa-bb-cc-dd-ee-${String(i).padStart(2, '0')}`, false)]));
    await expect(async () => formatFixScript(await lint(hosts))).rejects.toThrow(/'HV-LBFO-2012R2-00009' and 2 more all report the computer name 'HV-LBFO-2012R2-'/);
    // Unique adapter GUIDs tell even a large group apart, each host's findings looked at once.
    const distinct = Array.from({ length: 12 }, (_, i) => makeHost(`HV-LBFO-2012R2-${String(i).padStart(5, '0')}`, '2022', [makeAdapter('NIC1', `{6a1d3c2b-0000-4a7b-9c8d-0000000000${String(i).padStart(2, '0')}}`, false)]));
    expect(formatFixScript(await lint(distinct))).toContain("-ieq 'HV-LBFO-2012R2-' -and @(Get-NetAdapter");
  });

  it('keeps a line feed inside a name as it is, never as the script\'s CRLF', async () => {
    const { makeAdapter, makeHost } = await import('../engine/helpers.js');
    const text = formatFixScript(await lint([makeHost('HV01', '2022', [makeAdapter('NIC\n1 "$x"', 'guid-z', false)])]));
    expect(text).toContain('Enable-NetAdapterVmq -Name "NIC$([char]0xA)1 `"`$x`""');
    expect(text).not.toMatch(/[^\r]\n/);
  });
});
