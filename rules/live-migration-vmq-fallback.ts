/**
 * In a fleet: a vSwitch without VMQ on a host whose peers have VMQ on the switch of the same
 * name, so VMs live-migrating there lose their queues ([D16] in docs/references.md).
 */
import type { Host, VSwitch } from '../src/model/host.js';
import type { FixCommand, FleetCheck, FleetPeer, Rule, RuleReport } from '../src/engine/types.js';
import { switchTarget } from '../src/engine/targets.js';
import { physicalUplinks } from '../src/model/queues.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { enableVmq, remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { speedClass } from './lib/links.js';
import { byName, ordinal } from './lib/topology.js';
import { vmqSetting, vmqUse, type VmqUse } from './lib/vmq.js';

const SLOW = { name: 'Embedded LOM 1 Port 1', description: 'Broadcom NetXtreme Gigabit Ethernet', gbps: 1, provider: 'Broadcom', version: '214.0.0.0' };

function hostFiles(name: string, fast: boolean): ExampleHost {
  const nic = fast ? X710[0] : SLOW;
  return new ExampleHost(name, '2019', { logical: 16, cores: 8 })
    .nic(nic)
    .vmq(nic.name, { BaseProcessorNumber: 2, MaxProcessorNumber: 14, MaxProcessors: 4 })
    .vmSwitch('vSwitch', [nic.name])
    .vmNic('VM1', 'Network Adapter', 'vSwitch');
}

function example(secondFast: boolean): Record<string, string> {
  return { ...hostFiles('HV01', true).files('HV01'), ...hostFiles('HV02', secondFast).files('HV02') };
}

/** VMQ state of a switch: 'yes' when an uplink uses VMQ, 'no' when none does, else unknown. */
function switchVmq(host: Host, sw: VSwitch): { state: 'yes' | 'no' | 'unknown'; uses: { name: string; use: VmqUse }[] } {
  // A loop, not arrow callbacks: this runs for every switch, and a closure made per call loses its
  // optimized code at each major GC.
  const uses: { name: string; use: VmqUse }[] = [];
  let anyOn = false;
  let allOff = true;
  for (const a of physicalUplinks(host, sw)) {
    const use = vmqUse(host, a);
    uses.push({ name: a.name, use });
    if (use.inUse === true) anyOn = true;
    if (use.inUse !== false) allOff = false;
  }
  if (anyOn) return { state: 'yes', uses };
  if (uses.length > 0 && allOff) return { state: 'no', uses };
  return { state: 'unknown', uses };
}

function external(host: Host): VSwitch[] {
  return byName(host.switches).filter((s) => s.switchType === undefined || s.switchType === 'External');
}

/** A switch of this host that does not use VMQ, ready to report once peers are known. */
interface Candidate {
  switchName: string;
  target: RuleReport['target'];
  uses: { name: string; reason: string }[];
  fix: FixCommand[];
  locations: RuleReport['locations'];
}

/** Peers see the external switches (lower-case names) on which a host uses VMQ. */
type Summary = string[];

/** Per fleet (the array of peers), the hosts using VMQ on each switch name: one pass, not one per host. */
const vmqIndex = new WeakMap<readonly FleetPeer<Summary>[], Map<string, string[]>>();

function indexOf(fleet: readonly FleetPeer<Summary>[]): Map<string, string[]> {
  let index = vmqIndex.get(fleet);
  if (!index) {
    index = new Map();
    for (const p of fleet) for (const sw of p.summary) index.set(sw, [...(index.get(sw) ?? []), p.host]);
    vmqIndex.set(fleet, index);
  }
  return index;
}

