/**
 * The current-state checks of the fix script: for each planned command, what to read on the host
 * first, when the change is already made (so a second run changes nothing), which adapters must be
 * the ones linted, and whether the change is disruptive (opt-in with -AllowDisruptive). Built from
 * the command's typed effect (src/engine/types.ts), never from its text alone.
 */
import { quotePs } from '../engine/targets.js';
import type { FixCommand, FixEffect, ProcessorValues } from '../engine/types.js';

/** A condition that skips the change, and what the script says when it does. */
export interface SkipWhen {
  condition: string;
  /** Single-quoted PowerShell text for the message. */
  say: string;
  /** 'done': already in the wanted state (counts as unchanged); 'missing': cannot be done here (a warning). */
  why: 'done' | 'missing';
}

/** How the script runs one planned command. */
export interface StepCheck {
  /** Adapters (by name) that must be the ones linted before the change. */
  adapters: string[];
  /** Lines that read the current state into `$current`. */
  read: string[];
  /** Tried in order; the first that holds skips the change. */
  skips: SkipWhen[];
  /** Switch re-creation and team removal: run only with -AllowDisruptive. */
  disruptive: boolean;
  /** ShouldProcess target and action (PowerShell literals). */
  target: string;
  action: string;
  /** The command to run when nothing skips it (may differ from the plan's text: New-VMSwitch is rebuilt from the merged effect). */
  command: string;
}

type Effect<K extends FixEffect['kind']> = Extract<FixEffect, { kind: K }>;

const VMSMP_PATH = "'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters'";
const VMSMP_NAME = { tenGigVmqEnabled: 'TenGigVmqEnabled', belowTenGigVmqEnabled: 'BelowTenGigVmqEnabled' } as const;
/** Get-NetAdapterVmq / Get-NetAdapterRss property per processor value. */
const PROCESSOR_PROPERTY: Record<keyof ProcessorValues, string> = {
  baseGroup: 'BaseProcessorGroup',
  baseNumber: 'BaseProcessorNumber',
  maxGroup: 'MaxProcessorGroup',
  maxNumber: 'MaxProcessorNumber',
  maxProcessors: 'MaxProcessors',
};
/** The `*Rss*` keyword per processor value (as src/engine/fix-plan.ts writes them). */
const PROCESSOR_KEYWORD: Record<keyof ProcessorValues, string> = {
  baseGroup: '*RssBaseProcGroup',
  baseNumber: '*RssBaseProcNumber',
  maxGroup: '*RssMaxProcGroup',
  maxNumber: '*RssMaxProcNumber',
  maxProcessors: '*MaxRssProcessors',
};
/** RegistryDataType numbers Get-NetAdapterAdvancedProperty reports (winnt.h REG_* values). */
const REG_TYPE_NUMBER: Record<string, number> = { REG_SZ: 1, REG_EXPAND_SZ: 2, REG_BINARY: 3, REG_DWORD: 4, REG_MULTI_SZ: 7, REG_QWORD: 11 };

/** A quoted PowerShell argument of a command (`'...'` with '' escapes, or `"..."` with backtick escapes). */
function argOf(command: string, parameter: string): string | undefined {
  const m = new RegExp(`${parameter} ('(?:[^']|'')*'|"(?:[^"\`]|\`.)*")`).exec(command);
  return m?.[1];
}

/** The vNIC selector of a Set-/Connect-VMNetworkAdapter command (`-ManagementOS -Name 'x'` or `-VMName 'v' -Name 'n'`). */
function vnicSelector(command: string): string | undefined {
  return /^(?:Set|Connect)-VMNetworkAdapter (.+?) -(?:VmqWeight|SwitchName) /.exec(command)?.[1];
}

function say(text: string): string {
  return quotePs(text.replace(/[\r\n]+/g, ' '));
}

/** The condition that the advanced keyword read into `$current` holds this value (and registry type). */
function keywordIs(value: string, type?: string): string {
  const typeNumber = type !== undefined ? REG_TYPE_NUMBER[type] : undefined;
  return `$current -and (@($current.RegistryValue) -join ',') -eq ${quotePs(value)}${typeNumber !== undefined ? ` -and [int]$current.RegistryDataType -eq ${typeNumber}` : ''}`;
}

function readKeyword(adapter: string, keyword: string): string {
  return `$current = Get-NetAdapterAdvancedProperty -Name ${quotePs(adapter)} -RegistryKeyword ${quotePs(keyword)} -AllProperties -ErrorAction SilentlyContinue`;
}

