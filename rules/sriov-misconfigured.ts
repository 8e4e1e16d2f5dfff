/**
 * SR-IOV set up so it cannot work: IovWeight > 0 on a switch without IOV, SR-IOV off on the
 * uplink of an IOV switch, or hidden preference keywords that contradict each other
 * ([D4][D5][D1][D3][D14][P5][W6] in docs/references.md).
 */
import type { Adapter, Host, VNic, VSwitch } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget, switchTarget } from '../src/engine/targets.js';
import { physicalUplinks, teamById } from '../src/model/queues.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { recreateSwitchWithIov, remediation, setAdvanced } from './lib/fix.js';
import { advanced, numericKeyword } from './lib/keywords.js';
import { locate } from './lib/locations.js';
import { byName, vnicLabel, vnicsOf } from './lib/topology.js';
import { pushAll } from '../src/model/bulk.js';

function example(iov: boolean): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0])
    .advanced(X710[0].name, '*SRIOV', '1', { DisplayName: 'SR-IOV', ValidRegistryValues: ['0', '1'] })
    .vmSwitch('vSwitch', [X710[0].name], { IovEnabled: iov })
    .vmNic('SQL01', 'Network Adapter', 'vSwitch', { IovWeight: 100 })
    .files();
}

function kw(a: Adapter, k: string): number | undefined {
  return numericKeyword(a, k)?.value;
}

function iovWeightFindings(host: Host, sw: VSwitch): RuleReport | undefined {
  if (sw.iovEnabled !== false) return undefined;
  const wanting: VNic[] = [];
  for (const v of vnicsOf(host, sw)) if ((v.iovWeight ?? 0) > 0) wanting.push(v);
  if (wanting.length === 0) return undefined;
  const team = teamById(host, sw.teamId);
  const uplinks = physicalUplinks(host, sw).map((a) => a.name);
  // SR-IOV traffic cannot go through an LBFO team, so re-creating that switch with IOV is no fix.
  const fix: FixCommand[] = team?.kind === 'lbfo' || uplinks.length === 0 ? [] : recreateSwitchWithIov(host, sw, uplinks);
  const names = wanting.map(vnicLabel);
  return {
    target: switchTarget(sw),
    property: 'iovEnabled',
    message: `vSwitch '${sw.name}' was created without SR-IOV (IovEnabled False) but ${wanting.length} vNIC${wanting.length === 1 ? ' asks' : 's ask'} for a virtual function (IovWeight > 0): ${names.join(', ')}`,
    evidence: { iovEnabled: false, vnics: wanting.map((v) => ({ vnic: vnicLabel(v), iovWeight: v.iovWeight })), lbfoTeam: team?.kind === 'lbfo' ? team.name : null },
    remediation: remediation(
      team?.kind === 'lbfo'
        ? `SR-IOV cannot be used through an LBFO team; move '${sw.name}' to SET with -EnableIov $true, or set IovWeight 0 on ${names.join(', ')} (Set-VMNetworkAdapter -IovWeight 0).`
        : `IOV can only be chosen when a vSwitch is created: re-create '${sw.name}' with -EnableIov $true and reconnect its VM vNICs (or, if SR-IOV is not wanted, set IovWeight 0 on ${names.join(', ')} with Set-VMNetworkAdapter -IovWeight 0)${fix[0]?.warning ? `. ${fix[0].warning}` : ''}:`,
      fix,
    ),
    fix,
    locations: locate(host, [sw.at['iovEnabled'], ...wanting.map((v) => v.at['iovWeight'])], [sw.at]),
  };
}

function uplinkFindings(host: Host, sw: VSwitch): RuleReport[] {
  if (sw.iovEnabled !== true) return [];
  const out: RuleReport[] = [];
  for (const a of physicalUplinks(host, sw)) {
    const offByKeyword = kw(a, '*SRIOV') === 0;
    if (!offByKeyword && a.sriov?.enabled !== false) continue;
    const fix = [setAdvanced(a, '*SRIOV', 1)];
    out.push({
      target: adapterTarget(a),
      property: offByKeyword ? '*SRIOV' : 'sriov.enabled',
      message: `${a.name} is an uplink of SR-IOV switch '${sw.name}' but SR-IOV is off on the NIC (${offByKeyword ? '*SRIOV 0' : 'Get-NetAdapterSriov Enabled False'}); VMs fall back to the synthetic path`,
      evidence: { switch: sw.name, iovEnabled: true, sriovKeyword: advanced(a, '*SRIOV')?.value ?? null, sriovEnabled: a.sriov?.enabled ?? null },
      remediation: remediation(`Turn SR-IOV on for '${a.name}' (the driver restarts):`, fix),
      fix,
      locations: locate(host, [offByKeyword ? advanced(a, '*SRIOV')?.at : a.sriov?.at['enabled']], [a.at]),
    });
  }
  return out;
}

