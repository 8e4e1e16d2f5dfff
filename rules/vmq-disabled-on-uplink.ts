/**
 * A 10 GbE or faster vSwitch uplink with VMQ disabled: by `*VMQ`, by Get-NetAdapterVmq, or by
 * VMSMP TenGigVmqEnabled=2 ([D1] in docs/references.md).
 */
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { vSwitchUplinkExample } from './lib/examples.js';
import { enableVmq, remediation, setVmsmp } from './lib/fix.js';
import { formatSpeed, linkSpeed, speedClass } from './lib/links.js';
import { locate } from './lib/locations.js';
import { rssEnabled } from './lib/psets.js';
import { boundNics } from './lib/topology.js';
import { vmqSetting, type VmqFact } from './lib/vmq.js';

function example(enabled: boolean): Record<string, string> {
  return vSwitchUplinkExample({ Enabled: enabled, BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4 });
}

export const rule: Rule = {
  meta: {
    id: 'vmq-disabled-on-uplink',
    title: 'VMQ disabled on a 10 GbE+ vSwitch uplink',
    category: 'switch',
    defaultSeverity: 'warning',
    docs: {
      what:
        'Flags a physical NIC of 10 Gbps or more that carries a vSwitch (directly or as a team member) while VMQ is disabled for it: *VMQ = 0, Get-NetAdapterVmq Enabled = False, or the host-wide VMSMP TenGigVmqEnabled = 2.',
      why:
        'Without VMQ every packet for every VM goes through the default queue and is processed on one core, which saturates at roughly 3-5 Gbps of synthetic traffic; with VMQ a 10 GbE link reaches 8+ Gbps across VMs. RSS does not help: the vSwitch turns RSS off on its NICs.',
      severity:
        'Warning: every VM\'s receive work lands on one core, which caps a 10 GbE link at a few Gbps, a measurable loss; traffic still flows.',
      example: { description: 'A 10 GbE vSwitch uplink with VMQ disabled (Get-NetAdapterVmq Enabled = false).', files: example(false) },
      fixed: { description: 'The same uplink with VMQ enabled.', files: example(true) },
      fix: "Enable-NetAdapterVmq -Name 'SLOT 2 Port 1'",
      references: ['RSS and VMQ cannot both run; one core handles roughly 3-5 Gbps [D1][D5][S3][B4]', '*VMQ [D1]', 'TenGigVmqEnabled [D1]', '[F1][F13]'],
      assumptions: ['VMSMP values are read as REG_DWORD and without a leading "*" (UNCONFIRMED: https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-vmq names them but not their type).'],
    },
  },
  check({ host }) {
    const bound = boundNics(host);
    if (bound.length === 0) return { notApplicable: 'no physical NIC bound to a vSwitch (needs Get-VMSwitch and Get-NetAdapter)' };
    const fast = bound.filter((x) => speedClass(x.adapter) === 'fast');
    if (fast.length === 0 && bound.every((x) => speedClass(x.adapter) === 'unknown')) {
      return { notApplicable: 'link speed unknown for every vSwitch NIC (needs Get-NetAdapter LinkSpeed)' };
    }
    const out: RuleReport[] = [];
    for (const { adapter: a, sw } of fast) {
      const setting = vmqSetting(a);
      const facts: VmqFact[] = setting.enabled === false ? [...setting.facts] : [];
      if (host.vmsmp.tenGigVmqEnabled === 2) facts.push({ source: 'VMSMP TenGigVmqEnabled', value: '2', at: host.vmsmp.at['tenGigVmqEnabled'] });
      if (facts.length === 0) continue;
      const fix: FixCommand[] = [];
      if (setting.enabled === false) fix.push(enableVmq(a));
      if (host.vmsmp.tenGigVmqEnabled === 2) fix.push(setVmsmp('TenGigVmqEnabled', 1));
      const speed = linkSpeed(a)!;
      const rss = rssEnabled(a);
      const by = facts.map((f) => `${f.source} ${f.value}`).join(', ');
      out.push({
        target: adapterTarget(a),
        property: facts[0].source === '*VMQ' ? '*VMQ' : facts[0].source === 'Get-NetAdapterVmq' ? 'vmq.enabled' : 'vmsmp.tenGigVmqEnabled',
        message: `${a.name} (${formatSpeed(speed.bps)}) is an uplink of vSwitch '${sw.name}' but VMQ is disabled (${by}); all its VM receive traffic lands on one core${rss ? ' (its *RSS setting does not help: the vSwitch disables RSS)' : ''}`,
        evidence: { linkSpeedBps: speed.bps, switch: sw.name, disabledBy: facts.map((f) => ({ source: f.source, value: f.value })), rssEnabled: rss ?? null },
        remediation: remediation(`Enable VMQ on '${a.name}':`, fix),
        fix,
        locations: locate(host, facts.map((f) => f.at), [a.vmq?.at, a.at]),
      });
    }
    return out;
  },
};