/** The wanted state of a re-created switch, as a condition on the switch read into `$current`. */
export function switchIsWanted(e: Effect<'switch-create'>): string {
  const parts = [`$current.EmbeddedTeamingEnabled -eq $${e.embeddedTeaming}`];
  // IOV is checked only when wanted on: a switch that has it already keeps it fine.
  if (e.iovEnabled === true) parts.push('$current.IovEnabled -eq $true');
  if (e.allowManagementOS !== undefined) parts.push(`$current.AllowManagementOS -eq $${e.allowManagementOS}`);
  return parts.join(' -and ');
}

/** New-VMSwitch with every property the merged effect asks for (-EnableIov can only be set here). */
export function newVmSwitchCommand(e: Effect<'switch-create'>): string {
  return [
    `New-VMSwitch -Name ${quotePs(e.name)} -NetAdapterName ${e.uplinks.map(quotePs).join(',')}`,
    e.embeddedTeaming ? ' -EnableEmbeddedTeaming $true' : '',
    e.allowManagementOS !== undefined ? ` -AllowManagementOS $${e.allowManagementOS}` : '',
    e.iovEnabled === true ? ' -EnableIov $true' : '',
  ].join('');
}

/**
 * Merges what several findings ask of one re-created switch: IOV and embedded teaming when any asks
 * for them (neither can be turned on after creation), the uplinks and management-OS setting of the
 * first that names them.
 */
export function mergeSwitchCreates(effects: readonly Effect<'switch-create'>[]): Effect<'switch-create'> {
  const first = effects[0];
  const iov = effects.some((e) => e.iovEnabled === true) ? true : effects.find((e) => e.iovEnabled !== undefined)?.iovEnabled;
  const mgmt = effects.find((e) => e.allowManagementOS !== undefined)?.allowManagementOS;
  const uplinks = effects.reduce((best, e) => (e.uplinks.length > best.length ? e.uplinks : best), first.uplinks);
  return {
    ...first,
    uplinks,
    embeddedTeaming: effects.some((e) => e.embeddedTeaming) || uplinks.length > 1,
    ...(iov !== undefined ? { iovEnabled: iov } : {}),
    ...(mgmt !== undefined ? { allowManagementOS: mgmt } : {}),
  };
}

/**
 * The check of one command. `plan` is the host's whole plan: a keyword removal looks for the
 * re-creation after it, a switch removal for the switch's wanted state.
 */