/** Contradictions among *SriovPreferred, *RssOrVmqPreference, *SRIOV, *VMQ and *RssOnHostVPorts. */
function preferenceFindings(host: Host, a: Adapter): RuleReport[] {
  const sp = kw(a, '*SriovPreferred');
  const rvp = kw(a, '*RssOrVmqPreference');
  if (sp === undefined && rvp === undefined) return [];
  const sriov = kw(a, '*SRIOV');
  const vmq = kw(a, '*VMQ');
  const vports = kw(a, '*RssOnHostVPorts');
  const problems: { text: string; keywords: string[]; fix: FixCommand }[] = [];
  if (sp === 1 && sriov === 0 && vmq === 0) {
    problems.push({ text: '*SriovPreferred 1 asks for SR-IOV, but *SRIOV 0 and *VMQ 0 leave the driver with no interface at all', keywords: ['*SriovPreferred', '*SRIOV', '*VMQ'], fix: setAdvanced(a, '*SRIOV', 1) });
  }
  if (sp !== 1 && rvp === 1 && vmq === 0) {
    problems.push({ text: '*RssOrVmqPreference 1 asks for VMQ, but *VMQ 0 leaves the driver with no interface at all', keywords: ['*RssOrVmqPreference', '*VMQ'], fix: setAdvanced(a, '*VMQ', 1) });
  }
  if (vports === 1 && sp !== 1 && rvp !== 1) {
    problems.push({
      text: '*RssOnHostVPorts 1 asks for VMMQ, which needs a NIC switch, but NDIS creates one only with *SriovPreferred 1 or *RssOrVmqPreference 1',
      keywords: ['*RssOnHostVPorts', '*SriovPreferred', '*RssOrVmqPreference'],
      fix: setAdvanced(a, '*RssOrVmqPreference', 1),
    });
  }
  return problems.map((p) => ({
    target: adapterTarget(a),
    property: p.keywords[0],
    message: `${a.name}: ${p.text}`,
    evidence: Object.fromEntries(p.keywords.map((k) => [k, advanced(a, k)?.value ?? null])),
    remediation: remediation(`Make the preference keywords of '${a.name}' agree (https://learn.microsoft.com/windows-hardware/drivers/network/handling-sr-iov--vmq--and-rss-standardized-inf-keywords):`, [p.fix]),
    fix: [p.fix],
    locations: locate(host, p.keywords.map((k) => advanced(a, k)?.at), [a.at]),
  }));
}

export const rule: Rule = {
  meta: {
    id: 'sriov-misconfigured',
    title: 'SR-IOV configured so it cannot work',
    category: 'sriov',
    defaultSeverity: 'warning',
    docs: {
      what:
        'Flags a vSwitch created without IOV while vNICs on it have IovWeight > 0; an uplink of an IOV switch with SR-IOV off (*SRIOV 0 or Get-NetAdapterSriov disabled); and hidden preference keywords that contradict each other per the driver selection table: *SriovPreferred 1 with *SRIOV and *VMQ both 0, *RssOrVmqPreference 1 with *VMQ 0, or *RssOnHostVPorts 1 without either preference that makes NDIS create a NIC switch.',
      why:
        'A VM only gets a virtual function when the switch was created with -EnableIov $true and the NIC has SR-IOV on; otherwise its IovWeight silently does nothing and traffic stays on the synthetic path. Contradicting preference keywords leave the driver with no interface ("None" in the selection table), or leave VMMQ without the NIC switch it needs.',
      severity:
        'Warning: the VM silently stays on the synthetic path (or VMMQ lacks its NIC switch), a measurable loss of the offload asked for; connectivity is kept.',
      example: { description: 'A vSwitch created without IOV; VM SQL01 has IovWeight 100.', files: example(false) },
      fixed: { description: 'The same switch created with IovEnabled True.', files: example(true) },
      fix: "Remove-VMSwitch -Name 'vSwitch' -Force\nNew-VMSwitch -Name 'vSwitch' -NetAdapterName 'SLOT 2 Port 1' -AllowManagementOS $true -EnableIov $true",
      references: ['[P5][W6][S5]', 'How a driver picks RSS, VMQ or SR-IOV from its keywords [D5][D1]', '*SriovPreferred, *RssOrVmqPreference, *RssOnHostVPorts [D4][D1][D3][D14]', 'SR-IOV is not available on an LBFO team [S1]'],
      assumptions: [
        'That IOV cannot be enabled on an existing vSwitch is UNCONFIRMED (https://learn.microsoft.com/powershell/module/hyper-v/new-vmswitch documents -EnableIov at creation only), though widely held; the fix re-creates the switch.',
        'The output property names IovEnabled (Get-VMSwitch) and IovWeight (Get-VMNetworkAdapter) are UNCONFIRMED (the Hyper-V cmdlet pages document the Set- parameters, not the output properties); a switch exported without IovEnabled is not judged.',
      ],
    },
  },
  check({ host }) {
    const hasSwitchData = host.switches.some((s) => s.iovEnabled !== undefined);
    const physical = byName(host.adapters).filter((a) => a.kind === 'physical');
    const hasKeywords = physical.some((a) => ['*SriovPreferred', '*RssOrVmqPreference', '*SRIOV'].some((k) => advanced(a, k) !== undefined));
    if (!hasSwitchData && !hasKeywords) return { notApplicable: 'no SR-IOV data (Get-VMSwitch IovEnabled, *SRIOV or the hidden preference keywords)' };
    const out: RuleReport[] = [];
    for (const sw of byName(host.switches)) {
      const f = iovWeightFindings(host, sw);
      if (f) out.push(f);
      pushAll(out, uplinkFindings(host, sw));
    }
    for (const a of physical) pushAll(out, preferenceFindings(host, a));
    return out;
  },
};
