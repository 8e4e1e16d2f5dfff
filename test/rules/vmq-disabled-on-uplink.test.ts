import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/vmq-disabled-on-uplink.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('vmq-disabled-on-uplink', () => {
  it('fires on a 10 GbE uplink with VMQ disabled by the cmdlet', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.speed(10).vmq({ enabled: false }))
      .vswitch('vSwitch', ['SLOT 2 Port 1'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.property).toBe('vmq.enabled');
    expect(f.message).toBe(
      "SLOT 2 Port 1 (10 Gbps) is an uplink of vSwitch 'vSwitch' but VMQ is disabled (Get-NetAdapterVmq Enabled=false); all its VM receive traffic lands on one core",
    );
    expect(f.fix).toEqual([
      {
        command: "Enable-NetAdapterVmq -Name 'SLOT 2 Port 1'",
        disruption: 'adapter restart: link drops for a few seconds',
        phase: 30,
        effect: { kind: 'offload', adapter: 'SLOT 2 Port 1', feature: 'vmq', enabled: true },
      },
    ]);
    expect(f.locations[0]).toMatchObject({ file: 'Get-NetAdapterVmq.json', pointer: '/SLOT 2 Port 1/Enabled' });
  });

  it('fires on *VMQ 0 of a team member and mentions RSS', () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(25).adv('*VMQ', '0').adv('*RSS', '1'))
      .adapter('NIC2', (a) => a.speed(25).adv('*VMQ', '1'))
      .setSwitch('SETswitch', ['NIC1', 'NIC2'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.property).toBe('*VMQ');
    expect(f.message).toContain('(*VMQ 0)');
    expect(f.message).toContain('its *RSS setting does not help');
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*VMQ' -RegistryValue 1");
  });

  it('fires on VMSMP TenGigVmqEnabled=2 with a registry fix', () => {
    const h = host()
      .vmsmp({ tenGig: 2 })
      .adapter('NIC1', (a) => a.speed(10).vmq({ enabled: true }))
      .vswitch('vSwitch', ['NIC1'])
      .build();
    const [f] = findings(run(rule, h));
    expect(f.property).toBe('vmsmp.tenGigVmqEnabled');
    expect(f.fix).toEqual([
      {
        command: "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' -Name 'TenGigVmqEnabled' -Value 1 -Type DWord",
        disruption: 'host restart (or vSwitch restart) before VMSMP reads the value',
        phase: 10,
        effect: { kind: 'vmsmp', name: 'tenGigVmqEnabled', value: 1 },
      },
    ]);
    expect(f.locations[0].file).toBe('vmsmp.reg');
  });

  it('stays quiet on 1 GbE and on enabled uplinks', () => {
    const h = host()
      .adapter('NIC1', (a) => a.speed(1).vmq({ enabled: false }))
      .adapter('NIC2', (a) => a.speed(10).vmq({ enabled: true }))
      .vswitch('vSwitch', ['NIC1'])
      .vswitch('vSwitch2', ['NIC2'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without a vSwitch', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1', (a) => a.vmq({ enabled: false })).build()))).toBe(
      'no physical NIC bound to a vSwitch (needs Get-VMSwitch and Get-NetAdapter)',
    );
  });
});
