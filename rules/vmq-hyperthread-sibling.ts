/**
 * On a hyper-threaded host: an odd base processor (other than LP 1, which is core 0's and owned by
 * vmq-base-processor-zero), or one NIC's queues placed on both siblings of a core ([S1][S3][F12] in
 * docs/references.md).
 */
import type { Adapter, Host, Loc } from '../src/model/host.js';
import type { Rule, RuleReport } from '../src/engine/types.js';
import { adapterTarget, quotePs } from '../src/engine/targets.js';
import { coreOf, coreZeroLpsIfInDoubt, formatLps, globalLp, groupSizes, hyperThreaded, siblingOf } from '../src/model/processors.js';
import { vSwitchUplinkExample } from './lib/examples.js';
import { remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { activeSets, applySettled, baseProperty, describeSet, noSetReason, rawSet, setEvidence, SHARED_PROCESSOR_KEYWORDS, type NamedSet } from './lib/psets.js';
import { byName } from './lib/topology.js';
import { pushAll } from '../src/model/bulk.js';

function example(base: number): Record<string, string> {
  return vSwitchUplinkExample({ BaseProcessorNumber: base, MaxProcessorNumber: 14, MaxProcessors: 4 });
}

/** LPs where a NIC's queues or RSS processors were observed, with where each was read. */
function observedLps(host: Host, a: Adapter): Map<number, Loc> {
  const seen = new Map<number, Loc>();
  for (const q of a.queues) for (const n of q.processors ?? []) if (!seen.has(globalLp(host, q.processorGroup ?? 0, n))) seen.set(globalLp(host, q.processorGroup ?? 0, n), q.at);
  const arrayAt = a.rss?.at['processorArray'] ?? a.rss?.at['enabled'];
  for (const p of a.rss?.processorArray ?? []) {
    const lp = globalLp(host, p.group, p.number);
    if (!seen.has(lp) && arrayAt) seen.set(lp, arrayAt);
  }
  return seen;
}

function oddBase(host: Host, a: Adapter, ns: NamedSet): RuleReport | undefined {
  const { base } = ns.set;
  if (base.number % 2 === 0) return undefined;
  if (coreZeroLpsIfInDoubt(host).includes(globalLp(host, base.group, base.number))) return undefined;
  const size = groupSizes(host)[base.group];
  const even = size !== undefined && base.number + 1 >= size ? base.number - 1 : base.number + 1;
  const raw = rawSet(a, ns.set.source);
  const maxNumber = raw.maxNumber !== undefined && raw.maxNumber.value < even ? even : undefined;
  const fix = applySettled(host, a, ns, { group: base.group, baseNumber: even, maxNumber });
  return {
    target: adapterTarget(a),
    property: baseProperty(ns.set.source),
    message: `${a.name}: ${describeSet(ns)} starts at odd LP ${base.group}:${base.number}, the hyper-thread sibling of LP ${base.group}:${base.number - 1}; start it at the even LP ${even}`,
    evidence: { set: setEvidence(ns), oddBase: `${base.group}:${base.number}`, siblingOf: `${base.group}:${base.number - 1}`, suggestedBase: even },
    remediation: remediation(`Start the ${ns.kind} set of '${a.name}' on an even LP so it uses one LP per core:`, fix),
    fix,
    locations: locate(host, [raw.baseNumber?.at, ...ns.set.at], [ns.kind === 'VMQ' ? a.vmq?.at : a.rss?.at, a.at]),
  };
}

function siblingPlacement(host: Host, a: Adapter, sets: NamedSet[]): RuleReport | undefined {
  const seen = observedLps(host, a);
  const zero = new Set(coreZeroLpsIfInDoubt(host));
  const pairs: [number, number][] = [];
  for (const lp of [...seen.keys()].sort((x, y) => x - y)) {
    const sib = siblingOf(host, lp);
    if (sib === undefined || sib < lp || !seen.has(sib) || zero.has(lp)) continue;
    pairs.push([lp, sib]);
  }
  if (pairs.length === 0) return undefined;
  const ns = sets[0];
  const fix = ns
    ? applySettled(host, a, ns, {
        group: ns.set.base.group,
        baseNumber: ns.set.base.number + (ns.set.base.number % 2),
        maxNumber: ns.set.max.number,
        maxProcessors: Math.max(1, ns.set.lps.length),
      })
    : [];
  const cores = pairs.map(([lp]) => coreOf(host, lp));
  const text = pairs.map(([x, y]) => `${x}+${y}`).join(', ');
  return {
    target: adapterTarget(a),
    property: a.queues.length > 0 ? 'queues' : 'rss.processorArray',
    message: `${a.name}: queues are placed on both hyper-threads of core${cores.length > 1 ? 's' : ''} ${cores.join(', ')} (LPs ${text})`,
    evidence: { siblingPairs: pairs, cores, observedLps: formatLps([...seen.keys()]), set: ns ? setEvidence(ns) : null },
    remediation: remediation(
      `Two hot queues on sibling hyper-threads share one core. Give '${a.name}' an even base and at most one processor per core, then restart the adapter so its queues are placed again${fix.length === 0 ? ` (Set-NetAdapterVmq -Name ${quotePs(a.name)} -BaseProcessorNumber <even LP>)` : ':'}`,
      fix,
    ),
    fix,
    locations: locate(host, pairs.flatMap(([x, y]) => [seen.get(x), seen.get(y)]), [a.at]),
  };
}

/**
 * Physical NICs, by name, with their active sets, that have a set or exported queue or RSS
 * processor placement. A loop, not callbacks: a closure made per call loses its optimized code at
 * each major GC.
 */
function placedNics(host: Host): { a: Adapter; sets: NamedSet[] }[] {
  const out: { a: Adapter; sets: NamedSet[] }[] = [];
  for (const a of byName(host.adapters)) {
    if (a.kind !== 'physical') continue;
    const sets = activeSets(host, a);
    if (sets.length > 0 || a.queues.length > 0 || (a.rss?.processorArray?.length ?? 0) > 0) out.push({ a, sets });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'vmq-hyperthread-sibling',
    title: 'VMQ or RSS set on hyper-thread siblings',
    category: 'processors',
    defaultSeverity: 'warning',
    docs: {
      what:
        "On a hyper-threaded host, flags a VMQ or RSS set whose base processor is odd (LP 1 excepted: that is core 0, reported by vmq-base-processor-zero), and a NIC whose queues (Get-NetAdapterVmqQueue) or RSS processor array were placed on both hyper-threads of one core.",
      why:
        'The siblings 2k and 2k+1 share one physical core. Dynamic VMQ spreads over one LP per core, the even ones; a set on odd LPs, or two busy queues on siblings, gets roughly one core\'s worth of work done where two were expected.',
      severity:
        'Warning: two queues on the siblings of one core get about one core\'s worth of work done, a measurable loss under load.',
      example: { description: 'A vSwitch uplink with BaseProcessorNumber 3 on a 16-LP hyper-threaded host.', files: example(3) },
      fixed: { description: 'The same NIC starting at the even LP 4.', files: example(4) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -BaseProcessorNumber 4",
      references: ['[S1][S3][B9]', '[F12]'],
      assumptions: [
        SHARED_PROCESSOR_KEYWORDS,
        'Siblings are LPs 2k and 2k+1 of a group (https://learn.microsoft.com/windows-server/networking/technologies/nic-teaming/nic-teaming: "If in doubt assume" two LPs per core); whether 2016+ VMMQ/RSSv2 still skip odd LPs is UNCONFIRMED (no Microsoft page says).',
      ],
    },
  },
  check({ host }) {
    const ht = hyperThreaded(host);
    if (ht === undefined) return { notApplicable: 'hyper-threading unknown (needs Win32_Processor NumberOfCores and NumberOfLogicalProcessors)' };
    const nics = placedNics(host);
    if (nics.length === 0) return { notApplicable: noSetReason(host, 'no VMQ or RSS processor set or queue placement exported') };
    if (!ht) return [];
    const out: RuleReport[] = [];
    for (const { a, sets } of nics) {
      const odd = sets.map((ns) => oddBase(host, a, ns)).filter((f): f is RuleReport => f !== undefined);
      pushAll(out, odd);
      // An odd base is why queues sit on siblings; that fact is reported once, above.
      if (odd.length === 0) {
        const placed = siblingPlacement(host, a, sets);
        if (placed) out.push(placed);
      }
    }
    return out;
  },
};
