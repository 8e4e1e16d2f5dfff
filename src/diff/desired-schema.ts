/**
 * The desired-state file's JSON Schema (draft-07), kept as a TypeScript object so validation and
 * the published `schemas/desired.schema.json` cannot drift: `scripts/write-schemas.ts`
 * writes the file and a test asserts they are equal.
 */

const globs = {
  description: 'A glob (case-insensitive; * any run, ? one character) or a list of them; any may match.',
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
};

const uint = { type: 'integer', minimum: 0 };

const registryValue = {
  description: 'a registry value: a string, a number, or { "value", "type" }',
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: {
        value: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        type: { enum: ['REG_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_MULTI_SZ'] },
      },
    },
  ],
};

const adapterSelector = {
  description: 'Which adapters: every key given must match. Without a selector, every physical adapter.',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { $ref: '#/definitions/globs' },
    description: { $ref: '#/definitions/globs' },
    switch: { $ref: '#/definitions/globs', description: 'Name of the vSwitch the adapter carries (directly or through its team).' },
    team: { $ref: '#/definitions/globs', description: 'Name of the team the adapter is a member of.' },
    role: {
      description: 'vswitch-uplink: physical NICs carrying a vSwitch; team-member; physical; team-nic; host-vnic; any.',
      enum: ['vswitch-uplink', 'team-member', 'physical', 'team-nic', 'host-vnic', 'any'],
    },
  },
};

const expectation = {
  description: 'an expectation with at least one of advanced, vmq, rss, team, switch, vnic or vmsmp',
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string', description: 'Shown with every mismatch of this expectation.' },
    severity: { enum: ['error', 'warning', 'info'], description: 'Severity of its mismatches (default warning).' },
    hosts: { $ref: '#/definitions/globs', description: 'Host names it applies to (default every host).' },
    adapters: adapterSelector,
    advanced: {
      description: 'Advanced properties by registry keyword (e.g. "*JumboPacket": 9014).',
      type: 'object',
      minProperties: 1,
      additionalProperties: { $ref: '#/definitions/registryValue' },
    },
    vmq: {
      description: 'Get-NetAdapterVmq settings.',
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        baseProcessorGroup: uint,
        baseProcessorNumber: uint,
        maxProcessorNumber: uint,
        maxProcessors: { type: 'integer', minimum: 1 },
        numaNode: uint,
      },
    },
    rss: {
      description: 'Get-NetAdapterRss settings.',
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        baseProcessorGroup: uint,
        baseProcessorNumber: uint,
        maxProcessorGroup: uint,
        maxProcessorNumber: uint,
        maxProcessors: { type: 'integer', minimum: 1 },
        numaNode: uint,
        profile: { enum: ['ClosestProcessor', 'ClosestProcessorStatic', 'NUMAScaling', 'NUMAScalingStatic', 'ConservativeScaling'] },
        numberOfReceiveQueues: { type: 'integer', minimum: 1 },
      },
    },
    teams: {
      description: 'Which teams (default every team).',
      type: 'object',
      additionalProperties: false,
      properties: { name: { $ref: '#/definitions/globs' }, kind: { enum: ['lbfo', 'set'] } },
    },
    team: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        teamingMode: { enum: ['Static', 'SwitchIndependent', 'Lacp'] },
        loadBalancingAlgorithm: { enum: ['TransportPorts', 'IPAddresses', 'MacAddresses', 'HyperVPort', 'Dynamic'] },
      },
    },
    switches: {
      description: 'Which vSwitches (default every vSwitch).',
      type: 'object',
      additionalProperties: false,
      properties: { name: { $ref: '#/definitions/globs' } },
    },
    switch: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        embeddedTeaming: { type: 'boolean' },
        iovEnabled: { type: 'boolean' },
        allowManagementOS: { type: 'boolean' },
        defaultQueueVrssEnabled: { type: 'boolean' },
        defaultQueueVmmqEnabled: { type: 'boolean' },
        defaultQueueVmmqQueuePairs: { type: 'integer', minimum: 1 },
      },
    },
    vnics: {
      description: 'Which vNICs (default every vNIC).',
      type: 'object',
      additionalProperties: false,
      properties: {
        vm: { $ref: '#/definitions/globs' },
        name: { $ref: '#/definitions/globs' },
        switch: { $ref: '#/definitions/globs' },
        managementOs: { type: 'boolean' },
      },
    },
    vnic: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        vmqWeight: { type: 'integer', minimum: 0, maximum: 100 },
        iovWeight: { type: 'integer', minimum: 0, maximum: 100 },
        vmmqEnabled: { type: 'boolean' },
        vmmqQueuePairs: { type: 'integer', minimum: 1 },
        vrssEnabled: { type: 'boolean' },
      },
    },
    vmsmp: {
      description: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters values.',
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        tenGigVmqEnabled: { enum: [0, 1, 2], description: '0 system default, 1 enabled, 2 disabled.' },
        belowTenGigVmqEnabled: { enum: [0, 1, 2], description: '0 system default, 1 enabled, 2 disabled.' },
      },
    },
  },
  // Each branch names its key under `properties` too, which ajv's strict mode asks of `required`.
  anyOf: ['advanced', 'vmq', 'rss', 'team', 'switch', 'vnic', 'vmsmp'].map((key) => ({ required: [key], properties: { [key]: {} } })),
};

/** `vmqlint drift --desired FILE`, and the config's `desired` block. */
export const DESIRED_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'vmqlint desired state',
  description: 'Expected host networking settings; later expectations win for the same object and property.',
  type: 'object',
  additionalProperties: false,
  required: ['expect'],
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { const: 1 },
    expect: { type: 'array', items: { $ref: '#/definitions/expectation' } },
  },
  definitions: { globs, registryValue, expectation },
};
