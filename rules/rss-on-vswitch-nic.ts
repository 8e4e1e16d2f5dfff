/**
 * RSS where it cannot help or gets in the way: a vSwitch NIC with `*RSS` on and VMQ off (the
 * switch disables RSS), or a host NIC outside any vSwitch whose RSS set shares processors with a
 * VMQ NIC's set ([D1][D5][S3][S1] in docs/references.md).
 */
import type { Adapter, Host } from '../src/model/host.js';
import type { FixCommand, Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { formatLps, globalLp, logicalCount } from '../src/model/processors.js';
import { ExampleHost, X710 } from './lib/examples.js';
import { enableVmq, remediation } from './lib/fix.js';
import { advanced } from './lib/keywords.js';
import { speedClass } from './lib/links.js';
import { locate } from './lib/locations.js';
import { activeSets, applySet, describeSet, planFreeSet, rawSet, rssEnabled, setEvidence, sharedLps, type NamedSet, type SetKind } from './lib/psets.js';
import { boundNics, byName, switchOf } from './lib/topology.js';
import { vmqSetting } from './lib/vmq.js';

const MGMT = { name: 'Embedded LOM 1 Port 1', description: 'Intel(R) Ethernet Controller X550', gbps: 10 };

function example(rssBase: number): Record<string, string> {
  return new ExampleHost('HV01', '2019', { logical: 16, cores: 8 })
    .nic(X710[0], MGMT)
    .vmq(X710[0].name, { BaseProcessorNumber: 2, MaxProcessorNumber: 8, MaxProcessors: 4 })
    .rss(MGMT.name, { BaseProcessorNumber: rssBase, MaxProcessorNumber: 14, MaxProcessors: 2, NumberOfReceiveQueues: 2 })
    .vmSwitch('vSwitch', [X710[0].name], { AllowManagementOS: false })
    .files();
}

/**
 * An RSS set nobody configured: base 0 (or not exported) and no max below the default, as NDIS
 * sets it up. It spans every core by design, so sharing them with VMQ is advice, not a fault.
 */
function rssAtNdisDefaults(host: Host, a: Adapter, ns: NamedSet): boolean {
  const raw = rawSet(a, ns.set.source);
  const base = (raw.baseNumber?.value ?? 0) === 0 && (raw.baseGroup?.value ?? 0) === 0;
  // Get-NetAdapterRss reports the default max (63) as the host's last LP.
  const lpCount = logicalCount(host);
  const max = raw.maxNumber === undefined || raw.maxNumber.value === 63 || (lpCount !== undefined && globalLp(host, raw.maxGroup?.value ?? 0, raw.maxNumber.value) >= lpCount - 1);
  return base && max;
}

// Module-level helpers and loops, not arrow callbacks: check runs for every host, and a closure
// made per call loses its optimized code at each major GC.

/** Append a NIC's active sets of one kind, each with its NIC. */
function pushSetsOfKind(out: { a: Adapter; ns: NamedSet }[], host: Host, a: Adapter, kind: SetKind): void {
  for (const ns of activeSets(host, a)) if (ns.kind === kind) out.push({ a, ns });
}

function anyRssStateKnown(bound: readonly { adapter: Adapter }[]): boolean {
  for (const { adapter } of bound) if (rssEnabled(adapter) !== undefined) return true;
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'rss-on-vswitch-nic',
    title: 'RSS that the vSwitch disables, or that collides with VMQ',
    category: 'switch',
    defaultSeverity: 'warning',
    situational: [
      { severity: 'info', when: 'the host NIC\'s RSS set is at NDIS defaults (base 0, no max): it spans every core by design' },
      { severity: 'info', when: 'a vSwitch NIC with RSS on and VMQ off has no exported link speed (below 10 Gbps that is the recommended setup)' },
    ],
    docs: {
      what:
        "Flags (1) a NIC bound to a vSwitch with *RSS on and VMQ off whose link speed was not exported: the switch disables RSS, so nothing spreads its receive work (10 GbE+ uplinks with VMQ off are vmq-disabled-on-uplink's finding; below 10 Gbps VMQ off with RSS on is Microsoft's recommended setup, since one core carries 1 Gbps, and is not flagged); and (2) a host NIC outside every vSwitch whose RSS processor set shares LPs with the VMQ set of a vSwitch NIC.",
      why:
        '"RSS is always disabled when you create a virtual switch", so RSS on a vSwitch NIC is an expectation that will not be met: with VMQ off all receive work lands on one core. A host NIC whose RSS spreads over the same cores as VM queues makes host traffic (storage, live migration, backup) and VM traffic compete for those cores.',
      severity:
        'Warning for a configured RSS set that shares cores with VM queues (host and VM traffic measurably compete); info for an RSS set at NDIS defaults, which spans every core by design, and for RSS on with VMQ off where the link speed is unknown (below 10 Gbps that is Microsoft\'s recommended setup).',
      example: { description: 'A management NIC whose RSS set (LPs 4-14) shares cores with the vSwitch uplink\'s VMQ set (LPs 2,4,6,8).', files: example(4) },
      fixed: { description: 'The management NIC moved to LPs 10 and up.', files: example(10) },
      fix: "Set-NetAdapterRss -Name 'Embedded LOM 1 Port 1' -BaseProcessorNumber 10 -MaxProcessorNumber 12 -MaxProcessors 2",
      references: ['RSS cannot run with VMQ; the vSwitch disables RSS [D1][D5][S3]', '[D1][D5][S3]', '[S4]', 'RSS expected on a vSwitch-bound NIC [D5]'],
      assumptions: ['Overlap on core 0 is left to vmq-base-processor-zero.'],
    },
  },
  check({ host }) {
    if (host.switches.length === 0) return { notApplicable: 'no vSwitch exported (Get-VMSwitch)' };
    const bound = boundNics(host);
    const vmqSets: { a: Adapter; ns: NamedSet }[] = [];
    for (const { adapter } of bound) pushSetsOfKind(vmqSets, host, adapter, 'VMQ');
    const rssSets: { a: Adapter; ns: NamedSet }[] = [];
    for (const a of byName(host.adapters)) if (a.kind === 'physical' && !switchOf(host, a)) pushSetsOfKind(rssSets, host, a, 'RSS');
    const judgeable = anyRssStateKnown(bound) || (rssSets.length > 0 && vmqSets.length > 0);
    if (!judgeable) return { notApplicable: 'no RSS state of vSwitch NICs and no RSS/VMQ set pair to compare (Get-NetAdapterRss, Get-NetAdapterVmq or *RSS)' };
    const out: RuleReport[] = [];
    for (const { adapter: a, sw } of bound) {
      // 10 GbE and faster with VMQ off is vmq-disabled-on-uplink's finding; below 10 Gbps VMQ off
      // with RSS on is Microsoft's recommended setup (one core carries 1 Gbps), so not a finding.
      if (rssEnabled(a) !== true || vmqSetting(a).enabled !== false || speedClass(a) !== 'unknown') continue;
      const fix: FixCommand[] = [enableVmq(a)];
      const rssAt = a.rss?.at['enabled'] ?? advanced(a, '*RSS')?.at;
      const vmqAt = advanced(a, '*VMQ')?.value?.trim() === '0' ? advanced(a, '*VMQ')?.at : a.vmq?.at['enabled'];
      out.push({
        target: adapterTarget(a),
        property: '*RSS',
        // Advice: with the link speed unknown this may be a 1 GbE NIC, where it is the recommended setup.
        severity: 'info',
        message: `${a.name} under vSwitch '${sw.name}' has *RSS on and VMQ off: the vSwitch disables RSS on its NICs, so all receive work lands on one core (fine below 10 Gbps; the link speed was not exported)`,
        evidence: { switch: sw.name, rssEnabled: true, vmqEnabled: false, speedClass: speedClass(a) },
        remediation: remediation(`If '${a.name}' runs at 10 Gbps or more, use VMQ to spread its receive work:`, fix),
        fix,
        locations: locate(host, [rssAt, vmqAt], [a.at]),
      });
    }
    for (const { a, ns } of rssSets) {
      const hits = vmqSets
        .map((v) => ({ v, lps: sharedLps(host, ns.set, v.ns.set) }))
        .filter((x) => x.lps.length > 0);
      if (hits.length === 0) continue;
      const used = new Set(vmqSets.flatMap((v) => v.ns.set.lps));
      const plan = planFreeSet(host, used, Math.max(1, ns.set.lps.length), a.numaNode);
      const fix = plan ? applySet(host, a, ns, { group: plan.group, baseNumber: plan.baseNumber, maxNumber: plan.maxNumber, maxProcessors: plan.maxProcessors }) : [];
      const shared = [...new Set(hits.flatMap((h) => h.lps))].sort((x, y) => x - y);
      const atDefaults = rssAtNdisDefaults(host, a, ns);
      out.push({
        ...(atDefaults ? { severity: 'info' as const } : {}),
        target: adapterTarget(a),
        property: ns.set.source === 'rss' ? 'rss.baseProcessorNumber' : '*RssBaseProcNumber',
        message: `${a.name}: ${describeSet(ns)} shares LP ${formatLps(shared)} with the VMQ set of ${hits.map((h) => `'${h.v.a.name}' (LPs ${formatLps(h.v.ns.set.lps)})`).join(', ')}`,
        evidence: {
          rss: setEvidence(ns),
          overlaps: hits.map((h) => ({ adapter: h.v.a.name, vmq: setEvidence(h.v.ns), lps: h.lps, lpsText: formatLps(h.lps) })),
          proposed: plan ? { base: `${plan.group}:${plan.baseNumber}`, max: `${plan.group}:${plan.maxNumber}`, maxProcessors: plan.maxProcessors, lps: formatLps(plan.lps) } : null,
        },
        remediation: remediation(
          plan ? `Move the RSS set of '${a.name}' to processors no VMQ set uses:` : `No core is free of VMQ sets; narrow the VMQ sets or the RSS set of '${a.name}' so they do not share cores.`,
          fix,
        ),
        fix,
        locations: locate(host, [...ns.set.at, ...hits.flatMap((h) => h.v.ns.set.at)], [a.rss?.at, a.at]),
      });
    }
    return out;
  },
};
