/**
 * A host's fix plan: the commands its findings propose, resolved so that the plan sets every value
 * once. `lint --fix-script` prints it; src/engine/apply-plan.ts applies it to the model.
 *
 * Commands are grouped by the value they set (FixCommand.effect), and each group becomes one
 * command. Where findings ask for different values, the precedence is:
 * 1. Processor sets (base/max/MaxProcessors of one NIC, through Set-NetAdapterVmq,
 *    Set-NetAdapterRss or the `*Rss*` keywords alike: they are assumed to write the same
 *    registry values): the finding whose fix sets more processor values (on any NIC) wins each value
 *    it sets (a whole new set, e.g. disjoint team sets, is not undone by a one-value nudge); then
 *    the earlier finding. The plan applies the result through the winner's interface, in one command.
 * 2. VMQ or RSS on/off: off wins (a documented setup turns it off, e.g. VMQ below 10 Gbps); the
 *    VMQ processor-set tuning of a NIC whose VMQ goes off is left out.
 * 3. VmqWeight: a raise wins over a lower (a rule that saw the vNIC starve under the traffic
 *    profile knows more than a queue count); among equals, the earlier finding.
 * 4. An advanced keyword: a value change wins over a retype that restates the old value, and the
 *    retype then writes the winning value; among value changes, the earlier finding.
 * 5. VMSMP values and switch settings: the earlier finding.
 * Commands without a value slot (switch re-creation, team changes) are de-duplicated by text.
 */
import { newAdvancedProperty } from './advanced-fix.js';
import { ordinal } from './catalog.js';
import { quotePs } from './targets.js';
import type { Finding, FixCommand, FixEffect, ProcessorValues } from './types.js';

/** One command of the plan and the findings that asked for it. */
export interface PlanStep {
  fix: FixCommand;
  findings: Finding[];
  /** Position of the finding that first asked for it, and of the command in that finding's fix. */
  order: [number, number];
}

/** A NIC whose VMQ processor-set tuning the plan leaves out, the findings that asked for it, and who turns VMQ off. */
export interface DroppedTuning {
  adapter: string;
  tuning: Finding[];
  off: Finding[];
}

/** A host's resolved plan, in safe order (phase, then finding order). */
export interface HostPlan {
  steps: PlanStep[];
  dropped: DroppedTuning[];
}

interface Entry {
  finding: Finding;
  fi: number;
  cj: number;
  fix: FixCommand;
}

const FIELDS: (keyof ProcessorValues)[] = ['baseGroup', 'baseNumber', 'maxGroup', 'maxNumber', 'maxProcessors'];
const PARAMETER: Record<keyof ProcessorValues, string> = {
  baseGroup: '-BaseProcessorGroup',
  baseNumber: '-BaseProcessorNumber',
  maxGroup: '-MaxProcessorGroup',
  maxNumber: '-MaxProcessorNumber',
  maxProcessors: '-MaxProcessors',
};
const KEYWORD: Record<keyof ProcessorValues, string> = {
  baseGroup: '*RssBaseProcGroup',
  baseNumber: '*RssBaseProcNumber',
  maxGroup: '*RssMaxProcGroup',
  maxNumber: '*RssMaxProcNumber',
  maxProcessors: '*MaxRssProcessors',
};
const KEYWORD_FIELD = new Map(FIELDS.map((f) => [KEYWORD[f].toLowerCase(), f]));

/** The processor values a command writes, when it writes any (a processor keyword counts). */
function processorValues(e: FixEffect): { adapter: string; via: 'vmq' | 'rss' | 'keywords'; values: ProcessorValues } | undefined {
  if (e.kind === 'processors') return e;
  if (e.kind === 'advanced' && e.value !== null && e.type === undefined) {
    const field = KEYWORD_FIELD.get(e.keyword.toLowerCase());
    const n = Number(e.value);
    if (field && Number.isInteger(n)) return { adapter: e.adapter, via: 'keywords', values: { [field]: n } };
  }
  return undefined;
}

/** VMQ or RSS turned on or off by a command (the cmdlets or `*VMQ` / `*RSS`). */
function offload(e: FixEffect): { adapter: string; feature: 'vmq' | 'rss'; enabled: boolean } | undefined {
  if (e.kind === 'offload') return e;
  if (e.kind === 'advanced' && e.value !== null && e.type === undefined) {
    const k = e.keyword.toLowerCase();
    if (k === '*vmq' || k === '*rss') return { adapter: e.adapter, feature: k === '*vmq' ? 'vmq' : 'rss', enabled: e.value.trim() !== '0' };
  }
  return undefined;
}