const fleetCheck: FleetCheck<Record<string, unknown>, Summary, Candidate[] | { notApplicable: string }> = {
  summary(host) {
    return external(host)
      .filter((s) => switchVmq(host, s).state === 'yes')
      .map((s) => s.name.toLowerCase());
  },
  prepare({ host }) {
    const mine = external(host);
    if (mine.length === 0) return { notApplicable: 'no external vSwitch exported (Get-VMSwitch)' };
    const out: Candidate[] = [];
    let judged = 0;
    for (const sw of mine) {
      const state = switchVmq(host, sw);
      if (state.state === 'unknown') continue;
      judged++;
      if (state.state === 'yes') continue;
      // VMQ off on a 10 GbE+ uplink is vmq-disabled-on-uplink's finding; fixing it settles this one too.
      if (physicalUplinks(host, sw).every((a) => speedClass(a) === 'fast')) continue;
      const fix: FixCommand[] = [];
      for (const a of physicalUplinks(host, sw)) if (vmqSetting(a).enabled === false) fix.push(enableVmq(a));
      out.push({
        switchName: sw.name,
        target: switchTarget(sw),
        uses: state.uses.map((u) => ({ name: u.name, reason: u.use.reason })),
        fix,
        locations: locate(host, state.uses.flatMap((u) => u.use.facts.map((f) => f.at)), [sw.at]),
      });
    }
    if (judged === 0) return { notApplicable: 'VMQ state of the vSwitch uplinks not exported (Get-NetAdapterVmq, *VMQ or link speed)' };
    return out;
  },
  judge(prepared, host, fleet) {
    const me = host.toLowerCase();
    if (!fleet.some((p) => p.host.toLowerCase() !== me)) return { notApplicable: 'no fleet peers (lint several hosts together)' };
    if (!Array.isArray(prepared)) return prepared;
    const index = indexOf(fleet);
    const out: RuleReport[] = [];
    for (const c of prepared) {
      const withVmq = (index.get(c.switchName.toLowerCase()) ?? []).filter((p) => p.toLowerCase() !== me).sort(ordinal);
      if (withVmq.length === 0) continue;
      const reasons = c.uses.map((u) => `'${u.name}': ${u.reason}`).join('; ');
      out.push({
        target: c.target,
        property: 'vmq',
        message: `vSwitch '${c.switchName}' on ${host} does not use VMQ (${reasons}) while ${withVmq.join(', ')} ${withVmq.length === 1 ? 'does' : 'do'}: VMs live-migrated here lose their queues and fall back to the default queue`,
        evidence: { switch: c.switchName, uplinks: c.uses.map((u) => ({ adapter: u.name, reason: u.reason })), peersWithVmq: withVmq },
        remediation: remediation(
          c.fix.length > 0
            ? `Enable VMQ on the uplinks of '${c.switchName}' so migrated VMs keep their queues:`
            : `VMQ is off here because of the link (below 10 Gbps); expect lower throughput for VMs migrated to ${host}, or give '${c.switchName}' a 10 Gbps uplink like its peers.`,
          c.fix,
        ),
        fix: c.fix,
        locations: c.locations,
      });
    }
    return out;
  },
};

export const rule: Rule = {
  meta: {
    id: 'live-migration-vmq-fallback',
    title: 'Peers have VMQ on this switch, this host does not',
    category: 'fleet',
    defaultSeverity: 'info',
    needs: ['fleet'],
    docs: {
      what:
        "Across the hosts of one run, flags an external vSwitch on which this host does not use VMQ while peers use VMQ on the switch of the same name, the switch VMs live-migrate onto: typically a slower uplink, where the vSwitch leaves VMQ off, or VMQ disabled on one. VMQ disabled on a 10 GbE or faster uplink is vmq-disabled-on-uplink's finding and is not repeated here.",
      why:
        'A VM migrated to a host whose adapter does not do VMQ keeps working: the network VSP handles its packets in software, on the default queue. No error is logged, so the drop in throughput and the extra load on one core show up only as a performance complaint after the move.',
      severity:
        'Info: a VM that moves keeps working on the software path; the throughput drop is a planning concern, not a fault.',
      example: { description: 'Two hosts: vSwitch has a 10 GbE uplink with VMQ on HV01 and a 1 GbE uplink on HV02, where the vSwitch leaves VMQ off.', files: example(false) },
      fixed: { description: 'Both hosts have a 10 GbE uplink with VMQ on vSwitch.', files: example(true) },
      fix: "Set-VMSwitch -Name 'vSwitch' -NetAdapterName 'SLOT 2 Port 1'",
      references: ['A VM that moves to a host without VMQ falls back to the software path [D16]', 'SR-IOV and live migration: the synthetic path is the fallback [D17]', 'VMQ off below 10 Gbps [S4]'],
      assumptions: ['VMs migrate between switches of the same name (Hyper-V needs the name to match); the hosts of one run are taken as one migration domain.'],
    },
  },
  check({ host, fleet, options }) {
    return fleetCheck.judge(fleetCheck.prepare({ host, options }), host.name, fleet.map((h) => ({ host: h.name, summary: fleetCheck.summary(h) })));
  },
  fleet: fleetCheck as FleetCheck,
};
