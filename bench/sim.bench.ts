/**
 * Simulator speed (issue 5 target: one simulated hour at 100 ms ticks, 64 LPs, 200 vNICs, in 1 s
 * or less on one core). The host: 32 cores with HT over two NUMA nodes, a two-NIC 25 GbE team,
 * 200 VMs whose traffic rises and falls at different times, so queues saturate and move.
 * Measured for each placement engine: static (2016), Dynamic VMQ (2012 R2), d.VMMQ (2019 SET).
 */
import { emptyHost } from '../src/model/empty-host.js';
import type { Adapter, Host, Loc, Release, Team, VNic } from '../src/model/host.js';
import { queueModeOf } from '../src/model/queues.js';
import type { TrafficProfile } from '../src/sim/profile.js';
import { simulateHost } from '../src/sim/run.js';

const LPS = 64;
const VMS = 200;
const HOUR = 3600;
const RUNS = 3;
const at: Loc = { file: 'bench-host.json', line: 1 };

function nic(name: string, base: number, vmmq: boolean): Adapter {
  const rssOnVPorts = { keyword: '*RssOnHostVPorts', value: '1', observed: [], at };
  return {
    id: `{${name.toLowerCase()}}`,
    name,
    driver: {},
    linkSpeedBps: 25e9,
    kind: 'physical',
    advanced: vmmq ? { '*rssonhostvports': rssOnVPorts } : {},
    vmq: { enabled: true, baseProcessorGroup: 0, baseProcessorNumber: base, maxProcessorNumber: base + 29, numberOfReceiveQueues: 63, dynamicProcessorAffinityChangeSupported: true, at: {} },
    queues: [],
    at: {},
  };
}

/** The bench host: SET on 2019+ (d.VMMQ), LBFO Switch-Independent/Dynamic before. */
function benchHost(release: Release, vmmq: boolean): Host {
  const adapters = [nic('NIC1', 2, vmmq), nic('NIC2', 34, vmmq)];
  const kind = vmmq ? 'set' : 'lbfo';
  const team: Team = {
    id: 'team1',
    name: 'Team1',
    kind,
    teamingMode: 'SwitchIndependent',
    loadBalancingAlgorithm: 'Dynamic',
    members: adapters.map((a) => ({ adapterId: a.id, name: a.name })),
    teamNics: [],
    switchId: 'sw1',
    queueMode: queueModeOf(kind, 'SwitchIndependent', 'Dynamic'),
    at: {},
  };
  for (const a of adapters) {
    a.teamId = team.id;
    a.switchId = 'sw1';
  }
  const vnics: VNic[] = Array.from({ length: VMS }, (_, i) => ({
    id: `vm${i}/network adapter`,
    name: 'Network Adapter',
    vmName: `VM${String(i + 1).padStart(3, '0')}`,
    isManagementOs: false,
    switchId: 'sw1',
    switchName: 'vSwitch',
    vmqWeight: 100,
    vmmqEnabled: vmmq,
    at: {},
  }));
  return {
    ...emptyHost('BENCH01'),
    os: { release, family: 'WindowsServer' },
    processors: {
      logical: LPS,
      cores: LPS / 2,
      hyperThreading: true,
      numaNodes: [0, 1].map((id) => ({ id, lps: Array.from({ length: LPS / 2 }, (_, i) => id * (LPS / 2) + i) })),
      groups: [{ group: 0, size: LPS }],
    },
    adapters,
    teams: [team],
    switches: [{ id: 'sw1', name: 'vSwitch', switchType: 'External', uplinks: adapters.map((a) => a.id), uplinkDescriptions: [], teamId: team.id, embeddedTeaming: vmmq, at: {} }],
    vnics,
  };
}

/** Each VM peaks once an hour at its own time and size (deterministic). */
function benchProfile(durationSeconds: number): TrafficProfile {
  return {
    durationSeconds,
    tickMs: 100,
    vnics: Array.from({ length: VMS }, (_, i) => {
      const peakAt = 1 + ((i * 37) % 2900);
      const peak = 0.05 + (((i * 13) % 20) / 20) * 0.6;
      return {
        vm: `VM${String(i + 1).padStart(3, '0')}`,
        flows: 4,
        vcpus: 4,
        samples: [
          { t: 0, gbps: 0.02 },
          { t: peakAt, gbps: peak },
          { t: peakAt + 600, gbps: 0.02 },
          { t: HOUR, gbps: peak / 2 },
        ],
      };
    }),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function run(): string[] {
  const lines = [`one simulated hour, 100 ms ticks (${HOUR * 10} ticks), ${LPS} LPs, ${VMS} vNICs; target <= 1000 ms on one core; median of ${RUNS}`];
  const cases: [string, Release, boolean][] = [
    ['Dynamic VMQ (2012 R2, LBFO)', '2012R2', false],
    ['static VMQ (2016, LBFO)', '2016', false],
    ['d.VMMQ (2019, SET)', '2019', true],
  ];
  for (const [label, release, vmmq] of cases) {
    const host = benchHost(release, vmmq);
    simulateHost(host, benchProfile(120)); // warm up the JIT
    const times: number[] = [];
    const cpu: number[] = [];
    let events = 0;
    let delivered = 0;
    for (let i = 0; i < RUNS; i++) {
      // CPU time as well as wall time: on a shared runner the wall clock also counts waiting.
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = simulateHost(host, benchProfile(HOUR));
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      events = r.events.length + r.summary.eventsDropped;
      delivered = r.summary.deliveredGbps;
    }
    const ms = median(times);
    lines.push(`${label.padEnd(30)} ${ms.toFixed(0).padStart(5)} ms wall, ${median(cpu).toFixed(0).padStart(5)} ms CPU  (${((HOUR * 10) / (ms / 1000) / 1e3).toFixed(0)} k ticks/s; ${events} events; ${delivered.toFixed(1)} Gbps delivered)  ${ms <= 1000 ? 'OK' : 'OVER TARGET'}`);
  }
  return lines;
}
