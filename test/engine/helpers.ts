/** Small hosts and rules for engine, report and CLI tests (the real rules live in rules/). */
import type { Adapter, Host, Release } from '../../src/model/host.js';
import { adapterTarget, hostTarget, quotePs } from '../../src/engine/targets.js';
import type { Rule, RuleMeta } from '../../src/engine/types.js';

export function makeAdapter(name: string, id: string, vmq?: boolean, file = `fleet/${name}.json`): Adapter {
  return {
    id,
    name,
    interfaceGuid: id,
    driver: {},
    kind: 'physical',
    advanced: {},
    queues: [],
    vmq: vmq === undefined ? undefined : { enabled: vmq, at: { enabled: { file, line: 7, pointer: '/0/Enabled' } } },
    at: { name: { file, line: 3 } },
  };
}

export function makeHost(name: string, release: Release = '2019', adapters: Adapter[] = []): Host {
  return {
    name,
    os: { release, family: 'WindowsServer', build: release === '2019' ? 17763 : undefined },
    processors: { numaNodes: [], groups: [] },
    adapters,
    teams: [],
    switches: [],
    vnics: [],
    vms: [],
    vmsmp: { at: {} },
    sources: [{ file: `fleet/${name}/system.json`, format: 'json', encoding: 'utf-8', kinds: [], objects: 1, propertiesMapped: 1, propertiesUnknown: 0 }],
    unknown: [],
    lossy: [],
    conflicts: [],
    at: {},
  };
}

const docs: RuleMeta['docs'] = {
  what: 'Checks a thing.',
  why: 'Because it matters.',
  severity: 'Error: Windows does not run what was configured.',
  example: { description: 'VMQ off', files: { 'vmq.json': '[{"Name":"NIC1","Enabled":false}]' } },
  fixed: { description: 'VMQ on', files: { 'vmq.json': '[{"Name":"NIC1","Enabled":true}]' } },
  fix: "Enable-NetAdapterVmq -Name 'NIC1'",
  references: ['VM queues and their allocation [W4]'],
};

/** Reports every adapter whose VMQ is off; not applicable when no VMQ data was exported. */
export const vmqOffRule: Rule<{ ignoreNames?: string[] }> = {
  meta: {
    id: 'TEST-VMQ-OFF',
    title: 'VMQ is enabled on physical adapters',
    category: 'queues',
    defaultSeverity: 'error',
    aliases: ['OLD-VMQ'],
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ignoreNames: { type: 'array', items: { type: 'string' } } },
    },
    defaultOptions: { ignoreNames: [] },
    docs,
  },
  check({ host, options }) {
    const withVmq = host.adapters.filter((a) => a.vmq?.enabled !== undefined);
    if (withVmq.length === 0) return { notApplicable: 'no Get-NetAdapterVmq data was exported' };
    return withVmq
      .filter((a) => a.vmq?.enabled === false && !(options.ignoreNames ?? []).includes(a.name))
      .map((a) => ({
        target: adapterTarget(a),
        property: 'vmq.enabled',
        message: `VMQ is disabled on ${a.name}`,
        evidence: { enabled: false },
        remediation: `Enable-NetAdapterVmq -Name ${quotePs(a.name)}`,
        fix: [{ command: `Enable-NetAdapterVmq -Name ${quotePs(a.name)}`, disruption: 'adapter restart: link drops for a few seconds', phase: 30 }],
        locations: [a.vmq!.at.enabled],
      }));
  },
};

/** Always reports one info finding on the host; applies to 2016+ only, off on 2016. */
export const hostInfoRule: Rule = {
  meta: {
    id: 'TEST-HOST-INFO',
    title: 'Host note',
    category: 'coverage',
    defaultSeverity: 'info',
    releases: ['2016', '2019', '2022', '2025'],
    severityByRelease: { '2016': 'off', '2022': 'warning' },
    docs,
  },
  check({ host }) {
    return [
      {
        target: hostTarget(host),
        message: `note about ${host.name}`,
        evidence: { release: host.os.release },
        remediation: 'none',
        locations: [{ file: host.sources[0].file, line: 0 }],
      },
    ];
  },
};

/** Needs a traffic simulation; reports what the simulator returned. */
export const simRule: Rule = {
  meta: { id: 'TEST-SIM', title: 'Simulated', category: 'simulation', defaultSeverity: 'warning', needs: ['traffic'], docs },
  check({ host, simulation }) {
    const value = simulation?.();
    return [{ target: hostTarget(host), message: `simulated ${String(value)}`, evidence: { value }, remediation: 'none', locations: [{ file: 'x.json', line: 2 }] }];
  },
};

export const testRules: Rule[] = [vmqOffRule as unknown as Rule, hostInfoRule, simRule];
