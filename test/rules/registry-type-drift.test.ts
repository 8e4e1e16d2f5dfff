import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/registry-type-drift.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

const vmqMeta = { displayName: 'Virtual Machine Queues', paramType: 'enum' as const, validValues: ['0', '1'] };

describe('registry-type-drift', () => {
  it('fires on a UI keyword reported with RegistryDataType REG_DWORD', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) => a.adv('*VMQ', '1', { type: 'REG_DWORD', meta: vmqMeta }))
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.property).toBe('*VMQ');
    expect(f.message).toBe('SLOT 2 Port 1: advanced keyword *VMQ (value 1) is stored as REG_DWORD in Get-NetAdapterAdvancedProperty, not REG_SZ');
    // A type cannot be changed in place: remove and re-create with the NetAdapter cmdlets, as drift does.
    expect(f.fix).toMatchObject([
      { command: "Remove-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -AllProperties", disruption: 'adapter restart: link drops for a few seconds', phase: 30 },
      { command: "New-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*VMQ' -RegistryValue '1' -RegistryDataType REG_SZ", disruption: 'adapter restart: link drops for a few seconds', phase: 30 },
    ]);
    expect(f.locations[0].pointer).toBe('/SLOT 2 Port 1/*VMQ/RegistryValue');
  });

  it('uses the same NetAdapter cmdlets when the type was read from a registry dump (no class-key write)', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*JumboPacket', '9014', { observed: [{ source: 'registry', value: '9014', type: 'REG_DWORD' }] }))
      .edit((x) => (x.adapters[0].registryKey = 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}\\0007'))
      .build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe('NIC1: advanced keyword *JumboPacket (value 9014) is stored as REG_DWORD in the registry dump, not REG_SZ');
    expect(f.fix?.map((c) => c.command)).toEqual([
      "Remove-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*JumboPacket' -AllProperties",
      "New-NetAdapterAdvancedProperty -Name 'NIC1' -RegistryKeyword '*JumboPacket' -RegistryValue '9014' -RegistryDataType REG_SZ",
    ]);
    expect(f.locations[0].file).toBe('nic-class.reg');
  });

  it('does not flag reserved values or REG_DWORD-by-design values', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*IfType', '6', { type: 'REG_DWORD' }).adv('*MediaType', '0', { type: 'REG_DWORD' }).adv('*NumVFs', '8', { type: 'REG_DWORD' }))
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('stays quiet on REG_SZ keywords and vendor values without Ndi entries', () => {
    const h = host()
      .adapter('NIC1', (a) => a.adv('*VMQ', '1', { type: 'REG_SZ', meta: vmqMeta }).adv('VendorTuning', '3', { type: 'REG_DWORD' }))
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without types', () => {
    const h = host().adapter('NIC1').build();
    expect(notApplicable(run(rule, h))).toBe('no registry value types exported (a registry dump, or Get-NetAdapterAdvancedProperty RegistryDataType)');
  });
});
