/**
 * Traffic profiles for `vmqlint simulate --traffic FILE` and `lint --traffic`: the published
 * JSON Schema (also written to schemas/traffic.schema.json), parsing with `file:line:col` errors,
 * and resolution of each entry to an endpoint of the host (a vNIC, or a host NIC without a vSwitch).
 */
import { didYouMean } from '../model/did-you-mean.js';
import { InputError, UsageError } from '../model/errors.js';
import type { Host, VNic } from '../model/host.js';
import { parseJsonDocument, resolvePointer, type JNode } from '../ingest/json-syntax.js';
import type { ValidateFunction } from '../model/ajv.js';
import { VALIDATORS } from '../engine/validators.generated.js';
import { throwSchemaErrors } from '../engine/schema-errors.js';
import type { Params } from './params.js';
import { buildTopology, type Endpoint, type Topology } from './topology.js';

/** One point of a piecewise-linear rate. */
export interface TrafficSample {
  /** Seconds from the start of the run. */
  t: number;
  gbps: number;
}

/** Traffic offered to one vNIC (receive direction, TCP payload rate). */
export interface TrafficVnic {
  vm: string;
  /** vNIC name; may be left out when the VM has one vNIC on an external switch. */
  adapter?: string;
  /** Lower starts first; queues are handed out first come first served. */
  startOrder?: number;
  /** Constant rate. */
  gbps?: number;
  /** Piecewise-linear rate, by time. */
  samples?: TrafficSample[];
  avgPacketBytes?: number;
  flows?: number;
  vcpus?: number;
  /** Seconds after the start when the VM starts (takes a queue) and stops (frees it). */
  startAt?: number;
  stopAt?: number;
}

/** A traffic profile, as the published schema describes it. */
export interface TrafficProfile {
  $schema?: string;
  durationSeconds?: number;
  tickMs?: number;
  vnics: TrafficVnic[];
  background?: { default?: number; perLp?: Record<string, number> };
}

/** Limits that keep a run bounded (one simulated week at 100 ms is 6 M ticks). */
export const MAX_TICKS = 6_048_000;

const DRAFT = 'http://json-schema.org/draft-07/schema#';

const rate = { type: 'number', minimum: 0, maximum: 100000 };