export function checkOf(fix: FixCommand, plan: readonly FixCommand[], creates: ReadonlyMap<string, Effect<'switch-create'>>): StepCheck {
  const e = fix.effect;
  const base = { adapters: [] as string[], read: [] as string[], skips: [] as SkipWhen[], disruptive: false, command: fix.command };
  if (!e) return { ...base, target: say('this host'), action: say(fix.command) };
  switch (e.kind) {
    case 'advanced': {
      const at = `${e.adapter}: ${e.keyword}`;
      if (e.value !== null) {
        return { ...base, adapters: [e.adapter], read: [readKeyword(e.adapter, e.keyword)], skips: [{ condition: keywordIs(e.value, e.type), say: say(`${at} is already ${e.value}${e.type ? ` (${e.type})` : ''}`), why: 'done' }], target: say(`adapter '${e.adapter}'`), action: say(`Set ${e.keyword} to ${e.value}`) };
      }
      // A removal ahead of a re-creation (a retype) is skipped when the keyword already has the wanted value and type.
      const again = plan.map((c) => c.effect).find((x): x is Effect<'advanced'> => x?.kind === 'advanced' && x.adapter === e.adapter && x.keyword.toLowerCase() === e.keyword.toLowerCase() && x.value !== null);
      const skips: SkipWhen[] = [{ condition: '-not $current', say: say(`${at} is already absent`), why: 'done' }];
      if (again) skips.push({ condition: keywordIs(again.value!, again.type), say: say(`${at} already has value ${again.value}${again.type ? ` as ${again.type}` : ''}`), why: 'done' });
      return { ...base, adapters: [e.adapter], read: [readKeyword(e.adapter, e.keyword)], skips, target: say(`adapter '${e.adapter}'`), action: say(`Remove ${e.keyword}`) };
    }
    case 'offload': {
      const get = e.feature === 'vmq' ? 'Get-NetAdapterVmq' : 'Get-NetAdapterRss';
      const name = e.feature.toUpperCase();
      return {
        ...base,
        adapters: [e.adapter],
        read: [`$current = ${get} -Name ${quotePs(e.adapter)} -ErrorAction SilentlyContinue`],
        skips: [{ condition: `$current -and $current.Enabled -eq $${e.enabled}`, say: say(`${e.adapter}: ${name} is already ${e.enabled ? 'on' : 'off'}`), why: 'done' }],
        target: say(`adapter '${e.adapter}'`),
        action: say(`Turn ${name} ${e.enabled ? 'on' : 'off'}`),
      };
    }
    case 'processors': {
      const fields = (Object.keys(PROCESSOR_PROPERTY) as (keyof ProcessorValues)[]).filter((f) => e.values[f] !== undefined);
      const wanted = fields.map((f) => `${PROCESSOR_PROPERTY[f]} ${e.values[f]}`).join(', ');
      if (e.via === 'keywords' && fields.length === 1) {
        const kw = PROCESSOR_KEYWORD[fields[0]];
        return { ...base, adapters: [e.adapter], read: [readKeyword(e.adapter, kw)], skips: [{ condition: keywordIs(String(e.values[fields[0]])), say: say(`${e.adapter}: ${kw} is already ${e.values[fields[0]]}`), why: 'done' }], target: say(`adapter '${e.adapter}'`), action: say(`Set ${kw} to ${e.values[fields[0]]}`) };
      }
      const get = e.via === 'rss' ? 'Get-NetAdapterRss' : 'Get-NetAdapterVmq';
      const condition = ['$current', ...fields.map((f) => `$current.${PROCESSOR_PROPERTY[f]} -eq ${e.values[f]}`)].join(' -and ');
      return {
        ...base,
        adapters: [e.adapter],
        read: [`$current = ${get} -Name ${quotePs(e.adapter)} -ErrorAction SilentlyContinue`],
        skips: [{ condition, say: say(`${e.adapter}: ${e.via === 'rss' ? 'RSS' : 'VMQ'} processor set is already ${wanted}`), why: 'done' }],
        target: say(`adapter '${e.adapter}'`),
        action: say(`Set the ${e.via === 'rss' ? 'RSS' : 'VMQ'} processor set to ${wanted}`),
      };
    }
    case 'vmq-weight': {
      const who = vnicSelector(fix.command) ?? `-Name ${quotePs(e.vnic)}`;
      return {
        ...base,
        read: [`$current = Get-VMNetworkAdapter ${who} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: '-not $current', say: say(`no vNIC ${who} on this host`), why: 'missing' },
          { condition: `$current.VmqWeight -eq ${e.value}`, say: say(`vNIC ${who}: VmqWeight is already ${e.value}`), why: 'done' },
        ],
        target: say(`vNIC ${who}`),
        action: say(`Set VmqWeight to ${e.value}`),
      };
    }
    case 'vmsmp': {
      const name = VMSMP_NAME[e.name];
      return {
        ...base,
        read: [`$current = Get-ItemProperty -Path ${VMSMP_PATH} -Name '${name}' -ErrorAction SilentlyContinue`],
        skips: [{ condition: `$current -and $current.${name} -eq ${e.value}`, say: say(`VMSMP ${name} is already ${e.value}`), why: 'done' }],
        target: say('VMSMP parameters'),
        action: say(`Set ${name} to ${e.value}`),
      };
    }
    case 'switch-settings': {
      const name = argOf(fix.command, '-Name') ?? quotePs(e.switch);
      const parts: string[] = [];
      if (e.defaultQueueVmmqEnabled !== undefined) parts.push(`$current.DefaultQueueVmmqEnabled -eq $${e.defaultQueueVmmqEnabled}`);
      if (e.defaultQueueVmmqQueuePairs !== undefined) parts.push(`$current.DefaultQueueVmmqQueuePairs -eq ${e.defaultQueueVmmqQueuePairs}`);
      return {
        ...base,
        read: [`$current = Get-VMSwitch -Name ${name} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: '-not $current', say: say(`no vSwitch ${name} on this host`), why: 'missing' },
          { condition: parts.join(' -and ') || '$false', say: say(`vSwitch ${name}: default-queue VMMQ is already as wanted`), why: 'done' },
        ],
        target: say(`vSwitch ${name}`),
        action: say('Set default-queue VMMQ'),
      };
    }
    case 'switch-remove': {
      const name = argOf(fix.command, '-Name') ?? quotePs(e.switch);
      const wanted = creates.get(e.switch);
      const skips: SkipWhen[] = [{ condition: '-not $current', say: say(`vSwitch ${name} is not there (already removed)`), why: 'done' }];
      if (wanted) skips.push({ condition: switchIsWanted(wanted), say: say(`vSwitch ${name} is already as wanted (${describeSwitch(wanted)}); not re-created`), why: 'done' });
      // Guarded by the uplinks New-VMSwitch will use: the switch is not removed unless it can be re-created.
      return { ...base, adapters: [...(wanted?.uplinks ?? [])], read: [`$current = Get-VMSwitch -Name ${name} -ErrorAction SilentlyContinue`], skips, disruptive: true, target: say(`vSwitch ${name}`), action: say('Remove (to re-create it)') };
    }
    case 'switch-create': {
      const merged = creates.get(e.switch) ?? e;
      const name = quotePs(merged.name);
      return {
        ...base,
        adapters: [...merged.uplinks],
        read: [`$current = Get-VMSwitch -Name ${name} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: `$current -and ${switchIsWanted(merged)}`, say: say(`vSwitch ${name} is already as wanted (${describeSwitch(merged)})`), why: 'done' },
          { condition: '$current', say: say(`vSwitch ${name} exists but not as wanted (${describeSwitch(merged)}): its removal above did not run`), why: 'missing' },
        ],
        disruptive: true,
        target: say(`vSwitch ${name}`),
        action: say(`Create on ${merged.uplinks.join(', ')} (${describeSwitch(merged)})`),
        command: newVmSwitchCommand(merged),
      };
    }
    case 'vnic-connect': {
      const who = vnicSelector(fix.command) ?? `-Name ${quotePs(e.vnic)}`;
      const sw = argOf(fix.command, '-SwitchName') ?? quotePs(e.switch);
      return {
        ...base,
        read: [`$current = Get-VMNetworkAdapter ${who} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: '-not $current', say: say(`no vNIC ${who} on this host`), why: 'missing' },
          { condition: `$current.SwitchName -eq ${sw}`, say: say(`vNIC ${who} is already connected to ${sw}`), why: 'done' },
          { condition: `-not (Get-VMSwitch -Name ${sw} -ErrorAction SilentlyContinue)`, say: say(`vSwitch ${sw} is not there to connect ${who} to`), why: 'missing' },
        ],
        target: say(`vNIC ${who}`),
        action: say(`Connect to ${sw}`),
      };
    }
    case 'team-remove': {
      const name = argOf(fix.command, '-Name') ?? quotePs(e.team);
      // Guarded by the uplinks of the switches re-created after it (the team's members): no team goes
      // unless its members can carry the new switch.
      return {
        ...base,
        adapters: [...new Set([...creates.values()].flatMap((c) => c.uplinks))],
        read: [`$current = Get-NetLbfoTeam -Name ${name} -ErrorAction SilentlyContinue`],
        skips: [{ condition: '-not $current', say: say(`LBFO team ${name} is not there (already removed)`), why: 'done' }],
        disruptive: true,
        target: say(`LBFO team ${name}`),
        action: say('Remove'),
      };
    }
    case 'team-member-remove': {
      const team = argOf(fix.command, '-VMSwitchName') ?? quotePs(e.team);
      return {
        ...base,
        adapters: [e.adapter],
        read: [`$current = Get-VMSwitchTeam -Name ${team} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: '-not $current', say: say(`no SET team ${team} on this host`), why: 'missing' },
          { condition: `(Get-NetAdapter -Name ${quotePs(e.adapter)}).InterfaceDescription -notin @($current.NetAdapterInterfaceDescription)`, say: say(`${e.adapter} is already out of SET team ${team}`), why: 'done' },
        ],
        target: say(`SET team ${team}`),
        action: say(`Remove member ${e.adapter}`),
      };
    }
    case 'team-algorithm': {
      const team = argOf(fix.command, '-Name') ?? quotePs(e.team);
      return {
        ...base,
        read: [`$current = Get-VMSwitchTeam -Name ${team} -ErrorAction SilentlyContinue`],
        skips: [
          { condition: '-not $current', say: say(`no SET team ${team} on this host`), why: 'missing' },
          { condition: `"$($current.LoadBalancingAlgorithm)" -eq ${quotePs(e.algorithm)}`, say: say(`SET team ${team}: load balancing is already ${e.algorithm}`), why: 'done' },
        ],
        target: say(`SET team ${team}`),
        action: say(`Set load balancing to ${e.algorithm}`),
      };
    }
  }
}

function describeSwitch(e: Effect<'switch-create'>): string {
  return [`embedded teaming ${e.embeddedTeaming ? 'on' : 'off'}`, ...(e.iovEnabled === true ? ['IOV on'] : []), ...(e.allowManagementOS !== undefined ? [`management OS ${e.allowManagementOS ? 'on' : 'off'}`] : [])].join(', ');
}
