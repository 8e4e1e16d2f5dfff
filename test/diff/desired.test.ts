import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesired, selectAdapters, validateDesired, type DesiredDocument } from '../../src/diff/desired.js';
import { ignoreFilter } from '../../src/diff/noise.js';
import { InputError } from '../../src/model/errors.js';
import { adapter, adv, clone, host, sampleHost, team, vswitch } from './hosts.js';

const root = join(import.meta.dirname, '..', '..');

describe('desired-state schema', () => {
  it('rejects an unknown key with its path and line', () => {
    const doc = { expect: [{ advanced: { '*VMQ': 1 }, vmq: { enable: true } }] };
    const locate = (pointer: string): { line: number; col: number } | undefined => (pointer === '/expect/0/vmq/enable' ? { line: 4, col: 7 } : undefined);
    expect(() => validateDesired(doc, 'desired.json', locate)).toThrowError(InputError);
    expect(() => validateDesired(doc, 'desired.json', locate)).toThrowError('desired.json:4:7: expect[0].vmq.enable: unknown key');
  });

  it('rejects an expectation that expects nothing', () => {
    expect(() => validateDesired({ expect: [{ hosts: 'HV*' }] }, 'd.json')).toThrowError(/expect\[0\]: expected an expectation with at least one of/);
  });

  it('accepts the documented example', () => {
    const doc = JSON.parse(readFileSync(join(root, 'fixtures', 'diff', 'desired', 'desired.json'), 'utf8'));
    expect(validateDesired(doc, 'desired.json').expect.length).toBeGreaterThan(0);
  });
});

describe('adapter selectors', () => {
  const h = sampleHost();
  const other = adapter('Mgmt', { interfaceGuid: '{22222222-0000-0000-0000-000000000001}', interfaceDescription: 'Onboard 1GbE' });
  h.adapters.push(other, adapter('Team NIC', { kind: 'team-nic', interfaceGuid: '{33333333-0000-0000-0000-000000000001}' }));
  const names = (sel: Parameters<typeof selectAdapters>[1]): string[] => selectAdapters(h, sel).map((a) => a.name);

  it('selects physical adapters by default', () => {
    expect(names(undefined)).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2', 'Mgmt']);
  });
  it('selects vSwitch uplinks through the team', () => {
    expect(names({ role: 'vswitch-uplink' })).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2']);
  });
  it('selects by name, description, switch and team globs', () => {
    expect(names({ name: 'slot*1' })).toEqual(['SLOT 2 Port 1']);
    expect(names({ description: '*1GbE' })).toEqual(['Mgmt']);
    expect(names({ switch: 'vSwitch' })).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2']);
    expect(names({ team: ['NOPE', 'TEAM?'] })).toEqual(['SLOT 2 Port 1', 'SLOT 2 Port 2']);
    expect(names({ role: 'team-nic' })).toEqual(['Team NIC']);
  });
});

