/**
 * A processor set that does not fit the host: base or max beyond the host's LPs, MaxProcessors
 * larger than the set can give, or LPs outside the NIC's NUMA node.
 */
import type { Adapter, Host } from '../src/model/host.js';
import type { Rule, RuleReport, Severity } from '../src/engine/types.js';
import { adapterTarget } from '../src/engine/targets.js';
import {
  coreZeroLpsIfInDoubt,
  formatLps,
  globalLp,
  groupNumberOf,
  groupSizes,
  hyperThreaded,
  logicalCount,
  MAX_PROC_PER_GROUP,
  perCoreLps,
  type ProcessorSet,
} from '../src/model/processors.js';
import { vSwitchUplinkExample } from './lib/examples.js';
import { advanced, parseNumber, valueProblem } from './lib/keywords.js';
import { remediation } from './lib/fix.js';
import { locate } from './lib/locations.js';
import { adaptersWithSets, applySet, applySettled, describeSet, noSetReason, placementLps, rawSet, setEvidence, type NamedSet, type RawValue } from './lib/psets.js';

interface Options {
  /**
   * Do not flag values left at their documented defaults, which NDIS caps to the host
   *: MaxProcessors 16 (or the driver's Ndi default) and max processor 63.
   */
  ignoreDriverDefaults?: boolean;
}

/** *MaxRssProcessors default ([D2] in docs/references.md). */
const DEFAULT_MAX_PROCESSORS = 16;

/** *RssMaxProcNumber default, MAXIMUM_PROC_PER_GROUP - 1 ([D2] in docs/references.md). */
const DEFAULT_MAX_NUMBER = MAX_PROC_PER_GROUP - 1;

function example(maxNumber: number): Record<string, string> {
  return vSwitchUplinkExample({ BaseProcessorNumber: 2, MaxProcessorNumber: maxNumber, MaxProcessors: 4 });
}

/** The keyword behind a raw value, when the set came from keywords and registry-value-invalid owns its range. */
function ownedByValueRule(a: Adapter, ns: NamedSet, keyword: string): boolean {
  if (ns.set.source !== 'keywords') return false;
  const p = advanced(a, keyword);
  return p !== undefined && valueProblem(p) !== undefined;
}

/** RSS profiles that spread across NUMA nodes by design (standardized-inf-keywords-for-rss). */
const NUMA_SCALING = new Set(['numascaling', 'numascalingstatic']);

/** The RSS profile the NIC runs: Get-NetAdapterRss, else `*RSSProfile`; undefined when neither was exported. */
function rssProfile(a: Adapter): string | undefined {
  if (a.rss?.profile !== undefined) return a.rss.profile;
  const code = advanced(a, '*RSSProfile')?.value?.trim();
  const names: Record<string, string> = { '1': 'ClosestProcessor', '2': 'ClosestProcessorStatic', '3': 'NUMAScaling', '4': 'NUMAScalingStatic', '5': 'ConservativeScaling', '6': 'NdisRssProfileBalanced' };
  return code !== undefined ? names[code] : undefined;
}

/**
 * Why a set's NUMA placement is not judged, or undefined when it is: a set at its defaults (base 0
 * and no max, or the default max) leaves placement to NDIS, and the NUMAScaling profiles (the
 * default is NUMAScalingStatic) spread across nodes by design. An RSS set whose profile was not
 * exported runs the default profile.
 */
function numaNotJudged(host: Host, a: Adapter, ns: NamedSet, raw: ReturnType<typeof rawSet>): string | undefined {
  const baseDefault = (raw.baseNumber?.value ?? 0) === 0 && (raw.baseGroup?.value ?? 0) === 0;
  const lpCount = logicalCount(host) ?? 0;
  const maxDefault = raw.maxNumber === undefined || raw.maxNumber.value === DEFAULT_MAX_NUMBER || globalLp(host, raw.maxGroup?.value ?? ns.set.base.group, raw.maxNumber.value) >= lpCount - 1;
  if (baseDefault && maxDefault) return 'set at its defaults';
  const profile = rssProfile(a);
  if (profile !== undefined && NUMA_SCALING.has(profile.toLowerCase())) return `RSS profile ${profile}`;
  if (profile === undefined && ns.kind === 'RSS') return 'RSS profile not exported (default NUMAScalingStatic)';
  return undefined;
}

function setFor(set: ProcessorSet): string {
  return `${set.base.group}:${set.base.number}`;
}

/** The per-core LPs a set's range offers before MaxProcessors caps it. */
function perCoreCount(host: Host, set: ProcessorSet): number {
  return perCoreLps(host, set.range).length;
}

/** The last group-relative LP number of group `g` (-1 for a group the host does not have). */
function lastInGroup(sizes: readonly number[], g: number): number {
  return (sizes[g] ?? 0) - 1;
}

