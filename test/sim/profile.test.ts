import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/model/ajv.js';
import { InputError, UsageError } from '../../src/model/errors.js';
import { defaultParams } from '../../src/sim/params.js';
import { parseProfile, quickWhatIf, resolveProfile, TRAFFIC_SCHEMA, unmatchedEntries } from '../../src/sim/profile.js';
import { simulateHost } from '../../src/sim/run.js';
import { buildTopology } from '../../src/sim/topology.js';
import { defaultHost, HostBuilder } from './hosts.js';

const root = join(import.meta.dirname, '..', '..');

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('the published traffic schema', () => {
  it('schemas/traffic.schema.json equals TRAFFIC_SCHEMA', () => {
    expect(readFileSync(join(root, 'schemas', 'traffic.schema.json'), 'utf8')).toBe(`${JSON.stringify(TRAFFIC_SCHEMA, null, 2)}\n`);
  });

  it('compiles in strict mode and accepts the example from the issue', () => {
    const validate = createAjv({ strict: true }).compile(TRAFFIC_SCHEMA);
    const example = {
      durationSeconds: 60,
      tickMs: 100,
      vnics: [{ vm: 'SQL01', adapter: 'Network Adapter', startOrder: 1, gbps: 3.0, avgPacketBytes: 1500, flows: 8 }, { vm: 'WEB01', samples: [{ t: 0, gbps: 0.2 }, { t: 30, gbps: 1.5 }] }],
      background: { default: 0.05, perLp: { '0': 0.3 } },
    };
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('parseProfile', () => {
  it('reports JSON syntax errors at file:line:col', () => {
    const e = inputError(() => parseProfile('{\n  "vnics": [\n    { "vm": "A", }\n  ]\n}', 't.json'));
    expect(e.file).toBe('t.json');
    expect(e.line).toBe(3);
  });

  it('reports schema errors at the offending key with its line', () => {
    const text = '{\n  "vnics": [\n    { "vm": "A", "gbps": 1 },\n    { "vm": "B", "gbsp": 2 }\n  ]\n}\n';
    const e = inputError(() => parseProfile(text, 't.json'));
    expect(e.message).toMatch(/^t\.json:4:/);
    expect(e.message).toMatch(/vnics\[1\]/);
  });

  it('rejects an entry with both a constant rate and samples', () => {
    const e = inputError(() => parseProfile('{"vnics":[{"vm":"A","gbps":1,"samples":[{"t":0,"gbps":1}]}]}', 't.json'));
    expect(e.message).toMatch(/either 'gbps' or 'samples'/);
  });

  it('rejects samples out of time order, at the sample', () => {
    const text = '{"vnics":[{"vm":"A","samples":[\n{"t":5,"gbps":1},\n{"t":5,"gbps":2}]}]}';
    const e = inputError(() => parseProfile(text, 't.json'));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/greater than the previous sample/);
  });

  it('rejects a run longer than the tick limit and stopAt before startAt', () => {
    expect(() => parseProfile('{"durationSeconds":604800,"tickMs":1,"vnics":[]}', 't.json')).toThrow(/ticks/);
    expect(() => parseProfile('{"vnics":[{"vm":"A","gbps":1,"startAt":5,"stopAt":5}]}', 't.json')).toThrow(/stopAt after startAt/);
  });

  it('accepts a UTF-8 BOM', () => {
    expect(parseProfile('\uFEFF{"vnics":[]}', 't.json').profile.vnics).toEqual([]);
  });
});

describe('resolveProfile', () => {
  const host = new HostBuilder({ release: '2012R2', lps: 16 })
    .nic('NIC1')
    .vswitch('vSwitch', { nics: ['NIC1'] })
    .vm('SQL01', { name: 'Data' })
    .vm('SQL01', { name: 'Backup' })
    .vm('WEB01')
    .hostVnic('Management')
    .build();
  const topo = buildTopology(host, defaultParams());

  it('matches VM and adapter case-insensitively, and a host vNIC by ManagementOS or the host name', () => {
    const r = resolveProfile(host, topo, { vnics: [{ vm: 'sql01', adapter: 'backup', gbps: 1 }, { vm: 'WEB01', gbps: 1 }, { vm: 'ManagementOS', gbps: 1 }] });
    expect(r.map((x) => `${topo.endpoints[x.endpoint].vm}/${topo.endpoints[x.endpoint].vnic}`)).toEqual(['SQL01/Backup', 'WEB01/Network Adapter', 'HV01/Management']);
    expect(resolveProfile(host, topo, { vnics: [{ vm: 'hv01', gbps: 1 }] })).toHaveLength(1);
  });

  it('an unknown VM is an error at the entry, naming the VMs there are', () => {
    const { profile, source } = parseProfile('{"vnics":[\n{"vm":"NOPE","gbps":1}]}', 'p.json');
    const e = inputError(() => resolveProfile(host, topo, profile, source));
    expect(e.message).toBe("p.json:2:7: unknown VM 'NOPE'; the snapshot has: HV01, SQL01, WEB01");
  });

  it('a mistyped VM name gets a suggestion', () => {
    const { profile, source } = parseProfile('{"vnics":[\n{"vm":"SQL1","gbps":1}]}', 'p.json');
    const e = inputError(() => resolveProfile(host, topo, profile, source));
    expect(e.message).toBe("p.json:2:7: unknown VM 'SQL1'; did you mean 'SQL01'?; the snapshot has: HV01, SQL01, WEB01");
  });

  it('a VM with several adapters needs one named; an unknown adapter is an error', () => {
    expect(() => resolveProfile(host, topo, { vnics: [{ vm: 'SQL01', gbps: 1 }] })).toThrow(UsageError);
    expect(() => resolveProfile(host, topo, { vnics: [{ vm: 'SQL01', gbps: 1 }] })).toThrow(/has 2 adapters \(Backup, Data\)/);
    expect(() => resolveProfile(host, topo, { vnics: [{ vm: 'SQL01', adapter: 'Nic9', gbps: 1 }] })).toThrow(/no adapter 'Nic9'/);
    expect(() => resolveProfile(host, topo, { vnics: [{ vm: 'SQL01', adapter: 'Bakup', gbps: 1 }] })).toThrow("VM 'SQL01' has no adapter 'Bakup'; did you mean 'Backup'?; it has: Backup, Data");
  });

  it('two entries for one vNIC is an error', () => {
    expect(() => resolveProfile(host, topo, { vnics: [{ vm: 'WEB01', gbps: 1 }, { vm: 'web01', gbps: 2 }] })).toThrow(/same vNIC as vnics\[0\]/);
  });

  it('unmatchedEntries and skip let a compare accept VMs that only one snapshot has', () => {
    const profile = { vnics: [{ vm: 'WEB01', gbps: 1 }, { vm: 'NEW01', gbps: 1 }] };
    expect([...unmatchedEntries(host, topo, profile)]).toEqual([1]);
    expect(resolveProfile(host, topo, profile, undefined, { skip: (i) => i === 1 })).toHaveLength(1);
  });
});

describe('piecewise-linear samples', () => {
  it('interpolates between samples and holds the ends', () => {
    const h = defaultHost('2016', 1).build();
    const r = simulateHost(h, { durationSeconds: 40, tickMs: 1000, vnics: [{ vm: 'VM01', samples: [{ t: 10, gbps: 1 }, { t: 30, gbps: 3 }] }] }, { timelineBuckets: 40 });
    const d = r.timeline.vmDelivered.map((row) => row[0]);
    expect(d[0]).toBeCloseTo(1, 6);
    expect(d[10]).toBeCloseTo(1, 6);
    expect(d[20]).toBeCloseTo(2, 6);
    expect(d[25]).toBeCloseTo(2.5, 6);
    expect(d[35]).toBeCloseTo(3, 6);
  });
});

describe('quickWhatIf', () => {
  it('takes the first N VMs in start order', () => {
    const w = quickWhatIf(defaultHost('2016', 3).build(), 2, 1.5, defaultParams());
    expect(w.added).toBe(0);
    expect(w.profile.vnics).toEqual([
      { vm: 'VM01', adapter: 'Network Adapter', gbps: 1.5 },
      { vm: 'VM02', adapter: 'Network Adapter', gbps: 1.5 },
    ]);
  });

  it('adds what-if VMs when the snapshot has fewer', () => {
    const host = defaultHost('2016', 1).build();
    const w = quickWhatIf(host, 3, 2, defaultParams());
    expect(w.added).toBe(2);
    expect(host.vnics).toHaveLength(1);
    expect(w.host.vnics.map((v) => v.vmName)).toEqual(['VM01', 'what-if-01', 'what-if-02']);
    expect(simulateHost(w.host, w.profile).vms.map((v) => v.offeredGbps)).toEqual([2, 2, 2]);
  });

  it('rejects nonsense counts and rates', () => {
    expect(() => quickWhatIf(defaultHost('2016', 1).build(), 0, 1, defaultParams())).toThrow(UsageError);
    expect(() => quickWhatIf(defaultHost('2016', 1).build(), 1, -1, defaultParams())).toThrow(UsageError);
  });
});