describe('checkDesired', () => {
  it('reports nothing when the host matches', () => {
    const doc: DesiredDocument = {
      expect: [
        { adapters: { role: 'vswitch-uplink' }, advanced: { '*JumboPacket': 9014, '*VMQ': '1' }, vmq: { enabled: true } },
        { team: { teamingMode: 'switchindependent' } },
        { vnic: { vmqWeight: 100 } },
        { vmsmp: { tenGigVmqEnabled: 1 } },
      ],
    };
    const r = checkDesired([sampleHost()], doc);
    expect(r.mode).toBe('drift');
    expect(r.changes).toEqual([]);
    expect(r.hosts[0].status).toBe('unchanged');
  });

  it('reports each mismatch with the actual value, the desired one and the PowerShell', () => {
    const h = sampleHost();
    h.adapters[1].advanced['*jumbopacket'].value = '1514';
    h.vnics[1].vmqWeight = 0;
    const doc: DesiredDocument = {
      expect: [
        { description: 'jumbo frames on uplinks', severity: 'error', adapters: { role: 'vswitch-uplink' }, advanced: { '*JumboPacket': 9014 } },
        { vnics: { vm: 'VM*' }, vnic: { vmqWeight: 100 } },
        { team: { loadBalancingAlgorithm: 'HyperVPort' } },
      ],
    };
    const r = checkDesired([h], doc);
    expect(r.changes).toEqual([
      {
        host: 'HV01',
        target: { kind: 'adapter', name: 'SLOT 2 Port 2', id: '{11111111-0000-0000-0000-000000000002}' },
        property: '*JumboPacket',
        kind: 'desired-mismatch',
        before: { value: '1514', type: 'REG_SZ' },
        after: { value: '9014' },
        severity: 'error',
        introduces: [],
        resolves: [],
        expectation: 'jumbo frames on uplinks',
        fix: [
          {
            command: "Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 2' -RegistryKeyword '*JumboPacket' -RegistryValue '9014'",
            disruption: 'adapter restart: link drops for a few seconds',
            phase: 30,
          },
        ],
        locations: [{ file: 'test.json', line: 1 }],
      },
      expect.objectContaining({
        target: expect.objectContaining({ kind: 'team', name: 'TEAM1' }),
        property: 'loadBalancingAlgorithm',
        before: { value: 'Dynamic' },
        after: { value: 'HyperVPort' },
        severity: 'warning',
        expectation: 'expect[2]',
        fix: [expect.objectContaining({ command: "Set-NetLbfoTeam -Name 'TEAM1' -LoadBalancingAlgorithm HyperVPort", phase: 40 })],
      }),
      expect.objectContaining({
        target: expect.objectContaining({ kind: 'vnic', name: 'VM2/Network Adapter' }),
        property: 'vmqWeight',
        before: { value: 0 },
        after: { value: 100 },
        fix: [expect.objectContaining({ command: "Set-VMNetworkAdapter -VMName 'VM2' -Name 'Network Adapter' -VmqWeight 100", phase: 60 })],
      }),
    ]);
    expect(r.summary.bySeverity).toEqual({ error: 1, warning: 2, info: 0 });
  });

  it('recreates a value of the wrong type and creates a missing one', () => {
    const h = sampleHost();
    h.adapters[0].advanced['*vmq'] = adv('*VMQ', '1', { type: 'REG_DWORD' });
    const r = checkDesired([h], { expect: [{ adapters: { name: 'SLOT 2 Port 1' }, advanced: { '*VMQ': { value: '1', type: 'REG_SZ' }, '*RssOnHostVPorts': 1 } }] });
    expect(r.changes.map((c) => [c.property, c.before, c.fix?.map((f) => f.command)])).toEqual([
      [
        '*RssOnHostVPorts',
        null,
        ["New-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*RssOnHostVPorts' -RegistryValue '1' -RegistryDataType REG_SZ"],
      ],
      [
        '*VMQ',
        { value: '1', type: 'REG_DWORD' },
        [
          "Remove-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -AllProperties",
          "New-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -RegistryValue '1' -RegistryDataType REG_SZ",
        ],
      ],
    ]);
  });

  it('lets a later expectation win for the same object and property', () => {
    const h = sampleHost();
    const r = checkDesired([h], {
      expect: [
        { advanced: { '*JumboPacket': 1514 } },
        { adapters: { name: 'SLOT 2 Port 1' }, advanced: { '*JumboPacket': 9014 } },
      ],
    });
    expect(r.changes.map((c) => c.target.name)).toEqual(['SLOT 2 Port 2']);
  });

  it('applies host globs', () => {
    const doc: DesiredDocument = { expect: [{ hosts: ['HV02'], vnic: { vmqWeight: 50 } }] };
    const r = checkDesired([sampleHost('HV01'), sampleHost('HV02')], doc);
    expect(new Set(r.changes.map((c) => c.host))).toEqual(new Set(['HV02']));
    expect(r.hosts.map((h) => [h.host, h.status])).toEqual([
      ['HV01', 'unchanged'],
      ['HV02', 'changed'],
    ]);
  });

  it('builds VMQ, RSS, switch and VMSMP fixes', () => {
    const p = adapter('NIC1', { rss: { enabled: true, profile: 'NUMAScalingStatic', at: {} }, vmq: { enabled: true, baseProcessorNumber: 0, at: {} } });
    const s = vswitch('SET', [p], { embeddedTeaming: true, iovEnabled: false, allowManagementOS: true, defaultQueueVmmqEnabled: false });
    const h = host('HV09', { adapters: [p], switches: [s], vmsmp: { at: {} } });
    const r = checkDesired([h], {
      expect: [
        {
          vmq: { enabled: false, baseProcessorNumber: 2 },
          rss: { profile: 'ClosestProcessor' },
          switch: { iovEnabled: true, defaultQueueVmmqEnabled: true },
          vmsmp: { belowTenGigVmqEnabled: 1 },
        },
      ],
    });
    expect(r.changes.map((c) => `${c.property}: ${c.fix!.map((f) => f.command).join(' ; ')}`)).toEqual([
      "vmsmp.belowTenGigVmqEnabled: Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters' -Name 'BelowTenGigVmqEnabled' -Value 1 -Type DWord",
      "rss.profile: Set-NetAdapterRss -Name 'NIC1' -Profile 'ClosestProcessor'",
      "vmq.baseProcessorNumber: Set-NetAdapterVmq -Name 'NIC1' -BaseProcessorNumber 2",
      "vmq.enabled: Disable-NetAdapterVmq -Name 'NIC1'",
      "defaultQueueVmmqEnabled: Set-VMSwitch -Name 'SET' -DefaultQueueVmmqEnabled $true",
      "iovEnabled: Remove-VMSwitch -Name 'SET' -Force ; New-VMSwitch -Name 'SET' -NetAdapterName 'NIC1' -EnableIov $true -EnableEmbeddedTeaming $true -AllowManagementOS $true",
    ]);
    expect(r.changes[0].before).toBeNull();
  });

  it('notes a section that was not exported instead of reporting a mismatch', () => {
    const h = sampleHost();
    for (const a of h.adapters) delete a.vmq;
    const r = checkDesired([h], { expect: [{ vmq: { enabled: true } }] });
    expect(r.changes).toEqual([]);
    expect(r.notCompared).toEqual([{ host: 'HV01', section: 'Get-NetAdapterVmq', missingIn: 'before' }]);
  });

  it('lists the expectations whose selectors matched nothing, so a typo does not read as "no drift"', () => {
    const r = checkDesired([sampleHost('HV01')], {
      expect: [
        { description: 'typo in the adapter glob', adapters: { name: 'SLTO*' }, advanced: { '*VMQ': 1 } },
        { hosts: 'HV9*', vnic: { vmqWeight: 100 } },
        { teams: { kind: 'set' }, team: { loadBalancingAlgorithm: 'HyperVPort' } },
        { adapters: { name: 'SLOT*' }, advanced: { '*VMQ': 1 } },
        { vmsmp: { tenGigVmqEnabled: 1 } },
      ],
    });
    expect(r.changes).toEqual([]);
    expect(r.unmatched).toEqual(['typo in the adapter glob', 'expect[1]', 'expect[2]']);
    expect(checkDesired([sampleHost()], { expect: [{ vnic: { vmqWeight: 100 } }] }).unmatched).toEqual([]);
  });

  it('notes an adapter the export left out instead of proposing to create its keywords', () => {
    const h = sampleHost();
    h.adapters.push(adapter('Mgmt', { interfaceGuid: '{22222222-0000-0000-0000-000000000001}' }));
    const r = checkDesired([h], { expect: [{ advanced: { '*JumboPacket': 9014 }, vmq: { enabled: true } }] });
    expect(r.changes).toEqual([]);
    expect(r.notCompared).toEqual([
      { host: 'HV01', section: 'Get-NetAdapterVmq of adapter "Mgmt"', missingIn: 'before' },
      { host: 'HV01', section: 'advanced properties of adapter "Mgmt"', missingIn: 'before' },
    ]);
    // An adapter with other keywords but not this one still gets the keyword created.
    const withOthers = checkDesired([h], { expect: [{ adapters: { name: 'SLOT*' }, advanced: { '*RssOnHostVPorts': 1 } }] });
    expect(withOthers.changes.map((c) => c.fix![0].command.split(' ')[0])).toEqual(['New-NetAdapterAdvancedProperty', 'New-NetAdapterAdvancedProperty']);
  });

  it('drops ignored properties and counts them', () => {
    const h = clone(sampleHost());
    h.vnics[0].vmqWeight = 1;
    const r = checkDesired([h], { expect: [{ vnic: { vmqWeight: 100 } }] }, { ignore: ignoreFilter({ extra: ['vnic:vmq*'] }) });
    expect(r.changes).toEqual([]);
    expect(r.summary.ignored).toBe(1);
  });

  it('uses SET cmdlets for a SET team', () => {
    const p = adapter('A');
    const t = team('SETswitch', [p], { kind: 'set', loadBalancingAlgorithm: 'Dynamic' });
    const h = host('HV10', { adapters: [p], teams: [t] });
    const r = checkDesired([h], { expect: [{ teams: { kind: 'set' }, team: { loadBalancingAlgorithm: 'HyperVPort' } }] });
    expect(r.changes[0].fix![0].command).toBe("Set-VMSwitchTeam -Name 'SETswitch' -LoadBalancingAlgorithm HyperVPort");
  });
});
