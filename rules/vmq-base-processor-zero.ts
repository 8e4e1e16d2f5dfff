/** A VMQ or RSS processor set that includes core 0. */
import type { Adapter, Host } from '../src/model/host.js';
import type { Rule, RuleReport, Severity } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import { formatLps, hyperThreaded, logicalCount } from '../src/model/processors.js';
import { vSwitchUplinkExample } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { atLeast } from '../src/model/release-order.js';
import { advanced } from './lib/keywords.js';
import { adaptersWithSets, applySettled, baseProperty, coreZeroIn, describeSet, noSetReason, rawSet, setEvidence, type NamedSet } from './lib/psets.js';
import { switchOf, teamOf } from './lib/topology.js';

/**
 * Whether someone turned VMMQ off on the NIC: `*RssOnHostVPorts` 0 where the driver's default is
 * not 0. A driver that ships it off, left at its default, is still "at defaults".
 */
function vmmqTurnedOff(a: Adapter): boolean {
  const p = advanced(a, '*RssOnHostVPorts');
  if (p?.value?.trim() !== '0' || p.fromDefault) return false;
  const def = p.meta?.defaultValue?.trim();
  return def !== '0';
}

/**
 * The situational grade of a set on core 0, with why; undefined keeps the default (warning). The
 * core-0 guidance is for VMQ sets and teams: an RSS set (a NIC outside any vSwitch) is advice. On
 * 2019 and later a SET member whose VMMQ setting was not turned off is advice too:
 * Microsoft's guidance there is to keep the defaults and let d.VMMQ place the queues.
 */
function grade(host: Host, a: Adapter, ns: NamedSet): { severity: Severity; why: string } | undefined {
  if (ns.kind === 'RSS') return { severity: 'info', why: 'RSS outside a vSwitch: the core-0 guidance is for VMQ sets and teams, so this is advice' };
  const team = teamOf(host, a);
  const sw = switchOf(host, a);
  const setMember = team?.kind === 'set' || (sw?.embeddedTeaming === true && team === undefined);
  if (setMember && atLeast(host.os.release, '2019') && !vmmqTurnedOff(a)) {
    return { severity: 'info', why: 'SET on Windows Server 2019 or later with VMMQ at its defaults: Microsoft advises keeping the defaults there' };
  }
  return undefined;
}

function example(base: number): Record<string, string> {
  return vSwitchUplinkExample({ BaseProcessorNumber: base, MaxProcessorNumber: 14, MaxProcessors: 4 });
}

export const rule: Rule = {
  meta: {
    id: 'vmq-base-processor-zero',
    title: 'VMQ or RSS processor set includes core 0',
    category: 'processors',
    defaultSeverity: 'warning',
    situational: [
      { severity: 'info', when: 'the set is an RSS set of a NIC outside any vSwitch (the core-0 guidance is for VMQ sets and teams)' },
      { severity: 'info', when: 'the NIC is a SET member on Windows Server 2019 or later with VMMQ at its defaults (*RssOnHostVPorts not turned off): keep the defaults' },
    ],
    docs: {
      what:
        'Flags a NIC whose active VMQ set (under a vSwitch) or RSS set (outside one) includes core 0: LP 0, and LP 1 on a hyper-threaded host. The set is read from Get-NetAdapterVmq / Get-NetAdapterRss, or from the shared *RssBaseProcNumber keywords.',
      why:
        'Core 0 "typically does most of the system processing". Receive interrupts and DPCs for VM queues on that core compete with the host itself, and a busy queue there starves the management OS. Microsoft\'s teaming and SET guidance is to start the set at an even LP of 2 or more on hyper-threaded hosts and at 1 or more otherwise (https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming).',
      severity:
        'Warning for a VMQ set on core 0 (a busy queue there measurably slows the host); info for the RSS set of a NIC outside any vSwitch, whose NDIS default starts at 0 and to which the core-0 guidance (written for VMQ sets and teams) does not speak, and for a SET member on 2019 and later with Dynamic VMMQ on, where Microsoft\'s guidance is to keep the defaults.',
      example: { description: 'A 10 GbE uplink of a vSwitch with BaseProcessorNumber 0 on a 16-LP hyper-threaded host.', files: example(0) },
      fixed: { description: 'The same NIC starting at LP 2.', files: example(2) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 2",
      references: ['[S1][S3][B12]', 'Keep the base processor off core 0 [S1][S3]', '[F18]'],
      assumptions: [
        'When the export does not tell whether the host is hyper-threaded, LP 1 is treated as part of core 0 ("If in doubt assume" two LPs per core, https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming).',
        'Set-NetAdapterVmq base/max map onto *RssBaseProcNumber/*RssMaxProcNumber (UNCONFIRMED one-to-one mapping: https://learn.microsoft.com/powershell/module/netadapter/set-netadaptervmq documents the parameters, not the keywords they write); the fix uses the interface the set was read from.',
      ],
    },
  },
  check({ host }) {
    const nics = adaptersWithSets(host);
    if (nics.length === 0) return { notApplicable: noSetReason(host, 'no VMQ or RSS processor set exported (Get-NetAdapterVmq, Get-NetAdapterRss or the *Rss* processor keywords)') };
    const ht = hyperThreaded(host);
    const lpCount = logicalCount(host);
    const newBase = ht === false ? 1 : 2;
    const out: RuleReport[] = [];
    for (const { a, sets } of nics) {
      for (const ns of sets) {
        const hits = coreZeroIn(host, ns.set);
        if (hits.length === 0) continue;
        const raw = rawSet(a, ns.set.source);
        const base = ns.set.base.number;
        // Keep the span of the set; pull the max up when it would fall below the new base.
        let maxNumber: number | undefined;
        if (raw.maxNumber !== undefined && raw.maxNumber.value < newBase) {
          const span = Math.max(0, raw.maxNumber.value - base);
          maxNumber = newBase + span;
          if (lpCount !== undefined) maxNumber = Math.min(maxNumber, lpCount - 1);
        }
        const fix = applySettled(host, a, ns, { group: 0, baseNumber: newBase, maxNumber });
        const htText = ht === true ? 'hyper-threaded host' : ht === false ? 'host without hyper-threading' : 'host whose hyper-threading is unknown (assumed on)';
        // An odd base on core 0 (LP 1): the per-core LPs listed skip it, but the base and static placement use it.
        const what = hits.some((lp) => ns.set.lps.includes(lp))
          ? `includes core 0 (LP ${formatLps(hits)}) on a ${htText}`
          : `starts at LP ${formatLps(hits)}, on core 0 of a ${htText}: spreading skips it, but the base processor and static queue placement use it`;
        const graded = grade(host, a, ns);
        out.push({
          ...(graded ? { severity: graded.severity } : {}),
          target: adapterTarget(a),
          property: baseProperty(ns.set.source),
          message: `${a.name}: ${describeSet(ns)} ${what}; start it at LP ${newBase} or higher${graded ? ` (advice: ${graded.why})` : ''}`,
          evidence: { set: setEvidence(ns), coreZeroLps: hits, hyperThreading: ht ?? null, suggestedBase: newBase, ...(graded ? { graded: graded.why } : {}) },
          remediation: remediation(`Move the ${ns.kind} set of '${a.name}' off core 0:`, fix),
          fix,
          locations: locate(host, [raw.baseNumber?.at, raw.baseGroup?.at, ...ns.set.at], [ns.kind === 'VMQ' ? a.vmq?.at : a.rss?.at, a.at]),
        });
      }
    }
    return out;
  },
};
