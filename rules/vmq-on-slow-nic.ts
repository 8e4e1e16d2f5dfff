/**
 * A NIC under 10 Gbps bound to a vSwitch where VMQ is really in use: queues allocated on it, or
 * VMQ enabled with VMSMP BelowTenGigVmqEnabled=1. Without those the vSwitch leaves VMQ off
 * ([S4][B13] in docs/references.md).
 */
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { ExampleHost } from './lib/examples.js';
import { disableVmq, remediation, setVmsmp } from './lib/fix.js';
import { formatSpeed, linkSpeed, speedClass } from './lib/links.js';
import { locate } from './lib/locations.js';
import { boundNics } from './lib/topology.js';
import { vmqUse } from './lib/vmq.js';

const NIC = { name: 'Embedded LOM 1 Port 1', description: 'Broadcom NetXtreme Gigabit Ethernet', gbps: 1, provider: 'Broadcom', version: '214.0.0.0' };

function example(withQueues: boolean): Record<string, string> {
  const h = new ExampleHost('HV01', '2012R2', { logical: 16, cores: 8 })
    .nic(NIC)
    .vmq(NIC.name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4, NumberOfReceiveQueues: 15 })
    .vmSwitch('vSwitch', [NIC.name])
    .vmNic('VM1', 'Network Adapter', 'vSwitch')
    .vmqQueue(NIC.name, 0, 2, null);
  if (withQueues) h.vmqQueue(NIC.name, 1, 4, 'VM1');
  return h.files();
}

export const rule: Rule = {
  meta: {
    id: 'vmq-on-slow-nic',
    title: 'VMQ in use on a NIC slower than 10 Gbps',
    category: 'switch',
    defaultSeverity: 'warning',
    docs: {
      what:
        'Flags a physical NIC under 10 Gbps that carries a vSwitch and on which VMQ is really in use: Get-NetAdapterVmqQueue shows queues allocated on it, or VMQ is enabled on the NIC and VMSMP BelowTenGigVmqEnabled = 1. Get-NetAdapterVmq alone is not evidence: it reports VMQ enabled even when the vSwitch leaves it off below 10 Gbps.',
      why:
        'One core keeps up with 1 Gbps, so VMQ brings no gain below 10 Gbps, which is why the vSwitch turns it off by default there. Forcing it on spends scarce queues and interrupts, and some 1 GbE drivers had a known VMQ bug (Broadcom), which made "disable VMQ on 1 GbE" Microsoft\'s advice.',
      severity:
        'Warning: queues and interrupts are spent for no gain below 10 Gbps, and some 1 GbE drivers had a VMQ bug; the host keeps working.',
      example: { description: 'A 1 GbE vSwitch uplink on 2012 R2 with a queue allocated to VM1 (Get-NetAdapterVmqQueue).', files: example(true) },
      fixed: { description: 'The same NIC with only the default queue in use.', files: example(false) },
      fix: "Disable-NetAdapterVmq -Name 'Embedded LOM 1 Port 1'",
      references: ['Behaviour on 2012 and later; VMQ on 1 GbE; Broadcom bug [S4][B13]', '[S4]', '[F13]'],
      assumptions: [
        'Whether BelowTenGigVmqEnabled=1 still overrides the vSwitch default on 2012 and later is UNCONFIRMED in Microsoft docs (only a third-party post describes it: https://techsumo.net/2021/06/14/enabling-and-configuring-vmq-dvmq-in-windows-server-2012-r2-with-a-network-adapter-for-less-than-10-gigs-charbel-nemnom-mvp-mct-ccsp/); the rule treats it as enabling VMQ.',
        'VMSMP values are read as REG_DWORD and without a leading "*" (UNCONFIRMED: https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-vmq names them but not their type).',
      ],
    },
  },
  check({ host }) {
    const bound = boundNics(host);
    if (bound.length === 0) return { notApplicable: 'no physical NIC bound to a vSwitch (needs Get-VMSwitch and Get-NetAdapter)' };
    if (bound.every((x) => speedClass(x.adapter) === 'unknown')) return { notApplicable: 'link speed unknown for every vSwitch NIC (needs Get-NetAdapter LinkSpeed)' };
    const out: RuleReport[] = [];
    for (const { adapter: a, sw } of bound) {
      if (speedClass(a) !== 'slow') continue;
      const use = vmqUse(host, a);
      if (use.inUse !== true) continue;
      const fix: FixCommand[] = [disableVmq(a)];
      if (host.vmsmp.belowTenGigVmqEnabled === 1) fix.push(setVmsmp('BelowTenGigVmqEnabled', 0));
      const speed = linkSpeed(a)!;
      out.push({
        target: adapterTarget(a),
        property: 'vmq.enabled',
        message: `${a.name} (${formatSpeed(speed.bps)}) under vSwitch '${sw.name}' uses VMQ (${use.reason}); below 10 Gbps one core keeps up and the vSwitch leaves VMQ off by default`,
        evidence: { linkSpeedBps: speed.bps, switch: sw.name, inUseBecause: use.reason, facts: use.facts.map((f) => ({ source: f.source, value: f.value })) },
        remediation: remediation(`Turn VMQ off on '${a.name}':`, fix),
        fix,
        locations: locate(host, use.facts.filter((f) => f.source !== 'link speed').map((f) => f.at), [a.vmq?.at, a.at]),
      });
    }
    return out;
  },
};