export const rule: Rule<Options> = {
  meta: {
    id: 'vmq-processor-out-of-range',
    title: 'Processor set outside the host or the NIC\'s NUMA node',
    category: 'processors',
    defaultSeverity: 'error',
    situational: [
      { severity: 'warning', when: "a configured set leaves the NIC's NUMA node under a non-NUMAScaling RSS profile (remote memory costs, Windows works)" },
      { severity: 'info', when: 'MaxProcessors asks for more processors than the range offers (harmless: NDIS uses what the range offers)' },
    ],
    optionsSchema: {
      type: 'object',
      properties: { ignoreDriverDefaults: { type: 'boolean' } },
      additionalProperties: false,
    },
    defaultOptions: { ignoreDriverDefaults: true },
    docs: {
      what:
        "Flags a NIC's active VMQ or RSS set whose base or max processor lies beyond the host's logical processors (or its processor group), whose MaxProcessors asks for more processors than the range from base to max offers (one per core on a hyper-threaded host), or whose LPs lie outside the NIC's NUMA node as Get-NetAdapterHardwareInfo reports it.",
      why:
        'A set beyond the host is not what the driver uses: NDIS clips or ignores it and the NIC ends up on processors nobody chose, often core 0. A MaxProcessors larger than the range promises spreading that cannot happen (a quad-core host with max 6 and base 1 uses at most 3 CPUs). Processors on another NUMA node than the NIC pay remote-memory costs on every packet.',
      severity:
        'Error for a base or max beyond the host: Windows does not run the set that was configured. Warning for a configured set off the NIC\'s NUMA node under a non-NUMAScaling profile: remote memory costs every packet, a measurable loss. Info for MaxProcessors above what the range offers: harmless, NDIS uses what the range offers.',
      example: { description: 'MaxProcessorNumber 20 on a 16-LP host.', files: example(20) },
      fixed: { description: 'MaxProcessorNumber 14, inside the host.', files: example(14) },
      fix: "Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessorNumber 14",
      references: ['[P3][D2]', 'NUMA; CPU budget [D2][D20]', '*MaxRssProcessors, MAXIMUM_PROC_PER_GROUP [D2][D22]'],
      assumptions: [
        'The NUMA check needs Get-NetAdapterHardwareInfo NumaNode and the host NUMA layout; without them only the LP-range checks run.',
        'The NUMA check judges only a set someone configured (a base or max other than the defaults) under an RSS profile other than NUMAScaling or NUMAScalingStatic: those profiles, NUMAScalingStatic being the default, spread across nodes by design (https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-rss). An RSS set whose profile was not exported is taken to run the default; a VMQ set is judged unless the NIC exports a NUMAScaling profile.',
        'Values left at their documented defaults (MaxProcessors 16 or the driver default, max processor number 63) are not flagged by default, because NDIS caps them to the host (https://learn.microsoft.com/windows-hardware/drivers/network/standardized-inf-keywords-for-rss).',
      ],
      options: 'ignoreDriverDefaults (default true): skip values left at their documented defaults, which NDIS caps to the host: MaxProcessors 16 (or the driver\'s own default) and max processor number 63.',
    },
  },
  check({ host, options }) {
    const lpCount = logicalCount(host);
    if (lpCount === undefined) return { notApplicable: 'logical processor count unknown (needs Get-ComputerInfo CsNumberOfLogicalProcessors or Win32_Processor)' };
    const nics = adaptersWithSets(host);
    if (nics.length === 0) return { notApplicable: noSetReason(host, 'no VMQ or RSS processor set exported (Get-NetAdapterVmq, Get-NetAdapterRss or the *Rss* processor keywords)') };
    const sizes = groupSizes(host);
    const ignoreDefaults = options.ignoreDriverDefaults ?? true;
    const out: RuleReport[] = [];
    for (const { a, sets } of nics) {
      for (const ns of sets) {
        const raw = rawSet(a, ns.set.source);
        const fallbacks = [ns.kind === 'VMQ' ? a.vmq?.at : a.rss?.at, a.at];
        let severity: Severity | undefined;
        const report = (property: string, message: string, evidence: Record<string, unknown>, at: (RawValue | undefined)[], fix: ReturnType<typeof applySet>, text: string): void => {
          const graded = severity;
          severity = undefined;
          out.push({
            ...(graded ? { severity: graded } : {}),
            target: adapterTarget(a),
            property,
            message,
            evidence: { set: setEvidence(ns), logicalProcessors: lpCount, groupSizes: sizes, ...evidence },
            remediation: remediation(text, fix),
            fix,
            locations: locate(host, at.map((r) => r?.at), fallbacks),
          });
        };
        const prefix = ns.set.source === 'vmq' ? 'vmq.' : ns.set.source === 'rss' ? 'rss.' : '';
        // Base beyond the host or its group.
        const baseGlobal = globalLp(host, ns.set.base.group, ns.set.base.number);
        const baseOutside = ns.set.base.group >= sizes.length || ns.set.base.number > lastInGroup(sizes, ns.set.base.group) || baseGlobal >= lpCount;
        if (raw.baseNumber && baseOutside && !ownedByValueRule(a, ns, '*RssBaseProcNumber')) {
          const fix = applySet(host, a, ns, { group: 0, baseNumber: hyperThreaded(host) === false ? 1 : 2 });
          report(
            prefix ? `${prefix}baseProcessorNumber` : '*RssBaseProcNumber',
            `${a.name}: ${ns.kind} base processor ${setFor(ns.set)} is beyond the host's ${lpCount} logical processors (group sizes ${sizes.join(', ')})`,
            { base: setFor(ns.set) },
            [raw.baseNumber, raw.baseGroup],
            fix,
            `Point the ${ns.kind} set of '${a.name}' at processors that exist:`,
          );
          continue;
        }
        // Max beyond the host or the base's group.
        const maxGroup = raw.maxGroup?.value ?? ns.set.base.group;
        const maxIsDefault = raw.maxNumber?.value === DEFAULT_MAX_NUMBER && (raw.maxGroup?.value ?? 0) === 0;
        if (raw.maxNumber && !(ignoreDefaults && maxIsDefault) && !ownedByValueRule(a, ns, '*RssMaxProcNumber')) {
          const maxGlobal = globalLp(host, maxGroup, raw.maxNumber.value);
          if (maxGroup >= sizes.length || raw.maxNumber.value > lastInGroup(sizes, maxGroup) || maxGlobal >= lpCount) {
            const fixedMax = Math.max(lastInGroup(sizes, Math.min(maxGroup, sizes.length - 1)), 0);
            const fix = applySet(host, a, ns, { group: ns.set.base.group, maxNumber: fixedMax });
            report(
              prefix ? `${prefix}maxProcessorNumber` : '*RssMaxProcNumber',
              `${a.name}: ${ns.kind} max processor ${maxGroup}:${raw.maxNumber.value} is beyond the host's ${lpCount} logical processors (last LP of group ${maxGroup} is ${lastInGroup(sizes, maxGroup)})`,
              { max: `${maxGroup}:${raw.maxNumber.value}`, suggestedMax: fixedMax },
              [raw.maxNumber, raw.maxGroup],
              fix,
              `Cap the ${ns.kind} set of '${a.name}' at the host's last LP:`,
            );
          }
        }
        // MaxProcessors larger than the range offers.
        const available = perCoreCount(host, ns.set);
        const mp = raw.maxProcessors?.value;
        const driverDefault = ns.set.source === 'keywords' ? parseNumber(advanced(a, '*MaxRssProcessors')?.meta?.defaultValue) : undefined;
        const isDefault = mp === DEFAULT_MAX_PROCESSORS || (mp !== undefined && mp === driverDefault);
        if (mp !== undefined && available > 0 && mp > available && !(ignoreDefaults && isDefault) && !ownedByValueRule(a, ns, '*MaxRssProcessors')) {
          const fix = applySet(host, a, ns, { maxProcessors: available });
          // Harmless: NDIS spreads over what the range offers, so this is advice.
          severity = 'info';
          report(
            prefix ? `${prefix}maxProcessors` : '*MaxRssProcessors',
            `${a.name}: ${ns.kind} MaxProcessors ${mp} exceeds the ${available} processor${available === 1 ? '' : 's'} its range offers (LPs ${formatLps(ns.set.lps)}${hyperThreaded(host) ? ', one per core' : ''})`,
            { maxProcessors: mp, available },
            [raw.maxProcessors],
            fix,
            `Set MaxProcessors of '${a.name}' to what its range offers, or widen the range:`,
          );
        }
        // NUMA: every LP the set may use should be on the NIC's node.
        if (a.numaNode !== undefined && a.numaNode < 65535 && numaNotJudged(host, a, ns, raw) === undefined) {
          const node = host.processors.numaNodes.find((n) => n.id === a.numaNode);
          if (node) {
            const onNode = new Set(node.lps);
            const outside = placementLps(ns.set).filter((lp) => !onNode.has(lp));
            if (outside.length > 0) {
              const nodeLps = [...node.lps].sort((x, y) => x - y);
              const zero = new Set(coreZeroLpsIfInDoubt(host));
              const usable = perCoreLps(host, nodeLps).filter((lp) => !zero.has(lp));
              const first = usable.length > 0 ? groupNumberOf(host, usable[0]) : undefined;
              const last = usable.length > 0 ? groupNumberOf(host, usable[usable.length - 1]) : undefined;
              const fix =
                first && last && first.group === last.group
                  ? applySettled(host, a, ns, {
                      group: first.group,
                      baseNumber: first.number,
                      maxNumber: last.number,
                      maxProcessors: Math.min(usable.length, raw.maxProcessors?.value ?? usable.length),
                    })
                  : [];
              severity = 'warning';
              report(
                prefix ? `${prefix}baseProcessorNumber` : '*RssBaseProcNumber',
                `${a.name}: ${describeSet(ns)} uses LPs ${formatLps(outside)} outside the NIC's NUMA node ${a.numaNode} (LPs ${formatLps(nodeLps)})`,
                { numaNode: a.numaNode, nodeLps: formatLps(nodeLps), outsideLps: outside },
                [raw.baseNumber, raw.maxNumber, { value: a.numaNode, at: a.at['numaNode'] }],
                fix,
                `Keep the ${ns.kind} set of '${a.name}' on NUMA node ${a.numaNode}${fix.length === 0 ? ` (LPs ${formatLps(nodeLps)})` : ':'}`,
              );
            }
          }
        }
      }
    }
    return out;
  },
};
