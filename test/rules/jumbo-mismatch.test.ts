import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/jumbo-mismatch.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('jumbo-mismatch', () => {
  it('fires when team members differ in *JumboPacket', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.adv('*JumboPacket', '9014'))
      .adapter('SLOT 2 Port 2', (a) => a.adv('*JumboPacket', '1514'))
      .setSwitch('SETswitch', ['SLOT 2 Port 1', 'SLOT 2 Port 2'])
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'team', name: 'SETswitch' });
    expect(f.message).toBe("*JumboPacket differs across team 'SETswitch': 'SLOT 2 Port 1' 9014, 'SLOT 2 Port 2' 1514");
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 2' -RegistryKeyword '*JumboPacket' -RegistryValue 9014"]);
    expect(f.locations).toHaveLength(2);
  });

  it('compares numerically', () => {
    const h = host()
      .adapter('A', (a) => a.adv('*JumboPacket', '9014'))
      .adapter('B', (a) => a.adv('*JumboPacket', ' 9014'))
      .lbfo('T', ['A', 'B'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('leaves an invalid value to registry-value-invalid', () => {
    const meta = { validValues: ['1514', '9014'] };
    const h = host()
      .adapter('A', (a) => a.adv('*JumboPacket', '9014', { meta }))
      .adapter('B', (a) => a.adv('*JumboPacket', '9000', { meta }))
      .lbfo('T', ['A', 'B'])
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('fires on a RoCE frame size above *JumboPacket', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*JumboPacket', '1514').adv('*NetworkDirect', '1').adv('*NetworkDirectRoCEFrameSize', '4096'))
      .build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe('NIC1: *NetworkDirectRoCEFrameSize 4096 is larger than *JumboPacket 1514');
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*NetworkDirectRoCEFrameSize' -RegistryValue 1024");
  });

  it('stays quiet when RDMA is off', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*JumboPacket', '1514').adv('*NetworkDirect', '0').adv('*NetworkDirectRoCEFrameSize', '4096'))
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without *JumboPacket', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1').build()))).toBe('no *JumboPacket exported (Get-NetAdapterAdvancedProperty)');
  });
});
