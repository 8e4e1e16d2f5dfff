import { describe, expect, it } from 'vitest';
import { rule } from '../../rules/registry-value-invalid.js';
import { findings, host, notApplicable, run } from '../helpers/host-builder.js';

describe('registry-value-invalid', () => {
  it('fires on a value outside ValidRegistryValues and proposes the driver default', () => {
    const h = host()
      .adapter('SLOT 2 Port 1', (a) =>
        a.adv('*JumboPacket', '9000', { meta: { displayName: 'Jumbo Packet', paramType: 'enum', validValues: ['1514', '4088', '9014'], defaultValue: '1514' } }),
      )
      .build();
    const [f, ...rest] = findings(run(rule, h));
    expect(rest).toHaveLength(0);
    expect(f.target).toMatchObject({ kind: 'adapter', name: 'SLOT 2 Port 1' });
    expect(f.message).toBe(
      "SLOT 2 Port 1: *JumboPacket = 9000 is not one of its values (1514, 4088, 9014) per the driver's metadata; the driver silently uses a default instead",
    );
    expect(f.evidence).toMatchObject({ problem: 'enum', source: 'driver', defaultValue: '1514' });
    expect(f.fix?.[0].command).toBe("Set-NetAdapterAdvancedProperty -Name 'SLOT 2 Port 1' -RegistryKeyword '*JumboPacket' -RegistryValue 1514");
    expect(f.locations.map((l) => l.pointer)).toEqual(['/SLOT 2 Port 1/*JumboPacket/RegistryValue', '/SLOT 2 Port 1/*JumboPacket/ValidRegistryValues']);
  });

  it('fires on numbers outside min/max and on text in a numeric keyword', () => {
    const h = host()
      .adapter('NIC1', (a) =>
        a
          .adv('*ReceiveBuffers', '8192', { meta: { paramType: 'int', min: 80, max: 4096, defaultValue: '512' } })
          .adv('*TransmitBuffers', 'lots', { meta: { paramType: 'int', min: 80, max: 4096 } }),
      )
      .build();
    const fs = findings(run(rule, h));
    expect(fs.map((f) => f.message)).toEqual([
      "NIC1: *ReceiveBuffers = 8192 is outside its range 80..4096 per the driver's metadata; the driver silently uses a default instead",
      "NIC1: *TransmitBuffers = lots is not a number (expected 80..4096) per the driver's metadata; the driver silently uses a default instead",
    ]);
    expect(fs[1].fix).toEqual([]);
  });

  it('falls back to the standardized keyword values without metadata', () => {
    const h = host().adapter('NIC1', (a) => a.adv('*VMQ', '2')).build();
    const [f] = findings(run(rule, h));
    expect(f.message).toBe("NIC1: *VMQ = 2 is not one of its values (0, 1) per the standardized keyword's documented values; the driver silently uses a default instead");
  });

  it("judges the NDIS processor keywords by their standard range, not the driver's UI enum (MaxProcessors 7 is legitimate)", () => {
    const enumMeta = { meta: { displayName: 'Maximum Number of RSS Processors', paramType: 'enum' as const, validValues: ['1', '2', '4', '8', '16'], defaultValue: '16' } };
    const quiet = host()
      .adapter('NIC1', (a) =>
        a
          .adv('*MaxRssProcessors', '7', enumMeta)
          .adv('*RssBaseProcNumber', '6', { meta: { paramType: 'enum', validValues: ['0', '2', '4'] } })
          .adv('*RssMaxProcNumber', '30', { meta: { paramType: 'int', min: 0, max: 15 } })
          .adv('*NumaNodeId', '1', { meta: { paramType: 'enum', validValues: ['65535'] } })
          .adv('*RssBaseProcGroup', '1', { meta: { paramType: 'enum', validValues: ['0'] } }),
      )
      .build();
    expect(findings(run(rule, quiet))).toEqual([]);
    const outside = host()
      .adapter('NIC1', (a) => a.adv('*MaxRssProcessors', '0', enumMeta).adv('*RssBaseProcNumber', '64').adv('*NumaNodeId', 'near'))
      .build();
    expect(findings(run(rule, outside)).map((f) => f.message)).toEqual([
      "NIC1: *MaxRssProcessors = 0 is outside its range >= 1 per the standardized keyword's documented values; the driver silently uses a default instead",
      "NIC1: *NumaNodeId = near is not a number (expected 0..65535) per the standardized keyword's documented values; the driver silently uses a default instead",
      "NIC1: *RssBaseProcNumber = 64 is outside its range 0..63 per the standardized keyword's documented values; the driver silently uses a default instead",
    ]);
  });

  it('stays quiet on valid values and on Ndi defaults', () => {
    const h = host()
      .adapter('NIC1', (a) =>
        a
          .adv('*VMQ', '1')
          .adv('*JumboPacket', '9014', { meta: { validValues: ['1514', '9014'] } })
          .adv('*RssBaseProcNumber', '70', { fromDefault: true }),
      )
      .build();
    expect(findings(run(rule, h))).toEqual([]);
  });

  it('is not applicable without known value sets', () => {
    expect(notApplicable(run(rule, host().adapter('NIC1', (a) => a.adv('VendorThing', '5')).build()))).toMatch(/^no advanced property with known allowed values/);
  });
});
