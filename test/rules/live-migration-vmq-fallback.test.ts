import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/live-migration-vmq-fallback.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const node = (name: string, vmq: boolean, gbps = 10) =>
  host(name)
    .adapter('SLOT 2 Port 1', (a) => a.speed(gbps).vmq({ enabled: vmq }))
    .vswitch('vSwitch', ['SLOT 2 Port 1'])
    .build();

describe('live-migration-vmq-fallback', () => {
  it('fires on a host whose slow uplink leaves VMQ off while a peer has it on the same switch', () => {
    const hv1 = node('HV01', true);
    const hv2 = node('HV02', true, 1);
    const [f, ...rest] = findings(run(rule, hv2, { fleet: [hv1, hv2] }));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'switch', name: 'vSwitch' });
    expect(f.message).toBe(
      "vSwitch 'vSwitch' on HV02 does not use VMQ ('SLOT 2 Port 1': the vSwitch leaves VMQ off below 10 Gbps) while HV01 does: VMs live-migrated here lose their queues and fall back to the default queue",
    );
    expect(f.evidence).toMatchObject({ peersWithVmq: ['HV01'] });
    expect(f.fix).toEqual([]);
    expect(findings(run(rule, hv1, { fleet: [hv1, hv2] }))).toEqual([]);
  });

  it('offers Enable-NetAdapterVmq when VMQ is disabled on a slow uplink', () => {
    const hv1 = node('HV01', true);
    const hv2 = node('HV02', false, 1);
    const [f] = findings(run(rule, hv2, { fleet: [hv1, hv2] }));
    expect(f.message).toContain("('SLOT 2 Port 1': VMQ is disabled on the NIC)");
    expect(f.fix?.[0].command).toBe("Enable-NetAdapterVmq -Name 'SLOT 2 Port 1'");
  });

  it('leaves VMQ disabled on a 10 GbE uplink to vmq-disabled-on-uplink', () => {
    const hv1 = node('HV01', true);
    const hv2 = node('HV02', false);
    expect(findings(run(rule, hv2, { fleet: [hv1, hv2] }))).toEqual([]);
  });

  it('stays quiet when peers have no VMQ either, or use another switch name', () => {
    const a = node('HV01', false);
    const b = node('HV02', false);
    expect(findings(run(rule, b, { fleet: [a, b] }))).toEqual([]);
    const c = host('HV03').adapter('N', (x) => x.vmq({ enabled: true })).vswitch('Other', ['N']).build();
    expect(findings(run(rule, b, { fleet: [b, c] }))).toEqual([]);
  });

  it('is not applicable without peers', () => {
    const h = node('HV01', false);
    expect(notApplicable(run(rule, h))).toBe('no fleet peers (lint several hosts together)');
    expect(rule.meta.needs).toEqual(['fleet']);
  });
});
