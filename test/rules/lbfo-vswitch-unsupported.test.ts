import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/model/host.js';
import { rule } from '../../rules/lbfo-vswitch-unsupported.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const lbfoHost = (release: Release, allow?: boolean) =>
  host()
    .release(release)
    .adapter('SLOT 2 Port 1')
    .adapter('SLOT 2 Port 2')
    .lbfo('Team1', ['SLOT 2 Port 1', 'SLOT 2 Port 2'], 'SwitchIndependent', 'Dynamic')
    .vswitch('vSwitch', ['Team1'], { allowNetLbfoTeams: allow })
    .build();

/** The severity the engine applies: the release's override, else the default. */
function severityOn(release: Release): string {
  const s = rule.meta.severityByRelease?.[release];
  return s ?? rule.meta.defaultSeverity;
}

describe('lbfo-vswitch-unsupported', () => {
  it('fires as an error on 2022, with AllowNetLbfoTeams in the evidence', () => {
    const [f, ...rest] = findings(run(rule, lbfoHost('2022', true)));
    expect(rest).toHaveLength(0);
    expect(severityOn('2022')).toBe('error');
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toBe(
      "vSwitch 'vSwitch' is bound to LBFO team 'Team1': from Windows Server 2022 an LBFO team cannot be attached to a Hyper-V vSwitch (it is attached only because AllowNetLbfoTeams is True); move the switch to SET",
    );
    expect(f.evidence).toMatchObject({ release: '2022', allowNetLbfoTeams: true, members: ['SLOT 2 Port 1', 'SLOT 2 Port 2'] });
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Remove-VMSwitch -Name 'vSwitch' -Force",
      "Remove-NetLbfoTeam -Name 'Team1' -Confirm:$false",
      "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'SLOT 2 Port 1','SLOT 2 Port 2' -EnableEmbeddedTeaming $true -AllowManagementOS $true",
    ]);
    expect(f.fix?.every((c) => c.disruption.startsWith('vSwitch re-creation'))).toBe(true);
    expect(f.locations[0].pointer).toBe('/vSwitch/AllowNetLbfoTeams');
  });

  it('warns that removing a switch that carries the management OS drops a remote session, and reconnects the VM vNICs', () => {
    const h = host()
      .release('2022')
      .adapter('NIC1')
      .adapter('NIC2')
      .lbfo('Team1', ['NIC1', 'NIC2'], 'SwitchIndependent', 'Dynamic')
      .vswitch('vSwitch', ['Team1'], { allowNetLbfoTeams: true })
      .vnic(null, 'vSwitch', 'vSwitch')
      .vnic('VM2', 'Network Adapter', 'vSwitch')
      .vnic('VM1', 'Network Adapter', 'vSwitch')
      .build();
    const [f] = findings(run(rule, h));
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Remove-VMSwitch -Name 'vSwitch' -Force",
      "Remove-NetLbfoTeam -Name 'Team1' -Confirm:$false",
      "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'NIC1','NIC2' -EnableEmbeddedTeaming $true -AllowManagementOS $true",
      "Connect-VMNetworkAdapter -VMName 'VM1' -Name 'Network Adapter' -SwitchName 'vSwitch'",
      "Connect-VMNetworkAdapter -VMName 'VM2' -Name 'Network Adapter' -SwitchName 'vSwitch'",
    ]);
    expect(f.fix?.[0].warning).toBe(
      "'vSwitch' carries the management OS (host vNIC 'vSwitch'): a remote session drops here, before the switch is re-created. Run this from the console or out-of-band (iLO/iDRAC/BMC) and re-apply the host vNICs' IP settings afterwards.",
    );
    expect(f.fix?.slice(3).every((c) => c.phase === 60)).toBe(true);
    expect(f.remediation).toContain('Run this from the console or out-of-band');
  });

  it('fires as info on 2019', () => {
    const [f] = findings(run(rule, lbfoHost('2019')));
    expect(severityOn('2019')).toBe('info');
    expect(severityOn('2016')).toBe('info');
    expect(f.message).toContain('on Windows Server 2019: LBFO under a vSwitch is blocked from 2022 and keeps Dynamic VMMQ off');
  });

  it('says nothing of Dynamic VMMQ on 2016, which does not have it', () => {
    const [f] = findings(run(rule, lbfoHost('2016')));
    expect(f.message).toContain('on Windows Server 2016: LBFO under a vSwitch is blocked from 2022; plan the move to SET');
    expect(f.message).not.toContain('VMMQ');
  });

  it('is not applicable on 2012 R2', () => {
    expect(notApplicable(run(rule, lbfoHost('2012R2')))).toBe('LBFO under a vSwitch is supported on Windows Server 2012 R2; the rule applies from 2016');
    expect(severityOn('2012R2')).toBe('off');
  });

  it('infers 2022+ from AllowNetLbfoTeams when the release is unknown', () => {
    const [f] = findings(run(rule, lbfoHost('unknown', false)));
    expect(f.evidence).toMatchObject({ releaseInferred: 'AllowNetLbfoTeams exported, so 2022 or later' });
    expect(notApplicable(run(rule, lbfoHost('unknown')))).toMatch(/^OS release unknown/);
  });

  it('recognises a team NIC by its description when the team was not exported', () => {
    const h = host()
      .release('2022')
      .adapter('Team1', (a) => a.kind('team-nic').description('Microsoft Network Adapter Multiplexor Driver'))
      .vswitch('vSwitch', ['Team1'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.evidence).toMatchObject({ team: 'Team1', members: [] });
    expect(f.fix).toEqual([]);
  });

  it('stays quiet on a SET switch, even one that names the multiplexor', () => {
    const h = host()
      .release('2022')
      .adapter('NIC1')
      .adapter('NIC2')
      .setSwitch('vSwitch', ['NIC1', 'NIC2'])
      .edit((x) => x.switches[0].uplinkDescriptions.push('Microsoft Network Adapter Multiplexor Driver'))
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });
});