/** The value a command sets, as a key shared by every command that sets it. */
function slotOf(fix: FixCommand): string {
  const e = fix.effect;
  if (!e) return `cmd\0${fix.phase}\0${fix.command}`;
  const p = processorValues(e);
  if (p) return `proc\0${p.adapter}`;
  const o = offload(e);
  if (o) return `${o.feature}\0${o.adapter}`;
  switch (e.kind) {
    case 'advanced':
      return `kw\0${e.adapter}\0${e.keyword.toLowerCase()}`;
    case 'vmq-weight':
      return `weight\0${e.vnic}`;
    case 'vmsmp':
      return `vmsmp\0${e.name}`;
    case 'switch-settings':
      return `switch\0${e.switch}`;
    default:
      return `cmd\0${fix.phase}\0${fix.command}`;
  }
}

function findingsOf(entries: readonly Entry[]): Finding[] {
  const out: Finding[] = [];
  for (const e of entries) if (!out.includes(e.finding)) out.push(e.finding);
  return out;
}

function firstOrder(entries: readonly Entry[]): [number, number] {
  const e = [...entries].sort((a, b) => a.fi - b.fi || a.cj - b.cj)[0];
  return [e.fi, e.cj];
}

/** One processor-set command per NIC: values by precedence 1, through the winner's interface. */
function resolveProcessors(entries: readonly Entry[]): PlanStep[] {
  if (entries.length === 1) return [{ fix: entries[0].fix, findings: [entries[0].finding], order: [entries[0].fi, entries[0].cj] }];
  // A finding's weight: every processor value its whole fix sets, on any NIC (a team plan that
  // moves both members outweighs a one-NIC nudge).
  const weight = new Map<number, number>();
  for (const e of entries) {
    if (weight.has(e.fi)) continue;
    const all = (e.finding.fix ?? []).map((f) => (f.effect ? processorValues(f.effect) : undefined));
    weight.set(e.fi, all.reduce((n, p) => n + (p ? Object.values(p.values).filter((v) => v !== undefined).length : 0), 0));
  }
  const ranked = [...entries].sort((a, b) => (weight.get(b.fi) ?? 0) - (weight.get(a.fi) ?? 0) || a.fi - b.fi || a.cj - b.cj);
  const values = new Map<keyof ProcessorValues, number>();
  for (const e of ranked) {
    const v = processorValues(e.fix.effect!)!.values;
    for (const f of FIELDS) if (v[f] !== undefined && !values.has(f)) values.set(f, v[f]!);
  }
  const winner = ranked[0];
  const { adapter, via } = processorValues(winner.fix.effect!)!;
  const base: FixCommand = { command: '', disruption: winner.fix.disruption, phase: winner.fix.phase };
  const vmqFlag = entries.find((e) => e.fix.vmq)?.fix.vmq;
  if (vmqFlag) base.vmq = { ...vmqFlag };
  const findings = findingsOf(entries);
  const order = firstOrder(entries);
  if (via === 'keywords') {
    return FIELDS.filter((f) => values.has(f)).map((f, i) => {
      const head = `Set-NetAdapterAdvancedProperty -Name ${quotePs(adapter)} -RegistryKeyword ${quotePs(KEYWORD[f])}`;
      const value = String(values.get(f));
      return {
        fix: { ...base, command: `${head} -RegistryValue ${value}`, merge: { head, parameters: [['-RegistryValue', value]], subject: `processor set of ${quotePs(adapter)}` }, effect: { kind: 'processors', adapter, via, values: { [f]: values.get(f) } } },
        findings,
        order: [order[0], order[1] + i / 100],
      };
    });
  }
  // The cmdlet takes no max group for VMQ (Set-NetAdapterVmq has none).
  const head = `${via === 'vmq' ? 'Set-NetAdapterVmq' : 'Set-NetAdapterRss'} -Name ${quotePs(adapter)}`;
  const ordered: (keyof ProcessorValues)[] = [];
  for (const e of ranked) {
    const v = processorValues(e.fix.effect!)!.values;
    for (const f of FIELDS) if (v[f] !== undefined && !ordered.includes(f) && !(via === 'vmq' && f === 'maxGroup')) ordered.push(f);
  }
  const parameters: [string, string][] = ordered.map((f) => [PARAMETER[f], String(values.get(f))]);
  const resolved: ProcessorValues = Object.fromEntries(ordered.map((f) => [f, values.get(f)]));
  return [
    {
      fix: { ...base, command: [head, ...parameters.map(([n, x]) => `${n} ${x}`)].join(' '), merge: { head, parameters, subject: `processor set of ${quotePs(adapter)}` }, effect: { kind: 'processors', adapter, via, values: resolved } },
      findings,
      order,
    },
  ];
}

/** Precedence 2: off wins. */
function resolveOffload(entries: readonly Entry[]): PlanStep[] {
  const off = entries.find((e) => offload(e.fix.effect!)?.enabled === false);
  const winner = off ?? entries[0];
  return [{ fix: winner.fix, findings: findingsOf(entries), order: firstOrder(entries) }];
}

/** Precedence 3: the highest VmqWeight wins (a raise over a lower). */
function resolveWeight(entries: readonly Entry[]): PlanStep[] {
  const value = (e: Entry): number => (e.fix.effect?.kind === 'vmq-weight' ? e.fix.effect.value : 0);
  const winner = [...entries].sort((a, b) => value(b) - value(a) || a.fi - b.fi || a.cj - b.cj)[0];
  return [{ fix: winner.fix, findings: findingsOf(entries), order: firstOrder(entries) }];
}

