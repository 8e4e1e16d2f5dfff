import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/sriov-misconfigured.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('sriov-misconfigured', () => {
  it('fires on IovWeight > 0 on a switch without IOV, with a re-creation fix', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.adv('*SRIOV', '1'))
      .vswitch('vSwitch', ['SLOT 2 Port 1'], { iov: false })
      .vnic('SQL01', 'Network Adapter', 'vSwitch', { iovWeight: 100 })
      .vnic('Web01', 'Network Adapter', 'vSwitch', { iovWeight: 0 })
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toBe("vSwitch 'vSwitch' was created without SR-IOV (IovEnabled False) but 1 vNIC asks for a virtual function (IovWeight > 0): SQL01/Network Adapter");
    expect(f.fix).toEqual([
      { command: "Remove-VMSwitch -Name 'vSwitch' -Force", disruption: expect.stringMatching(/^vSwitch re-creation/), phase: 50, warning: expect.stringMatching(/^'vSwitch' carries the management OS .*: a remote session drops here/), effect: { kind: 'switch-remove', switch: expect.any(String) } },
      {
        command: "New-VMSwitch -Name 'vSwitch' -NetAdapterName 'SLOT 2 Port 1' -AllowManagementOS $true -EnableIov $true",
        disruption: expect.stringMatching(/^vSwitch re-creation/),
        phase: 50,
        effect: { kind: 'switch-create', switch: expect.any(String), name: 'vSwitch', uplinks: ['SLOT 2 Port 1'], embeddedTeaming: false, iovEnabled: true, allowManagementOS: true },
      },
      // Remove-VMSwitch leaves the VMs' vNICs disconnected.
      { command: "Connect-VMNetworkAdapter -VMName 'SQL01' -Name 'Network Adapter' -SwitchName 'vSwitch'", disruption: expect.stringMatching(/^none/), phase: 60, effect: { kind: 'vnic-connect', vnic: expect.any(String), switch: expect.any(String) } },
      { command: "Connect-VMNetworkAdapter -VMName 'Web01' -Name 'Network Adapter' -SwitchName 'vSwitch'", disruption: expect.stringMatching(/^none/), phase: 60, effect: { kind: 'vnic-connect', vnic: expect.any(String), switch: expect.any(String) } },
    ]);
    expect(f.locations.map((l) => l.pointer)).toEqual(['/vSwitch/IovEnabled', '/SQL01/Network Adapter/IovWeight']);
  });

  it('fires on SR-IOV off on the uplink of an IOV switch', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*SRIOV', '0'))
      .vswitch('vSwitch', ['NIC1'], { iov: true })
      .build();
    const [f] = findings(run(rule, h));
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'NIC1' });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*SRIOV' -RegistryValue 1");
  });

  it('fires on contradicting hidden preference keywords', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*RssOrVmqPreference', '1').adv('*VMQ', '0'))
      .adapter('NIC2', (a) => a.adv('*SriovPreferred', '0').adv('*RssOnHostVPorts', '1'))
      .build();
    const fs = findings(run(rule, h));
    expect(fs.map((f) => f.message)).toEqual([
      'NIC1: *RssOrVmqPreference 1 asks for VMQ, but *VMQ 0 leaves the driver with no interface at all',
      'NIC2: *RssOnHostVPorts 1 asks for VMMQ, which needs a NIC switch, but NDIS creates one only with *SriovPreferred 1 or *RssOrVmqPreference 1',
    ]);
    expect(fs[0].fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*VMQ' -RegistryValue 1");
  });

  it('stays quiet on a consistent SR-IOV setup', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*SRIOV', '1').adv('*SriovPreferred', '1').adv('*RssOrVmqPreference', '1').adv('*VMQ', '1'))
      .vswitch('vSwitch', ['NIC1'], { iov: true })
      .vnic('SQL01', 'Network Adapter', 'vSwitch', { iovWeight: 100 })
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without SR-IOV data', () => {
    const h = host().adapter('NIC1').edit((x) => x.switches.push({ id: 's', name: 's', uplinks: [], uplinkDescriptions: [], at: {} })).build();
    expect(notApplicable(run(rule, h))).toBe('no SR-IOV data (Get-VMSwitch IovEnabled, *SRIOV or the hidden preference keywords)');
  });
});
