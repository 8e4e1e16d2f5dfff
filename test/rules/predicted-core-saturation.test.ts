import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/predicted-core-saturation.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost, HostBuilder } from '../sim/hosts.js';
import { findings, notApplicable, run } from '../helpers/host-builder.js';

// WS2016 places statically; MaxProcessors 1 stacks every queue on LP 2.
const narrow = () => new HostBuilder({ release: '2016', lps: 16 }).nic('SLOT 2 Port 1', { base: 2, max: 15, maxProcessors: 1 }).vswitch('vSwitch', { nics: ['SLOT 2 Port 1'] }).vms('App', 3).build();
const profile = { durationSeconds: 20, vnics: ['App01', 'App02', 'App03'].map((vm) => ({ vm, gbps: 2 })) };

describe('predicted-core-saturation', () => {
  it('is not applicable without a traffic profile', () => {
    expect(notApplicable(run(rule, narrow()))).toBe('needs --traffic');
  });

  it('fires on an LP above 90% and names its queues, the vNICs it limits, and the wider set', () => {
    const h = narrow();
    const [f, ...rest] = findings(run(rule, h, { simulation: () => simulateHost(h, profile) }));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.message).toMatch(/^LP 2 \(0:2\) is predicted 100% busy in steady state \(network 95%\), serving SLOT 2 Port 1 queue 1, SLOT 2 Port 1 queue 2, SLOT 2 Port 1 queue 3; limits App01\/Network Adapter, App02\/Network Adapter, App03\/Network Adapter$/);
    expect(f.evidence).toMatchObject({ lp: 2, threshold: 0.9 });
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'SLOT 2 Port 1' -MaxProcessors 3"]);
    expect(f.fix?.[0].phase).toBe(20);
    expect(f.locations[0].file).toBe('fixture-host.json');
  });

  it('stays quiet when the set is wide enough, and honours the threshold', () => {
    const wide = new HostBuilder({ release: '2016', lps: 16 }).nic('SLOT 2 Port 1', { base: 2, max: 15, maxProcessors: 4 }).vswitch('vSwitch', { nics: ['SLOT 2 Port 1'] }).vms('App', 3).build();
    const sim = simulateHost(wide, profile);
    expect(findings(run(rule, wide, { simulation: () => sim }))).toEqual([]);
    const busiest = Math.max(...sim.lps.map((l) => l.meanUtilization));
    const above = sim.lps.filter((l) => l.meanUtilization > busiest - 0.01).map((l) => l.lp);
    expect(above.length).toBeGreaterThan(0);
    const reported = findings(run(rule, wide, { simulation: () => sim, options: { threshold: busiest - 0.01 } }));
    expect(reported.map((f) => (f.evidence as { lp: number }).lp)).toEqual(above);
  });

  it('advises VMMQ or vRSS when a single queue fills its core alone', () => {
    const h = defaultHost('2012R2', 1).build();
    const [f] = findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(1, 10)) }));
    expect(f.remediation).toMatch(/^One queue \(VM01\/Network Adapter\) fills LP 1 alone: a VMQ is served by one core/);
    expect(f.fix).toEqual([]);
  });

  it('says why vRSS does not spread a lone queue (2012 R2: off by default)', () => {
    const h = defaultHost('2012R2', 1).build();
    const [f] = findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(1, 10)) }));
    expect(f.remediation).toMatch(/\(vRSS does not spread it: off by default before Windows Server 2016 \(VrssEnabled not exported\)\)\.$/);
  });

  it('does not propose a VMQ change for a vNIC vRSS already spreads over as many LPs as it has vCPUs', () => {
    // 2016: vRSS on by default; 4 flows over 2 LPs leave one LP with most of them.
    const h = defaultHost('2016', 1).build();
    const sim = simulateHost(h, constantProfile(1, 10));
    expect(sim.vms[0].vrss?.active).toBe(true);
    const [f, ...rest] = findings(run(rule, h, { simulation: () => sim }));
    expect(rest).toHaveLength(0);
    expect(f.remediation).toMatch(/^vRSS already spreads VM01\/Network Adapter over LPs \d+,\d+ \(2 vCPUs, assumed: Get-VM ProcessorCount not exported\); a VMQ change does not add cores to it\./);
    expect(f.remediation).not.toMatch(/MaxProcessors|widen/);
    expect(f.fix).toEqual([]);
  });

  it('proposes a wider set when the set, not the vCPUs, bounds the vRSS spread', () => {
    const h = defaultHost('2016', 1, { gbps: 40, maxProcessors: 2 }).build();
    const sim = simulateHost(h, constantProfile(1, 20, { vcpus: 8, flows: 64 }));
    expect(sim.vms[0].vrss?.lps).toHaveLength(2);
    const [f] = findings(run(rule, h, { simulation: () => sim }));
    expect(f.remediation).toMatch(/The NIC's VMQ processor set is narrower than VM01\/Network Adapter could use: widen it/);
    // As many LPs as the VM has vCPUs, which vRSS could use.
    expect(f.fix?.map((c) => c.command)).toEqual(["Set-NetAdapterVmq -Name 'NIC1' -MaxProcessors 8"]);
  });

  it('does not propose a wider VMQ set for an LP the default queue alone fills', () => {
    const h = defaultHost('2016', 3, { vmq: false }).build();
    const [f] = findings(run(rule, h, { simulation: () => simulateHost(h, constantProfile(3, 2)) }));
    expect(f.remediation).toMatch(/^The default queue serves VM01\/Network Adapter, VM02\/Network Adapter, VM03\/Network Adapter on LP 1/);
    expect(f.fix).toEqual([]);
  });

  it('reports an LP saturated by background alone against the host', () => {
    const h = defaultHost('2016', 1).build();
    const [f] = findings(run(rule, h, { simulation: () => simulateHost(h, { vnics: [], background: { perLp: { '7': 0.95 } } }) }));
    expect(f.target).toMatchObject({ kind: 'host', name: 'HV01' });
    expect(f.message).toBe('LP 7 (0:7) is predicted 95% busy in steady state (network 0%)');
  });
});