/** The published traffic-profile schema (draft-07). */
export const TRAFFIC_SCHEMA = {
  $schema: DRAFT,
  $id: 'https://vmqlint.dev/schemas/traffic.schema.json',
  title: 'vmqlint traffic profile',
  description:
    'Receive traffic offered to the vNICs of one host, for vmqlint simulate / lint --traffic / diff --traffic. Rates are TCP payload (goodput) in Gbps. VMs of the snapshot absent from the profile are idle.',
  type: 'object',
  required: ['vnics'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    durationSeconds: { description: 'Length of the run in seconds (default 60).', type: 'number', exclusiveMinimum: 0, maximum: 604800 },
    tickMs: { description: 'Simulation step in milliseconds (default 100).', type: 'number', minimum: 1, maximum: 60000 },
    vnics: {
      type: 'array',
      // 1,024 running VMs a host with 8 synthetic network adapters each (Hyper-V's documented maximums).
      maxItems: 8192,
      items: {
        type: 'object',
        description: "a vNIC entry with 'vm' and either 'gbps' or 'samples'",
        required: ['vm'],
        additionalProperties: false,
        properties: {
          vm: { description: "VM name; 'ManagementOS' or the host name for a host vNIC or a host NIC without a vSwitch.", type: 'string', minLength: 1 },
          adapter: { description: 'vNIC name (Get-VMNetworkAdapter Name); needed when the VM has several.', type: 'string', minLength: 1 },
          startOrder: { description: 'Start order; lower starts first and gets a queue first.', type: 'integer', minimum: 0 },
          gbps: { ...rate, description: 'Constant offered rate, Gbps of TCP payload.' },
          samples: {
            description: 'Piecewise-linear offered rate; held constant before the first and after the last sample.',
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['t', 'gbps'],
              additionalProperties: false,
              properties: { t: { type: 'number', minimum: 0 }, gbps: rate },
            },
          },
          avgPacketBytes: { description: 'Average IP packet size in bytes (default: parameter avgPacketBytes, 1500).', type: 'number', minimum: 64, maximum: 65535 },
          flows: { description: 'Concurrent flows; a flow is never split across queues.', type: 'integer', minimum: 1, maximum: 100000 },
          vcpus: { description: "The VM's vCPUs (bounds what vRSS and VMMQ can use in the guest).", type: 'integer', minimum: 1, maximum: 2048 },
          startAt: { description: 'Seconds after the start when the VM starts (default 0).', type: 'number', minimum: 0 },
          stopAt: { description: 'Seconds after the start when the VM stops and frees its queue.', type: 'number', minimum: 0 },
        },
        oneOf: [
          { required: ['gbps'], properties: { gbps: true } },
          { required: ['samples'], properties: { samples: true } },
        ],
      },
    },
    background: {
      description: 'Background (non-network) load per LP, 0..1.',
      type: 'object',
      additionalProperties: false,
      properties: {
        default: { type: 'number', minimum: 0, maximum: 1 },
        perLp: {
          type: 'object',
          propertyNames: { pattern: '^(0|[1-9][0-9]*)$' },
          additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
  },
} as const;

function validate(value: unknown): ValidateFunction {
  VALIDATORS.traffic(value);
  return VALIDATORS.traffic;
}

/** Where a profile was read: file name and its text, for `file:line:col` errors. */
export interface ProfileSource {
  file: string;
  root?: JNode;
}

/** Line and column of a JSON pointer's value (or its key), as far as it resolves in the profile. */
function locate(src: ProfileSource | undefined, pointer: string, wantKey = false): { line: number; col: number } {
  if (!src?.root) return { line: 1, col: 1 };
  const { node, keyAt } = resolvePointer(src.root, pointer);
  const at = wantKey && keyAt ? keyAt : node;
  return { line: at.line, col: at.col };
}

function fail(src: ProfileSource | undefined, pointer: string, detail: string, wantKey = false): never {
  if (!src) throw new UsageError(`traffic profile ${pointer || '(root)'}: ${detail}`);
  const at = locate(src, pointer, wantKey);
  throw new InputError(src.file, at.line, at.col, detail);
}

/** Parse and validate a profile's text; errors carry `file:line:col`. */
export function parseProfile(text: string, file: string): { profile: TrafficProfile; source: ProfileSource } {
  const doc = parseJsonDocument(text.replace(/^\uFEFF/, ''), file);
  const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  const source: ProfileSource = { file, root: doc.root };
  const v = validate(value);
  if (v.errors && v.errors.length > 0) {
    throwSchemaErrors(v.errors, file, (pointer, key) => locate(source, pointer, key));
  }
  const profile = value as TrafficProfile;
  checkProfile(profile, source);
  return { profile, source };
}

/** Checks the schema cannot express: ascending samples, stop after start, a bounded tick count. */
export function checkProfile(profile: TrafficProfile, src?: ProfileSource): void {
  if (!src) {
    const v = validate(profile);
    if (v.errors && v.errors.length > 0) throwSchemaErrors(v.errors, '(traffic profile)');
  }
  const { durationSeconds, tickMs } = profileTiming(profile);
  if ((durationSeconds * 1000) / tickMs > MAX_TICKS) {
    fail(src, '/durationSeconds', `expected at most ${MAX_TICKS} ticks (durationSeconds * 1000 / tickMs)`);
  }
  profile.vnics.forEach((v, i) => {
    const samples = v.samples ?? [];
    for (let k = 1; k < samples.length; k++) {
      if (samples[k].t <= samples[k - 1].t) fail(src, `/vnics/${i}/samples/${k}/t`, `expected t greater than the previous sample's ${samples[k - 1].t}`);
    }
    if (v.stopAt !== undefined && v.stopAt <= (v.startAt ?? 0)) fail(src, `/vnics/${i}/stopAt`, 'expected stopAt after startAt');
  });
}

/** Duration and tick with their defaults. */
export function profileTiming(profile: TrafficProfile): { durationSeconds: number; tickMs: number } {
  return { durationSeconds: profile.durationSeconds ?? 60, tickMs: profile.tickMs ?? 100 };
}

/** A profile entry matched to an endpoint of the topology. */
export interface ResolvedEntry {
  endpoint: number;
  entry: TrafficVnic;
}

const MANAGEMENT_OS = 'managementos';

function lower(s: string): string {
  return s.toLowerCase();
}

/** True when a profile's `vm` names this endpoint's VM (Windows names compare case-insensitively). */
function vmMatches(host: Host, e: Endpoint, vm: string): boolean {
  const want = lower(vm);
  if (lower(e.vm) === want) return true;
  return e.isManagementOs && (want === MANAGEMENT_OS || want === lower(host.name));
}

type Match = { endpoint: Endpoint } | { pointer: string; detail: string };

/** Find the endpoint a profile entry names, or say why none matches. */
function matchEntry(host: Host, topo: Topology, entry: TrafficVnic, i: number): Match {
  const ofVm = topo.endpoints.filter((e) => vmMatches(host, e, entry.vm));
  if (ofVm.length === 0) {
    const known = [...new Set(topo.endpoints.map((e) => e.vm))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const offSwitch = host.vnics.some((v) => lower(v.vmName ?? '') === lower(entry.vm));
    return {
      pointer: `/vnics/${i}/vm`,
      detail: offSwitch
        ? `VM '${entry.vm}' has no vNIC on a switch with a physical uplink, so no traffic reaches a NIC queue`
        : `unknown VM '${entry.vm}'${didYouMean(entry.vm, known)}; the snapshot has: ${known.length > 0 ? known.join(', ') : '(no VMs on external switches)'}`,
    };
  }
  let match = ofVm;
  if (entry.adapter !== undefined) {
    match = ofVm.filter((e) => lower(e.vnic) === lower(entry.adapter!));
    if (match.length === 0) return { pointer: `/vnics/${i}/adapter`, detail: `VM '${entry.vm}' has no adapter '${entry.adapter}'${didYouMean(entry.adapter, ofVm.map((e) => e.vnic))}; it has: ${ofVm.map((e) => e.vnic).join(', ')}` };
  }
  if (match.length > 1) return { pointer: `/vnics/${i}`, detail: `VM '${entry.vm}' has ${match.length} adapters (${match.map((e) => e.vnic).join(', ')}); give 'adapter'` };
  return { endpoint: match[0] };
}

/** Indexes of the profile entries that name nothing in this host (for comparing two snapshots). */
export function unmatchedEntries(host: Host, topo: Topology, profile: TrafficProfile): Set<number> {
  const out = new Set<number>();
  profile.vnics.forEach((entry, i) => {
    if (!('endpoint' in matchEntry(host, topo, entry, i))) out.add(i);
  });
  return out;
}

/**
 * Match every profile entry to one endpoint. An unknown VM or adapter, an ambiguous entry or two
 * entries for one vNIC is an error at the entry (`file:line:col` when the source is known);
 * `skip` lets a caller accept entries that name nothing here (a VM only the other snapshot has).
 */
export function resolveProfile(host: Host, topo: Topology, profile: TrafficProfile, src?: ProfileSource, opts: { skip?: (index: number) => boolean } = {}): ResolvedEntry[] {
  const out: ResolvedEntry[] = [];
  const taken = new Map<number, number>();
  profile.vnics.forEach((entry, i) => {
    const m = matchEntry(host, topo, entry, i);
    if (!('endpoint' in m)) {
      if (opts.skip?.(i)) return;
      fail(src, m.pointer, m.detail);
    }
    const e = m.endpoint;
    const before = taken.get(e.index);
    if (before !== undefined) fail(src, `/vnics/${i}`, `the same vNIC as vnics[${before}] (${e.vm}/${e.vnic})`);
    taken.set(e.index, i);
    out.push({ endpoint: e.index, entry });
  });
  return out;
}

/** The most VMs a quick what-if adds: Hyper-V's maximum of running VMs a host. */
export const MAX_WHAT_IF_VMS = 1024;

/**
 * The `--vms N --gbps X` what-if: the first N VM vNICs in start order at X Gbps each; when the
 * snapshot has fewer, VMs named `what-if-NN` are added to its first external switch.
 */
export function quickWhatIf(host: Host, vms: number, gbps: number, p: Params): { host: Host; profile: TrafficProfile; added: number } {
  // Hyper-V runs at most 1,024 VMs a host (https://learn.microsoft.com/windows-server/virtualization/hyper-v/maximum-scale-limits).
  if (!Number.isInteger(vms) || vms < 1 || vms > MAX_WHAT_IF_VMS) throw new UsageError(`--vms: expected a whole number of VMs from 1 to ${MAX_WHAT_IF_VMS} (Hyper-V's maximum of running VMs a host)`);
  if (!Number.isFinite(gbps) || gbps < 0 || gbps > 100000) throw new UsageError('--gbps: expected a rate in Gbps, 0 or more');
  const topo = buildTopology(host, p);
  const existing = topo.endpoints.filter((e) => !e.isManagementOs && e.kind === 'vnic').sort((a, b) => a.startRank - b.startRank);
  const chosen = existing.slice(0, vms).map((e) => ({ vm: e.vm, adapter: e.vnic, gbps }));
  const missing = vms - chosen.length;
  if (missing <= 0) return { host, profile: { vnics: chosen }, added: 0 };
  const sw = topo.uplinks.find((u) => u.kind === 'switch')?.sw;
  if (!sw) throw new UsageError(`--vms ${vms}: the snapshot has no external vSwitch to add VMs to`);
  const added: VNic[] = [];
  const width = Math.max(2, String(missing).length);
  for (let i = 1; i <= missing; i++) {
    const vmName = `what-if-${String(i).padStart(width, '0')}`;
    added.push({ id: `${vmName}/network adapter`, name: 'Network Adapter', vmName, isManagementOs: false, switchId: sw.id, switchName: sw.name, vmqWeight: 100, at: {} });
    chosen.push({ vm: vmName, adapter: 'Network Adapter', gbps });
  }
  return { host: { ...host, vnics: [...host.vnics, ...added] }, profile: { vnics: chosen }, added: missing };
}