/** Precedence 4: one value per keyword; a retype carries the winning value. */
function resolveKeyword(entries: readonly Entry[]): PlanStep[] {
  const eff = (e: Entry) => e.fix.effect as Extract<FixEffect, { kind: 'advanced' }>;
  const sets = entries.filter((e) => eff(e).value !== null && eff(e).type === undefined);
  const creates = entries.filter((e) => eff(e).value !== null && eff(e).type !== undefined);
  const removes = entries.filter((e) => eff(e).value === null);
  const findings = findingsOf(entries);
  const order = firstOrder(entries);
  const value = sets.length > 0 ? eff(sets[0]).value! : creates.length > 0 ? eff(creates[0]).value! : null;
  if (creates.length === 0 && removes.length === 0) return [{ fix: sets[0].fix, findings, order }];
  const steps: PlanStep[] = [];
  if (removes.length > 0) steps.push({ fix: removes[0].fix, findings, order: [order[0], order[1]] });
  if (creates.length > 0 && value !== null) {
    const c = eff(creates[0]);
    const fix = value === c.value ? creates[0].fix : { ...newAdvancedProperty(c.adapter, c.keyword, value, c.type), disruption: creates[0].fix.disruption, phase: creates[0].fix.phase };
    steps.push({ fix, findings, order: [order[0], order[1] + 0.5] });
  } else if (sets.length > 0) {
    steps.push({ fix: sets[0].fix, findings, order: [order[0], order[1] + 0.5] });
  }
  return steps;
}

/** Settings of one switch: the earlier finding's command (default-queue-bottleneck is the only rule that sets them). */
function resolveSwitch(entries: readonly Entry[]): PlanStep[] {
  return [{ fix: entries[0].fix, findings: findingsOf(entries), order: firstOrder(entries) }];
}

/** Every command of the same text once. */
function dedupe(entries: readonly Entry[]): PlanStep[] {
  return [{ fix: entries[0].fix, findings: findingsOf(entries), order: firstOrder(entries) }];
}

/**
 * The resolved plan of one host from its findings (in result order): one command per value, in
 * safe order, without the VMQ set tuning of NICs whose VMQ goes off.
 */
export function buildHostPlan(findings: readonly Finding[]): HostPlan {
  const slots = new Map<string, Entry[]>();
  findings.forEach((finding, fi) =>
    (finding.fix ?? []).forEach((fix, cj) => {
      const key = slotOf(fix);
      slots.set(key, [...(slots.get(key) ?? []), { finding, fi, cj, fix }]);
    }),
  );
  // VMQ on/off is settled first: the VMQ processor-set commands of a NIC whose VMQ the plan turns
  // off are left out (tuning a set and then disabling VMQ is an adapter restart for nothing, and
  // reads as a contradiction); an RSS or keyword change of that NIC stays.
  const off = new Map<string, Finding[]>();
  for (const [key, entries] of slots) {
    if (!key.startsWith('vmq\0')) continue;
    const o = offload(resolveOffload(entries)[0].fix.effect!);
    if (o && !o.enabled) off.set(o.adapter, findingsOf(entries.filter((e) => offload(e.fix.effect!)?.enabled === false)));
  }
  const dropped = new Map<string, DroppedTuning>();
  const kept: PlanStep[] = [];
  for (const [key, all] of slots) {
    const kind = key.split('\0')[0];
    const entries = all.filter((e) => {
      const nic = e.fix.vmq?.change === 'processors' ? e.fix.vmq.adapter : undefined;
      if (nic === undefined || !off.has(nic)) return true;
      const d = dropped.get(nic) ?? { adapter: nic, tuning: [], off: off.get(nic) ?? [] };
      if (!d.tuning.includes(e.finding)) d.tuning.push(e.finding);
      dropped.set(nic, d);
      return false;
    });
    if (entries.length === 0) continue;
    const resolve =
      kind === 'proc' ? resolveProcessors : kind === 'vmq' || kind === 'rss' ? resolveOffload : kind === 'weight' ? resolveWeight : kind === 'kw' ? resolveKeyword : kind === 'switch' ? resolveSwitch : dedupe;
    for (const item of resolve(entries)) kept.push(item);
  }
  // Phase first (the safe order); within a phase, findings in result order and each finding's
  // commands in the order the rule gave them (remove a switch before re-creating it).
  kept.sort((a, b) => a.fix.phase - b.fix.phase || a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return { steps: kept, dropped: [...dropped.values()].sort((a, b) => ordinal(a.adapter, b.adapter)) };
}

/** The plan's commands, in order: what src/engine/apply-plan.ts applies. */
export function planCommands(plan: HostPlan): FixCommand[] {
  return plan.steps.map((s) => s.fix);
}
