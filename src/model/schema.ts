/**
 * JSON Schema (draft-07, like every published schema) of the host model document that `vmqlint show --format json`
 * writes and every command reads back. Published as schemas/model.schema.json.
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const strOrNull: Schema = { type: ['string', 'null'] };
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const arr = (items: Schema): Schema => ({ type: 'array', items });

/** An object schema: `required` names, other properties optional, nothing else allowed. */
function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

const regType: Schema = { type: 'string', pattern: '^REG_[A-Z0-9_x]+$' };

export const MODEL_SCHEMA_ID = 'https://vmqlint.dev/schemas/model.schema.json';

export const modelSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MODEL_SCHEMA_ID,
  title: 'vmqlint host model document',
  ...obj({
    schemaVersion: { const: 1 },
    tool: obj({ name: str, version: str }),
    hosts: arr(ref('host')),
  }),
  $defs: {
    loc: obj({ file: str, line: { type: 'integer', minimum: 0 } }, { col: int, pointer: str }),
    locMap: { type: 'object', additionalProperties: ref('loc') },
    // A value exported for a field but not valid for it: the field is unknown, not absent.
    invalidValue: obj({ value: str, reason: str, at: ref('loc') }),
    invalidMap: { type: 'object', additionalProperties: ref('invalidValue') },
    release: { enum: ['2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025', 'unknown'] },
    os: obj(
      { release: ref('release'), family: { enum: ['WindowsServer', 'AzureStackHCI', 'AzureLocal', 'WindowsClient', 'unknown'] } },
      { caption: str, version: str, build: int },
    ),
    processors: obj(
      {
        numaNodes: arr(obj({ id: int, lps: arr(int) })),
        groups: arr(obj({ group: int, size: int })),
      },
      { logical: int, cores: int, sockets: int, hyperThreading: bool, layoutSource: str },
    ),
    observation: obj(
      { source: { enum: ['registry', 'cmdlet'] }, value: strOrNull, at: ref('loc') },
      { values: arr(str), type: regType, lost: bool },
    ),
    keywordMeta: obj(
      {},
      {
        displayName: str,
        paramType: { enum: ['enum', 'int', 'long', 'word', 'dword', 'edit'] },
        defaultValue: str,
        defaultDisplayValue: str,
        validValues: arr(str),
        validDisplayValues: arr(str),
        min: num,
        max: num,
        step: num,
        base: num,
        optional: bool,
        at: ref('loc'),
      },
    ),
    advanced: obj(
      { keyword: str, value: strOrNull, observed: arr(ref('observation')), at: ref('loc') },
      { type: regType, displayName: str, displayValue: str, fromDefault: bool, meta: ref('keywordMeta') },
    ),
    rssProcessor: obj({ group: int, number: int }, { numaDistance: int }),
    vmq: obj(
      { at: ref('locMap') },
      {
        invalid: ref('invalidMap'),
        enabled: bool,
        baseProcessorGroup: int,
        baseProcessorNumber: int,
        maxProcessorNumber: int,
        maxProcessors: int,
        numaNode: int,
        numberOfReceiveQueues: int,
        dynamicProcessorAffinityChangeSupported: bool,
        interruptVectorCoalescingSupported: bool,
        vlanFilteringSupported: bool,
      },
    ),
    rss: obj(
      { at: ref('locMap') },
      {
        invalid: ref('invalidMap'),
        enabled: bool,
        baseProcessorGroup: int,
        baseProcessorNumber: int,
        maxProcessorGroup: int,
        maxProcessorNumber: int,
        maxProcessors: int,
        numaNode: int,
        profile: str,
        numberOfReceiveQueues: int,
        processorArray: arr(ref('rssProcessor')),
        indirectionTable: arr(ref('rssProcessor')),
      },
    ),
    sriov: obj({ at: ref('locMap') }, { invalid: ref('invalidMap'), supported: bool, enabled: bool, numVFs: int }),
    queue: obj(
      { queueId: int, at: ref('loc') },
      {
        processorGroup: int,
        processorAffinityMask: { type: 'string', pattern: '^[0-9]+$' },
        processors: arr(int),
        vmName: str,
        vmId: str,
        macAddress: str,
        vlanId: int,
        state: str,
      },
    ),
    adapter: obj(
      {
        id: str,
        name: str,
        driver: obj({}, { provider: str, version: str, date: str, description: str }),
        kind: { enum: ['physical', 'team-nic', 'host-vnic', 'other'] },
        advanced: { type: 'object', additionalProperties: ref('advanced') },
        queues: arr(ref('queue')),
        at: ref('locMap'),
      },
      {
        interfaceDescription: str,
        interfaceGuid: str,
        permanentAddress: str,
        macAddress: str,
        pci: obj({ bus: int, device: int, function: int }, { segment: int }),
        numaNode: int,
        linkSpeedBps: num,
        status: str,
        switchId: str,
        teamId: str,
        vmq: ref('vmq'),
        rss: ref('rss'),
        sriov: ref('sriov'),
        registryKey: str,
      },
    ),
    team: obj(
      {
        id: str,
        name: str,
        kind: { enum: ['lbfo', 'set'] },
        members: arr(obj({ adapterId: str, name: str }, { administrativeMode: { enum: ['Active', 'Standby'] }, operationalStatus: str })),
        teamNics: arr(str),
        queueMode: { enum: ['sum', 'min'] },
        at: ref('locMap'),
      },
      { teamingMode: str, loadBalancingAlgorithm: str, switchId: str, status: str },
    ),
    switch: obj(
      { id: str, name: str, uplinks: arr(str), uplinkDescriptions: arr(str), at: ref('locMap') },
      {
        invalid: ref('invalidMap'),
        switchType: { enum: ['External', 'Internal', 'Private'] },
        embeddedTeaming: bool,
        iovEnabled: bool,
        allowManagementOS: bool,
        allowNetLbfoTeams: bool,
        availableVMQueues: int,
        numberVmqAllocated: int,
        defaultQueueVrssEnabled: bool,
        defaultQueueVmmqEnabled: bool,
        defaultQueueVmmqQueuePairs: int,
        bandwidthReservationMode: str,
        teamId: str,
      },
    ),
    vnic: obj(
      { id: str, name: str, isManagementOs: bool, at: ref('locMap') },
      {
        invalid: ref('invalidMap'),
        vmName: str,
        vmId: str,
        switchName: str,
        switchId: str,
        vmqWeight: int,
        iovWeight: int,
        vmmqEnabled: bool,
        vmmqQueuePairs: int,
        vrssEnabled: bool,
        macAddress: str,
        vlanId: int,
        status: str,
      },
    ),
    vm: obj({ id: str, name: str, at: ref('locMap') }, { invalid: ref('invalidMap'), state: str, processorCount: int, computerName: str }),
    source: obj(
      { file: str, format: str, encoding: str, kinds: arr(str), objects: int, propertiesMapped: int, propertiesUnknown: int },
      { psVersion: str },
    ),
    unknown: obj(
      { kind: { enum: ['file', 'object', 'property', 'keyword', 'value'] }, name: str, count: int, at: ref('loc') },
      { context: str },
    ),
    lossy: obj({ what: str, reason: str, at: ref('loc') }),
    conflict: obj({
      adapterId: str,
      keyword: str,
      registry: obj({ value: strOrNull }, { type: regType }),
      cmdlet: obj({ value: strOrNull }, { type: regType }),
      at: arr(ref('loc')),
    }),
    host: obj({
      name: str,
      os: ref('os'),
      processors: ref('processors'),
      adapters: arr(ref('adapter')),
      teams: arr(ref('team')),
      switches: arr(ref('switch')),
      vnics: arr(ref('vnic')),
      vmsmp: obj({ at: ref('locMap') }, { invalid: ref('invalidMap'), tenGigVmqEnabled: int, belowTenGigVmqEnabled: int }),
      sources: arr(ref('source')),
      unknown: arr(ref('unknown')),
      lossy: arr(ref('lossy')),
      conflicts: arr(ref('conflict')),
      at: ref('locMap'),
    },
    // Optional so model documents written before Get-VM was read still load (as no VMs known).
    { vms: arr(ref('vm')) }),
  },
};
